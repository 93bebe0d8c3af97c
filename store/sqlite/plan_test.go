package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formloom/formloom/store"
)

// TestListQueryUsesIndex checks the plan of the list query every view runs: equality on
// indexed fields, newest first, with and without a cursor. It must be one range scan of
// the declared index, with no sort step and no table scan.
func TestListQueryUsesIndex(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "plan.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	spec := store.CollectionSpec{Name: "records", Indexes: []store.Index{{Name: "list",
		Keys: []store.SortKey{{Field: "form"}, {Field: "status"}, {Field: store.PathCreated}, {Field: store.PathID}}}}}
	if err := s.EnsureCollection(ctx, spec); err != nil {
		t.Fatal(err)
	}
	c := s.Collection("records")
	for i := range 50 {
		if _, err := c.Insert(ctx, store.Document{Data: json.RawMessage(fmt.Sprintf(`{"form":"lead","status":"s%d"}`, i%3))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.w.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	m, err := s.meta(ctx, "records")
	if err != nil {
		t.Fatal(err)
	}
	q := store.Query{
		Filter: store.And(store.Eq("form", "lead"), store.Eq("status", "s1")),
		Sort:   []store.SortKey{{Field: store.PathCreated, Desc: true}},
		Limit:  5,
	}
	p, err := s.planFind(m, q)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, s, p, `"x:records:list"`)
	page, err := c.Find(ctx, q)
	if err != nil || page.Next == "" {
		t.Fatalf("Find: %v", err)
	}
	q.After = page.Next
	p, err = s.planFind(m, q)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, s, p, `"x:records:list"`)
	if !strings.Contains(p.sql, "(created,id) < (?,?)") {
		t.Errorf("the cursor condition is not a row-value range: %s", p.sql)
	}
}

func checkPlan(t *testing.T, s *Store, p findPlan, index string) {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+p.sql, p.args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, " | ")
	if !strings.Contains(all, "USING INDEX "+strings.Trim(index, `"`)) || strings.Contains(all, "TEMP B-TREE") || strings.Contains(all, "SCAN") {
		t.Errorf("plan %q does not search index %s without sorting", all, index)
	}
	t.Logf("plan: %s", all)
}

// TestPartialListIndex: a list index made partial per form (only that form's documents
// are in it) serves the list query, whose form is a bound parameter, as a range scan; the
// other forms' documents neither enter it nor show up in its results.
func TestPartialListIndex(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "plan.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	spec := store.CollectionSpec{Name: "records", Indexes: []store.Index{
		{Name: "newest", Keys: []store.SortKey{{Field: "form"}, {Field: "deleted"}, {Field: store.PathCreated}, {Field: store.PathID}}},
		{Name: "sel_lead", Keys: []store.SortKey{{Field: "deleted"}, {Field: "f.status"}, {Field: store.PathCreated}, {Field: store.PathID}},
			Partial: store.Eq("form", "lead")},
	}}
	if err := s.EnsureCollection(ctx, spec); err != nil {
		t.Fatal(err)
	}
	c := s.Collection("records")
	for i := range 300 {
		form := "other"
		if i%10 == 0 {
			form = "lead"
		}
		if _, err := c.Insert(ctx, store.Document{Data: json.RawMessage(fmt.Sprintf(`{"form":%q,"deleted":false,"f":{"status":"s%d"}}`, form, i%3))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.w.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	var entries int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM "c_records" INDEXED BY "x:records:sel_lead" WHERE "j:form" IS 'lead'`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if entries != 30 {
		t.Errorf("the partial index holds %d entries, want the 30 of its form", entries)
	}
	m, err := s.meta(ctx, "records")
	if err != nil {
		t.Fatal(err)
	}
	q := store.Query{
		Filter: store.And(store.Eq("form", "lead"), store.Eq("deleted", false), store.Eq("f.status", "s1")),
		Sort:   []store.SortKey{{Field: store.PathCreated, Desc: true}},
		Limit:  5,
	}
	p, err := s.planFind(m, q)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, s, p, `"x:records:sel_lead"`)
	// The form is written as a literal: bound as a parameter, SQLite would compare its
	// value with the index's condition while planning and compile the cached statement
	// again at every execution.
	if !strings.Contains(p.sql, `"j:form" IS 'lead'`) {
		t.Errorf("the form of a partial index's condition is not a literal: %s", p.sql)
	}
	odd := store.And(store.Eq("form", "it's"), store.Eq("deleted", false))
	if where, _, err := compileWhere(m, odd); err != nil || !strings.Contains(where, `"j:form" IS 'it''s'`) {
		t.Errorf("a quote in the literal: %s, %v", where, err)
	}
	if n, err := c.Count(ctx, odd); err != nil || n != 0 {
		t.Errorf("count of a quoted form: %d, %v", n, err)
	}
	page, err := c.Find(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Docs) != 5 {
		t.Fatalf("%d documents, want 5", len(page.Docs))
	}
	for _, d := range page.Docs {
		if !strings.Contains(string(d.Data), `"form":"lead"`) || !strings.Contains(string(d.Data), `"status":"s1"`) {
			t.Errorf("a document the query does not match: %s", d.Data)
		}
	}
}
