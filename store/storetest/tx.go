package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/formloom/formloom/store"
)

var errAbort = errors.New("abort on purpose")

func testTransactions(t *testing.T, h *harness) {
	ctx := context.Background()
	spec := store.CollectionSpec{Name: "ledger", Indexes: []store.Index{
		{Name: "ref_unique", Keys: []store.SortKey{{Field: "ref"}}, Unique: true}}}

	t.Run("RunsFn", func(t *testing.T) {
		s, _ := h.coll(t, spec)
		calls := 0
		err := s.WithTx(ctx, func(context.Context) error { calls++; return errAbort })
		if !errors.Is(err, errAbort) || calls != 1 {
			t.Fatalf("WithTx = %v after %d calls, want fn's error after 1 call", err, calls)
		}
	})

	if h.opts.NoTransactions {
		t.Log("engine has no transactions (FerretDB v1): commit/rollback tests run on SQLite and real MongoDB")
		return
	}

	t.Run("Commit", func(t *testing.T) {
		s, c := h.coll(t, spec)
		if !s.Capabilities().Transactions {
			t.Skip("engine reports no transactions")
		}
		put(t, c, "acct", `{"ref":"acct","balance":100}`)
		err := s.WithTx(ctx, func(ctx context.Context) error {
			d, err := c.Get(ctx, "acct")
			if err != nil {
				return err
			}
			d.Data = json.RawMessage(`{"ref":"acct","balance":70}`)
			if _, err := c.Update(ctx, d); err != nil {
				return err
			}
			if _, err := c.Insert(ctx, store.Document{ID: "e1", Data: json.RawMessage(`{"ref":"e1","amount":-30}`)}); err != nil {
				return err
			}
			// The transaction reads its own writes.
			if got, err := c.Get(ctx, "e1"); err != nil || got.Version != 1 {
				return errors.Join(errors.New("own insert not visible"), err)
			}
			if n, err := c.Count(ctx, store.Cmp("ref", store.OpExists, true)); err != nil || n != 2 {
				return errors.Join(errors.New("own insert not counted"), err)
			}
			p, err := c.Find(ctx, store.Query{Filter: store.Eq("ref", "acct")})
			if err != nil || len(p.Docs) != 1 || p.Docs[0].Version != 2 {
				return errors.Join(errors.New("own update not found"), err)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("WithTx: %v", err)
		}
		got, _ := c.Get(ctx, "acct")
		if got.Version != 2 || !jsonEqual(t, got.Data, []byte(`{"ref":"acct","balance":70}`)) {
			t.Fatalf("after commit acct = v%d %s", got.Version, got.Data)
		}
		if _, err := c.Get(ctx, "e1"); err != nil {
			t.Fatalf("after commit e1: %v", err)
		}
	})

	t.Run("Rollback", func(t *testing.T) {
		s, c := h.coll(t, spec)
		if !s.Capabilities().Transactions {
			t.Skip("engine reports no transactions")
		}
		put(t, c, "acct", `{"ref":"acct","balance":100}`)
		err := s.WithTx(ctx, func(ctx context.Context) error {
			d, err := c.Get(ctx, "acct")
			if err != nil {
				return err
			}
			d.Data = json.RawMessage(`{"ref":"acct","balance":0}`)
			if _, err := c.Update(ctx, d); err != nil {
				return err
			}
			if _, err := c.Insert(ctx, store.Document{ID: "e1", Data: json.RawMessage(`{"ref":"e1"}`)}); err != nil {
				return err
			}
			if _, err := c.DeleteMany(ctx, store.Eq("ref", "nothing")); err != nil {
				return err
			}
			return errAbort
		})
		if !errors.Is(err, errAbort) {
			t.Fatalf("WithTx = %v, want fn's error", err)
		}
		got, _ := c.Get(ctx, "acct")
		if got.Version != 1 || !jsonEqual(t, got.Data, []byte(`{"ref":"acct","balance":100}`)) {
			t.Fatalf("after rollback acct = v%d %s, want v1 unchanged", got.Version, got.Data)
		}
		if _, err := c.Get(ctx, "e1"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after rollback e1: %v, want ErrNotFound", err)
		}
	})

	t.Run("DuplicateRollsBack", func(t *testing.T) {
		s, c := h.coll(t, spec)
		if !s.Capabilities().Transactions {
			t.Skip("engine reports no transactions")
		}
		put(t, c, "x", `{"ref":"taken"}`)
		err := s.WithTx(ctx, func(ctx context.Context) error {
			if _, err := c.Insert(ctx, store.Document{ID: "a", Data: json.RawMessage(`{"ref":"free"}`)}); err != nil {
				return err
			}
			_, err := c.Insert(ctx, store.Document{ID: "b", Data: json.RawMessage(`{"ref":"taken"}`)})
			return err
		})
		var de *store.DuplicateError
		if !errors.As(err, &de) || de.Index != "ref_unique" {
			t.Fatalf("WithTx = %v, want the *store.DuplicateError of ref_unique", err)
		}
		if _, err := c.Get(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the insert before the duplicate survived: %v", err)
		}
	})

	t.Run("ConflictInside", func(t *testing.T) {
		s, c := h.coll(t, spec)
		if !s.Capabilities().Transactions {
			t.Skip("engine reports no transactions")
		}
		d := put(t, c, "acct", `{"ref":"acct","balance":1}`)
		err := s.WithTx(ctx, func(ctx context.Context) error {
			d2 := d
			d2.Data = json.RawMessage(`{"ref":"acct","balance":2}`)
			if _, err := c.Update(ctx, d2); err != nil {
				return err
			}
			_, err := c.Update(ctx, d2) // the same version again
			return err
		})
		if !errors.Is(err, store.ErrVersionConflict) {
			t.Fatalf("WithTx = %v, want ErrVersionConflict", err)
		}
		got, _ := c.Get(ctx, "acct")
		if got.Version != 1 {
			t.Fatalf("after the failed transaction acct is at v%d, want v1", got.Version)
		}
	})
}
