package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/store"
)

// TestCreationEntryKeepsInitialValues: a record's creation entry stores no copy of its
// values, yet the timeline answers the values it was created with after later writes
// changed, cleared and added fields, deleted and restored it.
func TestCreationEntryKeepsInitialValues(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := withLead(t, a)
	ann := a.SignIn("ann@formloom.test")
	rec := v["lead"] + "/records/" + v["rec"]

	created := func() string {
		t.Helper()
		body := mustCall(t, a, ann, 200, "GET", rec+"/history", "")
		first := decode(t, body)["items"].([]any)[0].(map[string]any)
		if first["action"] != "created" {
			t.Fatalf("first entry: %v", first)
		}
		out, _ := json.Marshal(first["changes"])
		return string(out)
	}
	before := created()
	if !strings.Contains(before, `"field":"status","from":null,"to":"new"`) || !strings.Contains(before, `"field":"budget","from":null,"to":1000`) {
		t.Fatalf("creation changes: %s", before)
	}

	etag := `"1"`
	for _, patch := range []string{`{"status":"following","budget":100}`, `{"notes":"回访两次"}`, `{"notes":null,"budget":2500}`, `{"status":"closed"}`} {
		var st int
		var body string
		st, body, etag = callIf(a, ann, "PATCH", rec, patch, etag)
		if st != 200 {
			t.Fatalf("patch %s: %d %s", patch, st, body)
		}
	}
	mustCall(t, a, ann, 204, "DELETE", rec, "")
	mustCall(t, a, ann, 200, "POST", rec+"/restore", "")
	if after := created(); after != before {
		t.Fatalf("creation entry after writes:\n%s\nwant\n%s", after, before)
	}

	doc, err := a.Store.Collection("record_history").FindOne(context.Background(), store.And(store.Eq("record", v["rec"]), store.Eq("action", "created")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(doc.Data), `"init"`) || strings.Contains(string(doc.Data), `"changes"`) || strings.Contains(string(doc.Data), "1000") {
		t.Fatalf("stored creation entry holds values: %s", doc.Data)
	}
}
