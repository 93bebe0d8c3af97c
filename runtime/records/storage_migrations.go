package records

import (
	"context"
	"fmt"

	"github.com/formloom/formloom/store"
)

// DropStoredCreations removes the timeline's stored creation entries that hold no values
// (initRec): the timeline derives a creation entry from the record when none is stored,
// with the same actor, time, form version and initial values. Entries that store their
// values (older ones) stay. It is idempotent, as a migration must be.
func DropStoredCreations(ctx context.Context, st store.Store) error {
	if _, err := st.Collection(historyColl).DeleteMany(ctx, store.And(store.Eq("action", EventCreated), store.Eq("initRec", true))); err != nil {
		return fmt.Errorf("records: drop stored creation entries: %w", err)
	}
	return nil
}
