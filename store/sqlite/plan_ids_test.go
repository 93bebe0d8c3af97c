package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/store"
)

// TestIDListUsesPrimaryKey: a query naming the documents it wants by ID (search reads its
// candidates back this way) looks each ID up by the primary key, however many documents
// the collection's list indexes say share its other conditions; no index of (form,
// deleted, _id) is needed for it.
func TestIDListUsesPrimaryKey(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "plan.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	spec := store.CollectionSpec{Name: "records", Indexes: []store.Index{
		{Name: "form_created", Keys: []store.SortKey{{Field: "form"}, {Field: "deleted"}, {Field: store.PathCreated}, {Field: store.PathID}}},
		{Name: "form_owner", Keys: []store.SortKey{{Field: "form"}, {Field: "deleted"}, {Field: "owner"}, {Field: store.PathCreated}, {Field: store.PathID}}},
	}}
	if err := s.EnsureCollection(ctx, spec); err != nil {
		t.Fatal(err)
	}
	c := s.Collection("records")
	var ids []any
	for i := range 400 {
		d, err := c.Insert(ctx, store.Document{Data: json.RawMessage(fmt.Sprintf(`{"form":"lead","deleted":false,"owner":"u%d"}`, i%2))})
		if err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 && len(ids) < 40 {
			ids = append(ids, d.ID)
		}
	}
	m, err := s.meta(ctx, "records")
	if err != nil {
		t.Fatal(err)
	}
	q := store.Query{
		Filter: store.And(store.Eq("form", "lead"), store.Eq("deleted", false), store.Cmp(store.PathID, store.OpIn, ids)),
		Sort:   []store.SortKey{{Field: store.PathID}},
		Limit:  len(ids),
	}
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			if _, err := s.w.ExecContext(ctx, "ANALYZE"); err != nil {
				t.Fatal(err)
			}
		}
		p, err := s.planFind(m, q)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, s, p, "sqlite_autoindex_c_records_1")
		page, err := c.Find(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Docs) != len(ids) {
			t.Fatalf("%d documents, want %d", len(page.Docs), len(ids))
		}
	}
}
