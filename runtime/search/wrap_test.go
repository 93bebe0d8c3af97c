package search_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/runtime/search"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// TestUpdateKeepingText: a write that keeps a record's fields (a pipeline step that only
// moves its run) leaves the index alone, so nothing is queued for indexing again; an
// ordinary update queues the record's new text.
func TestUpdateKeepingText(t *testing.T) {
	ctx := context.Background()
	raw, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "t.db"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if err := raw.EnsureCollection(ctx, store.CollectionSpec{Name: search.RecordsCollection}); err != nil {
		t.Fatal(err)
	}
	st, ix, err := search.Attach(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	coll := st.Collection(search.RecordsCollection)
	queued := func() int {
		t.Helper()
		rows, err := raw.QuerySQL(ctx, `SELECT count(*) FROM search_queue`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var n int
		for rows.Next() {
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
		}
		return n
	}
	doc := func(subject, stage string) []byte {
		return []byte(`{"ws":"w1","app":"a1","form":"a1.lead","deleted":false,"stage":"` + stage + `","f":{"subject":"` + subject + `"}}`)
	}
	saved, err := coll.Insert(ctx, store.Document{ID: store.NewID(), Data: doc("禾丰超市", "")})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.DrainAll(ctx, st); err != nil {
		t.Fatal(err)
	}
	keeper, ok := coll.(interface {
		UpdateKeepingText(context.Context, store.Document) (store.Document, error)
	})
	if !ok {
		t.Fatal("the indexed records collection cannot keep its text")
	}
	saved, err = keeper.UpdateKeepingText(ctx, store.Document{ID: saved.ID, Version: saved.Version, Data: doc("禾丰超市", "review")})
	if err != nil {
		t.Fatal(err)
	}
	if n := queued(); n != 0 {
		t.Errorf("a write keeping the text queued %d records", n)
	}
	if _, err := coll.Update(ctx, store.Document{ID: saved.ID, Version: saved.Version, Data: doc("星河科技", "review")}); err != nil {
		t.Fatal(err)
	}
	if n := queued(); n != 1 {
		t.Errorf("an update of the text queued %d records, want 1", n)
	}
}
