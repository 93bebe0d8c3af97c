package schedule_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// clock is a fake clock shared by the schedulers of a test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var firedSpec = store.CollectionSpec{Name: "fired"}

// openAt opens the SQLite database at path with the scheduler's collections and "fired".
func openAt(t testing.TB, path string) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	for _, spec := range append(schedule.Collections(), firedSpec) {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatalf("ensure %s: %v", spec.Name, err)
		}
	}
	return st
}

// recordingScheduler is a scheduler on a fresh database whose kind "k" records each item
// it runs as its ID followed by its payload, in the order run.
func recordingScheduler(t testing.TB) (store.Store, *clock, *schedule.Scheduler, *[]string) {
	t.Helper()
	st := openAt(t, dbPath(t))
	t.Cleanup(func() { _ = st.Close() })
	clk := newClock()
	s := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet()})
	got := &[]string{}
	s.Handle("k", func(_ context.Context, it schedule.Item) error {
		*got = append(*got, it.ID+string(it.Payload))
		return nil
	})
	return st, clk, s, got
}

func dbPath(t testing.TB) string { return filepath.Join(t.TempDir(), "schedule.db") }

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func count(t testing.TB, st store.Store, col string) int64 {
	t.Helper()
	n, err := st.Collection(col).Count(context.Background(), store.Filter{})
	if err != nil {
		t.Fatalf("count %s: %v", col, err)
	}
	return n
}

// drain runs passes until one runs nothing.
func drain(t testing.TB, s *schedule.Scheduler) int {
	t.Helper()
	total := 0
	for {
		n, err := s.RunDue(context.Background())
		if err != nil {
			t.Fatalf("RunDue: %v", err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
}
