package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
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

	n, err := a.Store.Collection("record_history").Count(context.Background(), store.And(store.Eq("record", v["rec"]), store.Eq("action", "created")))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d stored creation entries, want none (the entry is derived from the record)", n)
	}

	// Pages of one entry: the creation, then every stored entry once, in order.
	all := decode(t, mustCall(t, a, ann, 200, "GET", rec+"/history", ""))["items"].([]any)
	var paged []any
	cursor := ""
	for range 20 {
		page := decode(t, mustCall(t, a, ann, 200, "GET", rec+"/history?limit=1&cursor="+cursor, ""))
		paged = append(paged, page["items"].([]any)...)
		cursor, _ = page["next"].(string)
		if cursor == "" {
			break
		}
	}
	if got, want := mustJSON(paged), mustJSON(all); got != want || len(all) != 7 {
		t.Fatalf("paged timeline:\n%s\nwant (7 entries)\n%s", got, want)
	}
}

// TestStoredCreationEntryStillAnswered: a record written when creation entries were stored
// keeps its stored entry, and the timeline answers it once, not beside a derived one.
func TestStoredCreationEntryStillAnswered(t *testing.T) {
	a := apitest.New(t)
	v := withLead(t, a)
	ann := a.SignIn("ann@formloom.test")
	rec := v["lead"] + "/records/" + v["rec"]
	ctx := context.Background()
	d, err := a.Store.Collection("records").Get(ctx, v["rec"])
	if err != nil {
		t.Fatal(err)
	}
	data := string(d.Data)
	old := `{"record":"` + v["rec"] + `","ws":"` + field(t, data, "ws") + `","form":"` + field(t, data, "form") +
		`","action":"created","actor":"` + field(t, data, "createdBy") + `","version":1,"fv":1,"initRec":true}`
	if _, err := a.Store.Collection("record_history").Insert(ctx, store.Document{Data: json.RawMessage(old)}); err != nil {
		t.Fatal(err)
	}
	if st, body, _ := callIf(a, ann, "PATCH", rec, `{"status":"following"}`, `"1"`); st != 200 {
		t.Fatalf("patch: %d %s", st, body)
	}
	items := decode(t, mustCall(t, a, ann, 200, "GET", rec+"/history", ""))["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("%d entries, want the stored creation and the update: %v", len(items), items)
	}
	first := items[0].(map[string]any)
	if first["action"] != "created" || first["id"] == v["rec"] || !strings.Contains(mustJSON(first["changes"]), `"field":"status","from":null,"to":"new"`) {
		t.Fatalf("creation entry: %v", first)
	}
}

// TestStoredCreationEntriesMigrated: a database written when creation entries were stored
// is converted at its next start: the stored entries that hold no values go, and the
// timeline answers the same creation, now derived from the record.
func TestStoredCreationEntriesMigrated(t *testing.T) {
	one := apitest.New(t)
	v := withLead(t, one)
	rec := v["lead"] + "/records/" + v["rec"]
	ctx := context.Background()
	d, err := one.Store.Collection("records").Get(ctx, v["rec"])
	if err != nil {
		t.Fatal(err)
	}
	data := string(d.Data)
	old := `{"record":"` + v["rec"] + `","ws":"` + field(t, data, "ws") + `","form":"` + field(t, data, "form") +
		`","action":"created","actor":"` + field(t, data, "createdBy") + `","version":1,"fv":1,"initRec":true}`
	if _, err := one.Store.Collection("record_history").Insert(ctx, store.Document{Data: json.RawMessage(old)}); err != nil {
		t.Fatal(err)
	}
	// The database predates the migration: it has no record of it.
	if _, err := one.Store.Collection(store.MigrationsCollection).DeleteMany(ctx, store.Filter{}); err != nil {
		t.Fatal(err)
	}
	changes := func(a *apitest.TestApp) (string, string) {
		t.Helper()
		items := decode(t, mustCall(t, a, a.SignIn("ann@formloom.test"), 200, "GET", rec+"/history", ""))["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("%d entries, want the creation: %v", len(items), items)
		}
		first := items[0].(map[string]any)
		return mustJSON(first["changes"]), first["id"].(string)
	}
	before, id := changes(one)
	if id == v["rec"] {
		t.Fatalf("the stored entry is not the one answered")
	}

	two := apitest.New(t, func(c *config.Config) { c.DataDir = one.Cfg.DataDir })
	n, err := two.Store.Collection("record_history").Count(ctx, store.Eq("action", "created"))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d stored creation entries after the migration", n)
	}
	after, id := changes(two)
	if after != before || id != v["rec"] || !strings.Contains(after, `"field":"status","from":null,"to":"new"`) {
		t.Fatalf("creation after the migration: %s (entry %s), want %s", after, id, before)
	}
}
