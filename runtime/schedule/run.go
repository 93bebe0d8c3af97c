package schedule

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/formloom/formloom/store"
)

// settleTimeout bounds the write that records an item's outcome; it runs even when the
// pass's context has just been cancelled, so that finished work is not repeated.
const settleTimeout = 10 * time.Second

// maxErrorLen bounds the last error kept on an item.
const maxErrorLen = 500

// run is one claimed item being run; its handler's context carries it so that Enqueue and
// Cancel of the same ID from inside the handler re-arm or drop the item at completion.
type run struct {
	s     *Scheduler
	id    string
	rearm *Item

	mu      sync.Mutex
	version int64 // the version the claim (or its last renewal) wrote: the fencing token
}

// token is the version of the item this run holds.
func (r *run) token() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.version
}

type runKey struct{}

func (s *Scheduler) runFrom(ctx context.Context, id string) *run {
	r, _ := ctx.Value(runKey{}).(*run)
	if r == nil || r.s != s || r.id != id {
		return nil
	}
	return r
}

// errLost: the claim no longer holds (the lease expired and another instance took the item,
// or it was cancelled), so this run's outcome is dropped.
var errLost = errors.New("schedule: claim lost")

// handlerError marks an error returned by a handler, as opposed to one of the store.
type handlerError struct{ err error }

func (e handlerError) Error() string { return e.err.Error() }
func (e handlerError) Unwrap() error { return e.err }

// runOne claims d and runs its handler. ok reports that the handler ran.
func (s *Scheduler) runOne(ctx context.Context, d store.Document) (ok bool, err error) {
	rec, err := store.Decode[record](d)
	if err != nil {
		return false, fmt.Errorf("schedule: %w", err)
	}
	h, found := s.handler(rec.Kind)
	if !found {
		return false, nil
	}
	leaseNow, err := s.leaseNow(ctx)
	if err != nil {
		return false, err
	}
	claimed := rec
	claimed.Owner = s.opts.Instance
	claimed.Lease = leaseNow.Add(s.opts.Lease).UnixMilli()
	next, err := store.NewDocument(d.ID, claimed)
	if err != nil {
		return false, err
	}
	next.Version, next.Created = d.Version, d.Created
	got, err := s.col().Update(ctx, next)
	if errors.Is(err, store.ErrVersionConflict) || errors.Is(err, store.ErrNotFound) {
		return false, nil // another instance was first
	}
	if err != nil {
		return false, fmt.Errorf("schedule: claim %s: %w", d.ID, err)
	}
	r := &run{s: s, id: d.ID, version: got.Version}
	hctx := context.WithValue(ctx, runKey{}, r)
	it := rec.item(d.ID)
	start := time.Now()

	if h.outside {
		herr, lost := s.runRenewed(hctx, r, claimed, h.fn, it)
		if lost {
			s.opts.Logger.Warn("schedule: lease lost while the handler ran; its outcome is dropped", "id", d.ID, "kind", rec.Kind)
			return true, nil
		}
		settle, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
		defer cancel()
		took := time.Since(start)
		if herr != nil {
			err := s.fail(settle, r, rec, herr)
			if err == nil {
				s.observe(settle, rec, it, herr, took)
			}
			return true, err
		}
		err := s.complete(settle, r, rec)
		if err == nil {
			s.observe(settle, rec, it, nil, took)
		}
		return true, s.ignoreLost(err)
	}

	err = s.st.WithTx(hctx, func(tx context.Context) error {
		r.rearm = nil // a retried transaction starts over
		if err := call(tx, h.fn, it); err != nil {
			return handlerError{err}
		}
		return s.complete(tx, r, rec)
	})
	took := time.Since(start)
	if err == nil {
		s.observe(ctx, rec, it, nil, took)
		return true, nil
	}
	if errors.Is(err, errLost) {
		s.opts.Logger.Warn("schedule: claim lost before completion, effects rolled back", "id", d.ID, "kind", rec.Kind)
		return true, nil
	}
	if ctx.Err() != nil {
		// Stopping: the claim stays until its lease expires and the item runs again.
		return true, ctx.Err()
	}
	settle, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := s.fail(settle, r, rec, err); err != nil {
		return true, err
	}
	var herr handlerError
	if errors.As(err, &herr) {
		s.observe(settle, rec, it, herr.err, took)
	}
	return true, nil
}

// call runs h, turning a panic into an error so that one bad item cannot stop the loop.
func call(ctx context.Context, h Handler, it Item) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("schedule: handler for %s panicked: %v", it.Kind, p)
		}
	}()
	return h(ctx, it)
}

func (s *Scheduler) ignoreLost(err error) error {
	if errors.Is(err, errLost) {
		return nil
	}
	return err
}

// complete removes the finished item, or re-arms it when its handler enqueued its own ID,
// guarded by the version the claim wrote.
func (s *Scheduler) complete(ctx context.Context, r *run, rec record) error {
	var err error
	if r.rearm != nil {
		var next store.Document
		next, err = store.NewDocument(r.id, pendingRecord(*r.rearm, s.now()))
		if err != nil {
			return err
		}
		next.Version = r.token()
		_, err = s.col().Update(ctx, next)
	} else {
		err = s.col().Delete(ctx, r.id, r.token())
	}
	if errors.Is(err, store.ErrVersionConflict) || errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %s", errLost, r.id)
	}
	if err != nil {
		return fmt.Errorf("schedule: complete %s: %w", r.id, err)
	}
	return nil
}

// fail records a failed run: retry after backoff, or keep the item as failed after
// MaxAttempts.
func (s *Scheduler) fail(ctx context.Context, r *run, rec record, herr error) error {
	rec.Attempts++
	rec.Owner, rec.Lease = "", 0
	msg := herr.Error()
	if len(msg) > maxErrorLen {
		msg = msg[:maxErrorLen]
	}
	rec.LastError = msg
	log := s.opts.Logger.With("id", r.id, "kind", rec.Kind, "attempts", rec.Attempts, "err", herr)
	if rec.Attempts >= s.opts.MaxAttempts || isPermanent(herr) {
		rec.Status = StatusFailed
		log.Error("schedule: item failed for good")
	} else {
		delay := s.opts.Backoff(rec.Attempts)
		rec.Due = s.now().Add(delay).UnixMilli()
		log.Warn("schedule: item failed, will retry", "retryIn", delay)
	}
	next, err := store.NewDocument(r.id, rec)
	if err != nil {
		return err
	}
	next.Version = r.token()
	if _, err := s.col().Update(ctx, next); errors.Is(err, store.ErrVersionConflict) || errors.Is(err, store.ErrNotFound) {
		return nil // cancelled or re-claimed meanwhile: nothing to record
	} else if err != nil {
		return fmt.Errorf("schedule: record failure of %s: %w", r.id, err)
	}
	return nil
}

func pendingRecord(it Item, now time.Time) record {
	due := it.Due
	if due.IsZero() {
		due = now
	}
	return record{Kind: it.Kind, Due: due.UnixMilli(), Payload: it.Payload, Status: StatusPending}
}
