package mongo_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

var leadsSpec = store.CollectionSpec{
	Name: "leads",
	Indexes: []store.Index{
		{Name: "status_created", Keys: []store.SortKey{{Field: "status"}, {Field: store.PathCreated, Desc: true}}},
		{Name: "email", Keys: []store.SortKey{{Field: "email"}}, Unique: true},
	},
}

func ensure(t *testing.T, s store.Store, spec store.CollectionSpec) store.Collection {
	t.Helper()
	if err := s.EnsureCollection(context.Background(), spec); err != nil {
		t.Fatalf("ensure %s: %v", spec.Name, err)
	}
	return s.Collection(spec.Name)
}

func mustInsert(t *testing.T, c store.Collection, id string, data string) store.Document {
	t.Helper()
	d, err := c.Insert(context.Background(), store.Document{ID: id, Data: json.RawMessage(data)})
	if err != nil {
		t.Fatalf("insert %s: %v", id, err)
	}
	return d
}

func jsonEqual(t *testing.T, got json.RawMessage, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("stored data is not JSON: %s", got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %s", want)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Fatalf("data = %s, want %s", got, want)
	}
}

func TestDocumentLifecycle(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		if got := s.Capabilities().Engine; got != "mongo" {
			t.Fatalf("engine = %q", got)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("ping: %v", err)
		}
		c := ensure(t, s, leadsSpec)
		data := `{"name":"张三","status":"new","amount":12000,"ratio":0.25,"big":9007199254740993,"tags":["vip","华东"],"addr":{"city":"上海","zip":null},"ok":true}`
		d := mustInsert(t, c, "", data)
		if d.ID == "" || d.Version != 1 || d.Created.IsZero() || !d.Created.Equal(d.Updated) {
			t.Fatalf("inserted = %+v", d)
		}
		got, err := c.Get(ctx, d.ID)
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		jsonEqual(t, got.Data, data)
		var big struct{ Big int64 }
		_ = json.Unmarshal(got.Data, &big)
		if big.Big != 9007199254740993 {
			t.Fatalf("integer lost precision: %d", big.Big)
		}
		if !got.Created.Equal(d.Created) || got.Version != 1 {
			t.Fatalf("got %+v, inserted %+v", got, d)
		}

		if _, err := c.Insert(ctx, store.Document{ID: d.ID, Data: json.RawMessage(`{"status":"x"}`)}); !errors.Is(err, store.ErrExists) {
			t.Fatalf("insert of a taken id: %v, want ErrExists", err)
		}
		if _, err := c.Insert(ctx, store.Document{Data: json.RawMessage(`{"_secret":1}`)}); err == nil {
			t.Fatal("data key with an underscore was accepted")
		}

		// Compare-and-set: with the document as read, and with only ID and version.
		got.Data = json.RawMessage(`{"name":"张三","status":"following"}`)
		u1, err := c.Update(ctx, got)
		if err != nil {
			t.Fatalf("update: %v", err)
		}
		if u1.Version != 2 || !u1.Created.Equal(d.Created) {
			t.Fatalf("updated = %+v", u1)
		}
		if _, err := c.Update(ctx, got); !errors.Is(err, store.ErrVersionConflict) {
			t.Fatalf("stale update: %v, want ErrVersionConflict", err)
		}
		u2, err := c.Update(ctx, store.Document{ID: d.ID, Version: 2, Data: json.RawMessage(`{"status":"won"}`)})
		if err != nil {
			t.Fatalf("update by id and version: %v", err)
		}
		if u2.Version != 3 || !u2.Created.Equal(d.Created) {
			t.Fatalf("updated = %+v", u2)
		}
		got, err = c.Get(ctx, d.ID)
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		jsonEqual(t, got.Data, `{"status":"won"}`) // fields left out are gone
		if got.Version != 3 || !got.Created.Equal(d.Created) || got.Updated.Before(got.Created) {
			t.Fatalf("after updates: %+v", got)
		}
		// A wrong creation time in the input does not change the stored one.
		wrong := got
		wrong.Created = time.Unix(1, 0)
		u3, err := c.Update(ctx, wrong)
		if err != nil || !u3.Created.Equal(d.Created) {
			t.Fatalf("update with wrong created: %+v, %v", u3, err)
		}
		if _, err := c.Update(ctx, store.Document{ID: "missing", Version: 1, Data: json.RawMessage(`{}`)}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update of a missing document: %v, want ErrNotFound", err)
		}

		if err := c.Delete(ctx, d.ID, 1); !errors.Is(err, store.ErrVersionConflict) {
			t.Fatalf("delete with a stale version: %v", err)
		}
		if err := c.Delete(ctx, d.ID, 4); err != nil {
			t.Fatalf("delete: %v", err)
		}
		if _, err := c.Get(ctx, d.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("get after delete: %v", err)
		}
		if err := c.Delete(ctx, d.ID, 0); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("delete of a missing document: %v", err)
		}
	})
}

func TestUniqueIndex(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		ensure(t, s, leadsSpec)
		// Declaring again is a no-op.
		c := ensure(t, s, leadsSpec)
		mustInsert(t, c, "a", `{"email":"a@example.com"}`)
		b := mustInsert(t, c, "b", `{"email":"b@example.com"}`)
		// Documents without the unique field do not collide.
		mustInsert(t, c, "c", `{"status":"new"}`)
		mustInsert(t, c, "d", `{"status":"new"}`)

		_, err := c.Insert(ctx, store.Document{ID: "e", Data: json.RawMessage(`{"email":"a@example.com"}`)})
		var dup *store.DuplicateError
		if !errors.As(err, &dup) || !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate insert: %v", err)
		}
		if dup.Index != "email" || len(dup.Fields) != 1 || dup.Fields[0] != "email" || dup.Collection != "leads" {
			t.Fatalf("duplicate error = %+v", dup)
		}
		b.Data = json.RawMessage(`{"email":"a@example.com"}`)
		_, err = c.Update(ctx, b)
		if !errors.As(err, &dup) || dup.Index != "email" {
			t.Fatalf("duplicate update: %v", err)
		}
		if n, _ := c.Count(ctx, store.Eq("email", "a@example.com")); n != 1 {
			t.Fatalf("count after refused writes = %d", n)
		}
	})
}

func TestCollectionNotDeclared(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		s := openStore(t, srv)
		if _, err := s.Collection("nothing").Get(context.Background(), "x"); err == nil || errors.Is(err, store.ErrNotFound) {
			t.Fatalf("get from an undeclared collection: %v", err)
		}
	})
}

// seed inserts n documents with predictable fields.
func seed(t *testing.T, c store.Collection, n int) {
	t.Helper()
	statuses := []string{"new", "following", "won"}
	for i := 0; i < n; i++ {
		mustInsert(t, c, fmt.Sprintf("id%03d", i), fmt.Sprintf(`{"n":%d,"status":%q,"name":"线索%d号"}`, i, statuses[i%3], i))
	}
}

func TestFindPagesAndFilters(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, leadsSpec)
		seed(t, c, 50)

		// Page through status=new by n descending; pages neither skip nor repeat.
		q := store.Query{Filter: store.Eq("status", "new"), Sort: []store.SortKey{{Field: "n", Desc: true}}, Limit: 4}
		var seen []float64
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("paging does not end")
			}
			p, err := c.Find(ctx, q)
			if err != nil {
				t.Fatalf("find: %v", err)
			}
			for _, d := range p.Docs {
				v, _ := store.Decode[map[string]any](d)
				seen = append(seen, v["n"].(float64))
			}
			if p.Next == "" {
				break
			}
			q.After = p.Next
		}
		if len(seen) != 17 {
			t.Fatalf("saw %d documents: %v", len(seen), seen)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i] >= seen[i-1] {
				t.Fatalf("order broken: %v", seen)
			}
		}

		count := func(f store.Filter) int64 {
			t.Helper()
			n, err := c.Count(ctx, f)
			if err != nil {
				t.Fatalf("count %+v: %v", f, err)
			}
			return n
		}
		if n := count(store.Cmp("name", store.OpContains, "线索1")); n != 11 { // 1, 10-19
			t.Fatalf("contains 线索1: %d", n)
		}
		if n := count(store.Cmp("name", store.OpStartsWith, "线索4")); n != 11 {
			t.Fatalf("startsWith 线索4: %d", n)
		}
		if n := count(store.Cmp("name", store.OpContains, ".*")); n != 0 {
			t.Fatalf("contains is a pattern: %d", n)
		}
		if n := count(store.And(store.Cmp("n", store.OpGte, 10), store.Cmp("n", store.OpLt, 20))); n != 10 {
			t.Fatalf("range: %d", n)
		}
		if n := count(store.Not(store.In("status", "new", "won"))); n != 17 {
			t.Fatalf("not in: %d", n)
		}
		if n := count(store.Eq("n", "1")); n != 0 {
			t.Fatalf("cross-type equality: %d", n)
		}
		var qe *store.QueryError
		if _, err := c.Count(ctx, store.Eq("status", map[string]any{"$ne": nil})); !errors.As(err, &qe) {
			t.Fatalf("an operator-shaped value: %v", err)
		}
		d, err := c.FindOne(ctx, store.Eq("status", "won"))
		if err != nil || d.ID != "id002" {
			t.Fatalf("find one: %+v %v", d, err)
		}
		if removed, err := c.DeleteMany(ctx, store.Eq("status", "won")); err != nil || removed != 16 {
			t.Fatalf("delete many: %d %v", removed, err)
		}

		_, err = c.Find(ctx, store.Query{Filter: store.Eq("status", "new"), Sort: []store.SortKey{{Field: "n", Desc: true}}, After: q.After + "x"})
		if !errors.As(err, &qe) || qe.Code != "bad_cursor" {
			t.Fatalf("tampered cursor: %v", err)
		}
		_, err = c.Find(ctx, store.Query{Filter: store.Eq("status", "following"), Sort: []store.SortKey{{Field: "n", Desc: true}}, After: q.After})
		if !errors.As(err, &qe) || qe.Code != "bad_cursor" {
			t.Fatalf("cursor of another query: %v", err)
		}
	})
}

func TestMixedTypeOrder(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "mixed"})
		values := []string{`true`, `"b"`, `2`, `null`, `{"a":1}`, `"a"`, `1.5`, `false`}
		for i, v := range values {
			mustInsert(t, c, fmt.Sprintf("m%d", i), `{"v":`+v+`}`)
		}
		mustInsert(t, c, "m9", `{}`)
		want := []string{"m3", "m9", "m6", "m2", "m5", "m1", "m4", "m7", "m0"}
		for _, desc := range []bool{false, true} {
			var got []string
			q := store.Query{Sort: []store.SortKey{{Field: "v", Desc: desc}}, Limit: 2}
			for {
				p, err := c.Find(ctx, q)
				if err != nil {
					t.Fatalf("find: %v", err)
				}
				for _, d := range p.Docs {
					got = append(got, d.ID)
				}
				if p.Next == "" {
					break
				}
				q.After = p.Next
			}
			exp := append([]string(nil), want...)
			if desc {
				for i, j := 0, len(exp)-1; i < j; i, j = i+1, j-1 {
					exp[i], exp[j] = exp[j], exp[i]
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(exp) {
				t.Fatalf("desc=%v order = %v, want %v", desc, got, exp)
			}
		}
	})
}

func TestAggregate(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, leadsSpec)
		seed(t, c, 9)
		mustInsert(t, c, "x1", `{"n":"not a number"}`)
		mustInsert(t, c, "x2", `{"n":null,"status":null}`)
		agg := func(metrics ...store.Metric) string {
			t.Helper()
			groups, err := c.Aggregate(ctx, store.Aggregation{GroupBy: []store.GroupKey{{Field: "status"}}, Metrics: metrics})
			if err != nil {
				t.Fatalf("aggregate: %v", err)
			}
			return fmt.Sprint(groups)
		}
		// null and missing status are one group; text is not summed.
		if got, want := agg(store.Metric{Op: store.AggCount, As: "count"}),
			"[{[<nil>] map[count:2]} {[following] map[count:3]} {[new] map[count:3]} {[won] map[count:3]}]"; got != want {
			t.Fatalf("count: %s\nwant %s", got, want)
		}
		if got, want := agg(store.Metric{Op: store.AggSum, Field: "n", As: "total"}),
			"[{[<nil>] map[total:0]} {[following] map[total:12]} {[new] map[total:9]} {[won] map[total:15]}]"; got != want {
			t.Fatalf("sum: %s\nwant %s", got, want)
		}
		if srv.ferret {
			t.Skip("FerretDB v1 feeds a group's documents to its first accumulator only, and has no $avg, $min, $max, $cond or $isNumber: several metrics at once run on MongoDB only")
		}
		if got, want := agg(
			store.Metric{Op: store.AggCount, As: "count"},
			store.Metric{Op: store.AggSum, Field: "n", As: "total"},
			store.Metric{Op: store.AggAvg, Field: "n", As: "avg"},
			store.Metric{Op: store.AggMin, Field: "n", As: "min"},
			store.Metric{Op: store.AggMax, Field: "n", As: "max"},
		), "[{[<nil>] map[avg:<nil> count:2 max:<nil> min:<nil> total:0]} {[following] map[avg:4 count:3 max:7 min:1 total:12]} {[new] map[avg:3 count:3 max:6 min:0 total:9]} {[won] map[avg:5 count:3 max:8 min:2 total:15]}]"; got != want {
			t.Fatalf("all metrics: %s\nwant %s", got, want)
		}
	})
}

func TestAggregateDateBuckets(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		if srv.ferret {
			t.Skip("FerretDB v1 has no $switch, $dateFromString, $dateTrunc or $dateToString: date buckets run on MongoDB only")
		}
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "events"})
		for i, v := range []string{
			`{"at":"2026-01-04T15:59:59.000Z","day":"2026-01-04"}`, // Sunday 23:59:59 in Shanghai
			`{"at":"2026-01-04T16:00:00.000Z","day":"2026-01-05"}`, // Monday 00:00 in Shanghai
			`{"at":"2026-01-31T20:00:00.000Z","day":"2026-01-31"}`, // February 1st in Shanghai
			`{"at":"not a date","day":7}`,
		} {
			mustInsert(t, c, fmt.Sprintf("e%d", i), v)
		}
		buckets := func(field string, b store.Bucket, tz string) string {
			t.Helper()
			groups, err := c.Aggregate(ctx, store.Aggregation{
				GroupBy: []store.GroupKey{{Field: field, Bucket: b, Timezone: tz}},
				Metrics: []store.Metric{{Op: store.AggCount, As: "n"}},
			})
			if err != nil {
				t.Fatalf("aggregate: %v", err)
			}
			return fmt.Sprint(groups)
		}
		cases := []struct {
			field string
			b     store.Bucket
			tz    string
			want  string
		}{
			{"at", store.BucketDay, "Asia/Shanghai", "[{[<nil>] map[n:1]} {[2026-01-04] map[n:1]} {[2026-01-05] map[n:1]} {[2026-02-01] map[n:1]}]"},
			{"at", store.BucketDay, "", "[{[<nil>] map[n:1]} {[2026-01-04] map[n:2]} {[2026-01-31] map[n:1]}]"},
			{"at", store.BucketWeek, "Asia/Shanghai", "[{[<nil>] map[n:1]} {[2025-12-29] map[n:1]} {[2026-01-05] map[n:1]} {[2026-01-26] map[n:1]}]"},
			{"at", store.BucketMonth, "Asia/Shanghai", "[{[<nil>] map[n:1]} {[2026-01] map[n:2]} {[2026-02] map[n:1]}]"},
			{"day", store.BucketWeek, "America/New_York", "[{[<nil>] map[n:1]} {[2025-12-29] map[n:1]} {[2026-01-05] map[n:1]} {[2026-01-26] map[n:1]}]"},
			{"day", store.BucketMonth, "Asia/Shanghai", "[{[<nil>] map[n:1]} {[2026-01] map[n:3]}]"},
		}
		for _, tc := range cases {
			if got := buckets(tc.field, tc.b, tc.tz); got != tc.want {
				t.Errorf("%s by %s in %q: %s\nwant %s", tc.field, tc.b, tc.tz, got, tc.want)
			}
		}
		_, err := c.Aggregate(ctx, store.Aggregation{
			GroupBy: []store.GroupKey{{Field: "at", Bucket: store.BucketDay, Timezone: "Mars/Olympus"}},
			Metrics: []store.Metric{{Op: store.AggCount, As: "n"}},
		})
		var qe *store.QueryError
		if !errors.As(err, &qe) || qe.Path != "/groupBy/0/timezone" {
			t.Fatalf("unknown time zone: %v", err)
		}
	})
}

func TestOpenOptions(t *testing.T) {
	ctx := context.Background()
	for name, o := range map[string]mongo.Options{
		"no URI":            {},
		"bad URI":           {URI: "http://example.com"},
		"bad read concern":  {URI: "mongodb://127.0.0.1:1", ReadConcern: "eventual"},
		"unacknowledged":    {URI: "mongodb://127.0.0.1:1", WriteConcern: "0"},
		"bad write concern": {URI: "mongodb://127.0.0.1:1", WriteConcern: "most"},
	} {
		if s, err := mongo.Open(ctx, o); err == nil {
			_ = s.Close()
			t.Errorf("%s: Open succeeded", name)
		}
	}
	eachServer(t, func(t *testing.T, srv server) {
		db := freshDatabase()
		s, err := mongo.Open(ctx, mongo.Options{URI: srv.uri, Database: db, ReadConcern: "local", WriteConcern: "1", Journal: srv.name != "ferretdb"})
		if err != nil {
			t.Fatalf("Open with concerns: %v", err)
		}
		t.Cleanup(func() { dropDatabase(t, srv.uri, db) })
		c := ensure(t, s, leadsSpec)
		mustInsert(t, c, "a", `{"status":"new"}`)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
	})
}

// Two app instances on one database: a collection declared by one is usable by the
// other, and a cursor made by one is accepted by the other.
func TestInstancesShareDatabase(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		db := freshDatabase()
		open := func() *mongo.Store {
			s, err := mongo.Open(ctx, mongo.Options{URI: srv.uri, Database: db})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			return s
		}
		a, b := open(), open()
		t.Cleanup(func() { dropDatabase(t, srv.uri, db) })
		ca := ensure(t, a, leadsSpec)
		seed(t, ca, 10)
		q := store.Query{Sort: []store.SortKey{{Field: "n"}}, Limit: 4}
		p1, err := ca.Find(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		q.After = p1.Next
		p2, err := b.Collection("leads").Find(ctx, q)
		if err != nil {
			t.Fatalf("cursor of another instance: %v", err)
		}
		if len(p2.Docs) != 4 || p2.Docs[0].ID != "id004" {
			t.Fatalf("second page from the other instance: %v", p2.Docs)
		}
		_, err = b.Collection("leads").Insert(ctx, store.Document{Data: json.RawMessage(`{"email":"x@y.cn"}`)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.Collection("leads").Insert(ctx, store.Document{Data: json.RawMessage(`{"email":"x@y.cn"}`)})
		var dup *store.DuplicateError
		if !errors.As(err, &dup) || dup.Index != "email" {
			t.Fatalf("duplicate through the other instance: %v", err)
		}
	})
}

func TestWithTxWithoutTransactions(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		if !srv.ferret {
			t.Skip("checks the plain path of a server without transactions")
		}
		ctx := context.Background()
		s := openStore(t, srv)
		if s.Capabilities().Transactions {
			t.Fatal("FerretDB reported transactions")
		}
		c := ensure(t, s, leadsSpec)
		ran := 0
		err := s.WithTx(ctx, func(ctx context.Context) error {
			ran++
			_, err := c.Insert(ctx, store.Document{ID: "t1", Data: json.RawMessage(`{}`)})
			return err
		})
		if err != nil || ran != 1 {
			t.Fatalf("WithTx: ran %d times, %v", ran, err)
		}
		if _, err := c.Get(ctx, "t1"); err != nil {
			t.Fatal(err)
		}
	})
}
