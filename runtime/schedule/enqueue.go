package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/formloom/formloom/store"
)

// Enqueue stores it to run at it.Due (now when zero). An existing item with the same ID is
// re-armed: kind, due and payload replaced, attempts reset, a failed item made pending
// again — unless an instance is running it (ErrRunning). A handler re-arming its own item
// through the context it was given is allowed: the item is re-armed when the run completes.
// Called with the context of a caller's WithTx, the item commits or rolls back with it.
func (s *Scheduler) Enqueue(ctx context.Context, it Item) error {
	if err := checkItem(it); err != nil {
		return err
	}
	if r := s.runFrom(ctx, it.ID); r != nil {
		cp := it
		r.rearm = &cp
		return nil
	}
	col := s.col()
	for {
		now := s.now()
		doc, err := store.NewDocument(it.ID, pendingRecord(it, now))
		if err != nil {
			return err
		}
		cur, err := col.Get(ctx, it.ID)
		if errors.Is(err, store.ErrNotFound) {
			if _, err := col.Insert(ctx, doc); errors.Is(err, store.ErrExists) {
				continue // someone enqueued it meanwhile: re-arm theirs
			} else if err != nil {
				return fmt.Errorf("schedule: enqueue %s: %w", it.ID, err)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("schedule: enqueue %s: %w", it.ID, err)
		}
		rec, err := store.Decode[record](cur)
		if err != nil {
			return fmt.Errorf("schedule: %w", err)
		}
		if rec.Owner != "" && rec.Lease > 0 {
			leaseNow, err := s.leaseNow(ctx)
			if err != nil {
				return err
			}
			if rec.Lease > leaseNow.UnixMilli() {
				return fmt.Errorf("%w: %s", ErrRunning, it.ID)
			}
		}
		doc.Version, doc.Created = cur.Version, cur.Created
		if _, err := col.Update(ctx, doc); errors.Is(err, store.ErrVersionConflict) || errors.Is(err, store.ErrNotFound) {
			if err := ctx.Err(); err != nil {
				return err
			}
			continue
		} else if err != nil {
			return fmt.Errorf("schedule: enqueue %s: %w", it.ID, err)
		}
		return nil
	}
}

// Add stores a new item in one write. It is Enqueue for IDs the caller made unique (a
// new activity's deadline), saving the read Enqueue makes to find an item to re-arm. An
// ID taken after all re-arms that item as Enqueue does (on engines whose transactions
// survive a refused write: SQLite; on MongoDB the refusal ends the caller's transaction).
//
// Several items are stored in one statement where the store can (store.Inserter): a step
// often arms more than one deadline (an approval at a split two). When one of their IDs is
// taken after all, each is added alone.
func (s *Scheduler) Add(ctx context.Context, items ...Item) error {
	if len(items) > 1 {
		if ins, ok := s.col().(store.Inserter); ok {
			docs := make([]store.Document, 0, len(items))
			for _, it := range items {
				if err := checkItem(it); err != nil {
					return err
				}
				if s.runFrom(ctx, it.ID) != nil { // re-armed when its run completes
					docs = nil
					break
				}
				doc, err := store.NewDocument(it.ID, pendingRecord(it, s.now()))
				if err != nil {
					return err
				}
				docs = append(docs, doc)
			}
			if docs != nil {
				err := ins.InsertAll(ctx, docs...)
				if err == nil {
					return nil
				}
				if !errors.Is(err, store.ErrExists) {
					return fmt.Errorf("schedule: enqueue: %w", err)
				}
			}
		}
	}
	for _, it := range items {
		if err := s.add(ctx, it); err != nil {
			return err
		}
	}
	return nil
}

func (s *Scheduler) add(ctx context.Context, it Item) error {
	if err := checkItem(it); err != nil {
		return err
	}
	if s.runFrom(ctx, it.ID) != nil {
		return s.Enqueue(ctx, it)
	}
	doc, err := store.NewDocument(it.ID, pendingRecord(it, s.now()))
	if err != nil {
		return err
	}
	if _, err := s.col().Insert(ctx, doc); errors.Is(err, store.ErrExists) {
		return s.Enqueue(ctx, it)
	} else if err != nil {
		return fmt.Errorf("schedule: enqueue %s: %w", it.ID, err)
	}
	return nil
}

// Cancel removes the items, in one write; absent items are not an error. Cancelling a
// running item drops its outcome: a Handle handler's writes roll back.
func (s *Scheduler) Cancel(ctx context.Context, ids ...string) error {
	del := make([]any, 0, len(ids))
	for _, id := range ids {
		if r := s.runFrom(ctx, id); r != nil {
			r.rearm = nil // completion deletes it
			continue
		}
		del = append(del, id)
	}
	if len(del) == 0 {
		return nil
	}
	// One statement whatever the count, and no read to tell an absent item apart.
	_, err := s.col().DeleteMany(ctx, store.In(store.PathID, del...))
	if err != nil {
		return fmt.Errorf("schedule: cancel %v: %w", ids, err)
	}
	return nil
}

func checkItem(it Item) error {
	if it.ID == "" || it.Kind == "" {
		return errors.New("schedule: an item needs an ID and a kind")
	}
	if len(it.Payload) > 0 && !json.Valid(it.Payload) {
		return fmt.Errorf("schedule: payload of %s is not valid JSON", it.ID)
	}
	return nil
}

// Get returns the stored item and its status ("pending" or "failed"); store.ErrNotFound
// when there is none.
func (s *Scheduler) Get(ctx context.Context, id string) (Item, string, error) {
	d, err := s.col().Get(ctx, id)
	if err != nil {
		return Item{}, "", err
	}
	rec, err := store.Decode[record](d)
	if err != nil {
		return Item{}, "", fmt.Errorf("schedule: %w", err)
	}
	return rec.item(id), rec.Status, nil
}
