package mongo

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/formloom/formloom/store"
)

// TestIndexBudget: however many indexes are declared, at most the budget exist; those
// already built keep their place, unique indexes take the free places before list
// indexes, and the rest are left out (and reported).
func TestIndexBudget(t *testing.T) {
	var declared []store.Index
	for i := 0; i < 40; i++ {
		declared = append(declared, store.Index{Name: fmt.Sprintf("sel_%d", i), Keys: []store.SortKey{{Field: fmt.Sprintf("f.s%d", i)}}})
		declared = append(declared, store.Index{Name: fmt.Sprintf("u_%d", i), Keys: []store.SortKey{{Field: fmt.Sprintf("f.u%d", i)}}, Unique: true})
	}
	existing := map[string]bool{"sel_0": true, "sel_1": true, "form_created": true}
	build, over := planIndexes(existing, declared, indexBudget)
	if got := len(existing) + len(build) - 2; got != indexBudget { // sel_0 and sel_1 exist already
		t.Fatalf("%d indexes after the plan, budget %d", got, indexBudget)
	}
	if len(build)+len(over) != len(declared) {
		t.Fatalf("%d built + %d over != %d declared", len(build), len(over), len(declared))
	}
	names := map[string]bool{}
	for _, ix := range build {
		names[ix.Name] = true
	}
	if !names["sel_0"] || !names["sel_1"] {
		t.Error("an index already built lost its place")
	}
	for i := 0; i < 40; i++ {
		if !names[fmt.Sprintf("u_%d", i)] {
			t.Errorf("unique u_%d left out while list indexes were built", i)
		}
	}
	for _, ix := range over {
		if ix.Unique {
			t.Errorf("unique %s over the budget while there was room", ix.Name)
		}
	}
	// A full collection builds nothing new: the unique index is over, and reported.
	full := map[string]bool{}
	for i := 0; i < indexBudget; i++ {
		full[fmt.Sprintf("x%d", i)] = true
	}
	build, over = planIndexes(full, []store.Index{{Name: "u_new", Unique: true, Keys: []store.SortKey{{Field: "f.a"}}}}, indexBudget)
	if len(build) != 0 || len(over) != 1 {
		t.Fatalf("full collection: build %v, over %v", build, over)
	}
}

// TestMissingUniqueIndexCoversOnlyItsDocuments: the guard that refuses writes under a
// missing unique index applies to the documents that index would hold, not to the
// other forms of a shared collection.
func TestMissingUniqueIndexCoversOnlyItsDocuments(t *testing.T) {
	ix := store.Index{Name: "u", Unique: true, Keys: []store.SortKey{{Field: "f.phone"}},
		Partial: store.And(store.Eq("form", "app1/lead"), store.Eq("deleted", false), store.Cmp("f.phone", store.OpExists, true))}
	for doc, want := range map[string]bool{
		`{"form":"app1/lead","deleted":false,"f":{"phone":"138"}}`: true,
		`{"form":"app1/lead","deleted":true,"f":{"phone":"138"}}`:  false,
		`{"form":"app1/lead","deleted":false,"f":{}}`:              false,
		`{"form":"app2/lead","deleted":false,"f":{"phone":"138"}}`: false,
	} {
		var m map[string]any
		if err := jsonUnmarshal(doc, &m); err != nil {
			t.Fatal(err)
		}
		if got := covers(ix, m); got != want {
			t.Errorf("%s: covered %v, want %v", doc, got, want)
		}
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
