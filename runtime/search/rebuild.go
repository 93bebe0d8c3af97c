package search

import (
	"context"
	"fmt"

	"github.com/formloom/formloom/store"
)

// rebuildBatch is how many records one transaction of a rebuild indexes: the writer is
// free between batches, so a running server keeps answering while it rebuilds.
const rebuildBatch = 500

// Rebuild empties the index and indexes every record of st again, returning how many
// records it read. Writes made meanwhile index themselves as usual.
func (ix *Index) Rebuild(ctx context.Context, st store.Store) (int, error) {
	if err := st.WithTx(ctx, ix.Clear); err != nil {
		return 0, err
	}
	coll := st.Collection(RecordsCollection)
	q := store.Query{Sort: []store.SortKey{{Field: store.PathID}}, Limit: rebuildBatch}
	n := 0
	for {
		page, err := coll.Find(ctx, q)
		if err != nil {
			return n, fmt.Errorf("search: read records: %w", err)
		}
		err = st.WithTx(ctx, func(ctx context.Context) error {
			for _, d := range page.Docs {
				if err := ix.Put(ctx, d.ID, d.Data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(page.Docs)
		if err := ix.DrainAll(ctx, st); err != nil {
			return n, err
		}
		if page.Next == "" {
			return n, nil
		}
		q.After = page.Next
	}
}
