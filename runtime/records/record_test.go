package records

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/formloom/formloom/store"
)

// TestDecodeStored checks that the fast meta reader agrees with encoding/json on what
// encode writes, and falls back to it for anything else.
func TestDecodeStored(t *testing.T) {
	live := storedDoc{Workspace: "w1", App: "a1", Form: "a1.lead", FormVersion: 3, Owner: "u1", CreatedBy: "u1", UpdatedBy: "u2"}
	dead := live
	dead.Deleted, dead.DeletedAt, dead.DeletedBy = true, "2026-11-23T02:00:00.000Z", "u3"
	fields := []string{
		`{}`,
		`{"subject":"x","f":1,"items":[{"f":"a,\"f\":b"}]}`,
		`{"note":"引号 \" and ,\"f\": inside"}`,
	}
	for _, sd := range []storedDoc{live, dead} {
		for _, f := range fields {
			data, err := sd.encode(json.RawMessage(f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeStored(store.Document{ID: "r", Data: data})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), `"app"`) {
				t.Fatalf("stored record names its app: %s", data)
			}
			var want storedDoc
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatal(err)
			}
			want.fillApp()
			if got.rec.App != "a1" {
				t.Fatalf("app %q, want a1 (from the form)", got.rec.App)
			}
			if string(got.rec.F) != string(want.F) {
				t.Fatalf("fields %s, want %s", got.rec.F, want.F)
			}
			got.rec.F, want.F = nil, nil
			if !reflect.DeepEqual(got.rec, want) {
				t.Fatalf("meta %+v, want %+v", got.rec, want)
			}
		}
	}
	// Other shapes (keys reordered, escapes, unknown members) take the general path;
	// records written before the app was derived carry it, on either path.
	for _, data := range []string{
		`{"f":{"a":1},"ws":"w1","fv":2,"form":"a1.lead"}`,
		`{"ws":"w\u0031","fv":2,"form":"a1.lead","f":{"a":1}}`,
		`{"ws":"w1","extra":[1],"fv":2,"form":"a1.lead","f":{"a":1}}`,
		`{"ws":"w1","app":"a1","form":"a1.lead","fv":2,"f":{"a":1}}`,
		`{"f":{"a":1},"ws":"w1","app":"a1","form":"a1.lead","fv":2}`,
	} {
		got, err := decodeStored(store.Document{ID: "r", Data: json.RawMessage(data)})
		if err != nil {
			t.Fatal(err)
		}
		if got.rec.Workspace != "w1" || got.rec.App != "a1" || got.rec.FormVersion != 2 || string(got.rec.F) != `{"a":1}` {
			t.Fatalf("%s: %+v", data, got.rec)
		}
	}
	if _, err := decodeStored(store.Document{ID: "r", Data: json.RawMessage(`{"ws":`)}); err == nil {
		t.Fatal("malformed record decoded")
	}
}

func TestDiff(t *testing.T) {
	from := map[string]any{"a": 1.0, "b": "x", "items": []any{map[string]any{"q": 1.0}}, "gone": true}
	to := map[string]any{"a": json.Number("1"), "b": "y", "items": []any{map[string]any{"q": 2.0}}, "new": "n"}
	got := diff(from, to)
	want := []Change{{"b", "x", "y"}, {"gone", true, nil}, {"items", from["items"], to["items"]}, {"new", nil, "n"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("diff %v, want %v", got, want)
	}
}
