package search_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/runtime/search"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// BenchmarkRecordInsert measures what the index adds to a record write: the same record
// documents inserted one per transaction into the records collection, plain and with the
// index attached (the write queues the record; draining the queue into the full-text
// tables, in batches, is measured with it: one drain per 500 inserts). Run: go test ./runtime/search -run '^$' -bench RecordInsert -benchtime 5000x
func BenchmarkRecordInsert(b *testing.B) {
	for _, indexed := range []bool{false, true} {
		b.Run(map[bool]string{false: "plain", true: "indexed"}[indexed], func(b *testing.B) {
			ctx := context.Background()
			raw, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(b.TempDir(), "bench.db"), Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			defer raw.Close()
			if err := raw.EnsureCollection(ctx, store.CollectionSpec{Name: search.RecordsCollection}); err != nil {
				b.Fatal(err)
			}
			var st store.Store = raw
			var ix *search.Index
			if indexed {
				if st, ix, err = search.Attach(ctx, raw); err != nil {
					b.Fatal(err)
				}
			}
			coll := st.Collection(search.RecordsCollection)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				data := fmt.Sprintf(`{"ws":"w1","app":"a1","form":"a1.lead","fv":1,"owner":"u1","createdBy":"u1","updatedBy":"u1","deleted":false,"f":{"subject":"华东区采购意向 %d","company":"禾丰超市 %d 店","contact":"王磊","notes":"客户希望下月安排演示，预算已获批。","email":"wang.lei@example.com"}}`, i, i%97)
				err := st.WithTx(ctx, func(ctx context.Context) error {
					_, err := coll.Insert(ctx, store.Document{ID: store.NewID(), Data: []byte(data)})
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				if ix != nil && i%500 == 499 {
					if err := ix.DrainAll(ctx, st); err != nil {
						b.Fatal(err)
					}
				}
			}
			if ix != nil {
				if err := ix.DrainAll(ctx, st); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
