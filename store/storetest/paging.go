package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/formloom/formloom/store"
)

// pageValues cycle through every JSON type class, so that cursors cross type boundaries.
var pageValues = []string{`null`, ``, `1`, `2.5`, `"x"`, `"Y"`, `true`, `false`, `-7`, `"中文"`}

func pageDoc(i int) string {
	g := pageValues[i%len(pageValues)]
	field := ""
	if g != "" {
		field = `"g":` + g + `,`
	}
	return fmt.Sprintf(`{%s"n":%d,"s":%d}`, field, i%5, i)
}

var pageSorts = [][]store.SortKey{
	nil,
	{{Field: "g"}},
	{{Field: "g", Desc: true}},
	{{Field: "g"}, {Field: "n", Desc: true}},
	{{Field: "n", Desc: true}, {Field: "g"}},
	{{Field: store.PathCreated, Desc: true}},
	{{Field: "s", Desc: true}},
}

func testPaging(t *testing.T, h *harness) {
	ctx := context.Background()

	t.Run("Exact", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "pages"})
		var docs []store.Document
		for i := range 61 {
			docs = append(docs, put(t, c, fmt.Sprintf("p%03d", i), pageDoc(i)))
		}
		for _, sort := range pageSorts {
			want := slices.Clone(docs)
			slices.SortFunc(want, func(a, b store.Document) int { return compareDocs(t, a, b, sort) })
			for _, limit := range []int{1, 7, 20, 61, 100} {
				got := findAll(t, c, store.Filter{}, sort, limit)
				if !equal(ids(got), ids(want)) {
					t.Errorf("sort %v limit %d:\n got  %v\n want %v", sort, limit, ids(got), ids(want))
				}
			}
			// With a filter, pages hold only matches.
			f := store.Cmp("g", store.OpNe, "x")
			var wantF []string
			for _, d := range want {
				var m map[string]any
				_ = json.Unmarshal(d.Data, &m)
				if m["g"] != "x" {
					wantF = append(wantF, d.ID)
				}
			}
			if got := ids(findAll(t, c, f, sort, 6)); !equal(got, wantF) {
				t.Errorf("sort %v with filter:\n got  %v\n want %v", sort, got, wantF)
			}
		}
		p, err := c.Find(ctx, store.Query{})
		if err != nil || len(p.Docs) != store.DefaultLimit || p.Next == "" {
			t.Fatalf("Find with limit 0 returned %d documents (next %q, %v), want the default %d", len(p.Docs), p.Next, err, store.DefaultLimit)
		}
		p, err = c.Find(ctx, store.Query{Limit: 61})
		if err != nil || len(p.Docs) != 61 || p.Next != "" {
			t.Fatalf("a page holding the last document must have no next cursor (got %d, %q, %v)", len(p.Docs), p.Next, err)
		}
	})

	t.Run("ConcurrentInserts", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "pages"})
		original := map[string]bool{}
		for i := range 30 {
			original[put(t, c, fmt.Sprintf("p%03d", i), pageDoc(i)).ID] = true
		}
		for si, sort := range pageSorts {
			// A writer inserts all along, and more documents land between pages.
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					if i >= 40 {
						return
					}
					if _, err := c.Insert(ctx, store.Document{ID: fmt.Sprintf("w%d_%03d", si, i), Data: json.RawMessage(pageDoc(i * 7))}); err != nil {
						t.Errorf("concurrent insert: %v", err)
						return
					}
				}
			}()
			var seen []store.Document
			after := ""
			for page := 0; ; page++ {
				p, err := c.Find(ctx, store.Query{Sort: sort, Limit: 8, After: after})
				if err != nil {
					t.Fatalf("Find: %v", err)
				}
				seen = append(seen, p.Docs...)
				for j := range 2 {
					put(t, c, fmt.Sprintf("b%d_%02d_%d", si, page, j), pageDoc(page*2+j))
				}
				if p.Next == "" {
					break
				}
				after = p.Next
			}
			close(stop)
			wg.Wait()
			count := map[string]int{}
			for i, d := range seen {
				count[d.ID]++
				if i > 0 && compareDocs(t, seen[i-1], d, sort) >= 0 {
					t.Errorf("sort %v: %s came after %s, out of order", sort, d.ID, seen[i-1].ID)
				}
			}
			for id, n := range count {
				if n > 1 {
					t.Errorf("sort %v: %s was returned %d times", sort, id, n)
				}
			}
			for id := range original {
				if count[id] != 1 {
					t.Errorf("sort %v: %s, present from the start, was skipped", sort, id)
				}
			}
		}
	})

	t.Run("BadCursor", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "pages"})
		for i := range 10 {
			put(t, c, fmt.Sprintf("p%03d", i), pageDoc(i))
		}
		sort := []store.SortKey{{Field: "g"}}
		p, err := c.Find(ctx, store.Query{Sort: sort, Limit: 3})
		if err != nil || p.Next == "" {
			t.Fatalf("Find: %v (next %q)", err, p.Next)
		}
		next := p.Next
		for _, i := range []int{0, len(next) / 3, len(next) / 2, 2 * len(next) / 3} {
			b := []byte(next)
			if b[i] == 'A' {
				b[i] = 'B'
			} else {
				b[i] = 'A'
			}
			if _, err := c.Find(ctx, store.Query{Sort: sort, Limit: 3, After: string(b)}); !isQueryError(err) {
				t.Errorf("cursor changed at %d: Find = %v, want a *store.QueryError", i, err)
			}
		}
		for _, bad := range []string{"x", "!!!", next[:len(next)/2], next + next} {
			if _, err := c.Find(ctx, store.Query{Sort: sort, Limit: 3, After: bad}); !isQueryError(err) {
				t.Errorf("cursor %q: Find = %v, want a *store.QueryError", bad, err)
			}
		}
		if _, err := c.Find(ctx, store.Query{Sort: []store.SortKey{{Field: "n"}, {Field: "s"}}, Limit: 3, After: next}); !isQueryError(err) {
			t.Errorf("cursor used with another sort: Find = %v, want a *store.QueryError", err)
		}
		if _, err := c.Find(ctx, store.Query{Sort: sort, Limit: 3, After: next}); err != nil {
			t.Errorf("the untouched cursor: %v", err)
		}
	})
}
