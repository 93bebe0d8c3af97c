package schedule_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store"
)

// fire is a Handle handler writing one "fired" document per item, keyed by the item ID:
// a second run of the same item would fail with ErrExists, which is counted, not hidden.
func fire(st store.Store, fired, dups *atomic.Int64) schedule.Handler {
	return func(ctx context.Context, it schedule.Item) error {
		d, err := store.NewDocument(it.ID, map[string]any{"kind": it.Kind})
		if err != nil {
			return err
		}
		if _, err := st.Collection("fired").Insert(ctx, d); err != nil {
			if errors.Is(err, store.ErrExists) {
				dups.Add(1)
			}
			return err
		}
		fired.Add(1)
		return nil
	}
}

func enqueueN(t *testing.T, s *schedule.Scheduler, n int, kind string, due time.Time) {
	t.Helper()
	for i := range n {
		it := schedule.Item{ID: fmt.Sprintf("%s-%04d", kind, i), Kind: kind, Due: due, Payload: json.RawMessage(`{"n":1}`)}
		if err := s.Enqueue(context.Background(), it); err != nil {
			t.Fatalf("enqueue: %v", err)
		}
	}
}

// Two instances on one database file share 1,000 due items; one stops half-way (its
// context cancelled, claims left behind) and the other finishes the rest once those
// leases expire. Every item fires exactly once.
func TestTwoInstancesFireEachItemOnce(t *testing.T) {
	path := dbPath(t)
	stA, stB := openAt(t, path), openAt(t, path)
	defer stA.Close()
	defer stB.Close()
	clk := newClock()
	opts := func(name string) schedule.Options {
		return schedule.Options{Instance: name, Now: clk.Now, Logger: quiet(), Lease: time.Minute}
	}
	a, b := schedule.New(stA, opts("a")), schedule.New(stB, opts("b"))
	var fired, dups atomic.Int64
	ctxA, stopA := context.WithCancel(context.Background())
	defer stopA()
	var firedWhenStopped atomic.Int64
	var ranA, ranB atomic.Int64
	// Whichever instance fires the 500th item stops a; a's run in flight, if any, is
	// abandoned with its claim.
	stopHalfWay := func(h schedule.Handler, ran *atomic.Int64) schedule.Handler {
		return func(ctx context.Context, it schedule.Item) error {
			ran.Add(1)
			if err := h(ctx, it); err != nil {
				return err
			}
			if fired.Load() == 500 {
				firedWhenStopped.Store(500)
				stopA()
			}
			return nil
		}
	}
	a.Handle("tick", stopHalfWay(fire(stA, &fired, &dups), &ranA))
	b.Handle("tick", stopHalfWay(fire(stB, &fired, &dups), &ranB))
	enqueueN(t, a, 1000, "tick", clk.Now())

	// a runs until it is stopped; b until a has stopped and nothing claimable is left.
	aDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(aDone)
		for ctxA.Err() == nil && fired.Load() < 1000 {
			if _, err := a.RunDue(ctxA); err != nil && ctxA.Err() == nil {
				t.Errorf("a: RunDue: %v", err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for {
			n, err := b.RunDue(context.Background())
			if err != nil {
				t.Errorf("b: RunDue: %v", err)
				return
			}
			select {
			case <-aDone:
				if n == 0 {
					return
				}
			default:
			}
		}
	}()
	wg.Wait()

	if firedWhenStopped.Load() == 0 || firedWhenStopped.Load() >= 1000 {
		t.Fatalf("instance a was not stopped half-way (fired %d when stopped)", firedWhenStopped.Load())
	}
	t.Logf("handler runs: a %d, b %d", ranA.Load(), ranB.Load())
	drain(t, b)
	clk.Advance(2 * time.Minute) // a's abandoned leases expire
	drain(t, b)

	if n := count(t, stB, "fired"); n != 1000 {
		t.Errorf("fired documents = %d, want 1000", n)
	}
	if n := dups.Load(); n != 0 {
		t.Errorf("%d runs hit an already fired item", n)
	}
	if n := count(t, stB, schedule.Collection); n != 0 {
		t.Errorf("%d items left in the schedule", n)
	}
}

// Pending items survive closing and reopening the store; items that fell due while no
// instance ran are caught up by the next pass.
func TestRestartKeepsPendingItems(t *testing.T) {
	path := dbPath(t)
	clk := newClock()
	var fired, dups atomic.Int64
	st := openAt(t, path)
	s := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet()})
	s.Handle("now", fire(st, &fired, &dups))
	s.Handle("later", fire(st, &fired, &dups))
	enqueueN(t, s, 5, "now", clk.Now())
	enqueueN(t, s, 7, "later", clk.Now().Add(time.Hour))
	if n := drain(t, s); n != 5 {
		t.Fatalf("first pass ran %d, want 5", n)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = openAt(t, path)
	defer st.Close()
	s = schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet()})
	s.Handle("now", fire(st, &fired, &dups))
	s.Handle("later", fire(st, &fired, &dups))
	if n := drain(t, s); n != 0 {
		t.Fatalf("ran %d items before they were due", n)
	}
	clk.Advance(3 * time.Hour) // downtime
	if n := drain(t, s); n != 7 {
		t.Fatalf("catch-up ran %d, want 7", n)
	}
	if n := count(t, st, "fired"); n != 12 || dups.Load() != 0 {
		t.Errorf("fired = %d (duplicates %d), want 12", n, dups.Load())
	}
}

// A failing handler is retried after 1 s, 2 s, 4 s …; Attempts counts the failures so far.
func TestRetryWithBackoff(t *testing.T) {
	st := openAt(t, dbPath(t))
	defer st.Close()
	clk := newClock()
	s := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet()})
	var seen []int
	s.Handle("flaky", func(ctx context.Context, it schedule.Item) error {
		seen = append(seen, it.Attempts)
		if d, err := store.NewDocument("", map[string]any{"attempt": it.Attempts}); err != nil {
			return err
		} else if _, err := st.Collection("fired").Insert(ctx, d); err != nil {
			return err
		}
		if it.Attempts < 3 {
			return errors.New("receiver down")
		}
		return nil
	})
	if err := s.Enqueue(context.Background(), schedule.Item{ID: "x", Kind: "flaky", Due: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	for attempt, wait := range []time.Duration{0, time.Second, 2 * time.Second, 4 * time.Second} {
		clk.Advance(wait - time.Millisecond)
		if attempt > 0 {
			if n := drain(t, s); n != 0 {
				t.Fatalf("attempt %d ran before its backoff elapsed", attempt)
			}
		}
		clk.Advance(time.Millisecond)
		if n := drain(t, s); n != 1 {
			t.Fatalf("attempt %d: ran %d, want 1", attempt, n)
		}
	}
	if fmt.Sprint(seen) != "[0 1 2 3]" {
		t.Errorf("attempts seen = %v, want [0 1 2 3]", seen)
	}
	// Writes of failed runs rolled back with them; only the successful run's remain.
	if n := count(t, st, "fired"); n != 1 {
		t.Errorf("fired = %d, want 1", n)
	}
	if _, _, err := s.Get(context.Background(), "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("completed item still stored: %v", err)
	}
}

// After MaxAttempts failures the item is kept as failed and no longer run.
func TestGiveUpAfterMaxAttempts(t *testing.T) {
	st := openAt(t, dbPath(t))
	defer st.Close()
	clk := newClock()
	s := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet(), MaxAttempts: 3})
	runs := 0
	s.Handle("bad", func(ctx context.Context, it schedule.Item) error { runs++; panic("broken handler") })
	if err := s.Enqueue(context.Background(), schedule.Item{ID: "x", Kind: "bad"}); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		drain(t, s)
		clk.Advance(time.Hour)
	}
	if runs != 3 {
		t.Errorf("runs = %d, want 3", runs)
	}
	it, status, err := s.Get(context.Background(), "x")
	if err != nil || status != schedule.StatusFailed || it.Attempts != 3 {
		t.Errorf("item = %+v, status %q, err %v; want failed after 3 attempts", it, status, err)
	}
	// Enqueueing the ID again re-arms it.
	if err := s.Enqueue(context.Background(), schedule.Item{ID: "x", Kind: "bad"}); err != nil {
		t.Fatal(err)
	}
	if _, status, _ := s.Get(context.Background(), "x"); status != schedule.StatusPending {
		t.Errorf("re-armed status = %q", status)
	}
}

// Enqueue inside a transaction that rolls back leaves nothing; one that commits stores it.
func TestEnqueueFollowsTheCallersTransaction(t *testing.T) {
	st := openAt(t, dbPath(t))
	defer st.Close()
	s := schedule.New(st, schedule.Options{Logger: quiet()})
	ctx := context.Background()
	boom := errors.New("boom")
	err := st.WithTx(ctx, func(tx context.Context) error {
		if err := s.Enqueue(tx, schedule.Item{ID: "rolled", Kind: "k"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithTx = %v", err)
	}
	if n := count(t, st, schedule.Collection); n != 0 {
		t.Errorf("%d items after rollback", n)
	}
	if err := st.WithTx(ctx, func(tx context.Context) error {
		return s.Enqueue(tx, schedule.Item{ID: "kept", Kind: "k"})
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Get(ctx, "kept"); err != nil {
		t.Errorf("committed item: %v", err)
	}
}

// Re-enqueueing replaces due and payload; Cancel removes (and ignores absent items); an
// unknown kind is left alone and does not block the others.
func TestRearmCancelAndUnknownKinds(t *testing.T) {
	_, clk, s, got := recordingScheduler(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Enqueue(ctx, schedule.Item{ID: "a", Kind: "k", Due: clk.Now(), Payload: json.RawMessage(`1`)}))
	must(s.Enqueue(ctx, schedule.Item{ID: "a", Kind: "k", Due: clk.Now().Add(time.Minute), Payload: json.RawMessage(`2`)}))
	must(s.Enqueue(ctx, schedule.Item{ID: "b", Kind: "k", Due: clk.Now()}))
	must(s.Cancel(ctx, "b"))
	must(s.Cancel(ctx, "never-enqueued"))
	must(s.Enqueue(ctx, schedule.Item{ID: "u", Kind: "from-a-newer-version", Due: clk.Now()}))
	if n := drain(t, s); n != 0 {
		t.Fatalf("ran %d items, want none", n)
	}
	clk.Advance(time.Minute)
	drain(t, s)
	if fmt.Sprint(*got) != "[a2]" {
		t.Errorf("ran %v, want [a2]", *got)
	}
	if _, status, err := s.Get(ctx, "u"); err != nil || status != schedule.StatusPending {
		t.Errorf("unknown kind: status %q, err %v", status, err)
	}
	if err := s.Enqueue(ctx, schedule.Item{ID: "bad", Kind: "k", Payload: json.RawMessage(`{`)}); err == nil {
		t.Error("invalid JSON payload accepted")
	}
}

// Add stores a new item as Enqueue does, and re-arms one whose ID is taken after all;
// Cancel of several IDs removes them together, absent ones ignored, in a transaction
// that still commits the rest of its writes.
func TestAddAndCancelSeveral(t *testing.T) {
	st, clk, s, got := recordingScheduler(t)
	ctx := context.Background()
	err := st.WithTx(ctx, func(ctx context.Context) error {
		for _, it := range []schedule.Item{
			{ID: "a", Kind: "k", Due: clk.Now(), Payload: json.RawMessage(`1`)},
			{ID: "a", Kind: "k", Due: clk.Now(), Payload: json.RawMessage(`2`)}, // taken: re-armed
			{ID: "b", Kind: "k", Due: clk.Now()},
			{ID: "c", Kind: "k", Due: clk.Now()},
			{ID: "d", Kind: "k", Due: clk.Now()},
		} {
			if err := s.Add(ctx, it); err != nil {
				return err
			}
		}
		return s.Cancel(ctx, "b", "never-enqueued", "c")
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(ctx, schedule.Item{ID: "bad", Kind: "k", Payload: json.RawMessage(`{`)}); err == nil {
		t.Error("invalid JSON payload accepted")
	}
	drain(t, s)
	slices.Sort(*got)
	if fmt.Sprint(*got) != "[a2 d]" {
		t.Errorf("ran %v, want [a2 d]", *got)
	}
}

// A handler that enqueues its own ID re-arms the item (a repeating reminder) instead of
// completing it; a running item cannot be re-armed from elsewhere.
func TestHandlerRearmsItself(t *testing.T) {
	st := openAt(t, dbPath(t))
	defer st.Close()
	clk := newClock()
	ctx := context.Background()
	s := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet()})
	other := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet()})
	runs := 0
	s.Handle("remind", func(ctx context.Context, it schedule.Item) error {
		runs++
		if err := other.Enqueue(ctx, schedule.Item{ID: it.ID, Kind: "remind"}); !errors.Is(err, schedule.ErrRunning) {
			return fmt.Errorf("re-arm of a running item from elsewhere: %w", err)
		}
		if runs < 3 {
			return s.Enqueue(ctx, schedule.Item{ID: it.ID, Kind: "remind", Due: clk.Now().Add(time.Hour)})
		}
		return nil
	})
	if err := s.Enqueue(ctx, schedule.Item{ID: "r", Kind: "remind", Due: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if n := drain(t, s); n > 1 {
			t.Fatalf("ran %d in one pass", n)
		}
		clk.Advance(time.Hour)
	}
	if runs != 3 {
		t.Errorf("runs = %d, want 3", runs)
	}
	if _, _, err := s.Get(ctx, "r"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("finished reminder still stored: %v", err)
	}
}

// A permanent error keeps the item as failed at once.
func TestPermanentErrorIsNotRetried(t *testing.T) {
	st := openAt(t, dbPath(t))
	defer st.Close()
	clk := newClock()
	ctx := context.Background()
	s := schedule.New(st, schedule.Options{Now: clk.Now, Logger: quiet()})
	runs := 0
	s.Handle("k", func(ctx context.Context, it schedule.Item) error {
		runs++
		return schedule.Permanent(errors.New("payload cannot be decoded"))
	})
	if err := s.Enqueue(ctx, schedule.Item{ID: "p", Kind: "k"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		drain(t, s)
		clk.Advance(time.Hour)
	}
	if _, status, err := s.Get(ctx, "p"); runs != 1 || status != schedule.StatusFailed || err != nil {
		t.Errorf("runs %d, status %q, err %v; want one run, failed", runs, status, err)
	}
}

// Add of several items stores them together; when one of their IDs is taken after all,
// the others are still stored and the taken one is re-armed, in a transaction that
// commits the rest of its writes. A bad item refuses them all.
func TestAddSeveralAtOnce(t *testing.T) {
	st, clk, s, got := recordingScheduler(t)
	ctx := context.Background()
	err := st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Add(ctx, schedule.Item{ID: "a", Kind: "k", Due: clk.Now(), Payload: json.RawMessage(`1`)},
			schedule.Item{ID: "b", Kind: "k", Due: clk.Now(), Payload: json.RawMessage(`1`)}); err != nil {
			return err
		}
		return s.Add(ctx, schedule.Item{ID: "c", Kind: "k", Due: clk.Now(), Payload: json.RawMessage(`2`)},
			schedule.Item{ID: "a", Kind: "k", Due: clk.Now(), Payload: json.RawMessage(`2`)}) // a taken: re-armed
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add(ctx, schedule.Item{ID: "d", Kind: "k"}, schedule.Item{ID: "bad", Kind: "k", Payload: json.RawMessage(`{`)}); err == nil {
		t.Error("invalid JSON payload accepted")
	}
	if _, _, err := s.Get(ctx, "d"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("item added beside a refused one: %v", err)
	}
	drain(t, s)
	slices.Sort(*got)
	if fmt.Sprint(*got) != "[a2 b1 c2]" {
		t.Errorf("ran %v, want [a2 b1 c2]", *got)
	}
}
