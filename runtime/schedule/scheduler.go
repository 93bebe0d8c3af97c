package schedule

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/formloom/formloom/store"
)

// Scheduler claims and runs due items of the kinds it has handlers for. It is safe for
// concurrent use; register handlers before calling Run.
type Scheduler struct {
	st   store.Store
	opts Options

	mu        sync.RWMutex
	handlers  map[string]handler
	observers map[string]Observer
}

type handler struct {
	fn      Handler
	outside bool
}

// New returns a scheduler over st. The collections of Collections() must have been ensured.
func New(st store.Store, opts Options) *Scheduler {
	opts = opts.withDefaults()
	if opts.LeaseClock == nil {
		if sc, ok := st.(store.ServerClock); ok {
			opts.LeaseClock = sc.ServerTime
		} else {
			now := opts.Now
			opts.LeaseClock = func(context.Context) (time.Time, error) { return now(), nil }
		}
	}
	return &Scheduler{st: st, opts: opts, handlers: map[string]handler{}}
}

// Handle registers h for kind. h runs inside store.WithTx together with the item's
// completion: its writes (made through the ctx it receives) commit only if the item is
// still this instance's claim, so on an engine with transactions the effects happen once.
// h may be called again on a transient conflict and must not have effects outside the store.
func (s *Scheduler) Handle(kind string, h Handler) { s.register(kind, handler{fn: h}) }

// HandleOutside registers h for kind as a handler with external effects (HTTP calls): it
// runs outside any transaction and the item is completed afterwards. A crash between the
// two runs it again, so h must tolerate repeats. While h runs its lease is renewed; if the
// lease is lost all the same, h's context is cancelled, and h should call CheckLease just
// before an effect that must not happen twice (see lease.go).
func (s *Scheduler) HandleOutside(kind string, h Handler) {
	s.register(kind, handler{fn: h, outside: true})
}

func (s *Scheduler) register(kind string, h handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[kind] = h
}

func (s *Scheduler) handler(kind string) (handler, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	h, ok := s.handlers[kind]
	return h, ok
}

func (s *Scheduler) kinds() []any {
	s.mu.RLock()
	defer s.mu.RUnlock()
	names := slices.Sorted(maps.Keys(s.handlers))
	out := make([]any, len(names))
	for i, k := range names {
		out[i] = k
	}
	return out
}

// MaxAttempts is how many failed runs an item gets before it is kept as failed.
func (s *Scheduler) MaxAttempts() int { return s.opts.MaxAttempts }

func (s *Scheduler) col() store.Collection { return s.st.Collection(Collection) }

func (s *Scheduler) now() time.Time { return s.opts.Now().UTC() }

// Run calls RunDue until ctx is done: at once again after a full batch, else after Poll.
// It returns nil when ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		n, err := s.RunDue(ctx)
		if ctx.Err() != nil {
			return nil //nolint:nilerr // a pass cut short by the end of ctx is how Run ends
		}
		if err != nil {
			s.opts.Logger.Error("schedule: pass failed", "instance", s.opts.Instance, "err", err)
		}
		if err == nil && n >= s.opts.Batch {
			continue
		}
		t := time.NewTimer(s.opts.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// RunDue makes one pass: it finds up to Batch due items of the handled kinds whose lease is
// free or expired, and claims and runs them one after the other. It returns how many
// handlers ran (successfully or not). Items another instance claimed first are skipped.
func (s *Scheduler) RunDue(ctx context.Context) (int, error) {
	kinds := s.kinds()
	if len(kinds) == 0 {
		return 0, nil
	}
	nowMs := s.now().UnixMilli()
	leaseNow, err := s.leaseNow(ctx)
	if err != nil {
		return 0, err
	}
	f := store.And(
		store.Eq("status", StatusPending),
		store.In("kind", kinds...),
		store.Cmp("due", store.OpLte, nowMs),
		store.Cmp("lease", store.OpLte, leaseNow.UnixMilli()),
	)
	page, err := s.col().Find(ctx, store.Query{Filter: f, Sort: []store.SortKey{{Field: "due"}}, Limit: s.opts.Batch})
	if err != nil {
		return 0, fmt.Errorf("schedule: find due items: %w", err)
	}
	// Instances that read the same batch would otherwise walk it in lockstep, each losing
	// most claims to the other; a random order spreads them out.
	docs := page.Docs
	rand.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	ran := 0
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return ran, err
		}
		ok, err := s.runOne(ctx, d)
		if ok {
			ran++
		}
		if err != nil {
			return ran, err
		}
	}
	return ran, nil
}
