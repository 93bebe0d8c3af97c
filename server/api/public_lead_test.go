package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/server/apitest"
)

// TestPublicLeadStartsItsPipeline: a lead submitted through a public link of the
// lead-management starter starts its pipeline as a collector's submission does, the link
// exposes only the start node's fields, a field outside them is refused naming it with
// nothing stored, and the submitter's receipt checks the status without signing in.
func TestPublicLeadStartsItsPipeline(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "col", "mgr")
	f.roles(t, map[string][]string{"collector": {"col"}, "lead_manager": {"mgr"}})
	a, v := f.a, f.v
	ann := f.as("ann")
	leads := f.base + "/forms/lead/records"
	body := mustCall(t, a, ann, 201, "POST", f.base+"/forms/lead/public-links", `{"owner":"`+v["col"]+`","show":["subject"]}`)
	public := field(t, body, "url")
	anon := apitest.Session{}
	countLeads := func() string {
		return mustCall(t, a, ann, 200, "GET", leads+"?total=true&limit=1", "")
	}
	before := countLeads()

	// The form visitors see names only the start node's fields.
	form := mustCall(t, a, anon, 200, "GET", public, "")
	for _, want := range []string{`"subject"`, `"channel"`, `"urgency"`, `"contactPhone"`} {
		if !strings.Contains(form, want) {
			t.Errorf("public form lacks %s", want)
		}
	}
	for _, hidden := range []string{`"owner"`, `"validity"`, `"riskLevel"`, `"priorityScore"`, `"responsibleDept"`} {
		if strings.Contains(form, hidden) {
			t.Errorf("public form names %s", hidden)
		}
	}

	// Fields outside the link are refused, each named, and nothing is stored.
	st, out := a.Call(anon, "POST", public, `{"subject":"官网咨询","channel":"complaint","urgency":"general","owner":"`+v["mgr"]+`","validity":"valid","riskLevel":"high"}`)
	if st != 400 || !strings.Contains(out, `"code":"unknown_field"`) || !strings.Contains(out, `"/owner":{"code":"unknown_field"`) ||
		!strings.Contains(out, `"/validity":`) || !strings.Contains(out, `"/riskLevel":`) {
		t.Fatalf("unexposed fields: %d %s", st, out)
	}
	if decode(t, countLeads())["total"] != decode(t, before)["total"] {
		t.Fatalf("a refused submission was stored: %s", countLeads())
	}

	// A good submission starts the pipeline: the lead waits at 审核 with the manager.
	st, out = a.Call(anon, "POST", public, `{"subject":"官网咨询","channel":"complaint","urgency":"general","company":"华东精密"}`)
	if st != 201 {
		t.Fatalf("submit: %d %s", st, out)
	}
	receipt := decode(t, out)
	serial, _ := receipt["serial"].(string)
	token, _ := receipt["statusToken"].(string)
	if serial == "" || token == "" || strings.Contains(out, "华东精密") || strings.Contains(out, v["col"]) {
		t.Fatalf("receipt: %s", out)
	}
	rec := mustCall(t, a, ann, 200, "GET", leads+"/"+field(t, out, "receipt"), "")
	wantStage(t, rec, "审核", flow.StatusRunning)

	// The status page shows the serial, the stage and only the fields the link shows.
	status := mustCall(t, a, anon, 200, "GET", field(t, out, "statusUrl"), "")
	if !strings.Contains(status, `"serial":"`+serial+`"`) || !strings.Contains(status, `"status":"running"`) ||
		!strings.Contains(status, `"stage":"审核"`) || !strings.Contains(status, `"subject":"官网咨询"`) || !strings.Contains(status, `"subject":{"en":"Subject","zh-CN":"`) || strings.Contains(status, "华东精密") {
		t.Fatalf("status: %s", status)
	}
	if st, _ := a.Call(anon, "GET", "/api/v1/public/status/not-a-token", ""); st != 404 {
		t.Fatalf("unknown status token: %d", st)
	}
}

func TestPublicLinkFieldsAreChecked(t *testing.T) {
	t.Parallel()
	apitest.Run(t, apitest.Scenario{
		Name: "a link may not expose a computed field", Method: "POST", URL: "{deal}/public-links", As: "ann@formloom.test", Setup: dealsWorkspace,
		Body: `{"owner":"{carl}","fields":["title","nope"]}`, ExpectedStatus: 422, ExpectedContent: []string{`"/fields/1":{"code":"unknown_field"`},
	})
}
