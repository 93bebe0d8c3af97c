package records

import (
	"context"
	"errors"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/store"
)

// counterDoc is one serial-number sequence: per form, field and period ("XS-2026-{seq}").
type counterDoc struct {
	Form  string `json:"form"`
	Field string `json:"field"`
	Scope string `json:"scope"`
	Seq   int64  `json:"seq"`
}

// allocateSerials fills every serial field of rec with the next number of its sequence.
// Numbers are taken by compare-and-set on the counter document, so concurrent writers never
// get the same one; a number taken by a write that then fails is skipped, never reused
// (inside a transaction that rolls back it was never taken).
func (s *Service) allocateSerials(ctx context.Context, fid string, f *form.Form, rec map[string]any, now time.Time) error {
	for _, fd := range f.Fields() {
		if fd.Serial == nil { // only serial fields have a pattern
			continue
		}
		scope := fd.Serial.Scope(now)
		seq, err := s.nextSeq(ctx, counterDoc{Form: fid, Field: fd.Key, Scope: scope})
		if err != nil {
			return err
		}
		rec[fd.Key] = fd.Serial.Format(now, seq)
	}
	return nil
}

func (s *Service) nextSeq(ctx context.Context, key counterDoc) (int64, error) {
	id := key.Form + "|" + key.Field + "|" + key.Scope
	for {
		doc, err := s.counters.Get(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			key.Seq = 1
			d, err := store.NewDocument(id, key)
			if err != nil {
				return 0, err
			}
			if _, err := s.counters.Insert(ctx, d); errors.Is(err, store.ErrExists) {
				continue // someone started the sequence first
			} else if err != nil {
				return 0, wrap("start serial sequence", err)
			}
			return 1, nil
		}
		if err != nil {
			return 0, wrap("read serial sequence", err)
		}
		c, err := store.Decode[counterDoc](doc)
		if err != nil {
			return 0, err
		}
		c.Seq++
		next, err := store.NewDocument(id, c)
		if err != nil {
			return 0, err
		}
		next.Version = doc.Version
		if _, err := s.counters.Update(ctx, next); errors.Is(err, store.ErrVersionConflict) {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			continue
		} else if err != nil {
			return 0, wrap("advance serial sequence", err)
		}
		return c.Seq, nil
	}
}
