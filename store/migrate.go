package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Migration is one versioned change of the stored data or indexes. IDs are positive and
// never reused; migrations run in ID order, each once per database. Up must be idempotent:
// if the process dies after Up and before the migration is recorded, it runs again.
type Migration struct {
	ID   int
	Name string
	Up   func(ctx context.Context, s Store) error
}

// MigrationsCollection records applied migrations (one document per migration) and the
// lock that keeps several starting instances from running them at once.
const MigrationsCollection = "_migrations"

const (
	migrationLockID = "lock"
	// A lock whose holder stopped renewing it (crashed) is taken over after this long.
	migrationLockTTL = 2 * time.Minute
)

type migrationLock struct {
	Owner   string `json:"owner"`
	Expires int64  `json:"expires"` // unix milliseconds
}

type migrationRecord struct {
	ID      int    `json:"id"`
	Name    string `json:"name"`
	Applied string `json:"applied"`
}

func migrationDocID(id int) string { return fmt.Sprintf("m%010d", id) }

// Migrate applies the migrations of ms that this database has not recorded yet, in ID
// order. It uses only the Store interface: a lock document (insert-if-absent, renewed by
// compare-and-set, taken over when expired) serialises instances, and each applied
// migration is recorded by a document of its own.
func Migrate(ctx context.Context, s Store, ms []Migration) error {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b Migration) int { return a.ID - b.ID })
	for i, m := range ms {
		if m.ID <= 0 || m.Up == nil {
			return fmt.Errorf("store: migration %d (%s) needs a positive ID and an Up function", m.ID, m.Name)
		}
		if i > 0 && ms[i-1].ID == m.ID {
			return fmt.Errorf("store: migration ID %d is used twice", m.ID)
		}
	}
	if err := s.EnsureCollection(ctx, CollectionSpec{Name: MigrationsCollection}); err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	c := s.Collection(MigrationsCollection)
	pending, err := pendingMigrations(ctx, c, ms)
	if err != nil || len(pending) == 0 {
		return err
	}
	lock, err := acquireMigrationLock(ctx, c)
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stopRenew := lock.renew(runCtx, cancel)
	runErr := runMigrations(runCtx, s, c, ms)
	stopRenew()
	if cause := context.Cause(runCtx); runErr != nil && cause != nil && !errors.Is(cause, context.Canceled) {
		runErr = errors.Join(runErr, cause)
	}
	// Release with a fresh context: a cancelled caller must not leave the lock behind.
	relCtx, relCancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer relCancel()
	if err := lock.release(relCtx); err != nil && runErr == nil {
		return err
	}
	return runErr
}

func pendingMigrations(ctx context.Context, c Collection, ms []Migration) ([]Migration, error) {
	var out []Migration
	for _, m := range ms {
		_, err := c.Get(ctx, migrationDocID(m.ID))
		switch {
		case errors.Is(err, ErrNotFound):
			out = append(out, m)
		case err != nil:
			return nil, fmt.Errorf("store: migrations: %w", err)
		}
	}
	return out, nil
}

func runMigrations(ctx context.Context, s Store, c Collection, ms []Migration) error {
	// Re-read under the lock: another instance may have applied some meanwhile.
	pending, err := pendingMigrations(ctx, c, ms)
	if err != nil {
		return err
	}
	for _, m := range pending {
		start := time.Now()
		if err := m.Up(ctx, s); err != nil {
			return fmt.Errorf("store: migration %d (%s): %w", m.ID, m.Name, err)
		}
		doc, err := NewDocument(migrationDocID(m.ID), migrationRecord{ID: m.ID, Name: m.Name, Applied: Now().Format(time.RFC3339Nano)})
		if err != nil {
			return err
		}
		if _, err := c.Insert(ctx, doc); err != nil && !errors.Is(err, ErrExists) {
			return fmt.Errorf("store: record migration %d (%s): %w", m.ID, m.Name, err)
		}
		slog.InfoContext(ctx, "migration applied", "id", m.ID, "name", m.Name, "took", time.Since(start))
	}
	return nil
}

// heldLock is the migration lock while this process holds it.
type heldLock struct {
	c     Collection
	owner string
	mu    sync.Mutex
	doc   Document
}

func lockDoc(owner string, version int64) (Document, error) {
	d, err := NewDocument(migrationLockID, migrationLock{Owner: owner, Expires: time.Now().Add(migrationLockTTL).UnixMilli()})
	d.Version = version
	return d, err
}

func acquireMigrationLock(ctx context.Context, c Collection) (*heldLock, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("store: migration lock: %w", err)
	}
	owner := hex.EncodeToString(b)
	wait := 20 * time.Millisecond
	for {
		d, err := lockDoc(owner, 0)
		if err != nil {
			return nil, err
		}
		got, err := c.Insert(ctx, d)
		if err == nil {
			return &heldLock{c: c, owner: owner, doc: got}, nil
		}
		if !errors.Is(err, ErrExists) {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		cur, err := c.Get(ctx, migrationLockID)
		switch {
		case errors.Is(err, ErrNotFound):
			continue // released meanwhile
		case err != nil:
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		var l migrationLock
		if json.Unmarshal(cur.Data, &l) != nil || time.Now().UnixMilli() > l.Expires {
			// The holder died: take the lock over, unless someone else just did.
			d, err := lockDoc(owner, cur.Version)
			if err != nil {
				return nil, err
			}
			if got, err := c.Update(ctx, d); err == nil {
				slog.WarnContext(ctx, "took over an expired migration lock", "previous_owner", l.Owner)
				return &heldLock{c: c, owner: owner, doc: got}, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("store: waiting for the migration lock: %w", ctx.Err())
		case <-time.After(wait):
		}
		wait = min(wait*2, time.Second)
	}
}

// renew keeps the lock alive while migrations run; if it is lost, the run is cancelled.
func (h *heldLock) renew(ctx context.Context, cancel context.CancelCauseFunc) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(migrationLockTTL / 4)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			h.mu.Lock()
			d, err := lockDoc(h.owner, h.doc.Version)
			if err == nil {
				var got Document
				got, err = h.c.Update(ctx, d)
				if err == nil {
					h.doc = got
				}
			}
			h.mu.Unlock()
			if err != nil && ctx.Err() == nil {
				cancel(fmt.Errorf("store: lost the migration lock: %w", err))
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

func (h *heldLock) release(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	err := h.c.Delete(ctx, migrationLockID, h.doc.Version)
	if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrVersionConflict) {
		return fmt.Errorf("store: release migration lock: %w", err)
	}
	return nil
}
