package api_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

//go:embed testdata/flow_modes.json
var flowModesApp string

// Pipelines the tests install into flow_modes.json, on its form "req".
const (
	// modePipeline: one approval node held by the three approvers, then the director.
	modePipeline = `{"key": "p", "form": "req", "nodes": [
	  {"key": "start", "type": "start"},
	  {"key": "check", "type": "approval", "assignees": [{"type": "role", "role": "approvers"}], "mode": "MODE"PERCENT},
	  {"key": "after", "type": "approval", "assignees": [{"type": "role", "role": "director"}]},
	  {"key": "end", "type": "end"}],
	  "edges": [{"from": "start", "to": "check"}, {"from": "check", "to": "after"}, {"from": "after", "to": "end"}]}`
	// twoStepPipeline: first review (p1), then the director.
	twoStepPipeline = `{"key": "p", "form": "req", "nodes": [
	  {"key": "start", "type": "start"},
	  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]FIRSTEXTRA},
	  {"key": "second", "type": "approval", "assignees": [{"type": "role", "role": "director"}]},
	  {"key": "end", "type": "end"}],
	  "edges": [{"from": "start", "to": "first"}, {"from": "first", "to": "second"}, {"from": "second", "to": "end"}]}`
	oneStepPipeline = `{"key": "p", "form": "req", "nodes": [
	  {"key": "start", "type": "start"},
	  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]},
	  {"key": "end", "type": "end"}],
	  "edges": [{"from": "start", "to": "first"}, {"from": "first", "to": "end"}]}`
	// conditionPipeline: a condition routes to the director or straight to the end.
	conditionPipeline = `{"key": "p", "form": "req", "nodes": [
	  {"key": "start", "type": "start"},
	  {"key": "route", "type": "condition"},
	  {"key": "director", "type": "approval", "assignees": [{"type": "role", "role": "director"}]},
	  {"key": "end", "type": "end"}],
	  "edges": [{"from": "start", "to": "route"}, {"from": "route", "to": "director", "when": "WHEN"},
	            {"from": "route", "to": "end", "else": true}, {"from": "director", "to": "end"}]}`
	// assigneePipeline: one approval node whose people come from RULE (all must approve,
	// so that every person resolved gets a task).
	assigneePipeline = `{"key": "p", "form": "req", "nodes": [
	  {"key": "start", "type": "start"},
	  {"key": "check", "type": "approval", "assignees": [RULE], "mode": "all"},
	  {"key": "end", "type": "end"}],
	  "edges": [{"from": "start", "to": "check"}, {"from": "check", "to": "end"}]}`
)

// fmEnv is a workspace for pipeline tests. ann owns it. Departments: 总部 (head boss) and
// below it 销售部 (head sue), where sam and sue work. Roles of the app: staff (sam, sue),
// approvers (p1, p2, p3), first (p1), director (dan). out is a member with no role.
type fmEnv struct {
	t     *testing.T
	a     *apitest.TestApp
	v     apitest.Vars
	ss    map[string]apitest.Session
	names map[string]string // user ID → name
	base  string            // the app's URL
	req   string            // the form's URL
}

func fmSetup(t *testing.T, opts apitest.Options, pipeline string) *fmEnv {
	t.Helper()
	a := apitest.NewWith(t, opts)
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	e := &fmEnv{t: t, a: a, v: v, ss: map[string]apitest.Session{}, names: map[string]string{v["ann"]: "ann"}}
	for _, name := range []string{"sam", "sue", "boss", "p1", "p2", "p3", "dan", "out"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
		v[name], e.names[u.ID] = u.ID, name
	}
	hq, bossID := "总部", v["boss"]
	d1, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &hq, Head: &bossID})
	if err != nil {
		t.Fatal(err)
	}
	sales, sueID := "销售部", v["sue"]
	d2, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &sales, Head: &sueID, Parent: &d1.ID})
	if err != nil {
		t.Fatal(err)
	}
	v["hq"], v["sales"] = d1.ID, d2.ID
	for name, dep := range map[string]string{"sam": d2.ID, "sue": d2.ID, "boss": d1.ID} {
		if _, err := a.Org.UpdateMember(ctx, v["ann"], v["wsA"], v[name], org.MemberChange{Departments: &[]string{dep}}); err != nil {
			t.Fatal(err)
		}
	}
	st, body := a.Call(e.s("ann"), "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+fmApp(t, pipeline)+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	e.base = "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	e.req = e.base + "/forms/req"
	v["roles"] = e.base + "/roles"
	for role, who := range map[string][]string{"staff": {"sam", "sue"}, "approvers": {"p1", "p2", "p3"}, "first": {"p1"}, "director": {"dan"}} {
		for _, w := range who {
			assign(t, a, v, role, `{"user":"`+v[w]+`"}`)
		}
	}
	return e
}

// fmApp is flow_modes.json with pipeline as its only pipeline.
func fmApp(t *testing.T, pipeline string) string {
	t.Helper()
	var def map[string]any
	if err := json.Unmarshal([]byte(flowModesApp), &def); err != nil {
		t.Fatal(err)
	}
	def["pipelines"] = []any{json.RawMessage(pipeline)}
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatalf("pipeline %s: %v", pipeline, err)
	}
	return string(b)
}

func (e *fmEnv) s(name string) apitest.Session {
	if s, ok := e.ss[name]; ok {
		return s
	}
	s := e.a.SignIn(name + "@formloom.test")
	e.ss[name] = s
	return s
}

// create makes a record as who (submitted when the pipeline starts by itself) and returns
// its URL.
func (e *fmEnv) create(who, data string) string {
	e.t.Helper()
	st, body := e.a.Call(e.s(who), "POST", e.req+"/records", data)
	if st != 201 {
		e.t.Fatalf("create: %d %s", st, body)
	}
	return e.req + "/records/" + field(e.t, body, "id")
}

func (e *fmEnv) get(rec string) string {
	e.t.Helper()
	st, body := e.a.Call(e.s("ann"), "GET", rec, "")
	if st != 200 {
		e.t.Fatalf("get %s: %d %s", rec, st, body)
	}
	return body
}

func (e *fmEnv) state(rec string) *flow.State { return flowState(e.t, e.get(rec)) }

func (e *fmEnv) act(who, rec, action, body string) (int, string) {
	e.t.Helper()
	return act(e.t, e.a, e.s(who), rec, action, body)
}

func (e *fmEnv) must(who, rec, action, body string) string {
	e.t.Helper()
	return mustAct(e.t, e.a, e.s(who), rec, action, body)
}

// want checks the run's status and active nodes.
func (e *fmEnv) want(rec, status, active string) *flow.State {
	e.t.Helper()
	s := e.state(rec)
	if s.Status != status || activeNodes(s) != active {
		e.t.Fatalf("run is %s at %q, want %s at %q", s.Status, activeNodes(s), status, active)
	}
	return s
}

// tasks lists the tasks of node as "name:status".
func (e *fmEnv) tasks(s *flow.State, node string) []string {
	var out []string
	for _, a := range s.Active {
		if a.Node != node {
			continue
		}
		for _, t := range a.Tasks {
			out = append(out, e.names[t.Assignee]+":"+t.Status)
		}
	}
	return out
}

func (e *fmEnv) ws() string { return "/api/v1/workspaces/" + e.v["wsA"] }

func (e *fmEnv) inbox(who, box string) string {
	e.t.Helper()
	st, body := e.a.Call(e.s(who), "GET", e.ws()+"/inbox?box="+box, "")
	if st != 200 {
		e.t.Fatalf("inbox %s of %s: %d %s", box, who, st, body)
	}
	return body
}

func (e *fmEnv) inboxHas(who, box, rec string, want bool) {
	e.t.Helper()
	id := rec[strings.LastIndex(rec, "/")+1:]
	if got := strings.Contains(e.inbox(who, box), `"record":"`+id+`"`); got != want {
		e.t.Errorf("%s's %s box has the record: %v, want %v", who, box, got, want)
	}
}

func (e *fmEnv) notes(who, query string) string {
	e.t.Helper()
	st, body := e.a.Call(e.s(who), "GET", e.ws()+"/notifications"+query, "")
	if st != 200 {
		e.t.Fatalf("notifications of %s: %d %s", who, st, body)
	}
	return body
}

// bell reads who's notifications (query: "?unread=true" and the like).
func (e *fmEnv) bell(who, query string) flow.NotificationPage {
	e.t.Helper()
	var p flow.NotificationPage
	if err := json.Unmarshal([]byte(e.notes(who, query)), &p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func modeApp(mode string) string {
	p := strings.Replace(modePipeline, "MODE", mode, 1)
	extra := ""
	if mode == "percent" {
		extra = `, "percent": 60`
	}
	return strings.Replace(p, "PERCENT", extra, 1)
}

// TestApprovalModes: one approval node held by three approvers, in each mode.
func TestApprovalModes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, mode string
		run        func(e *fmEnv, rec string)
	}{
		{"single: only the first resolved gets a task", "single", func(e *fmEnv, rec string) {
			s := e.want(rec, "running", "check")
			// Role holders resolve in ID order, and IDs follow creation: p1 comes first.
			got := e.tasks(s, "check")
			if !slices.Equal(got, []string{"p1:open"}) {
				t.Fatalf("single approval has tasks %v", got)
			}
			first := "p1"
			for _, p := range []string{"p1", "p2", "p3"} {
				if p != first {
					if st, out := e.act(p, rec, "approve", `{}`); st == 200 {
						t.Errorf("%s approved without a task: %s", p, out)
					}
					e.inboxHas(p, "todo", rec, false)
				}
			}
			e.must(first, rec, "approve", `{}`)
			e.want(rec, "running", "after")
		}},
		{"any: the first approval decides and cancels the others", "any", func(e *fmEnv, rec string) {
			s := e.want(rec, "running", "check")
			if got := e.tasks(s, "check"); !slices.Equal(got, []string{"p1:open", "p2:open", "p3:open"}) {
				t.Fatalf("tasks %v", got)
			}
			for _, p := range []string{"p1", "p2", "p3"} {
				e.inboxHas(p, "todo", rec, true)
			}
			e.must("p2", rec, "approve", `{}`)
			e.want(rec, "running", "after")
			for _, p := range []string{"p1", "p3"} {
				e.inboxHas(p, "todo", rec, false)
				e.inboxHas(p, "done", rec, false)
				if st, _ := e.act(p, rec, "approve", `{}`); st != 409 {
					t.Errorf("%s approved a cancelled task: %d", p, st)
				}
			}
			e.inboxHas("p2", "done", rec, true)
		}},
		{"all: advances only after the third", "all", func(e *fmEnv, rec string) {
			e.must("p1", rec, "approve", `{}`)
			e.must("p3", rec, "approve", `{}`)
			s := e.want(rec, "running", "check")
			if got := e.tasks(s, "check"); !slices.Equal(got, []string{"p1:approved", "p2:open", "p3:approved"}) {
				t.Fatalf("tasks %v", got)
			}
			e.must("p2", rec, "approve", `{}`)
			e.want(rec, "running", "after")
		}},
		{"all: one rejection rejects the run", "all", func(e *fmEnv, rec string) {
			e.must("p1", rec, "approve", `{}`)
			e.must("p2", rec, "reject", `{}`)
			e.want(rec, "rejected", "")
			e.inboxHas("p3", "todo", rec, false)
		}},
		{"percent 60: two of three advance", "percent", func(e *fmEnv, rec string) {
			e.must("p3", rec, "approve", `{}`)
			e.want(rec, "running", "check")
			e.must("p1", rec, "approve", `{}`)
			e.want(rec, "running", "after")
			e.inboxHas("p2", "todo", rec, false)
		}},
		{"percent 60: two rejections make it impossible", "percent", func(e *fmEnv, rec string) {
			e.must("p1", rec, "reject", `{}`)
			e.want(rec, "running", "check") // two approvals can still reach 60 %
			e.must("p2", rec, "reject", `{}`)
			e.want(rec, "rejected", "")
		}},
		{"percent 60: one rejection then two approvals advance", "percent", func(e *fmEnv, rec string) {
			e.must("p1", rec, "reject", `{}`)
			e.must("p2", rec, "approve", `{}`)
			e.want(rec, "running", "check")
			e.must("p3", rec, "approve", `{}`)
			e.want(rec, "running", "after")
		}},
		{"sequential: each in turn", "sequential", func(e *fmEnv, rec string) {
			s := e.want(rec, "running", "check")
			if got := e.tasks(s, "check"); !slices.Equal(got, []string{"p1:open", "p2:waiting", "p3:waiting"}) {
				t.Fatalf("tasks %v", got)
			}
			e.inboxHas("p2", "todo", rec, false)
			if st, out := e.act("p2", rec, "approve", `{}`); st != 409 || !strings.Contains(out, "not_your_turn") {
				t.Errorf("second before the first: %d %s", st, out)
			}
			e.must("p1", rec, "approve", `{}`)
			s = e.want(rec, "running", "check")
			if got := e.tasks(s, "check"); !slices.Equal(got, []string{"p1:approved", "p2:open", "p3:waiting"}) {
				t.Fatalf("tasks after the first %v", got)
			}
			e.inboxHas("p2", "todo", rec, true)
			e.inboxHas("p3", "todo", rec, false)
			e.must("p2", rec, "approve", `{}`)
			e.want(rec, "running", "check")
			e.must("p3", rec, "approve", `{}`)
			e.want(rec, "running", "after")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := fmSetup(t, apitest.Options{}, modeApp(c.mode))
			rec := e.create("sam", `{"title":"采购申请","amount":100}`)
			c.run(e, rec)
		})
	}
}

func twoStep(firstExtra string) string {
	return strings.Replace(twoStepPipeline, "FIRSTEXTRA", firstExtra, 1)
}

// TestPipelineActions: each action a person takes on a running record.
func TestPipelineActions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		run  func(e *fmEnv, rec string)
	}{
		{"transfer hands the task over", func(e *fmEnv, rec string) {
			if st, out := e.act("p1", rec, "transfer", `{"to":"`+e.v["p1"]+`"}`); st != 422 || !strings.Contains(out, `"/to"`) {
				t.Errorf("transfer to oneself: %d %s", st, out)
			}
			e.must("p1", rec, "transfer", `{"to":"`+e.v["p2"]+`"}`)
			s := e.want(rec, "running", "first")
			if got := e.tasks(s, "first"); !slices.Equal(got, []string{"p1:transferred", "p2:open"}) {
				t.Fatalf("tasks %v", got)
			}
			e.inboxHas("p1", "todo", rec, false)
			e.inboxHas("p2", "todo", rec, true)
			if done := e.inbox("p1", "done"); !strings.Contains(done, `"state":"transferred"`) {
				t.Errorf("p1's done box: %s", done)
			}
			if st, _ := e.act("p1", rec, "approve", `{}`); st != 409 {
				t.Errorf("p1 approved after transferring: %d", st)
			}
			e.must("p2", rec, "approve", `{}`)
			e.want(rec, "running", "second")
		}},
		{"addApprover before: the added member approves first", func(e *fmEnv, rec string) {
			e.must("p1", rec, "addApprover", `{"member":"`+e.v["p2"]+`","position":"before"}`)
			s := e.want(rec, "running", "first")
			if got := e.tasks(s, "first"); !slices.Equal(got, []string{"p1:waiting", "p2:open"}) {
				t.Fatalf("tasks %v", got)
			}
			e.inboxHas("p1", "todo", rec, false)
			e.inboxHas("p2", "todo", rec, true)
			if st, out := e.act("p1", rec, "approve", `{}`); st != 409 || !strings.Contains(out, "not_your_turn") {
				t.Errorf("p1 before the added approver: %d %s", st, out)
			}
			e.must("p2", rec, "approve", `{}`)
			s = e.want(rec, "running", "first")
			if got := e.tasks(s, "first"); !slices.Equal(got, []string{"p1:open", "p2:approved"}) {
				t.Fatalf("tasks after the added approver %v", got)
			}
			e.inboxHas("p1", "todo", rec, true)
			e.must("p1", rec, "approve", `{}`)
			e.want(rec, "running", "second")
		}},
		{"addApprover after: the added member approves last", func(e *fmEnv, rec string) {
			if st, out := e.act("p1", rec, "addApprover", `{"member":"`+e.v["p2"]+`","position":"middle"}`); st != 422 || !strings.Contains(out, `"/position"`) {
				t.Errorf("bad position: %d %s", st, out)
			}
			e.must("p1", rec, "addApprover", `{"member":"`+e.v["p2"]+`","position":"after"}`)
			e.inboxHas("p2", "todo", rec, false)
			e.must("p1", rec, "approve", `{}`)
			s := e.want(rec, "running", "first")
			if got := e.tasks(s, "first"); !slices.Equal(got, []string{"p1:approved", "p2:open"}) {
				t.Fatalf("tasks %v", got)
			}
			e.inboxHas("p2", "todo", rec, true)
			e.must("p2", rec, "approve", `{}`)
			e.want(rec, "running", "second")
		}},
		{"withdraw by the initiator before anyone acted", func(e *fmEnv, rec string) {
			if st, out := e.act("p1", rec, "withdraw", `{}`); st != 409 || !strings.Contains(out, "cannot_withdraw") {
				t.Errorf("withdraw by someone else: %d %s", st, out)
			}
			e.must("sam", rec, "withdraw", `{}`)
			e.want(rec, "draft", "start")
			e.inboxHas("p1", "todo", rec, false)
			e.inboxHas("sam", "todo", rec, true)
			e.must("sam", rec, "submit", `{}`)
			e.want(rec, "running", "first")
		}},
		{"withdraw after an approval is refused", func(e *fmEnv, rec string) {
			e.must("p1", rec, "approve", `{}`)
			if st, out := e.act("sam", rec, "withdraw", `{}`); st != 409 || !strings.Contains(out, "cannot_withdraw") {
				t.Errorf("withdraw after an approval: %d %s", st, out)
			}
			e.want(rec, "running", "second")
		}},
		{"comment leaves the state as it was", func(e *fmEnv, rec string) {
			before := e.state(rec)
			e.must("sam", rec, "comment", `{"comment":"请尽快处理"}`)
			after := e.state(rec)
			if after.Status != before.Status || activeNodes(after) != activeNodes(before) || !slices.Equal(e.tasks(after, "first"), e.tasks(before, "first")) {
				t.Errorf("comment changed the run: %+v → %+v", before, after)
			}
			_, hist := e.a.Call(e.s("ann"), "GET", rec+"/history", "")
			if !strings.Contains(hist, `"action":"flow.commented"`) || !strings.Contains(hist, `"comment":"请尽快处理"`) {
				t.Errorf("timeline lacks the comment: %s", hist)
			}
		}},
		{"cc copies the record to members outside its roles", func(e *fmEnv, rec string) {
			if st, _ := e.a.Call(e.s("out"), "GET", rec, ""); st != 404 {
				t.Fatalf("out reads the record before cc: %d", st)
			}
			// Outside the run: out does not see the record, dan reads it but has no part.
			if st, out := e.act("out", rec, "cc", `{"members":["`+e.v["p3"]+`"]}`); st != 404 {
				t.Errorf("cc by a member who cannot see it: %d %s", st, out)
			}
			if st, out := e.act("dan", rec, "cc", `{"members":["`+e.v["p3"]+`"]}`); st != 403 {
				t.Errorf("cc by a reader outside the run: %d %s", st, out)
			}
			if st, out := e.act("p1", rec, "cc", `{"members":["nobody"]}`); st != 422 || !strings.Contains(out, `"/members/0"`) {
				t.Errorf("cc to a stranger: %d %s", st, out)
			}
			e.must("p1", rec, "cc", `{"members":["`+e.v["out"]+`","`+e.v["p3"]+`"]}`)
			for _, who := range []string{"out", "p3"} {
				e.inboxHas(who, "cc", rec, true)
				if st, body := e.a.Call(e.s(who), "GET", rec, ""); st != 200 || !strings.Contains(body, "报销单") {
					t.Errorf("%s reads the copied record: %d %s", who, st, body)
				}
				if !strings.Contains(e.notes(who, ""), `"kind":"cc"`) {
					t.Errorf("%s got no cc notification", who)
				}
			}
			e.want(rec, "running", "first")
			if s := e.state(rec); !slices.Contains(s.CC, e.v["out"]) {
				t.Errorf("CC list %v", s.CC)
			}
		}},
		{"return to an earlier approval node opens it afresh", func(e *fmEnv, rec string) {
			if st, out := e.act("p1", rec, "return", `{"to":"second"}`); st != 422 || !strings.Contains(out, `"/to"`) {
				t.Errorf("return forward: %d %s", st, out)
			}
			e.want(rec, "running", "first")
			old := e.state(rec).Active[0].Tasks[0].ID
			e.must("p1", rec, "approve", `{}`)
			e.must("dan", rec, "return", `{"to":"first","comment":"再核一下"}`)
			s := e.want(rec, "running", "first")
			if got := e.tasks(s, "first"); !slices.Equal(got, []string{"p1:open"}) || s.Active[0].Tasks[0].ID == old {
				t.Fatalf("tasks after the return %v (old task %s)", got, old)
			}
			e.inboxHas("p1", "todo", rec, true)
			e.inboxHas("dan", "todo", rec, false)
			e.must("p1", rec, "approve", `{}`)
			e.want(rec, "running", "second")
		}},
		{"reject ends the run and tells the initiator", func(e *fmEnv, rec string) {
			e.must("p1", rec, "reject", `{"comment":"不合规"}`)
			e.want(rec, "rejected", "")
			_, list := e.a.Call(e.s("ann"), "GET", e.req+"/records?filter="+url.QueryEscape(`{"field":"_flowStatus","op":"eq","value":"rejected"}`), "")
			if !strings.Contains(list, rec[strings.LastIndex(rec, "/")+1:]) {
				t.Errorf("flowStatus filter misses the rejected record: %s", list)
			}
			if n := e.notes("sam", ""); !strings.Contains(n, `"kind":"finished"`) {
				t.Errorf("no finished notification for sam: %s", n)
			}
			if st, out := e.act("dan", rec, "approve", `{}`); st != 409 || !strings.Contains(out, "pipeline_ended") {
				t.Errorf("acting on an ended run: %d %s", st, out)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := fmSetup(t, apitest.Options{}, twoStep(""))
			rec := e.create("sam", `{"title":"报销单","amount":100}`)
			c.run(e, rec)
		})
	}
}

// TestSaveThenSubmit: save keeps the start node's fields without submitting; the draft
// is then submitted.
func TestSaveThenSubmit(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, twoStep(""))
	st, body := e.a.Call(e.s("sam"), "POST", e.req+"/records?draft=true", `{"title":"草稿","amount":1}`)
	if st != 201 {
		t.Fatalf("draft: %d %s", st, body)
	}
	rec := e.req + "/records/" + field(t, body, "id")
	body = e.must("sam", rec, "save", `{"data":{"amount":250}}`)
	if !strings.Contains(body, `"amount":250`) {
		t.Errorf("saved fields not kept: %s", body)
	}
	if s := flowState(t, body); s.Status != flow.StatusDraft || activeNodes(s) == "first" {
		t.Errorf("save submitted: %s at %s", s.Status, activeNodes(s))
	}
	e.inboxHas("p1", "todo", rec, false)
	body = e.must("sam", rec, "submit", `{}`)
	if s := flowState(t, body); s.Status != flow.StatusRunning || activeNodes(s) != "first" {
		t.Errorf("submit after save: %s at %s", s.Status, activeNodes(s))
	}
}

// TestResubmitRestarts: the default resubmit goes through the pipeline again from the first
// node.
func TestResubmitRestarts(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, twoStep(""))
	rec := e.create("sam", `{"title":"报销单","amount":100}`)
	e.must("p1", rec, "approve", `{}`)
	e.must("dan", rec, "return", `{"comment":"附件缺失"}`)
	e.want(rec, "returned", "start")
	if n := e.notes("sam", ""); !strings.Contains(n, `"kind":"returned"`) {
		t.Errorf("no returned notification: %s", n)
	}
	e.must("sam", rec, "submit", `{"data":{"amount":90}}`)
	s := e.want(rec, "running", "first")
	if got := e.tasks(s, "first"); !slices.Equal(got, []string{"p1:open"}) {
		t.Fatalf("tasks %v", got)
	}
	e.must("p1", rec, "approve", `{}`)
	e.must("dan", rec, "approve", `{}`)
	e.want(rec, "approved", "")
}

// TestConditionRouting: a condition node routes by a field, and by the date.
func TestConditionRouting(t *testing.T) {
	t.Parallel()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	cases := []struct {
		name, when, data, status, active string
	}{
		{"large amount to the director", "amount > 100000", `{"title":"大额","amount":100001}`, "running", "director"},
		{"small amount straight to the end", "amount > 100000", `{"title":"小额","amount":100000}`, "approved", ""},
		{"past date to the director (TODAY)", `dueDate != nil && dueDate < TODAY()`, `{"title":"逾期","amount":1,"dueDate":"2026-03-09"}`, "running", "director"},
		{"today is not past (TODAY)", `dueDate != nil && dueDate < TODAY()`, `{"title":"当天","amount":1,"dueDate":"2026-03-10"}`, "approved", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// 00:30 on 10 March in Shanghai is still 9 March in UTC: TODAY() is the calendar's day.
			clock := &fakeClock{now: time.Date(2026, 3, 10, 0, 30, 0, 0, shanghai)}
			p := strings.Replace(conditionPipeline, "WHEN", strings.ReplaceAll(c.when, `"`, `\"`), 1)
			e := fmSetup(t, apitest.Options{Now: clock.Now}, p)
			rec := e.create("sam", c.data)
			e.want(rec, c.status, c.active)
		})
	}
}

// TestAssigneeRules: who a node's rule resolves to.
func TestAssigneeRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, rule, submitter, data string
		want                        []string
		fallback                    bool
	}{
		{"manager chain of two levels", `{"type": "manager", "levels": 2}`, "sam", `{"title":"x"}`, []string{"sue:open", "boss:open"}, false},
		{"manager chain of one level", `{"type": "manager"}`, "sam", `{"title":"x"}`, []string{"sue:open"}, false},
		{"department head of the submitter", `{"type": "departmentHead"}`, "sam", `{"title":"x"}`, []string{"sue:open"}, false},
		{"department head when the submitter is the head", `{"type": "departmentHead"}`, "sue", `{"title":"x"}`, []string{"boss:open"}, false},
		{"member field", `{"type": "field", "field": "handler"}`, "sam", `{"title":"x","handler":"HANDLER"}`, []string{"p2:open"}, false},
		{"nobody resolved: the owners stand in", `{"type": "field", "field": "handler"}`, "sam", `{"title":"x"}`, []string{"ann:open"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := fmSetup(t, apitest.Options{}, strings.Replace(assigneePipeline, "RULE", c.rule, 1))
			rec := e.create(c.submitter, strings.Replace(c.data, "HANDLER", e.v["p2"], 1))
			s := e.want(rec, "running", "check")
			if got := e.tasks(s, "check"); !slices.Equal(got, c.want) {
				t.Fatalf("tasks %v, want %v", got, c.want)
			}
			if s.Active[0].Tasks[0].Fallback != c.fallback {
				t.Errorf("fallback = %v", s.Active[0].Tasks[0].Fallback)
			}
			if logged := strings.Contains(e.a.Logs(), "pipeline node has nobody to act"); logged != c.fallback {
				t.Errorf("fallback logged: %v", logged)
			}
			for _, w := range c.want {
				who := strings.TrimSuffix(w, ":open")
				e.inboxHas(who, "todo", rec, true)
			}
		})
	}
}

// TestDeadlineActions: what happens when a node's deadline comes.
func TestDeadlineActions(t *testing.T) {
	t.Parallel()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, shanghai)
	cases := []struct {
		name, deadline, data string
		run                  func(e *fmEnv, clock *fakeClock, rec string, run func() int)
	}{
		{"after hours, onDue approve", `{"after": {"hours": 2}, "onDue": {"action": "approve"}}`, `{"title":"x"}`,
			func(e *fmEnv, clock *fakeClock, rec string, run func() int) {
				if due := field(t, e.get(rec), "due"); due != "2026-03-10T03:00:00Z" {
					t.Fatalf("due %s", due)
				}
				clock.Set(t0.Add(2*time.Hour - time.Second))
				if n := run(); n != 0 {
					t.Fatalf("%d items ran before the deadline", n)
				}
				clock.Set(t0.Add(2*time.Hour + time.Second))
				if n := run(); n != 1 {
					t.Fatalf("%d items ran at the deadline", n)
				}
				if n := run(); n != 0 {
					t.Fatalf("the deadline fired again: %d", n)
				}
				s := e.want(rec, "running", "second")
				if got := e.tasks(s, "second"); !slices.Equal(got, []string{"dan:open"}) {
					t.Errorf("second's tasks %v", got)
				}
				e.inboxHas("p1", "todo", rec, false)
				e.inboxHas("dan", "todo", rec, true)
			}},
		{"after hours, onDue return", `{"after": {"hours": 2}, "onDue": {"action": "return"}}`, `{"title":"x"}`,
			func(e *fmEnv, clock *fakeClock, rec string, run func() int) {
				clock.Set(t0.Add(3 * time.Hour))
				if n := run(); n != 1 {
					t.Fatalf("%d items ran", n)
				}
				e.want(rec, "returned", "start")
				e.inboxHas("sam", "todo", rec, true)
				e.inboxHas("p1", "todo", rec, false)
			}},
		{"field deadline plus hours", `{"field": "dueDate", "plus": {"hours": 2}}`, `{"title":"x","dueDate":"2026-03-12"}`,
			func(e *fmEnv, clock *fakeClock, rec string, run func() int) {
				// The end of 12 March in Shanghai (23:59:59) plus two hours.
				if due := field(t, e.get(rec), "due"); due != "2026-03-12T17:59:59Z" {
					t.Fatalf("due %s", due)
				}
				clock.Set(time.Date(2026, 3, 13, 1, 59, 0, 0, shanghai))
				if n := run(); n != 0 {
					t.Fatalf("%d items ran before the deadline", n)
				}
				clock.Set(time.Date(2026, 3, 13, 2, 0, 0, 0, shanghai))
				if n := run(); n != 1 {
					t.Fatalf("%d items ran at the deadline", n)
				}
				if body := e.get(rec); !strings.Contains(body, `"overdue":true`) {
					t.Errorf("not overdue: %s", body)
				}
				if n := e.notes("p1", ""); !strings.Contains(n, `"kind":"overdue"`) {
					t.Errorf("no overdue notification: %s", n)
				}
				e.want(rec, "running", "first")
			}},
		{"a reminder fires once", `{"after": {"hours": 4}, "remindBefore": {"hours": 1}}`, `{"title":"x"}`,
			func(e *fmEnv, clock *fakeClock, rec string, run func() int) {
				clock.Set(t0.Add(3*time.Hour + time.Second))
				if n := run(); n != 1 {
					t.Fatalf("reminder: %d items ran", n)
				}
				if n := run(); n != 0 {
					t.Fatalf("reminder again: %d items ran", n)
				}
				if n := strings.Count(e.notes("p1", ""), `"kind":"reminder"`); n != 1 {
					t.Errorf("%d reminders", n)
				}
				e.want(rec, "running", "first")
			}},
		{"the deadline of a node already left does nothing", `{"after": {"hours": 2}, "remindBefore": {"hours": 1}, "onDue": {"action": "return"}}`, `{"title":"x"}`,
			func(e *fmEnv, clock *fakeClock, rec string, run func() int) {
				e.must("p1", rec, "approve", `{}`)
				clock.Set(t0.Add(5 * time.Hour))
				run()
				body := e.get(rec)
				e.want(rec, "running", "second")
				if strings.Contains(body, `"overdue":true`) {
					t.Errorf("overdue after leaving the node: %s", body)
				}
				_, hist := e.a.Call(e.s("ann"), "GET", rec+"/history", "")
				if strings.Contains(hist, "flow.overdue") || strings.Contains(hist, "flow.reminded") {
					t.Errorf("the left node's deadline acted: %s", hist)
				}
				if n := e.notes("p1", ""); strings.Contains(n, `"kind":"reminder"`) || strings.Contains(n, `"kind":"overdue"`) {
					t.Errorf("p1 reminded of a node left: %s", n)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clock := &fakeClock{now: t0}
			e := fmSetup(t, apitest.Options{Now: clock.Now, ManualSchedule: true}, twoStep(`, "deadline": `+c.deadline))
			rec := e.create("sam", c.data)
			run := func() int {
				t.Helper()
				n, err := e.a.App.Scheduler.RunDue(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			c.run(e, clock, rec, run)
		})
	}
}

// TestRunKeepsItsVersion: a run follows the app version it started on.
func TestRunKeepsItsVersion(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, oneStepPipeline)
	old := e.create("sam", `{"title":"旧","amount":1}`)
	ann := e.s("ann")
	if st, body := e.a.Call(ann, "PUT", e.base+"/draft", fmApp(t, twoStep(""))); st != 200 {
		t.Fatalf("draft: %d %s", st, body)
	}
	if st, body := e.a.Call(ann, "POST", e.base+"/publish", ""); st != 201 || !strings.Contains(body, `"number":2`) {
		t.Fatalf("publish: %d %s", st, body)
	}
	e.must("p1", old, "approve", `{}`)
	if s := e.want(old, "approved", ""); s.Version != 1 {
		t.Errorf("old run version %d", s.Version)
	}
	e.inboxHas("dan", "todo", old, false)

	fresh := e.create("sam", `{"title":"新","amount":1}`)
	e.must("p1", fresh, "approve", `{}`)
	if s := e.want(fresh, "running", "second"); s.Version != 2 {
		t.Errorf("new run version %d", s.Version)
	}
}

// TestIdempotencyKeys: a key is remembered per member; reusing it for another action
// returns the record without acting.
func TestIdempotencyKeys(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, twoStep(""))
	rec := e.create("sam", `{"title":"x","amount":1}`)
	keyed := func(who, action, key string) string {
		t.Helper()
		req := e.a.Request(e.s(who), "POST", rec+"/actions/"+action, `{}`)
		req.Header.Set("Idempotency-Key", key)
		resp := e.a.Do(req)
		defer resp.Body.Close()
		body := readBody(resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s with key %s: %d %s", who, action, key, resp.StatusCode, body)
		}
		return body
	}
	keyed("p1", "approve", "k-1")
	e.want(rec, "running", "second")
	// The same key by the same member for another action is refused, and nothing is applied.
	req := e.a.Request(e.s("p1"), "POST", rec+"/actions/reject", `{}`)
	req.Header.Set("Idempotency-Key", "k-1")
	resp := e.a.Do(req)
	if body := readBody(resp); resp.StatusCode != 422 || !strings.Contains(body, "idempotency_key_reused") {
		t.Errorf("a key reused for another action: %d %s", resp.StatusCode, body)
	}
	resp.Body.Close()
	e.want(rec, "running", "second")
	if st, _ := e.act("p1", rec, "reject", `{}`); st != 409 {
		t.Errorf("p1 rejecting without a key: %d", st)
	}
	// Another member's identical key is theirs: dan's approval applies.
	keyed("dan", "approve", "k-1")
	e.want(rec, "approved", "")
	_, hist := e.a.Call(e.s("ann"), "GET", rec+"/history", "")
	if n := strings.Count(hist, `"action":"flow.approved"`); n != 2 {
		t.Errorf("%d approvals in the timeline: %s", n, hist)
	}
	if strings.Contains(hist, `"action":"flow.rejected"`) {
		t.Errorf("the reused key rejected: %s", hist)
	}
}

// TestIdempotencyKeyOnAnotherRecord: a key remembered for one record must not make an
// action on another record a silent no-op that answers 200.
func TestIdempotencyKeyOnAnotherRecord(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, twoStep(""))
	recA := e.create("sam", `{"title":"A","amount":1}`)
	recB := e.create("sam", `{"title":"B","amount":1}`)
	for _, rec := range []string{recA, recB} {
		req := e.a.Request(e.s("p1"), "POST", rec+"/actions/approve", `{}`)
		req.Header.Set("Idempotency-Key", "approve-today")
		resp := e.a.Do(req)
		body := readBody(resp)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			continue // refusing the reused key is fine
		}
		if s := flowState(t, body); activeNodes(s) != "second" {
			t.Errorf("%s: 200 but nothing applied (still at %s): the key of another record swallowed the approval", rec[strings.LastIndex(rec, "/")+1:], activeNodes(s))
		}
	}
}

// TestTransferToSomeoneWaiting: in a sequential node, handing one's task to a later
// approver must not leave them two tasks to approve.
func TestTransferToSomeoneWaiting(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, modeApp("sequential"))
	rec := e.create("sam", `{"title":"x","amount":1}`)
	st, out := e.act("p1", rec, "transfer", `{"to":"`+e.v["p2"]+`"}`)
	if st == 422 {
		return // refused: p2 is already on the node
	}
	if st != 200 {
		t.Fatalf("transfer: %d %s", st, out)
	}
	e.must("p2", rec, "approve", `{}`)
	s := e.state(rec)
	if got := e.tasks(s, "check"); slices.Contains(got, "p2:open") {
		t.Errorf("p2 must approve twice after a transfer: tasks %v", got)
	}
}

// TestInboxAndNotifications: counts, boxes, pages and notifications, each member's own.
func TestInboxAndNotifications(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, twoStep(""))
	var recs []string
	for _, title := range []string{"一", "二", "三"} {
		recs = append(recs, e.create("sam", `{"title":"`+title+`","amount":1}`))
	}
	// p1 looks at the bell before she acts: her three to-dos' notifications are stored
	// then and stay; the one of the to-do she approves is read with the approval.
	e.notes("p1", "")
	e.must("p1", recs[0], "approve", `{}`)
	e.must("p1", recs[1], "cc", `{"members":["`+e.v["p3"]+`"]}`)
	counts := func(who string) flow.Counts {
		t.Helper()
		st, body := e.a.Call(e.s(who), "GET", e.ws()+"/inbox/counts", "")
		if st != 200 {
			t.Fatalf("counts: %d %s", st, body)
		}
		var c flow.Counts
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	for who, want := range map[string]flow.Counts{
		"p1":  {Todo: 2, Done: 1},
		"dan": {Todo: 1},
		"sam": {Mine: 3},
		"p3":  {CC: 1},
		"out": {},
	} {
		if got := counts(who); got != want {
			t.Errorf("%s's counts %+v, want %+v", who, got, want)
		}
	}
	if st, body := e.a.Call(e.s("p1"), "GET", e.ws()+"/inbox?box=bogus", ""); st != 400 || !strings.Contains(body, `"/box"`) {
		t.Errorf("bogus box: %d %s", st, body)
	}
	// A bad query parameter is a 400 naming it, like a bad limit.
	if st, body := e.a.Call(e.s("p1"), "GET", e.ws()+"/inbox?limit=abc", ""); st != 400 || !strings.Contains(body, `"/limit"`) {
		t.Errorf("bad limit: %d %s", st, body)
	}
	if st, body := e.a.Call(e.s("bob"), "GET", e.ws()+"/inbox", ""); st != 404 {
		t.Errorf("another workspace's member: %d %s", st, body)
	}

	// Pages of two through sam's three runs, each once.
	seen := map[string]bool{}
	cursor, pages := "", 0
	for {
		st, body := e.a.Call(e.s("sam"), "GET", e.ws()+"/inbox?box=mine&limit=2&cursor="+url.QueryEscape(cursor), "")
		if st != 200 {
			t.Fatalf("page: %d %s", st, body)
		}
		var p flow.InboxPage
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		pages++
		if len(p.Items) > 2 {
			t.Fatalf("page of %d", len(p.Items))
		}
		for _, it := range p.Items {
			if seen[it.Record] {
				t.Errorf("record %s twice", it.Record)
			}
			seen[it.Record] = true
		}
		if cursor = p.Next; cursor == "" || pages > 3 {
			break
		}
	}
	if len(seen) != 3 || pages != 2 {
		t.Errorf("%d records over %d pages", len(seen), pages)
	}

	// p1 was told of three tasks; dan of one; sam of none. Nobody sees another's.
	read := func(who string) flow.NotificationPage { return e.bell(who, "") }
	p1 := read("p1")
	if len(p1.Items) != 3 || p1.Unread != 2 || !p1.Items[2].Read {
		t.Fatalf("p1's notifications: %+v", p1)
	}
	dan := read("dan")
	if len(dan.Items) != 1 || dan.Items[0].Kind != "task" || dan.Items[0].Record != recs[0][strings.LastIndex(recs[0], "/")+1:] {
		t.Fatalf("dan's notifications: %+v", dan)
	}
	if got := read("out"); len(got.Items) != 0 {
		t.Errorf("out sees notifications: %+v", got)
	}
	// Notifications page like the inbox.
	var np1, np2 struct {
		Items []flow.Notification `json:"items"`
		Next  string              `json:"next"`
	}
	if err := json.Unmarshal([]byte(e.notes("p1", "?limit=2")), &np1); err != nil || len(np1.Items) != 2 || np1.Next == "" {
		t.Fatalf("first page of notifications: %+v %v", np1, err)
	}
	if err := json.Unmarshal([]byte(e.notes("p1", "?limit=2&cursor="+url.QueryEscape(np1.Next))), &np2); err != nil || len(np2.Items) != 1 || np2.Next != "" ||
		np2.Items[0].ID == np1.Items[0].ID || np2.Items[0].ID == np1.Items[1].ID {
		t.Fatalf("second page of notifications: %+v %v", np2, err)
	}
	// dan cannot mark p1's notifications read.
	if st, body := e.a.Call(e.s("dan"), "POST", e.ws()+"/notifications/read", `{"ids":["`+p1.Items[0].ID+`"]}`); st != 200 || !strings.Contains(body, `"marked":0`) {
		t.Errorf("marking another's notification: %d %s", st, body)
	}
	if st, body := e.a.Call(e.s("p1"), "POST", e.ws()+"/notifications/read", `{"ids":["`+p1.Items[0].ID+`"]}`); st != 200 || !strings.Contains(body, `"marked":1`) {
		t.Errorf("mark one: %d %s", st, body)
	}
	if got := read("p1"); got.Unread != 1 || !got.Items[0].Read || got.Items[1].Read {
		t.Errorf("after marking one: %+v", got)
	}
	if n := e.notes("p1", "?unread=true"); strings.Contains(n, p1.Items[0].ID) {
		t.Errorf("unread lists the read one: %s", n)
	}
	if st, body := e.a.Call(e.s("p1"), "POST", e.ws()+"/notifications/read", ``); st != 200 || !strings.Contains(body, `"marked":1`) {
		t.Errorf("mark all: %d %s", st, body)
	}
	if got := read("p1"); got.Unread != 0 {
		t.Errorf("after marking all: %+v", got)
	}
	if got := read("dan"); got.Unread != 1 {
		t.Errorf("p1 marking all touched dan's: %+v", got)
	}
}

// TestAddApproverAlreadyOnTheNode: adding before someone a member who already has a task
// on a 会签 node must not make them approve twice.
func TestAddApproverAlreadyOnTheNode(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, modeApp("all"))
	rec := e.create("sam", `{"title":"x","amount":1}`)
	st, out := e.act("p1", rec, "addApprover", `{"member":"`+e.v["p2"]+`","position":"before"}`)
	if st == 422 {
		return // refused: p2 is already on the node
	}
	if st != 200 {
		t.Fatalf("addApprover: %d %s", st, out)
	}
	e.must("p2", rec, "approve", `{}`)
	s := e.state(rec)
	if got := e.tasks(s, "check"); slices.Contains(got, "p2:open") {
		t.Errorf("p2 must approve twice: tasks %v", got)
	}
}

// TestGateRejectsOnPercentNode: on a percentage node, an approver added before someone who
// rejects must not leave that someone waiting for ever.
func TestGateRejectsOnPercentNode(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, strings.Replace(modeApp("percent"), `"percent": 60`, `"percent": 100`, 1))
	rec := e.create("sam", `{"title":"x","amount":1}`)
	e.must("p1", rec, "addApprover", `{"member":"`+e.v["out"]+`","position":"before"}`)
	e.must("out", rec, "reject", `{}`)
	e.must("p2", rec, "approve", `{}`)
	e.must("p3", rec, "approve", `{}`)
	s := e.state(rec)
	if s.Status == flow.StatusRunning && activeNodes(s) == "check" && !slices.Contains(e.tasks(s, "check"), "p1:open") {
		t.Errorf("the node can never finish: tasks %v", e.tasks(s, "check"))
	}
}

// TestWithdrawAfterAutoApproval: once a deadline approved a node on its people's behalf the
// run has moved on, and the initiator can no longer withdraw it.
func TestWithdrawAfterAutoApproval(t *testing.T) {
	t.Parallel()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, shanghai)
	clock := &fakeClock{now: t0}
	e := fmSetup(t, apitest.Options{Now: clock.Now, ManualSchedule: true}, twoStep(`, "deadline": {"after": {"hours": 2}, "onDue": {"action": "approve"}}`))
	rec := e.create("sam", `{"title":"x"}`)
	clock.Set(t0.Add(3 * time.Hour))
	if _, err := e.a.App.Scheduler.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.want(rec, "running", "second")
	if st, out := e.act("sam", rec, "withdraw", `{}`); st != 409 || !strings.Contains(out, "cannot_withdraw") {
		t.Errorf("withdraw after the first node was approved by its deadline: %d %s", st, out)
	}
}
