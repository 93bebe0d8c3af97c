package files

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// The records domain checks and claims attachments inside its own writes, through its
// store: these functions need no Service.

// Attachable reports whether file id may be attached at p: a live file uploaded to that
// very field and not yet attached to a record.
func Attachable(ctx context.Context, st store.Store, id string, p Place) (bool, error) {
	f, err := getFile(ctx, st.Collection(filesColl), id)
	if fault.Is(err, fault.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return f.Place == p && f.Record == Unattached, nil
}

// ErrAttached: a file was attached to another record while this one was being written.
var ErrAttached = errors.New("files: file attached to another record")

// Claim marks files ids as attached to record. Files already attached to it are left as
// they are, so a retried write claims again harmlessly. Call it in the record's write
// transaction, after Attachable.
func Claim(ctx context.Context, st store.Store, record string, ids []string) error {
	c := st.Collection(filesColl)
	for _, id := range ids {
		doc, err := c.Get(ctx, id)
		if err != nil {
			return fmt.Errorf("files: claim %s: %w", id, err)
		}
		var m map[string]any
		if err := json.Unmarshal(doc.Data, &m); err != nil {
			return fmt.Errorf("files: claim %s: %w", id, err)
		}
		switch m["record"] {
		case record:
			continue
		case Unattached:
		default:
			return fmt.Errorf("files: claim %s: %w", id, ErrAttached)
		}
		m["record"] = record
		if doc.Data, err = json.Marshal(m); err != nil {
			return fmt.Errorf("files: claim %s: %w", id, err)
		}
		if _, err := c.Update(ctx, doc); err != nil {
			return fmt.Errorf("files: claim %s: %w", id, err)
		}
	}
	return nil
}
