package schedule

import (
	"context"
	"time"
)

// Outcome is how one run of an item ended. Observers get it after the outcome is stored
// and outside any transaction, so what they write stays even when the handler's own
// writes were rolled back (a failed automation keeps its failed run in the history).
type Outcome struct {
	Item  Item
	Err   error         // nil: the handler succeeded
	Final bool          // Err is not retried: the item is kept as failed
	Took  time.Duration // the handler's run time
}

// Observer is told of every run of an item of its kind whose outcome was stored (runs
// whose claim was lost are not reported). It must not block for long.
type Observer func(ctx context.Context, o Outcome)

// Observe registers fn for kind; one observer per kind, the last one wins.
func (s *Scheduler) Observe(kind string, fn Observer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.observers == nil {
		s.observers = map[string]Observer{}
	}
	s.observers[kind] = fn
}

// observe reports a run to its kind's observer, if any.
func (s *Scheduler) observe(ctx context.Context, rec record, it Item, herr error, took time.Duration) {
	s.mu.RLock()
	fn := s.observers[rec.Kind]
	s.mu.RUnlock()
	if fn == nil {
		return
	}
	final := herr != nil && (rec.Attempts+1 >= s.opts.MaxAttempts || isPermanent(herr))
	fn(ctx, Outcome{Item: it, Err: herr, Final: final, Took: took})
}
