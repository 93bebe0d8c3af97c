package storetest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/formloom/formloom/store"
)

func testSort(t *testing.T, h *harness) {
	t.Run("MixedTypes", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "mixed"})
		for _, d := range [][2]string{
			{"m01", `{"v":null}`}, {"m02", `{"w":1}`}, {"m03", `{"v":2}`}, {"m04", `{"v":-1}`},
			{"m05", `{"v":"b"}`}, {"m06", `{"v":"a"}`}, {"m07", `{"v":{"x":1}}`}, {"m08", `{"v":true}`},
			{"m09", `{"v":false}`}, {"m10", `{"v":1.5}`}, {"m11", `{"v":"B"}`}, {"m12", `{"v":"中"}`},
		} {
			put(t, c, d[0], d[1])
		}
		asc := strs("m01", "m02", "m04", "m10", "m03", "m11", "m06", "m05", "m12", "m07", "m09", "m08")
		got := ids(findAll(t, c, store.Filter{}, []store.SortKey{{Field: "v"}}, 100))
		if !equal(got, asc) {
			t.Errorf("ascending = %v\nwant        %v (null=missing < numbers < strings < objects < booleans)", got, asc)
		}
		desc := make([]string, len(asc))
		for i, id := range asc {
			desc[len(asc)-1-i] = id
		}
		got = ids(findAll(t, c, store.Filter{}, []store.SortKey{{Field: "v", Desc: true}}, 100))
		if !equal(got, desc) {
			t.Errorf("descending = %v\nwant         %v", got, desc)
		}
		// Paging through the same order one document at a time gives the same sequence.
		got = ids(findAll(t, c, store.Filter{}, []store.SortKey{{Field: "v"}}, 1))
		if !equal(got, asc) {
			t.Errorf("ascending by pages of 1 = %v, want %v", got, asc)
		}
		got = ids(findAll(t, c, store.Filter{}, []store.SortKey{{Field: "v", Desc: true}}, 1))
		if !equal(got, desc) {
			t.Errorf("descending by pages of 1 = %v, want %v", got, desc)
		}
	})

	t.Run("MixedDirections", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "people"})
		for _, d := range [][2]string{
			{"p1", `{"dept":"a","age":30,"info":{"rank":3}}`}, {"p2", `{"dept":"b","age":25,"info":{"rank":1}}`},
			{"p3", `{"dept":"a","age":40,"info":{"rank":2}}`}, {"p4", `{"dept":"b","age":25}`},
			{"p5", `{"dept":"a","info":{"rank":0}}`}, {"p6", `{"age":50,"info":{"rank":5}}`},
		} {
			put(t, c, d[0], d[1])
		}
		sort := []store.SortKey{{Field: "dept"}, {Field: "age", Desc: true}}
		want := strs("p6", "p3", "p1", "p5", "p4", "p2")
		for _, limit := range []int{100, 1, 2, 4} {
			if got := ids(findAll(t, c, store.Filter{}, sort, limit)); !equal(got, want) {
				t.Errorf("dept asc, age desc (limit %d) = %v, want %v", limit, got, want)
			}
		}
		want = strs("p4", "p5", "p2", "p3", "p1", "p6")
		if got := ids(findAll(t, c, store.Filter{}, []store.SortKey{{Field: "info.rank"}}, 2)); !equal(got, want) {
			t.Errorf("info.rank asc = %v, want %v", got, want)
		}
		want = strs("p1", "p2", "p3", "p4", "p5", "p6")
		if got := ids(findAll(t, c, store.Filter{}, nil, 4)); !equal(got, want) {
			t.Errorf("default order = %v, want _id order %v", got, want)
		}
	})

	t.Run("Created", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "log"})
		var want []string
		for i := range 8 {
			id := fmt.Sprintf("k%02d", i)
			put(t, c, id, `{"i":1}`)
			want = append(want, id)
		}
		if got := ids(findAll(t, c, store.Filter{}, []store.SortKey{{Field: store.PathCreated}}, 3)); !equal(got, want) {
			t.Errorf("_created asc = %v, want %v", got, want)
		}
		for i, j := 0, len(want)-1; i < j; i, j = i+1, j-1 {
			want[i], want[j] = want[j], want[i]
		}
		if got := ids(findAll(t, c, store.Filter{}, []store.SortKey{{Field: store.PathCreated, Desc: true}}, 3)); !equal(got, want) {
			t.Errorf("_created desc = %v, want %v", got, want)
		}
	})
}

// sortRank is a JSON value's type class in the cross-engine order.
func sortRank(v any) int {
	switch v.(type) {
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
		return 5
	}
	return 6
}

// compareValues is the documented order for scalars (objects and arrays compare equal
// within their class; tests only use one of each).
func compareValues(a, b any) int {
	ra, rb := sortRank(a), sortRank(b)
	if ra != rb {
		return ra - rb
	}
	switch x := a.(type) {
	case float64:
		y := b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	case string:
		return strings.Compare(x, b.(string))
	case bool:
		y := b.(bool)
		switch {
		case !x && y:
			return -1
		case x && !y:
			return 1
		}
	}
	return 0
}

// compareDocs orders two documents by top-level sort keys and then _id, as the store must.
func compareDocs(t *testing.T, a, b store.Document, sort []store.SortKey) int {
	var da, db map[string]any
	if err := json.Unmarshal(a.Data, &da); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b.Data, &db); err != nil {
		t.Fatal(err)
	}
	desc := false
	for _, k := range sort {
		desc = k.Desc
		var c int
		switch k.Field {
		case store.PathCreated:
			c = a.Created.Compare(b.Created)
		case store.PathID:
			c = strings.Compare(a.ID, b.ID)
		default:
			c = compareValues(da[k.Field], db[k.Field])
		}
		if k.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	c := strings.Compare(a.ID, b.ID)
	if desc {
		c = -c
	}
	return c
}
