package mongo

import (
	"fmt"
	"strings"
	"testing"

	"github.com/formloom/formloom/store"
)

// TestKeyedRulesTakeNoIndexPlace: per-form unique rules (unique with partial conditions)
// are keys, not indexes: however many there are, the index plan holds only the others,
// so the budget is spent on list indexes and global unique indexes alone.
func TestKeyedRulesTakeNoIndexPlace(t *testing.T) {
	var declared []store.Index
	for i := range 100 {
		declared = append(declared, store.Index{Name: fmt.Sprintf("u_%d", i), Unique: true,
			Keys: []store.SortKey{{Field: fmt.Sprintf("f.u%d", i)}}, Partial: store.Eq("form", fmt.Sprintf("a/f%d", i))})
	}
	declared = append(declared, store.Index{Name: "email", Unique: true, Keys: []store.SortKey{{Field: "email"}}},
		store.Index{Name: "list", Keys: []store.SortKey{{Field: "status"}}})
	built, keys := splitKeyed(declared)
	if len(keys) != 100 || len(built) != 2 {
		t.Fatalf("%d keyed, %d built; want 100 and 2", len(keys), len(built))
	}
	build, over := planIndexes(map[string]bool{}, built, indexBudget)
	if len(build) != 2 || len(over) != 0 {
		t.Fatalf("plan: build %d, over %d", len(build), len(over))
	}
}

// TestUniqueKeysNormaliseAsSQLite: the key of a value follows the SQLite engine's unique
// comparison — numbers by value, strings exactly, null and missing never reserved, every
// object one value — and starts with the document's workspace.
func TestUniqueKeysNormaliseAsSQLite(t *testing.T) {
	ix := store.Index{Name: "u", Unique: true, Keys: []store.SortKey{{Field: "f.v"}},
		Partial: store.And(store.Eq("form", "a/lead"), store.Eq("deleted", false), store.Cmp("f.v", store.OpExists, true))}
	key := func(v string) string {
		doc, err := decodeForKeys([]byte(`{"ws":"w1","form":"a/lead","deleted":false,"f":{"v":` + v + `}}`))
		if err != nil {
			t.Fatal(err)
		}
		ks := uniqueKeys("records", []store.Index{ix}, doc)
		if len(ks) == 0 {
			return ""
		}
		return ks[0].id
	}
	same := [][2]string{{`1`, `1.0`}, {`1e3`, `1000`}, {`{"a":1}`, `{"b":2}`}, {`[1]`, `[2]`}, {`true`, `true`}}
	for _, p := range same {
		if key(p[0]) != key(p[1]) || key(p[0]) == "" {
			t.Errorf("%s and %s: keys %q and %q, want the same", p[0], p[1], key(p[0]), key(p[1]))
		}
	}
	differ := [][2]string{{`"1"`, `1`}, {`"a"`, `"A"`}, {`"a"`, `"a "`}, {`true`, `false`}, {`1.5`, `1`}, {`9007199254740993`, `9007199254740992`}}
	for _, p := range differ {
		if key(p[0]) == key(p[1]) {
			t.Errorf("%s and %s share key %q", p[0], p[1], key(p[0]))
		}
	}
	if k := key(`null`); k != "" {
		t.Errorf("null reserved %q", k)
	}
	if k := key(`"x"`); !strings.HasPrefix(k, "w1|records|u|") {
		t.Errorf("key %q does not start with the workspace, collection and rule", k)
	}
	long := `"` + strings.Repeat("長", 300) + `"`
	if k := key(long); len(k) > 100 || k == key(`"`+strings.Repeat("長", 299)+`"`) {
		t.Errorf("long value key %q", k)
	}
}
