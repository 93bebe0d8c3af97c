package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// auditEntry is an entry as the audit route answers it.
type auditEntry struct {
	ID        string         `json:"id"`
	Actor     string         `json:"actor"`
	IP        string         `json:"ip"`
	RequestID string         `json:"requestId"`
	Kind      string         `json:"kind"`
	Target    string         `json:"target"`
	At        string         `json:"at"`
	Summary   map[string]any `json:"summary"`
}

func auditList(t *testing.T, a *apitest.TestApp, s apitest.Session, ws, query string) ([]auditEntry, string) {
	t.Helper()
	st, body := a.Call(s, "GET", "/api/v1/workspaces/"+ws+"/audit"+query, "")
	if st != http.StatusOK {
		t.Fatalf("audit%s: %d %s", query, st, body)
	}
	var page struct {
		Items []auditEntry `json:"items"`
		Next  string       `json:"next"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	return page.Items, body
}

func byKind(es []auditEntry, kind string) []auditEntry {
	var out []auditEntry
	for _, e := range es {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// sentinelBudget is a hidden field's value that must never reach the audit log.
const sentinelBudget = "987654321.25"

// auditedWorkspace runs the audited journey: ann (owner) publishes a new version, assigns
// sam the sales role and invites nina; ann writes a lead with a budget, sam writes a lead
// of his own, updates it and exports the form as CSV.
func auditedWorkspace(t *testing.T, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := accessWorkspace(t, a)
	ann, sam := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	if st, body := a.Call(ann, "PUT", base+"/draft", strings.Replace(salesApp, `"en": "Leads"`, `"en": "Leads v2"`, 1)); st != 200 {
		t.Fatalf("draft: %d %s", st, body)
	}
	if st, body := a.Call(ann, "POST", base+"/publish", ""); st != 201 {
		t.Fatalf("publish: %d %s", st, body)
	}
	assign(t, a, v, "sales", `{"user":"`+v["sam"]+`"}`)
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/members", `{"email":"nina@formloom.test","name":"Nina","role":"member"}`)
	if st != 201 {
		t.Fatalf("invite: %d %s", st, body)
	}
	v["nina"] = field(t, body, "member", "userId")
	st, body = a.Call(ann, "POST", v["lead"]+"/records", `{"subject":"big deal","budget":`+sentinelBudget+`}`)
	if st != 201 {
		t.Fatalf("ann's lead: %d %s", st, body)
	}
	v["annLead"] = field(t, body, "id")
	v["samLead"] = createAs(t, a, v, sam, "sam's lead")
	if st, body := patchAs(t, a, sam, v["lead"]+"/records/"+v["samLead"], `{"subject":"sam's lead, renamed"}`); st != 200 {
		t.Fatalf("sam's update: %d %s", st, body)
	}
	// A refused write is not audited.
	if st, body := patchAs(t, a, sam, v["lead"]+"/records/"+v["annLead"], `{"subject":"taken"}`); st != http.StatusNotFound {
		t.Fatalf("sam's update of ann's lead: %d %s", st, body)
	}
	if st, body := a.Call(sam, "GET", v["lead"]+"/export?format=csv", ""); st != 200 {
		t.Fatalf("export: %d %s", st, body)
	}
	return v
}

// TestAuditJourney checks that each audited change makes exactly one entry with its actor,
// address, kind and target, that record entries name fields but hold no values, and the
// filters.
func TestAuditJourney(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := auditedWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	all, body := auditList(t, a, ann, v["wsA"], "?limit=100")
	if strings.Contains(body, sentinelBudget) || strings.Contains(body, "987654321") {
		t.Fatalf("a field value reached the audit log: %s", body)
	}
	want := []struct{ kind, actor, target string }{
		{"app.create", v["ann"], v["app"]},
		{"app.draft", v["ann"], v["app"]},
		{"app.publish", v["ann"], v["app"]},
		{"role.assign", v["ann"], v["app"]},
		{"member.invite", v["ann"], v["nina"]},
		{"record.update", v["sam"], v["samLead"]},
		{"records.export", v["sam"], "lead"},
	}
	for _, w := range want {
		es := byKind(all, w.kind)
		if len(es) != 1 {
			t.Fatalf("%d %s entries, want 1: %s", len(es), w.kind, body)
		}
		e := es[0]
		if e.Actor != w.actor || e.Target != w.target || e.IP != "127.0.0.1" || e.RequestID == "" || e.At == "" {
			t.Errorf("%s entry: %+v, want actor %s target %s", w.kind, e, w.actor, w.target)
		}
	}
	creates := byKind(all, "record.create")
	if len(creates) != 2 {
		t.Fatalf("%d record.create entries, want 2: %s", len(creates), body)
	}
	if got := byKind(all, "role.assign")[0].Summary; got["role"] != "sales" || got["user"] != v["sam"] {
		t.Errorf("role.assign summary: %v", got)
	}
	for _, e := range creates {
		// A creation's fields are the record's own and its timeline's: the entry does
		// not repeat them.
		if e.Summary != nil {
			t.Errorf("%s's create has a summary: %v", e.Actor, e.Summary)
		}
	}
	if keys, _ := json.Marshal(byKind(all, "record.update")[0].Summary["fields"]); string(keys) != `["subject"]` {
		t.Errorf("sam's update lists fields %s, want subject", keys)
	}
	if len(byKind(all, "record.update")) != 1 {
		t.Errorf("the refused update was audited: %s", body)
	}
	if export := byKind(all, "records.export")[0]; export.Summary["format"] != "csv" {
		t.Errorf("export summary: %v", export.Summary)
	}

	// Filters: actor, kind prefix, target, time range.
	sams, _ := auditList(t, a, ann, v["wsA"], "?actor="+v["sam"])
	if len(sams) != 3 {
		t.Errorf("sam's entries: %d, want 3 (create, update, export): %+v", len(sams), sams)
	}
	recs, _ := auditList(t, a, ann, v["wsA"], "?kind=record.")
	for _, e := range recs {
		if !strings.HasPrefix(e.Kind, "record.") {
			t.Errorf("kind filter let %s through", e.Kind)
		}
	}
	if len(recs) != 3 {
		t.Errorf("record entries: %d, want 3", len(recs))
	}
	onLead, _ := auditList(t, a, ann, v["wsA"], "?target="+v["samLead"])
	if len(onLead) != 2 {
		t.Errorf("entries on sam's lead: %d, want 2", len(onLead))
	}
	if none, _ := auditList(t, a, ann, v["wsA"], "?to=2000-01-01"); len(none) != 0 {
		t.Errorf("entries before 2000: %d", len(none))
	}
	if later, _ := auditList(t, a, ann, v["wsA"], "?from="+all[0].At); len(later) == 0 || later[0].ID != all[0].ID {
		t.Errorf("from the newest entry's time: %+v", later)
	}
	// Keyset pages: newest first, no entry twice.
	first, body := auditList(t, a, ann, v["wsA"], "?limit=2")
	next := field(t, body, "next")
	second, _ := auditList(t, a, ann, v["wsA"], "?limit=2&cursor="+next)
	if len(first) != 2 || len(second) != 2 || first[1].ID == second[0].ID || first[0].ID != all[0].ID || second[0].ID != all[2].ID {
		t.Errorf("pages: %+v then %+v", first, second)
	}
	// The other workspace's log holds none of it.
	if other, _ := auditList(t, a, a.SignIn("bob@formloom.test"), v["wsB"], ""); len(other) != 0 {
		t.Errorf("workspace B has %d entries", len(other))
	}
}

func TestAuditScenarios(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name: "a member may not read the audit log", Method: "GET", URL: "/api/v1/workspaces/{wsA}/audit",
			As: "sam@formloom.test", Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars { return accessWorkspace(t.(*testing.T), a) },
			ExpectedStatus: 403, ExpectedContent: []string{`"code":"forbidden"`},
		},
		apitest.Scenario{
			Name: "an outsider gets not found", Method: "GET", URL: "/api/v1/workspaces/{wsB}/audit",
			As: "ann@formloom.test", Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars { return accessWorkspace(t.(*testing.T), a) },
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a bad time is a 400 naming the parameter", Method: "GET", URL: "/api/v1/workspaces/{wsA}/audit?from=yesterday",
			As: "ann@formloom.test", Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars { return twoWorkspaces(t, a) },
			ExpectedStatus: 400, ExpectedContent: []string{`"/from"`},
		},
		apitest.Scenario{
			Name: "the owner reads record entries without field values", Method: "GET", URL: "/api/v1/workspaces/{wsA}/audit?kind=record",
			As: "ann@formloom.test", Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars { return auditedWorkspace(t.(*testing.T), a) },
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"record.create"`, `"kind":"record.update"`, `"fields":["subject"]`, `"actor":"{sam}"`},
			NotExpectedContent: []string{sentinelBudget, "big deal", "renamed"},
		},
		apitest.Scenario{
			Name: "token entries keep the name, never the secret", Method: "GET", URL: "/api/v1/workspaces/{wsA}/audit?kind=token.",
			As: "ann@formloom.test",
			Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars {
				v := twoWorkspaces(t, a)
				st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", "/api/v1/auth/tokens", `{"name":"ci"}`)
				if st != 201 {
					t.Fatalf("token: %d %s", st, body)
				}
				v["secret"] = field(t, body, "secret")
				return v
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"token.create"`, `"name":"ci"`},
			NotExpectedContent: []string{"{secret}"},
		},
	)
}
