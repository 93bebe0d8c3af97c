package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rs/xid"
)

// Meta paths address the fields every document has, in filters, sorts and indexes. Data
// keys may not start with an underscore, so these never clash with a document's own fields.
const (
	PathID      = "_id"
	PathVersion = "_version"
	PathCreated = "_created"
	PathUpdated = "_updated"
)

// Document is one stored JSON document. ID, Version, Created and Updated are owned by the
// store; Data is the caller's JSON object.
type Document struct {
	ID      string
	Version int64
	Created time.Time // millisecond precision on every engine
	Updated time.Time
	Data    json.RawMessage
}

// NewID returns a new document identifier: 20 characters, unique, and ordered by creation time.
func NewID() string { return xid.New().String() }

// NewDocument marshals v into a new document with a fresh ID (or the given one when id is
// not empty). The store fills version and timestamps on insert.
func NewDocument(id string, v any) (Document, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return Document{}, fmt.Errorf("store: encode document: %w", err)
	}
	if id == "" {
		id = NewID()
	}
	return Document{ID: id, Data: data}, nil
}

// Decode unmarshals a document's data into a value of type T.
func Decode[T any](d Document) (T, error) {
	var v T
	if err := json.Unmarshal(d.Data, &v); err != nil {
		return v, fmt.Errorf("store: decode document %s: %w", d.ID, err)
	}
	return v, nil
}

// Now is the store's notion of a timestamp: UTC, truncated to the millisecond so that both
// engines keep exactly what they were given.
func Now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
