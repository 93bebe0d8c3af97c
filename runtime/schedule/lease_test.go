package schedule_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/schedule"
)

// dbClock stands for the database server's clock, which every instance reads.
func dbClockOf(c *clock) func(context.Context) (time.Time, error) {
	return func(context.Context) (time.Time, error) { return c.Now(), nil }
}

// TestSkewedClocksDoNotStealLeases: instance b's clock runs five minutes ahead of a's.
// While a runs an item, b finds it due but leased on the database's clock, and leaves it;
// once the lease ends there (a stopped without completing), b takes it.
func TestSkewedClocksDoNotStealLeases(t *testing.T) {
	st := openAt(t, dbPath(t))
	defer st.Close()
	db, clkA := newClock(), newClock()
	clkB := newClock()
	clkB.Advance(5 * time.Minute)
	a := schedule.New(st, schedule.Options{Instance: "a", Now: clkA.Now, LeaseClock: dbClockOf(db), Lease: time.Minute, Logger: quiet()})
	b := schedule.New(st, schedule.Options{Instance: "b", Now: clkB.Now, LeaseClock: dbClockOf(db), Lease: time.Minute, Logger: quiet()})
	var sent atomic.Int64
	release := make(chan struct{})
	started := make(chan struct{})
	a.HandleOutside("hook", func(ctx context.Context, it schedule.Item) error {
		close(started)
		select {
		case <-release:
		case <-ctx.Done():
		}
		return errors.New("stopped before sending")
	})
	b.HandleOutside("hook", func(ctx context.Context, it schedule.Item) error {
		if err := schedule.CheckLease(ctx); err != nil {
			return err
		}
		sent.Add(1)
		return nil
	})
	if err := a.Enqueue(context.Background(), schedule.Item{ID: "h1", Kind: "hook", Due: clkA.Now()}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := a.RunDue(context.Background()); err != nil {
			t.Errorf("a: %v", err)
		}
	}()
	<-started
	if n, err := b.RunDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("b ran %d items (%v) while a held the lease on the database's clock", n, err)
	}
	close(release)
	<-done
	// a's run failed: the item waits out its backoff on a's clock, then b (whose clock is
	// ahead) runs it once.
	if n := drain(t, b); n != 1 || sent.Load() != 1 {
		t.Fatalf("b ran %d, sent %d; want 1, 1", n, sent.Load())
	}
}

// TestLeaseRenewedWhileAnOutsideHandlerRuns: a handler that runs for several lease
// lengths keeps its item; the other instance never runs it meanwhile.
func TestLeaseRenewedWhileAnOutsideHandlerRuns(t *testing.T) {
	st := openAt(t, dbPath(t))
	defer st.Close()
	real := func(context.Context) (time.Time, error) { return time.Now(), nil }
	lease := time.Second
	a := schedule.New(st, schedule.Options{Instance: "a", LeaseClock: real, Lease: lease, Logger: quiet()})
	b := schedule.New(st, schedule.Options{Instance: "b", LeaseClock: real, Lease: lease, Logger: quiet()})
	var runs atomic.Int64
	started := make(chan struct{}, 2)
	slow := func(ctx context.Context, it schedule.Item) error {
		runs.Add(1)
		started <- struct{}{}
		select {
		case <-time.After(5 * lease / 2):
		case <-ctx.Done():
			return ctx.Err()
		}
		return schedule.CheckLease(ctx)
	}
	a.HandleOutside("hook", slow)
	b.HandleOutside("hook", slow)
	if err := a.Enqueue(context.Background(), schedule.Item{ID: "h1", Kind: "hook"}); err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	go func() {
		n, err := a.RunDue(context.Background())
		if err != nil {
			t.Errorf("a: %v", err)
		}
		done <- n
	}()
	<-started // a holds the item; from now on b must leave it
	for {
		select {
		case n := <-done:
			if n != 1 || runs.Load() != 1 {
				t.Fatalf("a ran %d, handler runs %d; want 1, 1", n, runs.Load())
			}
			if n := count(t, st, schedule.Collection); n != 0 {
				t.Fatalf("%d items left", n)
			}
			return
		default:
		}
		if n, err := b.RunDue(context.Background()); err != nil || n != 0 {
			t.Fatalf("b took the item whose lease was being renewed: %d %v", n, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestLostLeaseCancelsTheHandlerAndFencesItsEffect: when the item is taken away from a
// running handler (cancelled, or claimed by another instance after the lease ended on the
// database's clock), the handler's context ends, CheckLease refuses the effect, and the
// run's outcome is not recorded over the new holder's.
func TestLostLeaseCancelsTheHandlerAndFencesItsEffect(t *testing.T) {
	t.Run("renewal finds the item gone", func(t *testing.T) {
		st := openAt(t, dbPath(t))
		defer st.Close()
		real := func(context.Context) (time.Time, error) { return time.Now(), nil }
		a := schedule.New(st, schedule.Options{Instance: "a", LeaseClock: real, Lease: 60 * time.Millisecond, Logger: quiet()})
		started := make(chan struct{})
		var fenced atomic.Bool
		a.HandleOutside("hook", func(ctx context.Context, it schedule.Item) error {
			close(started)
			select {
			case <-ctx.Done():
			case <-time.After(5 * time.Second):
				t.Error("the handler's context was not cancelled when its item went")
			}
			fenced.Store(errors.Is(schedule.CheckLease(ctx), schedule.ErrLeaseLost))
			return nil
		})
		if err := a.Enqueue(context.Background(), schedule.Item{ID: "h1", Kind: "hook"}); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = a.RunDue(context.Background())
		}()
		<-started
		if err := st.Collection(schedule.Collection).Delete(context.Background(), "h1", 0); err != nil {
			t.Fatal(err)
		}
		<-done
		if !fenced.Load() {
			t.Error("CheckLease let the effect through after the item was gone")
		}
	})
	t.Run("another instance claims after the lease ends", func(t *testing.T) {
		st := openAt(t, dbPath(t))
		defer st.Close()
		db, clk := newClock(), newClock()
		a := schedule.New(st, schedule.Options{Instance: "a", Now: clk.Now, LeaseClock: dbClockOf(db), Lease: time.Minute, Logger: quiet()})
		b := schedule.New(st, schedule.Options{Instance: "b", Now: clk.Now, LeaseClock: dbClockOf(db), Lease: time.Minute, Logger: quiet()})
		var sent atomic.Int64
		started, stolen := make(chan struct{}), make(chan struct{})
		send := func(ctx context.Context) error {
			if err := schedule.CheckLease(ctx); err != nil {
				return err
			}
			sent.Add(1)
			return nil
		}
		var aErr error
		a.HandleOutside("hook", func(ctx context.Context, it schedule.Item) error {
			close(started)
			<-stolen // a stalls (a GC pause, a slow network) past its lease
			aErr = send(ctx)
			return aErr
		})
		b.HandleOutside("hook", func(ctx context.Context, it schedule.Item) error { return send(ctx) })
		if err := a.Enqueue(context.Background(), schedule.Item{ID: "h1", Kind: "hook", Due: clk.Now()}); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = a.RunDue(context.Background())
		}()
		<-started
		db.Advance(2 * time.Minute) // the lease ends on the database's clock
		if n, err := b.RunDue(context.Background()); err != nil || n != 1 {
			t.Fatalf("b: %d %v", n, err)
		}
		close(stolen)
		<-done
		if !errors.Is(aErr, schedule.ErrLeaseLost) || sent.Load() != 1 {
			t.Fatalf("a's send: %v; sent %d times, want once", aErr, sent.Load())
		}
	})
}
