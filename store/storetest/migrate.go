package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/formloom/formloom/store"
)

// counted returns migrations that count their runs and each add a document.
func counted(runs []*atomic.Int64, fail map[int]bool) []store.Migration {
	var ms []store.Migration
	for i := range runs {
		id := i + 1
		ms = append(ms, store.Migration{ID: id, Name: fmt.Sprintf("step %d", id), Up: func(ctx context.Context, s store.Store) error {
			if fail[id] {
				return errAbort
			}
			runs[i].Add(1)
			if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "things", Indexes: []store.Index{
				{Name: fmt.Sprintf("by_f%d", id), Keys: []store.SortKey{{Field: fmt.Sprintf("f%d", id)}}}}}); err != nil {
				return err
			}
			_, err := s.Collection("things").Insert(ctx, store.Document{ID: fmt.Sprintf("t%d", id), Data: json.RawMessage(`{"by":"migration"}`)})
			if errors.Is(err, store.ErrExists) {
				return nil // idempotent
			}
			return err
		}})
	}
	return ms
}

func newRuns(n int) []*atomic.Int64 {
	out := make([]*atomic.Int64, n)
	for i := range out {
		out[i] = new(atomic.Int64)
	}
	return out
}

func testMigrations(t *testing.T, h *harness) {
	ctx := context.Background()

	t.Run("Once", func(t *testing.T) {
		s := h.store(t)
		runs := newRuns(3)
		ms := counted(runs, nil)
		// Given out of order, they still run in ID order.
		ms[0], ms[2] = ms[2], ms[0]
		for range 3 {
			if err := store.Migrate(ctx, s, ms); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
		}
		for i, r := range runs {
			if r.Load() != 1 {
				t.Fatalf("migration %d ran %d times, want 1", i+1, r.Load())
			}
		}
		if n, err := s.Collection("things").Count(ctx, store.Filter{}); err != nil || n != 3 {
			t.Fatalf("things = %d, %v; want 3", n, err)
		}
		// A later release adds a migration: only it runs.
		more := newRuns(4)
		more[0], more[1], more[2] = runs[0], runs[1], runs[2]
		if err := store.Migrate(ctx, s, counted(more, nil)); err != nil {
			t.Fatalf("Migrate with a new migration: %v", err)
		}
		if runs[0].Load() != 1 || more[3].Load() != 1 {
			t.Fatalf("runs after adding one: first %d, new %d; want 1 and 1", runs[0].Load(), more[3].Load())
		}
	})

	t.Run("ConcurrentInstances", func(t *testing.T) {
		s := h.store(t)
		runs := newRuns(4)
		ms := counted(runs, nil)
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- store.Migrate(ctx, s, ms)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent Migrate: %v", err)
			}
		}
		for i, r := range runs {
			if r.Load() != 1 {
				t.Fatalf("migration %d ran %d times across concurrent starts, want 1", i+1, r.Load())
			}
		}
	})

	t.Run("FailureStops", func(t *testing.T) {
		s := h.store(t)
		runs := newRuns(3)
		err := store.Migrate(ctx, s, counted(runs, map[int]bool{2: true}))
		if !errors.Is(err, errAbort) {
			t.Fatalf("Migrate = %v, want the failing migration's error", err)
		}
		if runs[0].Load() != 1 || runs[1].Load() != 0 || runs[2].Load() != 0 {
			t.Fatalf("runs = %d %d %d, want 1 0 0", runs[0].Load(), runs[1].Load(), runs[2].Load())
		}
		// Fixed, the next start applies the rest, and the lock was released.
		if err := store.Migrate(ctx, s, counted(runs, nil)); err != nil {
			t.Fatalf("Migrate after the fix: %v", err)
		}
		if runs[0].Load() != 1 || runs[1].Load() != 1 || runs[2].Load() != 1 {
			t.Fatalf("runs = %d %d %d, want 1 1 1", runs[0].Load(), runs[1].Load(), runs[2].Load())
		}
	})

	t.Run("BadLists", func(t *testing.T) {
		s := h.store(t)
		up := func(context.Context, store.Store) error { return nil }
		for name, ms := range map[string][]store.Migration{
			"zero ID":      {{ID: 0, Name: "z", Up: up}},
			"duplicate ID": {{ID: 1, Name: "a", Up: up}, {ID: 1, Name: "b", Up: up}},
			"no Up":        {{ID: 1, Name: "a"}},
		} {
			if err := store.Migrate(ctx, s, ms); err == nil {
				t.Errorf("%s: Migrate succeeded, want an error", name)
			}
		}
	})
}
