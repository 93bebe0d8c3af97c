package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/formloom/formloom/store"
)

// Leases are measured on one clock every instance shares (Options.LeaseClock: the
// database server's by default), never on an instance's own: two instances whose clocks
// differ by minutes still agree on when a lease ends. The due times of items stay on the
// app's clock (Options.Now), the one the business deadlines were computed with.
//
// A HandleOutside handler's lease is renewed every third of Options.Lease while it runs,
// each renewal a compare-and-set on the version the run holds. That version is the run's
// fencing token: a renewal that finds another version has lost the lease (it expired
// and another instance claimed the item, or the item was cancelled), and the handler's
// context is cancelled at once. CheckLease lets a handler confirm, right before an
// effect that must not happen twice (a webhook, an e-mail), that the token still holds.

// ErrLeaseLost: the run no longer holds its item; an outside effect must not be made.
var ErrLeaseLost = errors.New("schedule: lease lost")

// leaseNow reads the lease clock.
func (s *Scheduler) leaseNow(ctx context.Context) (time.Time, error) {
	t, err := s.opts.LeaseClock(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("schedule: lease clock: %w", err)
	}
	return t.UTC(), nil
}

// Fence is the lease a handler runs under: its item and the fencing token (the item's
// stored version when the lease was last taken or renewed).
type Fence struct {
	ID    string
	Token int64
}

// FenceFrom returns the lease of the run ctx belongs to, if any.
func FenceFrom(ctx context.Context) (Fence, bool) {
	r, _ := ctx.Value(runKey{}).(*run)
	if r == nil {
		return Fence{}, false
	}
	return Fence{ID: r.id, Token: r.token()}, true
}

// CheckLease reports whether the run ctx belongs to still holds its item: the stored item
// has the run's token, this instance as owner, and a lease that has not ended on the
// lease clock. Outside a run it returns nil. An error wraps ErrLeaseLost, or is the
// store's.
func CheckLease(ctx context.Context) error {
	r, _ := ctx.Value(runKey{}).(*run)
	if r == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrLeaseLost, r.id, err)
	}
	return r.s.checkLease(ctx, r)
}

func (s *Scheduler) checkLease(ctx context.Context, r *run) error {
	r.mu.Lock() // no renewal moves the token while it is compared
	defer r.mu.Unlock()
	d, err := s.col().Get(ctx, r.id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %s was cancelled", ErrLeaseLost, r.id)
	}
	if err != nil {
		return fmt.Errorf("schedule: check lease of %s: %w", r.id, err)
	}
	rec, err := store.Decode[record](d)
	if err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	now, err := s.leaseNow(ctx)
	if err != nil {
		return err
	}
	if d.Version != r.version || rec.Owner != s.opts.Instance || rec.Lease <= now.UnixMilli() {
		return fmt.Errorf("%w: %s", ErrLeaseLost, r.id)
	}
	return nil
}

// renew extends the run's lease by Options.Lease from now on the lease clock, guarded by
// the token; on success the run holds the new version.
func (s *Scheduler) renew(ctx context.Context, r *run, rec record) error {
	now, err := s.leaseNow(ctx)
	if err != nil {
		return err
	}
	rec.Owner = s.opts.Instance
	rec.Lease = now.Add(s.opts.Lease).UnixMilli()
	next, err := store.NewDocument(r.id, rec)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	next.Version = r.version
	got, err := s.col().Update(ctx, next)
	if errors.Is(err, store.ErrVersionConflict) || errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %s", ErrLeaseLost, r.id)
	}
	if err != nil {
		return fmt.Errorf("schedule: renew lease of %s: %w", r.id, err)
	}
	r.version = got.Version
	return nil
}

// runRenewed runs an outside handler while renewing its lease. lost reports that the
// lease was lost meanwhile (the handler's context was cancelled then); its outcome must
// not be recorded.
func (s *Scheduler) runRenewed(ctx context.Context, r *run, rec record, h Handler, it Item) (herr error, lost bool) {
	hctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := make(chan struct{})
	renewed := make(chan bool, 1)
	go func() {
		every := max(s.opts.Lease/3, 10*time.Millisecond)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				renewed <- false
				return
			case <-t.C:
			}
			err := s.renew(context.WithoutCancel(ctx), r, rec)
			if errors.Is(err, ErrLeaseLost) {
				cancel(err)
				renewed <- true
				return
			}
			if err != nil {
				// The database did not answer: keep trying while the lease still runs;
				// CheckLease and completion are guarded by the token anyway.
				s.opts.Logger.Warn("schedule: lease renewal failed", "id", r.id, "err", err)
			}
		}
	}()
	herr = call(hctx, h, it)
	close(done)
	lost = <-renewed
	return herr, lost
}
