package api_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/server/apitest"
)

// simulate posts a simulation as s and decodes the answer.
func simulate(t *testing.T, a *apitest.TestApp, s apitest.Session, v apitest.Vars, body string) flow.Simulation {
	t.Helper()
	st, out := a.Call(s, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps/"+v["app"]+"/simulate", body)
	if st != 200 {
		t.Fatalf("simulate: %d %s", st, out)
	}
	var sim flow.Simulation
	if err := json.Unmarshal([]byte(out), &sim); err != nil {
		t.Fatal(err)
	}
	return sim
}

func simPath(sim flow.Simulation) string {
	var out []string
	for _, s := range sim.Steps {
		out = append(out, s.Node)
	}
	return strings.Join(out, ",")
}

func simAsked(sim flow.Simulation, node string) []string {
	for _, s := range sim.Steps {
		if s.Node == node {
			return s.Assignees
		}
	}
	return nil
}

// taskPeople lists the assignees of the open tasks at a node of a run.
func taskPeople(st *flow.State, node string) []string {
	var out []string
	for _, a := range st.Active {
		if a.Node != node {
			continue
		}
		for _, t := range a.Tasks {
			out = append(out, t.Assignee)
		}
	}
	return out
}

// TestSimulateMatchesTheRun asks the server which path a contract would take and who would
// be asked, creating nothing, then runs a real contract and finds the same people at each
// step.
func TestSimulateMatchesTheRun(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	ann, sam, sue := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test")

	sim := simulate(t, a, ann, v, fmt.Sprintf(`{"version":1,"submitter":%q,"record":{"title":"框架协议","amount":120000}}`, v["sam"]))
	if got := simPath(sim); got != "start,supervisor,split,legal,finance,join,director,done" {
		t.Fatalf("path = %s", got)
	}
	if sim.Outcome != "approved" || sim.Stop != nil {
		t.Errorf("outcome %q stop %+v", sim.Outcome, sim.Stop)
	}
	for node, who := range map[string]string{"supervisor": "sue", "legal": "lea", "finance": "fin", "director": "dan"} {
		if got := simAsked(sim, node); !slices.Equal(got, []string{v[who]}) {
			t.Errorf("%s asks %v, want %s", node, got, who)
		}
	}
	for _, s := range sim.Steps {
		if (s.Node == "legal" || s.Node == "finance") && s.Due == nil {
			t.Errorf("%s has no deadline in the simulation", s.Node)
		}
	}
	// Nothing was created.
	if st, body := a.Call(ann, "GET", v["contract"]+"/records", ""); st != 200 || !strings.Contains(body, `"items":[]`) {
		t.Fatalf("records after simulate: %d %s", st, body)
	}

	// The real run asks the same people.
	st, body := a.Call(sam, "POST", v["contract"]+"/records", `{"title":"框架协议","amount":120000}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	rec := v["contract"] + "/records/" + field(t, body, "id")
	if got := taskPeople(flowState(t, body), "supervisor"); !slices.Equal(got, simAsked(sim, "supervisor")) {
		t.Errorf("run asks %v at supervisor, simulation said %v", got, simAsked(sim, "supervisor"))
	}
	body = mustAct(t, a, sue, rec, "approve", `{}`)
	for _, node := range []string{"legal", "finance"} {
		if got := taskPeople(flowState(t, body), node); !slices.Equal(got, simAsked(sim, node)) {
			t.Errorf("run asks %v at %s, simulation said %v", got, node, simAsked(sim, node))
		}
	}
}

// TestSimulateTheDraft tries an unpublished change: a condition sending small contracts
// past the director. The draft answers with the new path, the published version with the
// old one.
func TestSimulateTheDraft(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	st, body := a.Call(ann, "GET", base+"/draft", "")
	if st != 200 {
		t.Fatalf("draft: %d %s", st, body)
	}
	var def map[string]any
	if err := json.Unmarshal([]byte(body), &def); err != nil {
		t.Fatal(err)
	}
	p := def["pipelines"].([]any)[0].(map[string]any)
	p["nodes"] = append(p["nodes"].([]any), map[string]any{"key": "big", "type": "condition"})
	var edges []any
	for _, e := range p["edges"].([]any) {
		m := e.(map[string]any)
		if m["from"] == "join" {
			m["to"] = "big"
		}
		edges = append(edges, m)
	}
	edges = append(edges,
		map[string]any{"from": "big", "to": "director", "when": "amount >= 100000"},
		map[string]any{"from": "big", "to": "done", "else": true})
	p["edges"] = edges
	raw, _ := json.Marshal(def)
	if st, body := a.Call(ann, "PUT", base+"/draft", string(raw)); st != 200 {
		t.Fatalf("save draft: %d %s", st, body)
	}

	small := simulate(t, a, ann, v, `{"record":{"title":"小额","amount":5000}}`)
	if got := simPath(small); got != "start,supervisor,split,legal,finance,join,big,done" {
		t.Errorf("small contract on the draft: %s", got)
	}
	if s := small.Steps[6]; s.Branch != "done" || !s.Else {
		t.Errorf("condition step: %+v", s)
	}
	big := simulate(t, a, ann, v, `{"version":0,"pipeline":"approval","record":{"amount":500000}}`)
	if got := simPath(big); !strings.Contains(got, "big,director,done") {
		t.Errorf("big contract on the draft: %s", got)
	}
	// The submitter defaults to the caller: ann heads no department and has none, so the
	// supervisor step falls back to the app's managers.
	if s := big.Steps[1]; s.Node != "supervisor" || !s.Fallback || !slices.Contains(s.Assignees, v["ann"]) {
		t.Errorf("supervisor for ann: %+v", s)
	}
	published := simulate(t, a, ann, v, `{"version":1,"record":{"amount":5000}}`)
	if got := simPath(published); !strings.Contains(got, "director") {
		t.Errorf("published version: %s", got)
	}
}

// TestSimulateRefusesBadInput: each bad request is a named 4xx.
func TestSimulateRefusesBadInput(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	ann, sam := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test")
	url := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"] + "/simulate"
	for _, c := range []struct {
		name string
		as   apitest.Session
		body string
		want int
		has  string
	}{
		{"unknown form field", ann, `{"record":{"nope":1}}`, 422, `"/record/nope"`},
		{"unknown flow", ann, `{"pipeline":"other","record":{}}`, 404, `"/pipeline"`},
		{"unknown version", ann, `{"version":7,"record":{}}`, 404, `"/version"`},
		{"submitter not a member", ann, `{"submitter":"u-nobody","record":{}}`, 422, `"/submitter"`},
		{"unknown member of the body", ann, `{"records":{}}`, 400, `"/records"`},
		{"not JSON", ann, `{"record":`, 400, "invalid_json"},
		{"not a designer", sam, `{"record":{}}`, 403, "forbidden"},
	} {
		st, body := a.Call(c.as, "POST", url, c.body)
		if st != c.want || !strings.Contains(body, c.has) {
			t.Errorf("%s: %d %s", c.name, st, body)
		}
	}
}
