package files

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/formloom/formloom/store"
)

// KindExpire is the scheduler's kind for removing a file that no record took.
const KindExpire = "files.expire"

// KeepUnattached is how long an uploaded file waits for a record to name it. A form filled
// over lunch keeps its files; a public link's visitor who uploads and never submits leaves
// nothing behind for good.
const KeepUnattached = 24 * time.Hour

// Jobs is where Upload schedules each new file's expiry (the scheduler).
type Jobs interface {
	Enqueue(ctx context.Context, id, kind string, due time.Time, payload json.RawMessage) error
}

type expiry struct {
	File string `json:"file"`
}

// scheduleExpiry asks for f to be removed once KeepUnattached has passed, should no record
// have taken it by then. A failure leaves the file as files were before expiry existed:
// kept, and logged.
func (s *Service) scheduleExpiry(ctx context.Context, f File) {
	if s.jobs == nil {
		return
	}
	payload, err := json.Marshal(expiry{File: f.ID})
	if err == nil {
		err = s.jobs.Enqueue(ctx, KindExpire+":"+f.ID, KindExpire, f.Created.Add(KeepUnattached), payload)
	}
	if err != nil {
		s.log.WarnContext(ctx, "file expiry not scheduled", "file", f.ID, "err", err)
	}
}

// HandleExpire removes the file a KindExpire job names when it is still unattached. Its
// metadata goes first, by compare-and-set, so that a record claiming the file at the same
// moment wins: the file is then attached and stays. Repeats find nothing to do.
func (s *Service) HandleExpire(ctx context.Context, payload json.RawMessage) error {
	var e expiry
	if err := json.Unmarshal(payload, &e); err != nil {
		return fmt.Errorf("files: expiry payload: %w", err)
	}
	doc, err := s.meta.Get(ctx, e.File)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("files: expire %s: %w", e.File, err)
	}
	f, err := store.Decode[File](doc)
	if err != nil {
		return fmt.Errorf("files: expire %s: %w", e.File, err)
	}
	if f.Record != Unattached {
		return nil
	}
	f.ID = doc.ID
	switch err := s.meta.Delete(ctx, f.ID, doc.Version); {
	case errors.Is(err, store.ErrVersionConflict) || errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("files: expire %s: %w", f.ID, err)
	}
	if err := s.blobs.Delete(ctx, f.ID); err != nil {
		s.log.WarnContext(ctx, "expired file's contents left behind", "file", f.ID, "err", err)
	}
	return nil
}
