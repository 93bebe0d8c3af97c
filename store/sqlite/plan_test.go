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
