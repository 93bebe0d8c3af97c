package querylang_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

var fuzzSeeds = []string{
	`{}`,
	`{"field":"status","op":"eq","value":"new"}`,
	`{"and":[{"field":"status","op":"in","value":["new","open"]},{"not":{"field":"amount","op":"lt","value":10}}]}`,
	`{"or":[{"field":"owner","op":"eq","param":"currentUser"},{"field":"departments","op":"in","param":"currentDepartments"}]}`,
	`{"field":"due","op":"lt","param":"today"}`,
	`{"field":"_created","op":"gte","value":"2026-01-01T00:00:00+08:00"}`,
	`{"field":"meetingAt","op":"lt","param":"now"}`,
	`{"field":"tags","op":"contains","value":"vip"}`,
	`{"field":"address","op":"exists","value":false}`,
	`{"field":"title","op":"contains","value":"线索"}`,
	`{"field":"items.qty","op":"gte","value":1.5e2}`,
	// injection attempts
	`{"$gt":""}`,
	`{"status":{"$ne":null}}`,
	`{"field":"status","op":"$where","value":"sleep(100)"}`,
	`{"field":"status","op":"eq","value":{"$gt":""}}`,
	`{"field":"status","op":"in","value":[{"$regex":".*"}]}`,
	`{"field":"$where","op":"eq","value":"1"}`,
	`{"field":"status' OR '1'='1","op":"eq","value":"x"}`,
	`{"field":"status","op":"eq","value":"x' OR '1'='1"}`,
	`{"field":"title","op":"startsWith","value":"%_\\"}`,
	`{"field":"title","op":"contains","value":".*"}`,
	`{"field":"status","op":"eq","value":"a\u0000b"}`,
	`{"field":"json_extract(data,'$.budget')","op":"gt","value":0}`,
	`{"field":"budget","op":"gt","value":0}`,
	`{"field":"status","field":"budget","op":"eq","value":1}`,
	`{"and":[{"field":"done","op":"eq","value":true}],"$or":[]}`,
	`{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{"not":{}}}}}}}}}}}}}}}}}}`,
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`,
	`{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"and":[{"field":"done","op":"eq","value":true}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}`,
	`{"field":"amount","op":"eq","value":1e999}`,
	`{"field":"amount","op":"in","value":[1,2,3,"4"]}`,
	`{"field":"due","op":"eq","value":"2026-02-29"}`,
	`{"field":"meetingAt","op":"gt","value":"0000-01-01T00:00:00+01:00"}`,
	"{\"field\":\"title\",\"op\":\"eq\",\"value\":\"\xff\xfe\"}",
	`{"field":"status","op":"eq","value":"x"} {"$gt":""}`,
}

// FuzzParseFilter: no input makes the parser panic, and every accepted input yields an
// AST that stays inside the language and the allow-list.
func FuzzParseFilter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	fields, params := testFields(), testParams()
	f.Fuzz(func(t *testing.T, data []byte) { checkFilterParse(t, data, fields, params) })
}

// FuzzParseFilterStructured drives a small generator of filter-shaped JSON with the fuzz
// input, so that the semantic checks (fields, operators, value types, parameters) are
// explored as well as the JSON syntax.
func FuzzParseFilterStructured(f *testing.F) {
	for _, s := range []string{"", "\x00", "\x03\x01\x02\x05", "\x00\x02\x03\x04\x05\x06\x07\x08\x09", "\xff\xfe\xfd\xfc\xfb\xfa"} {
		f.Add([]byte(s))
	}
	fields, params := testFields(), testParams()
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{data: data}
		checkFilterParse(t, []byte(g.node(1)), fields, params)
	})
}

func checkFilterParse(t *testing.T, data []byte, fields querylang.Fields, params querylang.Params) {
	t.Helper()
	got, err := querylang.ParseFilter(data, fields, params, "/filter")
	again, err2 := querylang.ParseFilter(data, fields, params, "/filter")
	if !reflect.DeepEqual(got, again) || (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
		t.Fatalf("two parses differ: %v / %v", err, err2)
	}
	if err != nil {
		var qe *store.QueryError
		if !errors.As(err, &qe) {
			t.Fatalf("error is %T, not a *store.QueryError: %v", err, err)
		}
		if !strings.HasPrefix(qe.Path, "/filter") || qe.Code == "" || qe.Message == "" {
			t.Fatalf("badly formed error %+v", qe)
		}
		return
	}
	if n, err := store.Normalize(got); err != nil || !reflect.DeepEqual(n, got) {
		t.Fatalf("store.Normalize: %v (%#v)", err, got)
	}
	nodes := checkNode(t, got, fields, 1, true)
	if nodes > querylang.MaxNodes {
		t.Fatalf("%d nodes", nodes)
	}
	// What was accepted reads back the same when written out again.
	text, err := json.Marshal(encode(got))
	if err != nil {
		t.Fatal(err)
	}
	back, err := querylang.ParseFilter(text, fields, nil, "")
	if err != nil || !reflect.DeepEqual(back, got) {
		t.Fatalf("round trip of %s: %v\n got %#v\nwant %#v", text, err, back, got)
	}
}

// gen writes filter-shaped JSON, choosing each part with the next input byte.
type gen struct {
	data []byte
	i    int
}

func (g *gen) next(n int) int {
	if g.i >= len(g.data) {
		return 0
	}
	b := g.data[g.i]
	g.i++
	return int(b) % n
}

var (
	genFields = []string{"status", "title", "amount", "done", "due", "meetingAt", "tags", "scores", "address",
		"address.city", "address.zip", "items.qty", "owner", "departments", "notes", "budget", "_id", "_version",
		"_created", "_updated", "$where", "status.$ne", "", "a b", "_secret"}
	genOps    = []string{"eq", "ne", "in", "nin", "lt", "lte", "gt", "gte", "exists", "contains", "startsWith", "$gt", "like", ""}
	genValues = []string{`"new"`, `""`, `1`, `-2.5`, `1e308`, `true`, `false`, `null`, `"2026-11-23"`, `"2026-02-30"`,
		`"2026-11-23T10:00:00+08:00"`, `"2026-11-23T10:00:00.123456Z"`, `"线索"`, `["a","b"]`, `["a",1,null]`, `[]`,
		`[1,2.5]`, `["2026-01-01","2026-12-31"]`, `["2026-11-23T10:00:00Z",null]`, `{"$gt":""}`, `[["a"]]`, `"' OR 1=1 --"`,
		`".*"`}
	genParams = []string{"currentUser", "currentDepartments", "today", "now", "minAmount", "noDepartments", "weird", "nope"}
)

func (g *gen) node(depth int) string {
	if depth > querylang.MaxDepth+1 {
		return `{}`
	}
	switch g.next(8) {
	case 0, 1:
		op := []string{"and", "or"}[g.next(2)]
		n := g.next(4)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = g.node(depth + 1)
		}
		return `{"` + op + `":[` + strings.Join(parts, ",") + `]}`
	case 2:
		return `{"not":` + g.node(depth+1) + `}`
	case 3:
		if g.next(4) == 0 {
			return `{}`
		}
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	members := []string{
		`"field":` + q(genFields[g.next(len(genFields))]),
		`"op":` + q(genOps[g.next(len(genOps))]),
	}
	switch g.next(6) {
	case 0:
		members = append(members, `"param":`+q(genParams[g.next(len(genParams))]))
	case 1:
		// leave the value out
	default:
		members = append(members, `"value":`+genValues[g.next(len(genValues))])
	}
	if g.next(8) == 0 {
		members = append(members, []string{`"$or":[]`, `"value":1`, `"field":"budget"`, `"and":[{}]`}[g.next(4)])
	}
	for i := len(members) - 1; i > 0; i-- { // shuffle: order must not matter
		j := g.next(i + 1)
		members[i], members[j] = members[j], members[i]
	}
	return "{" + strings.Join(members, ",") + "}"
}

// checkNode asserts the invariants of the AST below f and returns its node count.
func checkNode(t *testing.T, f store.Filter, fields querylang.Fields, depth int, top bool) int {
	t.Helper()
	if depth > querylang.MaxDepth {
		t.Fatalf("depth %d", depth)
	}
	switch {
	case f.IsZero():
		if !top {
			t.Fatalf("empty node below the top")
		}
		return 1
	case f.And != nil || f.Or != nil:
		list := append(f.And, f.Or...)
		if len(list) == 0 || (f.And != nil && f.Or != nil) || f.Not != nil || f.Field != "" {
			t.Fatalf("bad connective %#v", f)
		}
		n := 1
		for _, c := range list {
			n += checkNode(t, c, fields, depth+1, false)
		}
		return n
	case f.Not != nil:
		if f.Field != "" || f.Op != "" {
			t.Fatalf("bad not %#v", f)
		}
		return 1 + checkNode(t, *f.Not, fields, depth+1, false)
	}
	decl, ok := fields[f.Field]
	if !ok || !decl.Filter {
		t.Fatalf("field %q is not filterable in the allow-list", f.Field)
	}
	if !slices.Contains(store.Ops, f.Op) {
		t.Fatalf("operator %q", f.Op)
	}
	meta := f.Field == store.PathCreated || f.Field == store.PathUpdated
	typ := decl.Type
	switch f.Field {
	case store.PathID:
		typ = querylang.String
	case store.PathVersion:
		typ = querylang.Number
	}
	if typ == querylang.Array {
		typ = decl.Elem
		if typ == "" {
			typ = querylang.String
		}
		if f.Op == store.OpLt || f.Op == store.OpLte || f.Op == store.OpGt || f.Op == store.OpGte || f.Op == store.OpStartsWith {
			t.Fatalf("%s on array %q", f.Op, f.Field)
		}
	}
	if decl.Type == querylang.Object && f.Op != store.OpExists {
		t.Fatalf("%s on object %q", f.Op, f.Field)
	}
	if (f.Op == store.OpContains || f.Op == store.OpStartsWith) && typ != querylang.String {
		t.Fatalf("%s on %q of type %s", f.Op, f.Field, typ)
	}
	switch f.Op {
	case store.OpIn, store.OpNin:
		list, ok := f.Value.([]any)
		if !ok {
			t.Fatalf("%s with %T", f.Op, f.Value)
		}
		for _, v := range list {
			checkScalar(t, v, meta)
			checkType(t, v, typ, meta)
		}
	case store.OpExists:
		if _, ok := f.Value.(bool); !ok {
			t.Fatalf("exists with %T", f.Value)
		}
	case store.OpContains, store.OpStartsWith:
		if s, ok := f.Value.(string); !ok || s == "" {
			t.Fatalf("%s with %#v", f.Op, f.Value)
		}
	default:
		checkScalar(t, f.Value, meta)
		checkType(t, f.Value, typ, meta)
	}
	return 1
}

// checkType asserts that a non-null value has the Go type its field type calls for.
func checkType(t *testing.T, v any, typ querylang.FieldType, meta bool) {
	t.Helper()
	if v == nil {
		return
	}
	ok := false
	switch typ {
	case querylang.String:
		_, ok = v.(string)
	case querylang.Number:
		_, ok = v.(float64)
	case querylang.Bool:
		_, ok = v.(bool)
	case querylang.Date:
		s, isStr := v.(string)
		_, err := time.Parse(querylang.DateLayout, s)
		ok = isStr && err == nil && len(s) == 10
	case querylang.Datetime:
		if meta {
			_, ok = v.(time.Time)
		} else {
			s, isStr := v.(string)
			tm, err := time.Parse(querylang.DatetimeLayout, s)
			ok = isStr && err == nil && querylang.FormatDatetime(tm) == s
		}
	}
	if !ok {
		t.Fatalf("value %#v for a %s field", v, typ)
	}
}

func checkScalar(t *testing.T, v any, meta bool) {
	t.Helper()
	switch x := v.(type) {
	case nil, bool, string:
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("number %v", x)
		}
	case time.Time:
		if !meta {
			t.Fatalf("a time value on a data field")
		}
	default:
		t.Fatalf("value of type %T", v)
	}
}

// encode writes an AST in the JSON syntax (test helper for the round trip).
func encode(f store.Filter) any {
	switch {
	case f.IsZero():
		return map[string]any{}
	case f.And != nil:
		return map[string]any{"and": encodeList(f.And)}
	case f.Or != nil:
		return map[string]any{"or": encodeList(f.Or)}
	case f.Not != nil:
		return map[string]any{"not": encode(*f.Not)}
	}
	v := f.Value
	if tm, ok := v.(time.Time); ok {
		v = tm.Format(time.RFC3339Nano)
	}
	if list, ok := v.([]any); ok {
		out := make([]any, len(list))
		for i, e := range list {
			if tm, ok := e.(time.Time); ok {
				e = tm.Format(time.RFC3339Nano)
			}
			out[i] = e
		}
		v = out
	}
	return map[string]any{"field": f.Field, "op": string(f.Op), "value": v}
}

func encodeList(fs []store.Filter) []any {
	out := make([]any, len(fs))
	for i, f := range fs {
		out[i] = encode(f)
	}
	return out
}

var aggSeeds = []string{
	`{"metrics":[{"op":"count","as":"n"}]}`,
	`{"groupBy":[{"field":"_created","bucket":"month","timezone":"Asia/Shanghai"},{"field":"status"}],"metrics":[{"op":"count","as":"n"},{"op":"sum","field":"amount","as":"total"}],"filter":{"field":"owner","op":"eq","param":"currentUser"}}`,
	`{"groupBy":[{"field":"due","bucket":"week"}],"metrics":[{"op":"avg","field":"items.qty","as":"q"}]}`,
	`{"$group":{"_id":"$status","n":{"$sum":1}}}`,
	`{"groupBy":[{"field":"$status"}],"metrics":[{"op":"$sum","field":"amount","as":"$x"}]}`,
	`{"groupBy":[{"field":"_created","bucket":"day","timezone":"../../../etc/passwd"}],"metrics":[{"op":"count","as":"n"}]}`,
}

// FuzzParseAggregation: no panic, and every accepted aggregation stays inside the
// allow-list and the language.
func FuzzParseAggregation(f *testing.F) {
	for _, s := range aggSeeds {
		f.Add([]byte(s))
	}
	fields, params := testFields(), testParams()
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := querylang.ParseAggregation(data, fields, params, "")
		if err != nil {
			var qe *store.QueryError
			if !errors.As(err, &qe) || qe.Code == "" {
				t.Fatalf("error %T: %v", err, err)
			}
			return
		}
		checkNode(t, a.Filter, fields, 1, true)
		if len(a.Metrics) == 0 || len(a.Metrics) > querylang.MaxMetrics || len(a.GroupBy) > querylang.MaxGroupKeys {
			t.Fatalf("sizes %d %d", len(a.Metrics), len(a.GroupBy))
		}
		for _, g := range a.GroupBy {
			d, ok := fields[g.Field]
			if !ok || !d.Group {
				t.Fatalf("group field %q", g.Field)
			}
			if g.Bucket != store.BucketNone && d.Type != querylang.Date && d.Type != querylang.Datetime {
				t.Fatalf("bucket on %q", g.Field)
			}
			if _, err := time.LoadLocation(g.Timezone); err != nil || g.Timezone == "Local" {
				t.Fatalf("timezone %q", g.Timezone)
			}
		}
		names := map[string]bool{}
		for _, m := range a.Metrics {
			if names[m.As] || m.As == "" || strings.ContainsAny(m.As, "$.") || m.As[0] == '_' {
				t.Fatalf("metric name %q", m.As)
			}
			names[m.As] = true
			switch m.Op {
			case store.AggCount:
				if m.Field != "" {
					t.Fatalf("count of %q", m.Field)
				}
			case store.AggSum, store.AggAvg, store.AggMin, store.AggMax:
				d, ok := fields[m.Field]
				if !ok || !d.Group || d.Type != querylang.Number {
					t.Fatalf("%s of %q", m.Op, m.Field)
				}
			default:
				t.Fatalf("function %q", m.Op)
			}
		}
	})
}
