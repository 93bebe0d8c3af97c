package schedule

import (
	"context"
	"log/slog"
	"time"

	"github.com/formloom/formloom/store"
)

// Options configure a Scheduler. Zero values take the defaults noted.
type Options struct {
	Instance string           // owner name written into claims; default a fresh unique ID
	Lease    time.Duration    // how long a claim holds; must exceed a handler's run time (default 1 min)
	Poll     time.Duration    // pause between passes of Run when nothing is left (default 1 s)
	Batch    int              // items per pass (default 50, at most store.MaxLimit)
	Now      func() time.Time // clock of due times (default time.Now)
	// LeaseClock is the clock leases are measured with; it must be one every instance
	// shares. Default: the database server's (store.ServerClock) when the engine has one,
	// else Now.
	LeaseClock  func(ctx context.Context) (time.Time, error)
	Logger      *slog.Logger                    // default slog.Default()
	MaxAttempts int                             // failed runs before an item is kept as "failed" (default 25)
	Backoff     func(attempt int) time.Duration // delay after the attempt-th failure (default 1 s doubling, capped at 1 h)
}

// DefaultBackoff waits 1 s after the first failure, doubling up to 1 h.
func DefaultBackoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 13 { // 2^12 s is already past the cap
		return time.Hour
	}
	return min(time.Second<<(attempt-1), time.Hour)
}

func (o Options) withDefaults() Options {
	if o.Instance == "" {
		o.Instance = store.NewID()
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Batch <= 0 {
		o.Batch = 50
	}
	o.Batch = min(o.Batch, store.MaxLimit)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 25
	}
	if o.Backoff == nil {
		o.Backoff = DefaultBackoff
	}
	return o
}
