package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
)

var dealDocs = [][2]string{
	{"q1", `{"stage":"won","amount":100,"closed":"2026-01-31T23:30:00Z","day":"2026-01-31","hot":true}`},
	{"q2", `{"stage":"won","amount":50.5,"closed":"2026-01-11T20:00:00Z","day":"2026-01-11","hot":false}`},
	{"q3", `{"stage":"lost","amount":"n/a","closed":"2026-03-01T03:00:00+08:00"}`},
	{"q4", `{"stage":"lost","amount":-20,"closed":"not a date"}`},
	{"q5", `{"stage":"open"}`},
	{"q6", `{"amount":7,"closed":"2026-01-01T03:00:00Z"}`},
	{"q7", `{"stage":"won","amount":25,"closed":"2026-02-01T10:00:00Z","day":"2026-02-01","hot":true}`},
}

// grp builds an expected group: keys, then metric name/value pairs.
func grp(keys []any, kv ...any) store.Group {
	if keys == nil {
		keys = []any{}
	}
	g := store.Group{Key: keys, Values: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		g.Values[kv[i].(string)] = kv[i+1]
	}
	return g
}

func k(v ...any) []any { return v }

func countOnly(pairs ...any) []store.Group {
	var out []store.Group
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, grp(k(pairs[i]), "n", int64(pairs[i+1].(int))))
	}
	return out
}

func checkGroups(t *testing.T, name string, got []store.Group, err error, want []store.Group) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: Aggregate: %v", name, err)
		return
	}
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %s\n want %s", name, fmtGroups(got), fmtGroups(want))
	}
}

func fmtGroups(gs []store.Group) string {
	s := ""
	for _, g := range gs {
		s += fmt.Sprintf("%#v=%v ", g.Key, g.Values)
	}
	return s
}

func testAggregate(t *testing.T, h *harness) {
	ctx := context.Background()
	_, c := h.coll(t, store.CollectionSpec{Name: "deals"})
	var created []time.Time
	for _, d := range dealDocs {
		created = append(created, put(t, c, d[0], d[1]).Created)
	}
	count := store.Metric{Op: store.AggCount, As: "n"}
	metrics := []store.Metric{count,
		{Op: store.AggSum, Field: "amount", As: "sum"}, {Op: store.AggAvg, Field: "amount", As: "avg"},
		{Op: store.AggMin, Field: "amount", As: "min"}, {Op: store.AggMax, Field: "amount", As: "max"}}

	got, err := c.Aggregate(ctx, store.Aggregation{GroupBy: []store.GroupKey{{Field: "stage"}}, Metrics: metrics})
	checkGroups(t, "by stage", got, err, []store.Group{
		grp(k(nil), "n", int64(1), "sum", 7.0, "avg", 7.0, "min", 7.0, "max", 7.0),
		grp(k("lost"), "n", int64(2), "sum", -20.0, "avg", -20.0, "min", -20.0, "max", -20.0),
		grp(k("open"), "n", int64(1), "sum", 0.0, "avg", nil, "min", nil, "max", nil),
		grp(k("won"), "n", int64(3), "sum", 175.5, "avg", 58.5, "min", 25.0, "max", 100.0),
	})
	got, err = c.Aggregate(ctx, store.Aggregation{Metrics: metrics[:2]})
	checkGroups(t, "no grouping", got, err, []store.Group{grp(k(), "n", int64(7), "sum", 162.5)})
	got, err = c.Aggregate(ctx, store.Aggregation{Filter: store.Eq("stage", "none"), Metrics: metrics})
	checkGroups(t, "no match, no grouping", got, err, nil)
	got, err = c.Aggregate(ctx, store.Aggregation{Filter: store.Eq("stage", "none"), GroupBy: []store.GroupKey{{Field: "stage"}}, Metrics: metrics})
	checkGroups(t, "no match", got, err, nil)
	got, err = c.Aggregate(ctx, store.Aggregation{Filter: store.Eq("stage", "won"), Metrics: []store.Metric{count}})
	checkGroups(t, "filtered", got, err, []store.Group{grp(k(), "n", int64(3))})

	got, err = c.Aggregate(ctx, store.Aggregation{GroupBy: []store.GroupKey{{Field: "hot"}}, Metrics: []store.Metric{count}})
	checkGroups(t, "by boolean", got, err, countOnly(nil, 4, false, 1, true, 2))
	got, err = c.Aggregate(ctx, store.Aggregation{GroupBy: []store.GroupKey{{Field: "amount"}}, Metrics: []store.Metric{count}})
	checkGroups(t, "by mixed numbers and strings", got, err, countOnly(nil, 1, -20.0, 1, 7.0, 1, 25.0, 1, 50.5, 1, 100.0, 1, "n/a", 1))

	buckets := []struct {
		name   string
		key    store.GroupKey
		groups []store.Group
	}{
		{"day UTC", store.GroupKey{Field: "closed", Bucket: store.BucketDay},
			countOnly(nil, 2, "2026-01-01", 1, "2026-01-11", 1, "2026-01-31", 1, "2026-02-01", 1, "2026-02-28", 1)},
		{"day Shanghai", store.GroupKey{Field: "closed", Bucket: store.BucketDay, Timezone: "Asia/Shanghai"},
			countOnly(nil, 2, "2026-01-01", 1, "2026-01-12", 1, "2026-02-01", 2, "2026-03-01", 1)},
		{"day New York", store.GroupKey{Field: "closed", Bucket: store.BucketDay, Timezone: "America/New_York"},
			countOnly(nil, 2, "2025-12-31", 1, "2026-01-11", 1, "2026-01-31", 1, "2026-02-01", 1, "2026-02-28", 1)},
		{"month UTC", store.GroupKey{Field: "closed", Bucket: store.BucketMonth, Timezone: "UTC"},
			countOnly(nil, 2, "2026-01", 3, "2026-02", 2)},
		{"month Shanghai", store.GroupKey{Field: "closed", Bucket: store.BucketMonth, Timezone: "Asia/Shanghai"},
			countOnly(nil, 2, "2026-01", 2, "2026-02", 2, "2026-03", 1)},
		{"month New York", store.GroupKey{Field: "closed", Bucket: store.BucketMonth, Timezone: "America/New_York"},
			countOnly(nil, 2, "2025-12", 1, "2026-01", 2, "2026-02", 2)},
		{"week UTC", store.GroupKey{Field: "closed", Bucket: store.BucketWeek},
			countOnly(nil, 2, "2025-12-29", 1, "2026-01-05", 1, "2026-01-26", 2, "2026-02-23", 1)},
		{"week Shanghai", store.GroupKey{Field: "closed", Bucket: store.BucketWeek, Timezone: "Asia/Shanghai"},
			countOnly(nil, 2, "2025-12-29", 1, "2026-01-12", 1, "2026-01-26", 2, "2026-02-23", 1)},
		{"date-only is never shifted", store.GroupKey{Field: "day", Bucket: store.BucketDay, Timezone: "America/New_York"},
			countOnly(nil, 4, "2026-01-11", 1, "2026-01-31", 1, "2026-02-01", 1)},
		{"date-only week", store.GroupKey{Field: "day", Bucket: store.BucketWeek, Timezone: "Asia/Shanghai"},
			countOnly(nil, 4, "2026-01-05", 1, "2026-01-26", 2)},
	}
	for _, b := range buckets {
		got, err := c.Aggregate(ctx, store.Aggregation{GroupBy: []store.GroupKey{b.key}, Metrics: []store.Metric{count}})
		checkGroups(t, b.name, got, err, b.groups)
	}

	got, err = c.Aggregate(ctx, store.Aggregation{
		GroupBy: []store.GroupKey{{Field: "stage"}, {Field: "closed", Bucket: store.BucketMonth, Timezone: "Asia/Shanghai"}},
		Metrics: []store.Metric{count, {Op: store.AggSum, Field: "amount", As: "sum"}}})
	checkGroups(t, "stage × month", got, err, []store.Group{
		grp(k(nil, "2026-01"), "n", int64(1), "sum", 7.0),
		grp(k("lost", nil), "n", int64(1), "sum", -20.0),
		grp(k("lost", "2026-03"), "n", int64(1), "sum", 0.0),
		grp(k("open", nil), "n", int64(1), "sum", 0.0),
		grp(k("won", "2026-01"), "n", int64(1), "sum", 50.5),
		grp(k("won", "2026-02"), "n", int64(2), "sum", 125.0),
	})

	// Buckets of the creation time, in a zone far from UTC.
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []store.Bucket{store.BucketDay, store.BucketWeek, store.BucketMonth} {
		counts := map[string]int64{}
		var order []string
		for _, cr := range created {
			key := bucketOf(cr.In(shanghai), b)
			if counts[key] == 0 {
				order = append(order, key)
			}
			counts[key]++
		}
		var want []store.Group
		for _, key := range order {
			want = append(want, grp(k(key), "n", counts[key]))
		}
		got, err := c.Aggregate(ctx, store.Aggregation{GroupBy: []store.GroupKey{{Field: store.PathCreated, Bucket: b, Timezone: "Asia/Shanghai"}}, Metrics: []store.Metric{count}})
		checkGroups(t, "_created "+string(b), got, err, want)
	}

	for name, a := range map[string]store.Aggregation{
		"unknown zone":    {GroupBy: []store.GroupKey{{Field: "closed", Bucket: store.BucketDay, Timezone: "Mars/Olympus"}}, Metrics: []store.Metric{count}},
		"unknown bucket":  {GroupBy: []store.GroupKey{{Field: "closed", Bucket: "hour"}}, Metrics: []store.Metric{count}},
		"unknown metric":  {Metrics: []store.Metric{{Op: "median", Field: "amount", As: "m"}}},
		"sum of nothing":  {Metrics: []store.Metric{{Op: store.AggSum, As: "s"}}},
		"bad group path":  {GroupBy: []store.GroupKey{{Field: "$stage"}}, Metrics: []store.Metric{count}},
		"bad metric path": {Metrics: []store.Metric{{Op: store.AggMax, Field: "a b", As: "m"}}},
		"bad filter":      {Filter: store.Eq("$x", 1), Metrics: []store.Metric{count}},
	} {
		if _, err := c.Aggregate(ctx, a); !isQueryError(err) {
			t.Errorf("%s: Aggregate = %v, want a *store.QueryError", name, err)
		}
	}
}

func bucketOf(t time.Time, b store.Bucket) string {
	switch b {
	case store.BucketWeek:
		back := (int(t.Weekday()) + 6) % 7
		y, m, d := t.Date()
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	case store.BucketMonth:
		return t.Format("2006-01")
	}
	return t.Format(time.DateOnly)
}
