package storetest

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
)

// opDocs exercise every operator and the cross-engine rules: mixed types under one key
// (n is a number in most documents and the string "10" in d), null versus missing (price,
// note), arrays of scalars (tags), arrays of objects (lines), nested objects (owner), Chinese
// text and LIKE wildcards in data (code).
var opDocs = [][2]string{
	{"a", `{"name":"Alpha","n":1,"price":9.5,"active":true,"tags":["red","blue"],"owner":{"name":"张三","city":"北京"},"lines":[{"sku":"x1","qty":2},{"sku":"y2","qty":5}],"note":"华东区重点客户","code":"A-100"}`},
	{"b", `{"name":"beta","n":2,"price":20,"active":false,"tags":["green"],"owner":{"name":"李四","city":"上海"},"lines":[{"sku":"x1","qty":1}],"note":null,"code":"50%_x"}`},
	{"c", `{"name":"Gamma","n":10,"active":true,"tags":[],"owner":{"name":"王五"},"lines":[],"code":"5000"}`},
	{"d", `{"name":"delta","n":"10","price":null,"tags":["red"],"note":"华南区"}`},
	{"e", `{"name":"épsilon","n":-3.5,"active":false,"owner":{"city":"北京"}}`},
}

type opCase struct {
	name string
	f    store.Filter
	want []string
}

func opCases() []opCase {
	eq, cmp := store.Eq, store.Cmp
	all := strs("a", "b", "c", "d", "e")
	none := strs()
	future := time.Now().Add(time.Hour)
	return []opCase{
		{"eq string", eq("name", "Alpha"), strs("a")},
		{"eq number is not eq string", eq("n", 10), strs("c")},
		{"eq string is not eq number", eq("n", "10"), strs("d")},
		{"eq float equals int", eq("n", 1.0), strs("a")},
		{"eq int", eq("n", 2), strs("b")},
		{"eq negative float", eq("n", -3.5), strs("e")},
		{"eq true", eq("active", true), strs("a", "c")},
		{"eq false", eq("active", false), strs("b", "e")},
		{"eq 1 is not true", eq("active", 1), none},
		{"eq true is not a number", eq("n", true), none},
		{"ne string", cmp("name", store.OpNe, "Alpha"), strs("b", "c", "d", "e")},
		{"ne number keeps other types", cmp("n", store.OpNe, 10), strs("a", "b", "d", "e")},
		{"ne true keeps missing", cmp("active", store.OpNe, true), strs("b", "d", "e")},
		{"in mixed types", store.In("n", 1, 2, "10"), strs("a", "b", "d")},
		{"nin", cmp("n", store.OpNin, []any{1, 2}), strs("c", "d", "e")},
		{"in empty list", cmp("name", store.OpIn, []any{}), none},
		{"nin empty list", cmp("name", store.OpNin, []any{}), all},
		{"lt number", cmp("n", store.OpLt, 2), strs("a", "e")},
		{"lte number", cmp("n", store.OpLte, 2), strs("a", "b", "e")},
		{"gt number skips strings", cmp("n", store.OpGt, 1), strs("b", "c")},
		{"gte number", cmp("n", store.OpGte, 10), strs("c")},
		{"gt string skips numbers", cmp("n", store.OpGt, "1"), strs("d")},
		{"gt string bytewise", cmp("name", store.OpGt, "b"), strs("b", "d", "e")},
		{"lt string: capitals sort first", cmp("name", store.OpLt, "a"), strs("a", "c")},
		{"gt skips null", cmp("price", store.OpGt, 10), strs("b")},
		{"lt skips null and missing", cmp("price", store.OpLt, 10), strs("a")},
		{"gt false", cmp("active", store.OpGt, false), strs("a", "c")},
		{"lt true", cmp("active", store.OpLt, true), strs("b", "e")},
		{"gte false", cmp("active", store.OpGte, false), strs("a", "b", "c", "e")},
		{"exists counts null", cmp("price", store.OpExists, true), strs("a", "b", "d")},
		{"not exists", cmp("price", store.OpExists, false), strs("c", "e")},
		{"exists null note", cmp("note", store.OpExists, true), strs("a", "b", "d")},
		{"eq null matches null and missing", eq("price", nil), strs("c", "d", "e")},
		{"ne null", cmp("price", store.OpNe, nil), strs("a", "b")},
		{"in with null", store.In("price", nil, 20), strs("b", "c", "d", "e")},
		{"nin null", cmp("price", store.OpNin, []any{nil}), strs("a", "b")},
		{"gte null is eq null", cmp("price", store.OpGte, nil), strs("c", "d", "e")},
		{"lte null is eq null", cmp("price", store.OpLte, nil), strs("c", "d", "e")},
		{"lt null matches nothing", cmp("price", store.OpLt, nil), none},
		{"gt null matches nothing", cmp("price", store.OpGt, nil), none},
		{"contains Chinese", cmp("note", store.OpContains, "东区"), strs("a")},
		{"contains one Chinese character", cmp("note", store.OpContains, "华"), strs("a", "d")},
		{"contains ignores ASCII case", cmp("name", store.OpContains, "ALP"), strs("a")},
		{"contains middle", cmp("name", store.OpContains, "lph"), strs("a")},
		{"contains non-ASCII case is exact", cmp("name", store.OpContains, "ÉPS"), none},
		{"contains non-ASCII", cmp("name", store.OpContains, "éps"), strs("e")},
		{"contains percent underscore literally", cmp("code", store.OpContains, "%_"), strs("b")},
		{"contains percent literally", cmp("code", store.OpContains, "0%"), strs("b")},
		{"contains underscore literally", cmp("code", store.OpContains, "_"), strs("b")},
		{"contains no wildcard", cmp("code", store.OpContains, "a%"), none},
		{"contains skips numbers", cmp("n", store.OpContains, "1"), strs("d")},
		{"startsWith", cmp("name", store.OpStartsWith, "be"), strs("b")},
		{"startsWith is case-sensitive", cmp("name", store.OpStartsWith, "Be"), none},
		{"startsWith Chinese", cmp("note", store.OpStartsWith, "华"), strs("a", "d")},
		{"startsWith percent literally", cmp("code", store.OpStartsWith, "50%"), strs("b")},
		{"startsWith digit", cmp("code", store.OpStartsWith, "5"), strs("b", "c")},
		{"startsWith empty matches strings", cmp("name", store.OpStartsWith, ""), all},
		{"array any element eq", eq("tags", "red"), strs("a", "d")},
		{"array no element ne", cmp("tags", store.OpNe, "red"), strs("b", "c", "e")},
		{"array in", store.In("tags", "green", "blue"), strs("a", "b")},
		{"array nin", cmp("tags", store.OpNin, []any{"red"}), strs("b", "c", "e")},
		{"empty array exists", cmp("tags", store.OpExists, true), strs("a", "b", "c", "d")},
		{"empty array is not null", eq("tags", nil), strs("e")},
		{"array startsWith", cmp("tags", store.OpStartsWith, "gr"), strs("b")},
		{"array position 0", eq("tags.0", "red"), strs("a", "d")},
		{"array position 1", eq("tags.1", "blue"), strs("a")},
		{"nested eq", eq("owner.city", "北京"), strs("a", "e")},
		{"nested eq null", eq("owner.city", nil), strs("c", "d")},
		{"nested not exists", cmp("owner.city", store.OpExists, false), strs("c", "d")},
		{"nested ne", cmp("owner.city", store.OpNe, "北京"), strs("b", "c", "d")},
		{"nested startsWith Chinese", cmp("owner.name", store.OpStartsWith, "张"), strs("a")},
		{"array of objects eq", eq("lines.sku", "x1"), strs("a", "b")},
		{"array of objects gt", cmp("lines.qty", store.OpGt, 4), strs("a")},
		{"array of objects lt", cmp("lines.qty", store.OpLt, 2), strs("b")},
		{"array of objects eq number", eq("lines.qty", 2), strs("a")},
		{"array of objects ne", cmp("lines.qty", store.OpNe, 2), strs("b", "c", "d", "e")},
		{"array of objects position", eq("lines.0.sku", "x1"), strs("a", "b")},
		{"array of objects position 1", eq("lines.1.sku", "y2"), strs("a")},
		{"array of objects exists", cmp("lines.sku", store.OpExists, true), strs("a", "b")},
		{"conditions on array elements are independent", store.And(eq("lines.sku", "x1"), eq("lines.qty", 5)), strs("a")},
		{"or", store.Or(eq("name", "Alpha"), eq("n", 2)), strs("a", "b")},
		{"not", store.Not(eq("active", true)), strs("b", "d", "e")},
		{"not over null is a plain no", store.And(cmp("price", store.OpExists, true), store.Not(cmp("price", store.OpGt, 10))), strs("a", "d")},
		{"not lt keeps other types", store.Not(cmp("n", store.OpLt, 5)), strs("c", "d")},
		{"not or", store.Not(store.Or(eq("owner.city", "北京"), eq("owner.city", "上海"))), strs("c", "d")},
		{"empty and matches all", store.Filter{And: []store.Filter{}}, all},
		{"empty or matches none", store.Filter{Or: []store.Filter{}}, none},
		{"zero filter matches all", store.Filter{}, all},
		{"_id in", store.In(store.PathID, "a", "c"), strs("a", "c")},
		{"_id gt", cmp(store.PathID, store.OpGt, "c"), strs("d", "e")},
		{"_id startsWith", cmp(store.PathID, store.OpStartsWith, "b"), strs("b")},
		{"_id ne", cmp(store.PathID, store.OpNe, "b"), strs("a", "c", "d", "e")},
		{"_version", eq(store.PathVersion, 1), all},
		{"_created before", cmp(store.PathCreated, store.OpLte, future), all},
		{"_created after", cmp(store.PathCreated, store.OpGt, future), none},
		{"_updated as RFC 3339", cmp(store.PathUpdated, store.OpLt, future.UTC().Format(time.RFC3339)), all},
		{"_id always exists", cmp(store.PathID, store.OpExists, true), all},
		{"_id never missing", cmp(store.PathID, store.OpExists, false), none},
	}
}

func runOpCases(t *testing.T, c store.Collection) {
	for _, d := range opDocs {
		put(t, c, d[0], d[1])
	}
	for _, tc := range opCases() {
		got := matchIDs(t, c, tc.f)
		if !equal(got, tc.want) {
			t.Errorf("%s: Find = %v, want %v", tc.name, got, tc.want)
		}
		n, err := c.Count(context.Background(), tc.f)
		if err != nil || n != int64(len(tc.want)) {
			t.Errorf("%s: Count = %d, %v; want %d", tc.name, n, err, len(tc.want))
		}
	}
}

func testOperators(t *testing.T, h *harness) {
	_, c := h.coll(t, store.CollectionSpec{Name: "items"})
	runOpCases(t, c)
}

// testOperatorsIndexed runs the same cases with the scalar fields indexed: an engine may
// answer them from indexes, but the results must not change.
func testOperatorsIndexed(t *testing.T, h *harness) {
	one := func(name string, keys ...string) store.Index {
		ix := store.Index{Name: name}
		for _, k := range keys {
			ix.Keys = append(ix.Keys, store.SortKey{Field: k})
		}
		return ix
	}
	_, c := h.coll(t, store.CollectionSpec{Name: "items", Indexes: []store.Index{
		one("by_name", "name"), one("by_n", "n", store.PathCreated), one("by_price", "price"),
		one("by_active_n", "active", "n"), one("by_note", "note"), one("by_city", "owner.city"),
		one("by_owner", "owner.name"), one("by_code", "code"),
	}})
	runOpCases(t, c)
}

func testQueryErrors(t *testing.T, h *harness) {
	ctx := context.Background()
	_, c := h.coll(t, store.CollectionSpec{Name: "items"})
	put(t, c, "a", `{"name":"x","n":1}`)
	bad := map[string]store.Filter{
		"dollar field":      store.Eq("$where", 1),
		"operator as field": store.Eq("name.$gt", ""),
		"empty segment":     store.Eq("a..b", 1),
		"underscore field":  store.Eq("_secret", 1),
		"unknown operator":  store.Cmp("name", "regex", ".*"),
		"object value":      store.Eq("name", map[string]any{"$gt": ""}),
		"list for eq":       store.Eq("name", []any{"x"}),
		"scalar for in":     store.Cmp("name", store.OpIn, "x"),
		"number contains":   store.Cmp("name", store.OpContains, 1),
		"exists string":     store.Cmp("name", store.OpExists, "yes"),
		"ambiguous node":    {Field: "name", Op: store.OpEq, Value: "x", And: []store.Filter{store.Eq("n", 1)}},
		"NaN":               store.Eq("n", math.NaN()),
		"infinity":          store.Cmp("n", store.OpLt, math.Inf(1)),
		"_id number":        store.Eq(store.PathID, 5),
		"_version string":   store.Eq(store.PathVersion, "1"),
		"_created garbage":  store.Cmp(store.PathCreated, store.OpGt, "yesterday"),
		"nested bad":        store.And(store.Eq("name", "x"), store.Or(store.Eq("n", 1), store.Cmp("n", "like", 1))),
	}
	for name, f := range bad {
		if _, err := c.Find(ctx, store.Query{Filter: f}); !isQueryError(err) {
			t.Errorf("%s: Find = %v, want a *store.QueryError", name, err)
		}
		if _, err := c.Count(ctx, f); !isQueryError(err) {
			t.Errorf("%s: Count = %v, want a *store.QueryError", name, err)
		}
		if _, err := c.DeleteMany(ctx, f); !isQueryError(err) {
			t.Errorf("%s: DeleteMany = %v, want a *store.QueryError", name, err)
		}
		if _, err := c.FindOne(ctx, f); !isQueryError(err) {
			t.Errorf("%s: FindOne = %v, want a *store.QueryError", name, err)
		}
	}
	if n, _ := c.Count(ctx, store.Filter{}); n != 1 {
		t.Fatalf("a refused DeleteMany deleted documents: %d left", n)
	}
	for name, q := range map[string]store.Query{
		"sort path":     {Sort: []store.SortKey{{Field: "a b"}}},
		"sort dollar":   {Sort: []store.SortKey{{Field: "$natural"}}},
		"limit too big": {Limit: store.MaxLimit + 1},
		"limit < 0":     {Limit: -1},
		"garbage after": {After: "not-a-cursor"},
	} {
		if _, err := c.Find(ctx, q); !isQueryError(err) {
			t.Errorf("%s: Find = %v, want a *store.QueryError", name, err)
		}
	}
	var qe *store.QueryError
	_, err := c.Find(ctx, store.Query{Filter: store.And(store.Eq("name", "x"), store.Cmp("n", "regex", 1))})
	if isQueryError(err) {
		qe = asQueryError(err)
		if !strings.HasPrefix(qe.Path, "/and/1") {
			t.Errorf("QueryError.Path = %q, want it to locate /and/1", qe.Path)
		}
	}
}
