package mongo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/formloom/formloom/store"
)

// The benchmarks run on FerretDB v1 in this process (figures labelled as such in
// docs/BENCHMARKS.md) and also on MongoDB when FORMLOOM_TEST_MONGODB_URI is set.
// FORMLOOM_BENCH_DOCS sets the size of the list benchmark's collection (default 10,000).

var benchLeads = store.CollectionSpec{
	Name: "leads",
	Indexes: []store.Index{
		{Name: "status_created", Keys: []store.SortKey{{Field: "status"}, {Field: store.PathCreated, Desc: true}}},
	},
}

var benchStatuses = []string{"new", "following", "qualified", "won", "lost"}

func leadData(i int) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"name":"客户%d","company":"上海某某科技有限公司","phone":"1380000%04d","email":"lead%d@example.com","status":%q,"source":"web","owner":"u%d","amount":%d,"tags":["vip","华东"],"province":"上海","city":"上海","note":"首次接触，需跟进报价","score":%d,"industry":"制造业"}`,
		i, i%10000, i, benchStatuses[i%len(benchStatuses)], i%20, 1000+i%5000, i%100))
}

func BenchmarkInsert(b *testing.B) {
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			ctx := context.Background()
			s := openStore(b, srv)
			if err := s.EnsureCollection(ctx, benchLeads); err != nil {
				b.Fatal(err)
			}
			c := s.Collection("leads")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Insert(ctx, store.Document{Data: leadData(i)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUpdateCAS(b *testing.B) {
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			ctx := context.Background()
			s := openStore(b, srv)
			if err := s.EnsureCollection(ctx, benchLeads); err != nil {
				b.Fatal(err)
			}
			c := s.Collection("leads")
			d, err := c.Insert(ctx, store.Document{Data: leadData(0)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d.Data = leadData(i)
				if d, err = c.Update(ctx, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchLeadsUnique adds a per-form unique rule on e-mail (a rule with conditions: kept as
// keys in the engine's unique-values collection).
var benchLeadsUnique = store.CollectionSpec{
	Name: "leads",
	Indexes: append([]store.Index{{Name: "u_email", Keys: []store.SortKey{{Field: "email"}}, Unique: true,
		Partial: store.Cmp("email", store.OpExists, true)}}, benchLeads.Indexes...),
}

// BenchmarkInsertUnique and BenchmarkUpdateUnique are Insert and UpdateCAS with one
// unique rule: the key claimed with the document (and, on update, the old one released).
func BenchmarkInsertUnique(b *testing.B) {
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			ctx := context.Background()
			s := openStore(b, srv)
			if err := s.EnsureCollection(ctx, benchLeadsUnique); err != nil {
				b.Fatal(err)
			}
			c := s.Collection("leads")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Insert(ctx, store.Document{Data: leadData(i)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUpdateUnique(b *testing.B) {
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			ctx := context.Background()
			s := openStore(b, srv)
			if err := s.EnsureCollection(ctx, benchLeadsUnique); err != nil {
				b.Fatal(err)
			}
			c := s.Collection("leads")
			d, err := c.Insert(ctx, store.Document{Data: leadData(0)})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 1; i <= b.N; i++ {
				d.Data = leadData(i) // a new e-mail each time: one key claimed, one released
				if d, err = c.Update(ctx, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkListPage reads 20-row pages of one status, newest first, over a collection
// of FORMLOOM_BENCH_DOCS documents (default 10,000): the first page, and a page reached
// through a cursor 50 pages deep (halfway through the status for small collections).
func BenchmarkListPage(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("FORMLOOM_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			ctx := context.Background()
			s := openStore(b, srv)
			if err := s.EnsureCollection(ctx, benchLeads); err != nil {
				b.Fatal(err)
			}
			c := s.Collection("leads")
			fill(b, c, n)
			q := store.Query{
				Filter: store.Eq("status", "following"),
				Sort:   []store.SortKey{{Field: store.PathCreated, Desc: true}},
				Limit:  20,
			}
			// The deep page: 50 pages in, or halfway for small collections.
			depth := min(50, n/len(benchStatuses)/20/2)
			deep := q
			for range depth {
				p, err := c.Find(ctx, deep)
				if err != nil || p.Next == "" {
					b.Fatalf("paging to page %d: %v", depth, err)
				}
				deep.After = p.Next
			}
			for _, tc := range []struct {
				name string
				q    store.Query
			}{{"page1", q}, {fmt.Sprintf("page%d", depth+1), deep}} {
				b.Run(fmt.Sprintf("docs=%d/%s", n, tc.name), func(b *testing.B) {
					b.ReportAllocs()
					for i := 0; i < b.N; i++ {
						p, err := c.Find(ctx, tc.q)
						if err != nil || len(p.Docs) != 20 {
							b.Fatalf("page: %d docs, %v", len(p.Docs), err)
						}
					}
				})
			}
		})
	}
}

// fill inserts n leads with a few writers at once.
func fill(b *testing.B, c store.Collection, n int) {
	b.Helper()
	const writers = 8
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += writers {
				if _, err := c.Insert(context.Background(), store.Document{Data: leadData(i)}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}
