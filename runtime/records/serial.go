package records

import (
	"context"
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
// Numbers are taken by an atomic increment of the counter document (a compare-and-set where
// the engine has no single statement for it), so concurrent writers never get the same one; a number taken by a write that then fails is skipped, never reused
// (inside a transaction that rolls back it was never taken). Each number is added to text,
// rec's text gathered before the transaction, when not nil.
func (s *Service) allocateSerials(ctx context.Context, fid string, f *form.Form, rec map[string]any, text GatheredText, now time.Time) error {
	for _, fd := range f.Fields() {
		if fd.Serial == nil { // only serial fields have a pattern
			continue
		}
		scope := fd.Serial.Scope(now)
		seq, err := s.nextSeq(ctx, counterDoc{Form: fid, Field: fd.Key, Scope: scope})
		if err != nil {
			return err
		}
		v := fd.Serial.Format(now, seq)
		rec[fd.Key] = v
		if text != nil {
			text.Add(v)
		}
	}
	return nil
}

// nextSeq takes the next number of key's sequence: one statement where the engine can
// (store.Increment), since every create of a form with a serial field takes one.
func (s *Service) nextSeq(ctx context.Context, key counterDoc) (int64, error) {
	id := key.Form + "|" + key.Field + "|" + key.Scope
	key.Seq = 1
	first, err := store.NewDocument(id, key)
	if err != nil {
		return 0, err
	}
	n, err := store.Increment(ctx, s.counters, id, "seq", first)
	if err != nil {
		return 0, wrap("advance serial sequence", err)
	}
	return n, nil
}
