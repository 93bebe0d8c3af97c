package mongo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // date buckets need IANA zones even where the system has none

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Aggregate groups the documents matching a.Filter with one $match and one $group stage.
// The accumulators are partial sums that can be combined ($sum, $min, $max, and a count of
// numbers for avg), because the groups MongoDB returns are merged afterwards where the
// store's rules see one key: null and missing, all arrays, all objects. Groups come
// ordered by their keys in the cross-engine sort order; an empty match yields no groups.
//
// Plain group keys with count and sum use only what FerretDB v1 understands; avg, min,
// max ($cond, $isNumber) and date buckets ($dateFromString, $dateTrunc, $dateToString)
// need MongoDB 5.0 or newer.
func (c *Collection) Aggregate(ctx context.Context, a store.Aggregation) ([]store.Group, error) {
	if _, err := c.s.collSpecFor(ctx, c.name); err != nil {
		return nil, err
	}
	match, err := translateFilter(a.Filter, "")
	if err != nil {
		return nil, err
	}
	group, kinds, err := groupStage(a)
	if err != nil {
		return nil, err
	}
	pipeline := bson.A{}
	if len(match) > 0 {
		pipeline = append(pipeline, bson.D{{Key: "$match", Value: match}})
	}
	pipeline = append(pipeline, bson.D{{Key: "$group", Value: group}}, bson.D{{Key: "$limit", Value: maxGroups + 1}})
	// Grouping many documents may spill to disk rather than fail at the server's memory
	// limit; the client-side timeout (Options.OperationTimeout, or the request's
	// deadline) bounds its time.
	cur, err := c.coll.Aggregate(ctx, pipeline, options.Aggregate().SetAllowDiskUse(true))
	if hasCode(err, codeNotImplemented) {
		return nil, fmt.Errorf("%w: aggregate %s: %w", ErrUnsupported, c.name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("mongo: aggregate %s: %w", c.name, err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	var parts []partial
	for cur.Next(ctx) {
		if len(parts) == maxGroups {
			return nil, store.TooManyGroups()
		}
		p, err := readPartial(bsoncore.Document(cur.Current), a, kinds)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("mongo: aggregate %s: %w", c.name, err)
	}
	return finishGroups(parts, a), nil
}

// maxGroups bounds the groups one aggregation returns (store.MaxGroups).
const maxGroups = store.MaxGroups

// keyKind says how a group key's value comes back.
type keyKind int

const (
	keyData   keyKind = iota // JSON value of a data path
	keyString                // _id, or a date bucket
	keyNumber                // _version
	keyTime                  // _created, _updated
)

// Output field names of the $group stage: k<i> for keys, m<i> (and n<i>, the count of
// numbers behind an avg) for metrics, and c for the document count (only when a count is
// asked for: FerretDB v1 feeds the documents of a group to its first accumulator only).
func keyName(i int) string    { return "k" + strconv.Itoa(i) }
func metricName(i int) string { return "m" + strconv.Itoa(i) }
func numName(i int) string    { return "n" + strconv.Itoa(i) }

func groupStage(a store.Aggregation) (bson.D, []keyKind, error) {
	kinds := make([]keyKind, len(a.GroupBy))
	var id any // null: one group over everything
	if len(a.GroupBy) > 0 {
		keys := bson.D{}
		for i, g := range a.GroupBy {
			expr, kind, err := groupKeyExpr(g, i)
			if err != nil {
				return nil, nil, err
			}
			kinds[i] = kind
			keys = append(keys, bson.E{Key: keyName(i), Value: expr})
		}
		id = keys
	}
	group := bson.D{{Key: "_id", Value: id}}
	counted := false
	names := map[string]bool{}
	for i, m := range a.Metrics {
		at := fmt.Sprintf("/metrics/%d", i)
		if m.As == "" || names[m.As] {
			return nil, nil, store.NewQueryError(at+"/as", fault.Problem("bad_value.metric_distinct"))
		}
		names[m.As] = true
		if m.Op == store.AggCount {
			if m.Field != "" {
				return nil, nil, store.NewQueryError(at+"/field", fault.Problem("bad_field.count"))
			}
			if !counted { // one document count serves every count metric
				group = append(group, bson.E{Key: "c", Value: bson.D{{Key: "$sum", Value: 1}}})
				counted = true
			}
			continue
		}
		switch m.Op {
		case store.AggSum, store.AggAvg, store.AggMin, store.AggMax:
		default:
			return nil, nil, store.NewQueryError(at+"/op", fault.Problem("unknown_operator.aggregation_op").Fill("op", strconv.Quote(string(m.Op))))
		}
		if err := store.CheckPath(m.Field); err != nil {
			return nil, nil, &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
		}
		if m.Field == store.PathID {
			return nil, nil, store.NewQueryError(at+"/field", fault.Problem("bad_field.id_not_number"))
		}
		v := pathExpr(m.Field)
		numeric := bson.D{{Key: "$cond", Value: bson.A{bson.D{{Key: "$isNumber", Value: v}}, v, nil}}}
		switch m.Op {
		case store.AggSum: // $sum skips what is not a number by itself
			group = append(group, bson.E{Key: metricName(i), Value: bson.D{{Key: "$sum", Value: v}}})
		case store.AggAvg:
			group = append(group,
				bson.E{Key: metricName(i), Value: bson.D{{Key: "$sum", Value: v}}},
				bson.E{Key: numName(i), Value: bson.D{{Key: "$sum", Value: bson.D{{Key: "$cond", Value: bson.A{bson.D{{Key: "$isNumber", Value: v}}, 1, 0}}}}}})
		case store.AggMin:
			group = append(group, bson.E{Key: metricName(i), Value: bson.D{{Key: "$min", Value: numeric}}})
		case store.AggMax:
			group = append(group, bson.E{Key: metricName(i), Value: bson.D{{Key: "$max", Value: numeric}}})
		}
	}
	return group, kinds, nil
}

// pathExpr is the aggregation expression of a checked dotted path. All-digit segments are
// array positions, as in filters; aggregation field paths cannot say that, so such paths
// are spelled out with guarded $arrayElemAt and $getField (a wrong type gives null, never
// an error).
func pathExpr(path string) any {
	segs := strings.Split(path, ".")
	numeric := false
	for _, s := range segs {
		if store.IsIndexSegment(s) {
			numeric = true
		}
	}
	if !numeric {
		return "$" + path
	}
	var expr any = "$" + segs[0]
	for _, s := range segs[1:] {
		if store.IsIndexSegment(s) {
			n, _ := strconv.Atoi(s)
			expr = bson.D{{Key: "$cond", Value: bson.A{
				bson.D{{Key: "$isArray", Value: bson.A{expr}}},
				bson.D{{Key: "$arrayElemAt", Value: bson.A{expr, n}}},
				nil,
			}}}
			continue
		}
		expr = bson.D{{Key: "$cond", Value: bson.A{
			bson.D{{Key: "$eq", Value: bson.A{bson.D{{Key: "$type", Value: expr}}, "object"}}},
			bson.D{{Key: "$getField", Value: bson.D{{Key: "field", Value: bson.D{{Key: "$literal", Value: s}}}, {Key: "input", Value: expr}}}},
			nil,
		}}}
	}
	return expr
}

// groupKeyExpr is the expression of one group key.
func groupKeyExpr(g store.GroupKey, i int) (any, keyKind, error) {
	at := fmt.Sprintf("/groupBy/%d", i)
	if err := store.CheckPath(g.Field); err != nil {
		return nil, 0, &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
	}
	switch g.Bucket {
	case store.BucketNone:
		kind := keyData
		switch g.Field {
		case store.PathID:
			kind = keyString
		case store.PathVersion:
			kind = keyNumber
		case store.PathCreated, store.PathUpdated:
			kind = keyTime
		}
		return pathExpr(g.Field), kind, nil
	case store.BucketDay, store.BucketWeek, store.BucketMonth:
	default:
		return nil, 0, store.NewQueryError(at+"/bucket", fault.Problem("bad_value.bucket_kind"))
	}
	tz := g.Timezone
	if tz == "" {
		tz = "UTC"
	}
	if _, err := time.LoadLocation(tz); err != nil || strings.EqualFold(tz, "local") {
		return nil, 0, store.NewQueryError(at+"/timezone", fault.Problem("bad_value.time_zone").Fill("zone", strconv.Quote(g.Timezone)))
	}
	if g.Field == store.PathID || g.Field == store.PathVersion {
		return nil, 0, store.NewQueryError(at+"/field", fault.Problem("bad_field.not_date").Fill("field", g.Field))
	}
	return bucketExpr(pathExpr(g.Field), g.Bucket, tz), keyString, nil
}

// bucketExpr buckets a BSON date (meta fields), a "YYYY-MM-DD" string (its own day, never
// shifted by the time zone) or a date-time string (converted to tz first); anything else
// has no bucket (null).
func bucketExpr(v any, b store.Bucket, tz string) bson.D {
	typeIs := func(t string) bson.D {
		return bson.D{{Key: "$eq", Value: bson.A{bson.D{{Key: "$type", Value: v}}, t}}}
	}
	parse := func(extra ...bson.E) bson.D {
		args := bson.D{{Key: "dateString", Value: v}}
		args = append(args, extra...)
		args = append(args, bson.E{Key: "onError", Value: nil}, bson.E{Key: "onNull", Value: nil})
		return bson.D{{Key: "$dateFromString", Value: args}}
	}
	// $switch and $cond evaluate only the branch taken, so $strLenBytes sees strings only.
	ofString := bson.D{{Key: "$cond", Value: bson.A{
		bson.D{{Key: "$eq", Value: bson.A{bson.D{{Key: "$strLenBytes", Value: v}}, 10}}},
		bucketOf(parse(bson.E{Key: "format", Value: "%Y-%m-%d"}), b, "UTC"),
		bucketOf(parse(), b, tz),
	}}}
	return bson.D{{Key: "$switch", Value: bson.D{
		{Key: "branches", Value: bson.A{
			bson.D{{Key: "case", Value: typeIs("date")}, {Key: "then", Value: bucketOf(v, b, tz)}},
			bson.D{{Key: "case", Value: typeIs("string")}, {Key: "then", Value: ofString}},
		}},
		{Key: "default", Value: nil},
	}}}
}

// bucketOf formats date d as its bucket's key in tz: "2006-01-02" for day, the Monday of
// its ISO week for week, "2006-01" for month.
func bucketOf(d any, b store.Bucket, tz string) bson.D {
	format := "%Y-%m-%d"
	switch b {
	case store.BucketMonth:
		format = "%Y-%m"
	case store.BucketWeek:
		d = bson.D{{Key: "$dateTrunc", Value: bson.D{
			{Key: "date", Value: d}, {Key: "unit", Value: "week"}, {Key: "timezone", Value: tz}, {Key: "startOfWeek", Value: "monday"},
		}}}
	}
	return bson.D{{Key: "$dateToString", Value: bson.D{
		{Key: "date", Value: d}, {Key: "format", Value: format}, {Key: "timezone", Value: tz}, {Key: "onNull", Value: nil},
	}}}
}

// partial is one group as MongoDB returned it, its key already in the store's terms.
type partial struct {
	key   []any
	count int64
	sums  []float64 // per metric: sum, min or max
	has   []bool    // whether the metric saw a number
	nums  []int64   // per avg metric: how many numbers
}

func readPartial(doc bsoncore.Document, a store.Aggregation, kinds []keyKind) (partial, error) {
	p := partial{
		key:  make([]any, len(a.GroupBy)),
		sums: make([]float64, len(a.Metrics)),
		has:  make([]bool, len(a.Metrics)),
		nums: make([]int64, len(a.Metrics)),
	}
	if len(a.GroupBy) > 0 {
		id, ok := doc.Lookup("_id").DocumentOK()
		if !ok {
			return p, fmt.Errorf("mongo: aggregate: unexpected group key %s", doc.Lookup("_id"))
		}
		for i, kind := range kinds {
			v, err := id.LookupErr(keyName(i))
			if err != nil {
				v = bsoncore.Value{} // missing groups with null
			}
			p.key[i] = groupKeyValue(v, kind)
		}
	}
	p.count = 1 // MongoDB returns no empty groups; c is there when a count was asked for
	if c, ok := doc.Lookup("c").AsInt64OK(); ok {
		p.count = c
	}
	for i, m := range a.Metrics {
		v := doc.Lookup(metricName(i))
		f, ok := v.AsFloat64OK()
		switch m.Op {
		case store.AggSum:
			p.sums[i], p.has[i] = f, true
		case store.AggAvg:
			p.sums[i] = f
			p.nums[i], _ = doc.Lookup(numName(i)).AsInt64OK()
			p.has[i] = p.nums[i] > 0
		case store.AggMin, store.AggMax:
			p.sums[i], p.has[i] = f, ok && !math.IsNaN(f)
		}
	}
	return p, nil
}

// groupKeyValue turns a key as MongoDB grouped it into the store's: numbers as float64,
// every array as one empty list and every object as one empty map (the store groups by
// type for those), dates of the meta fields as time.Time.
func groupKeyValue(v bsoncore.Value, kind keyKind) any {
	switch kind {
	case keyTime:
		if ms, ok := v.DateTimeOK(); ok {
			return time.UnixMilli(ms).UTC()
		}
		return nil
	case keyString:
		if s, ok := v.StringValueOK(); ok {
			return s
		}
		return nil
	}
	switch bracketOf(v.Type) {
	case bracketNumber:
		f, _ := v.AsFloat64OK()
		return f
	case bracketString:
		s, _ := stringOf(v)
		return s
	case bracketBool:
		b, _ := v.BooleanOK()
		return b
	case bracketArray:
		return []any{}
	case bracketObject:
		return map[string]any{}
	case bracketDate:
		ms, _ := v.DateTimeOK()
		return time.UnixMilli(ms).UTC()
	}
	return nil
}

// finishGroups merges partials with equal keys, computes the metrics and orders the groups.
func finishGroups(parts []partial, a store.Aggregation) []store.Group {
	slices.SortStableFunc(parts, func(x, y partial) int { return compareKeys(x.key, y.key) })
	var merged []partial
	for _, p := range parts {
		if n := len(merged); n > 0 && compareKeys(merged[n-1].key, p.key) == 0 {
			m := &merged[n-1]
			m.count += p.count
			for i, mt := range a.Metrics {
				switch {
				case !p.has[i] && mt.Op != store.AggSum:
				case !m.has[i]:
					m.sums[i], m.has[i] = p.sums[i], true
				case mt.Op == store.AggMin:
					m.sums[i] = math.Min(m.sums[i], p.sums[i])
				case mt.Op == store.AggMax:
					m.sums[i] = math.Max(m.sums[i], p.sums[i])
				default: // sum, avg
					m.sums[i] += p.sums[i]
				}
				m.nums[i] += p.nums[i]
			}
			continue
		}
		merged = append(merged, p)
	}
	out := make([]store.Group, 0, len(merged))
	for _, p := range merged {
		if p.count == 0 {
			continue
		}
		g := store.Group{Key: p.key, Values: make(map[string]any, len(a.Metrics))}
		for i, mt := range a.Metrics {
			switch {
			case mt.Op == store.AggCount:
				g.Values[mt.As] = p.count
			case mt.Op == store.AggSum:
				g.Values[mt.As] = p.sums[i]
			case mt.Op == store.AggAvg && p.nums[i] > 0:
				g.Values[mt.As] = p.sums[i] / float64(p.nums[i])
			case mt.Op != store.AggAvg && p.has[i]:
				g.Values[mt.As] = p.sums[i]
			default:
				g.Values[mt.As] = nil
			}
		}
		out = append(out, g)
	}
	return out
}

// compareKeys orders group keys: null < numbers < strings < objects < arrays < false <
// true, times by instant.
func compareKeys(x, y []any) int {
	for i := range x {
		if c := compareKey(x[i], y[i]); c != 0 {
			return c
		}
	}
	return 0
}

func keyRank(v any) int {
	switch x := v.(type) {
	case nil:
		return 0
	case float64:
		return 1
	case string:
		return 2
	case map[string]any:
		return 3
	case []any:
		return 4
	case bool:
		if x {
			return 6
		}
		return 5
	case time.Time:
		return 7
	}
	return 8
}

func compareKey(a, b any) int {
	ra, rb := keyRank(a), keyRank(b)
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	switch x := a.(type) {
	case float64:
		return cmp.Compare(x, b.(float64))
	case string:
		return cmp.Compare(x, b.(string))
	case time.Time:
		return x.Compare(b.(time.Time))
	}
	return 0
}
