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

// TestRecordsStoreNoApp checks that a record stores its form but not its app (the form's ID
// names it), and that records written before, which carry an "app" member, are still
// listed, read, related to and updated after the database is opened again; their next
// write drops the member.
func TestRecordsStoreNoApp(t *testing.T) {
	one := apitest.New(t)
	v := withLead(t, one)
	ctx := context.Background()
	stored := func(a *apitest.TestApp, id string) store.Document {
		t.Helper()
		d, err := a.Store.Collection("records").Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, id := range []string{v["rec"], v["con"]} {
		d := stored(one, id)
		if strings.Contains(string(d.Data), `"app"`) {
			t.Fatalf("record %s stores its app: %s", id, d.Data)
		}
		// Give it the shape of earlier versions: the app after the workspace.
		ws := field(t, string(d.Data), "ws")
		old := strings.Replace(string(d.Data), `"ws":"`+ws+`",`, `"ws":"`+ws+`","app":"`+v["app"]+`",`, 1)
		if old == string(d.Data) {
			t.Fatalf("no workspace member in %s", d.Data)
		}
		d.Data = json.RawMessage(old)
		if _, err := one.Store.Collection("records").Update(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	leads := countLeads(t, one, v)

	two := apitest.New(t, func(c *config.Config) { c.DataDir = one.Cfg.DataDir })
	ann := two.SignIn("ann@formloom.test")
	if n := countLeads(t, two, v); n != leads || n == 0 {
		t.Fatalf("%d leads listed, want %d", n, leads)
	}
	body := mustCall(t, two, ann, 200, "GET", v["lead"]+"/records/"+v["rec"], "")
	if !strings.Contains(body, `"subject":"Acme"`) {
		t.Fatalf("older lead read as %s", body)
	}
	// A new lead relates to the older contract: the relation check reads the contract's app.
	rel := createLead(t, two, v, map[string]any{"phone": "13900139000", "contract": v["con"]})
	if body := mustCall(t, two, ann, 200, "GET", v["lead"]+"/records/"+rel, ""); !strings.Contains(body, `"contractTitle":"年度框架合同"`) {
		t.Fatalf("lead related to the older contract: %s", body)
	}
	if strings.Contains(string(stored(two, rel).Data), `"app"`) {
		t.Fatalf("new record stores its app")
	}
	st, body, _ := callIf(two, ann, "PATCH", v["lead"]+"/records/"+v["rec"], `{"budget":2000}`, "*")
	if st != 200 || !strings.Contains(body, `"budget":2000`) {
		t.Fatalf("update of the older lead: %d %s", st, body)
	}
	if d := stored(two, v["rec"]); strings.Contains(string(d.Data), `"app"`) || !strings.Contains(string(d.Data), `"form":"`+v["app"]+`.lead"`) {
		t.Fatalf("older lead after its update: %s", d.Data)
	}
}
