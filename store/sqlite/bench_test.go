package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// The benchmark data mirrors the reference measurement: a 14-field "leads" form, 100k
// records, an index on (form, status, created, id).

var leadStatuses = []string{"new", "contacted", "qualified", "lost"}

func leadDoc(i int) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"form":"lead","status":%q,"name":"客户%d","company":"华东贸易有限公司 %d","email":"lead%d@example.com","phone":"138%08d","source":"web","owner":"u%d","budget":%d,"score":%d,"city":"上海","notes":"重点客户，需要在三天内回访 %d","tags":["vip","b2b"],"expected":"2026-0%d-15"}`,
		leadStatuses[i%len(leadStatuses)], i, i%997, i, i, i%50, (i%100)*1000, i%100, i, 1+i%9))
}

var leadSpec = store.CollectionSpec{Name: "records", Indexes: []store.Index{{Name: "list",
	Keys: []store.SortKey{{Field: "form"}, {Field: "status"}, {Field: store.PathCreated}, {Field: store.PathID}}}}}

func openLeads(b *testing.B, n int) (*sqlite.Store, store.Collection) {
	b.Helper()
	ctx := context.Background()
	s := openTemp(b)
	if err := s.EnsureCollection(ctx, leadSpec); err != nil {
		b.Fatal(err)
	}
	c := s.Collection("records")
	// Bulk load in large transactions: one commit per 10k documents.
	for start := 0; start < n; start += 10_000 {
		err := s.WithTx(ctx, func(ctx context.Context) error {
			for i := start; i < min(start+10_000, n); i++ {
				if _, err := c.Insert(ctx, store.Document{Data: leadDoc(i)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return s, c
}

// latency reports the median and 99th percentile of the timed operation.
type latency []time.Duration

func (l latency) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	b.ReportMetric(float64(l[len(l)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(l[len(l)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkList(b *testing.B) {
	ctx := context.Background()
	start := time.Now()
	_, c := openLeads(b, 100_000)
	b.Logf("loaded 100k documents in %v", time.Since(start).Round(time.Millisecond))
	base := store.Query{
		Filter: store.And(store.Eq("form", "lead"), store.Eq("status", "new")),
		Sort:   []store.SortKey{{Field: store.PathCreated, Desc: true}},
		Limit:  20,
	}
	q1000 := base
	for range 999 {
		p, err := c.Find(ctx, q1000)
		if err != nil || p.Next == "" {
			b.Fatalf("walking to page 1000: %v", err)
		}
		q1000.After = p.Next
	}
	contains := base
	contains.Filter = store.And(store.Eq("form", "lead"), store.Cmp("notes", store.OpContains, "回访 9999"))
	run := func(q store.Query, count bool) func(b *testing.B) {
		return func(b *testing.B) {
			var lat latency
			for b.Loop() {
				t0 := time.Now()
				p, err := c.Find(ctx, q)
				if err != nil || len(p.Docs) == 0 {
					b.Fatalf("Find: %v (%d docs)", err, len(p.Docs))
				}
				if count {
					if n, err := c.Count(ctx, q.Filter); err != nil || n == 0 {
						b.Fatalf("Count: %v", err)
					}
				}
				lat = append(lat, time.Since(t0))
			}
			lat.report(b)
		}
	}
	b.Run("page1", run(base, false))
	b.Run("page1000", run(q1000, false))
	b.Run("page1+count", run(base, true))
	b.Run("page1000+count", run(q1000, true))
	b.Run("contains-unindexed", run(contains, false))
	b.Run("aggregate-by-status", func(b *testing.B) {
		var lat latency
		for b.Loop() {
			t0 := time.Now()
			g, err := c.Aggregate(ctx, store.Aggregation{Filter: store.Eq("form", "lead"),
				GroupBy: []store.GroupKey{{Field: "status"}}, Metrics: []store.Metric{{Op: store.AggCount, As: "n"}, {Op: store.AggSum, Field: "budget", As: "budget"}}})
			if err != nil || len(g) != len(leadStatuses) {
				b.Fatalf("Aggregate: %v %v", g, err)
			}
			lat = append(lat, time.Since(t0))
		}
		lat.report(b)
	})
}

func BenchmarkInsert(b *testing.B) {
	ctx := context.Background()
	_, c := openLeads(b, 0)
	i := 0
	var lat latency
	for b.Loop() {
		t0 := time.Now()
		if _, err := c.Insert(ctx, store.Document{Data: leadDoc(i)}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
	lat.report(b)
}

// BenchmarkInsertParallel inserts from 50 goroutines (the reference's HTTP concurrency);
// the single writer connection serialises them.
func BenchmarkInsertParallel(b *testing.B) {
	ctx := context.Background()
	_, c := openLeads(b, 0)
	b.SetParallelism(25)
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := c.Insert(ctx, store.Document{Data: leadDoc(i)}); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
}

func BenchmarkUpdate(b *testing.B) {
	ctx := context.Background()
	_, c := openLeads(b, 1000)
	p, err := c.Find(ctx, store.Query{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	docs := p.Docs
	i := 0
	var lat latency
	for b.Loop() {
		d := docs[i%len(docs)]
		d.Data = leadDoc(i)
		t0 := time.Now()
		u, err := c.Update(ctx, d)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		docs[i%len(docs)] = u
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
	lat.report(b)
}
