package api_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

//go:embed testdata/contract_flow.json
var contractFlowApp string

// contractWorkspace: ann owns workspace A with the contract app. Department 销售部 is
// headed by sue; sam (staff) works in it. lea is legal, fin finance, dan the director.
// Vars: the users, wsA, app, contract (the form's URL prefix).
func contractWorkspace(t *testing.T, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	for _, name := range []string{"sam", "sue", "lea", "fin", "dan"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
	}
	dname, head := "销售部", v["sue"]
	d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &dname, Head: &head})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sam", "sue"} {
		if _, err := a.Org.UpdateMember(ctx, v["ann"], v["wsA"], v[name], org.MemberChange{Departments: &[]string{d.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+contractFlowApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	v["contract"], v["roles"] = base+"/forms/contract", base+"/roles"
	for role, who := range map[string]string{"staff": "sam", "legal": "lea", "finance": "fin", "director": "dan"} {
		assign(t, a, v, role, `{"user":"`+v[who]+`"}`)
	}
	return v
}

// flowState reads the run state of a record body.
func flowState(t *testing.T, body string) *flow.State {
	t.Helper()
	var r struct {
		Flow json.RawMessage `json:"flow"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("record: %v in %s", err, body)
	}
	st, err := flow.ReadState(r.Flow)
	if err != nil || st == nil {
		t.Fatalf("no flow state in %s (%v)", body, err)
	}
	return st
}

func activeNodes(st *flow.State) string {
	var out []string
	for _, a := range st.Active {
		out = append(out, a.Node)
	}
	return strings.Join(out, ",")
}

// act posts an action as s and returns status and body.
func act(t *testing.T, a *apitest.TestApp, s apitest.Session, url, action, body string) (int, string) {
	t.Helper()
	return a.Call(s, "POST", url+"/actions/"+action, body)
}

func mustAct(t *testing.T, a *apitest.TestApp, s apitest.Session, url, action, body string) string {
	t.Helper()
	st, out := act(t, a, s, url, action, body)
	if st != 200 {
		t.Fatalf("%s: %d %s", action, st, out)
	}
	return out
}

// TestContractApprovalEndToEnd drives the contract through submitter → supervisor →
// legal ∥ finance → director, with a return by legal and a resubmit that goes straight
// back, and reads the story back from the timeline and the inboxes.
func TestContractApprovalEndToEnd(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	sam, sue, lea, fin, dan := a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test"), a.SignIn("lea@formloom.test"), a.SignIn("fin@formloom.test"), a.SignIn("dan@formloom.test")

	st, body := a.Call(sam, "POST", v["contract"]+"/records", `{"title":"年度框架协议","amount":120000}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	id := field(t, body, "id")
	rec := v["contract"] + "/records/" + id
	if s := flowState(t, body); s.Status != flow.StatusRunning || activeNodes(s) != "supervisor" {
		t.Fatalf("after submit: status %s at %s", s.Status, activeNodes(s))
	}
	// The node has no stage of its own: the record reads the node's name, not its key.
	if got := field(t, body, "stage"); got != "主管审批" {
		t.Errorf("stage = %q", got)
	}

	// Only the supervisor has the task; legal cannot act yet, and sam cannot edit a running record.
	// Legal has no part in the run yet and no role that reads contracts: the record does
	// not exist for it. The director reads every contract but has no task yet.
	if st, out := act(t, a, lea, rec, "approve", `{}`); st != 404 {
		t.Errorf("legal before its turn: %d %s", st, out)
	}
	if st, out := act(t, a, dan, rec, "approve", `{}`); st != 409 || !strings.Contains(out, "not_your_turn") {
		t.Errorf("director before his turn: %d %s", st, out)
	}
	if st, out := patchAs(t, a, sam, rec, `{"amount":1}`); st != 409 || !strings.Contains(out, "in_pipeline") {
		t.Errorf("patch while running: %d %s", st, out)
	}
	inboxHas(t, a, sue, v["wsA"], "todo", id, true)

	body = mustAct(t, a, sue, rec, "approve", `{"comment":"同意"}`)
	if s := flowState(t, body); activeNodes(s) != "legal,finance" {
		t.Fatalf("after supervisor: at %s", activeNodes(s))
	}
	// Legal may not write finance's section, and must give its opinion to approve.
	if st, out := act(t, a, lea, rec, "approve", `{"data":{"financeOpinion":"x"}}`); st != 403 || !strings.Contains(out, `"/financeOpinion"`) {
		t.Errorf("legal writing finance's field: %d %s", st, out)
	}
	if st, out := act(t, a, lea, rec, "approve", `{}`); st != 422 || !strings.Contains(out, `"/legalOpinion"`) {
		t.Errorf("legal approving without its opinion: %d %s", st, out)
	}
	// Legal sees the record although its role has no read permission, minus margin.
	if st, out := a.Call(lea, "GET", rec, ""); st != 200 || strings.Contains(out, "margin") {
		t.Errorf("legal reads: %d %s", st, out)
	}

	// Legal returns it to the submitter.
	body = mustAct(t, a, lea, rec, "return", `{"comment":"违约条款需修改","to":"start"}`)
	if s := flowState(t, body); s.Status != flow.StatusReturned || activeNodes(s) != "start" {
		t.Fatalf("after return: status %s at %s", s.Status, activeNodes(s))
	}
	inboxHas(t, a, fin, v["wsA"], "todo", id, false)
	inboxHas(t, a, sam, v["wsA"], "todo", id, true)

	// The submitter fixes the amount and resubmits: straight back to legal ∥ finance.
	body = mustAct(t, a, sam, rec, "submit", `{"data":{"amount":110000},"comment":"已修改"}`)
	if s := flowState(t, body); s.Status != flow.StatusRunning || activeNodes(s) != "legal,finance" {
		t.Fatalf("after resubmit: status %s at %s", s.Status, activeNodes(s))
	}

	// The board grouped by stage has the contract in the legal and finance reviews' column.
	board := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"] + "/views/board"
	if st, out := a.Call(dan, "GET", board+"/groups", ""); st != 200 || !strings.Contains(out, `{"value":"法务审核","label":{"zh-CN":"法务审核","en":"Legal review"},"count":1}`) ||
		!strings.Contains(out, `{"value":"signed","label":{"zh-CN":"signed"},"count":0}`) {
		t.Errorf("stage board: %d %s", st, out)
	}
	if st, out := a.Call(dan, "GET", board+"/records?group="+url.QueryEscape("法务审核"), ""); st != 200 || !strings.Contains(out, id) {
		t.Errorf("stage board column: %d %s", st, out)
	}

	// Legal and finance approve at the same moment.
	var wg sync.WaitGroup
	results := make([]string, 2)
	for i, c := range []struct {
		s    apitest.Session
		body string
	}{{lea, `{"data":{"legalOpinion":"条款合规"}}`}, {fin, `{"data":{"financeOpinion":"预算充足","margin":0.3}}`}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, out := act(t, a, c.s, rec, "approve", c.body)
			results[i] = fmt.Sprint(st, " ", out)
		}()
	}
	wg.Wait()
	for _, r := range results {
		if !strings.HasPrefix(r, "200 ") {
			t.Fatalf("parallel approval: %s", r)
		}
	}
	_, body = a.Call(dan, "GET", rec, "")
	if s := flowState(t, body); activeNodes(s) != "director" {
		t.Fatalf("after legal ∥ finance: at %s", activeNodes(s))
	}
	body = mustAct(t, a, dan, rec, "approve", `{"comment":"批准"}`)
	s := flowState(t, body)
	if s.Status != flow.StatusApproved || len(s.Active) != 0 || field(t, body, "stage") != "signed" {
		t.Fatalf("after director: status %s at %q stage %s", s.Status, activeNodes(s), field(t, body, "stage"))
	}
	if !strings.Contains(body, `"legalOpinion":"条款合规"`) || !strings.Contains(body, `"amount":110000`) {
		t.Errorf("final record lacks the section values: %s", body)
	}

	// The timeline tells it all, in order.
	_, hist := a.Call(a.SignIn("ann@formloom.test"), "GET", rec+"/history", "")
	want := []string{`"action":"created"`, `"action":"flow.submitted"`, `"action":"flow.approved"`, `"comment":"同意"`,
		`"action":"flow.returned"`, `"comment":"违约条款需修改"`, `"action":"flow.submitted"`, `"field":"amount"`, `"comment":"已修改"`,
		`"action":"flow.approved"`, `"action":"flow.approved"`, `"action":"flow.approved"`, `"comment":"批准"`, `"status":"approved"`}
	rest := hist
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("timeline lacks %s (in order) in %s", w, hist)
		}
		rest = rest[i+len(w):]
	}
	inboxHas(t, a, sam, v["wsA"], "mine", id, true)
	inboxHas(t, a, dan, v["wsA"], "done", id, true)
	inboxHas(t, a, dan, v["wsA"], "todo", id, false)
}

// inboxHas checks whether record id is in a box of s's inbox.
func inboxHas(t *testing.T, a *apitest.TestApp, s apitest.Session, ws, box, id string, want bool) {
	t.Helper()
	st, body := a.Call(s, "GET", "/api/v1/workspaces/"+ws+"/inbox?box="+box, "")
	if st != 200 {
		t.Fatalf("inbox %s: %d %s", box, st, body)
	}
	if got := strings.Contains(body, `"record":"`+id+`"`); got != want {
		t.Errorf("inbox %s has %s: %v, want %v: %s", box, id, got, want, body)
	}
}

// TestParallelApprovalsNeverLoseOrDoubleAdvance repeats legal and finance approving at the
// same moment: every time both approvals land and the run reaches the director once.
func TestParallelApprovalsNeverLoseOrDoubleAdvance(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	sam, sue, lea, fin := a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test"), a.SignIn("lea@formloom.test"), a.SignIn("fin@formloom.test")
	rounds := 100
	if testing.Short() {
		rounds = 10
	}
	for i := range rounds {
		st, body := a.Call(sam, "POST", v["contract"]+"/records", fmt.Sprintf(`{"title":"合同 %d","amount":%d}`, i, 1000+i))
		if st != 201 {
			t.Fatalf("create: %d %s", st, body)
		}
		rec := v["contract"] + "/records/" + field(t, body, "id")
		mustAct(t, a, sue, rec, "approve", `{}`)
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for j, c := range []struct {
			s    apitest.Session
			body string
		}{{lea, `{"data":{"legalOpinion":"ok"}}`}, {fin, `{"data":{"financeOpinion":"ok"}}`}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[j], _ = act(t, a, c.s, rec, "approve", c.body)
			}()
		}
		wg.Wait()
		if codes[0] != 200 || codes[1] != 200 {
			t.Fatalf("round %d: approvals answered %v", i, codes)
		}
		_, body = a.Call(a.SignIn("ann@formloom.test"), "GET", rec, "")
		s := flowState(t, body)
		if activeNodes(s) != "director" || len(s.Active[0].Tasks) != 1 || len(s.Arrived) != 0 {
			t.Fatalf("round %d: at %q with %d director tasks, arrivals %v", i, activeNodes(s), len(s.Active[0].Tasks), s.Arrived)
		}
		if !strings.Contains(body, `"legalOpinion":"ok"`) || !strings.Contains(body, `"financeOpinion":"ok"`) {
			t.Fatalf("round %d: an approval's data was lost: %s", i, body)
		}
	}
}

// TestActionErrors covers refusals: unknown actions, bad input, and idempotent retries.
func TestActionErrors(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	sam, sue := a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test")
	st, body := a.Call(sam, "POST", v["contract"]+"/records?draft=true", `{"title":"草稿","amount":1}`)
	if st != 201 || strings.Contains(body, `"flow"`) {
		t.Fatalf("draft: %d %s", st, body)
	}
	rec := v["contract"] + "/records/" + field(t, body, "id")
	if st, out := act(t, a, a.SignIn("ann@formloom.test"), rec, "approve", `{}`); st != 409 || !strings.Contains(out, "not_submitted") {
		t.Errorf("approve a draft: %d %s", st, out)
	}
	if st, out := act(t, a, sue, rec, "submit", `{}`); st != 404 {
		t.Errorf("a colleague outside the run submitting: %d %s", st, out)
	}
	if st, out := act(t, a, sam, rec, "fly", `{}`); st != 404 || !strings.Contains(out, "unknown_action") {
		t.Errorf("unknown action: %d %s", st, out)
	}
	if st, out := act(t, a, sam, rec, "submit", `{"bogus":1}`); st != 400 {
		t.Errorf("unknown member: %d %s", st, out)
	}
	mustAct(t, a, sam, rec, "submit", `{}`)
	// The same request twice with one idempotency key acts once.
	for range 2 {
		req := a.Request(sue, "POST", rec+"/actions/approve", `{"comment":"一次"}`)
		req.Header.Set("Idempotency-Key", "k-1")
		resp := a.Do(req)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("idempotent approve: %d %s", resp.StatusCode, readBody(resp))
		}
		resp.Body.Close()
	}
	_, hist := a.Call(a.SignIn("ann@formloom.test"), "GET", rec+"/history", "")
	if n := strings.Count(hist, `"comment":"一次"`); n != 1 {
		t.Errorf("idempotent approve recorded %d times", n)
	}
	// Withdraw is refused once someone acted.
	if st, out := act(t, a, sam, rec, "withdraw", `{}`); st != 409 || !strings.Contains(out, "cannot_withdraw") {
		t.Errorf("withdraw after approval: %d %s", st, out)
	}
}

// TestBulkApproveAndUrge: the supervisor approves several contracts at once from the inbox
// (each item answered on its own), and the submitter urges (催办) the one still waiting.
func TestBulkApproveAndUrge(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	sam, sue := a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test")
	var ids []string
	for i := range 3 {
		st, body := a.Call(sam, "POST", v["contract"]+"/records", fmt.Sprintf(`{"title":"合同 %d","amount":%d}`, i, 100+i))
		if st != 201 {
			t.Fatalf("create: %d %s", st, body)
		}
		ids = append(ids, field(t, body, "id"))
	}
	inbox := "/api/v1/workspaces/" + v["wsA"] + "/inbox"
	item := func(id string) string {
		return `{"app":"` + v["app"] + `","form":"contract","record":"` + id + `"}`
	}
	st, body := a.Call(sue, "POST", inbox+"/actions", `{"action":"approve","comment":"批量同意","items":[`+item(ids[0])+`,`+item(ids[1])+`,`+item("nosuchrecord")+`]}`)
	if st != 200 {
		t.Fatalf("bulk: %d %s", st, body)
	}
	want := `{"results":[{"record":"` + ids[0] + `","status":200},{"record":"` + ids[1] + `","status":200},{"record":"nosuchrecord","status":404,"error":{"status":404,"code":"not_found"`
	if !strings.HasPrefix(body, want) {
		t.Errorf("bulk results: %s", body)
	}
	for _, c := range []struct{ body, ptr string }{
		{`{"action":"withdraw","items":[` + item(ids[2]) + `]}`, "/action"},
		{`{"action":"approve","items":[]}`, "/items"},
	} {
		if st, out := a.Call(sue, "POST", inbox+"/actions", c.body); st != 422 || !strings.Contains(out, `"`+c.ptr+`"`) {
			t.Errorf("bulk %s: %d %s", c.body, st, out)
		}
	}
	inboxHas(t, a, sue, v["wsA"], "todo", ids[2], true)
	inboxHas(t, a, sue, v["wsA"], "todo", ids[0], false)

	rec := v["contract"] + "/records/" + ids[2]
	if st, out := act(t, a, sue, rec, "urge", `{}`); st != 409 || !strings.Contains(out, "cannot_urge") {
		t.Errorf("the approver urging: %d %s", st, out)
	}
	mustAct(t, a, sam, rec, "urge", `{}`)
	if st, out := act(t, a, sam, rec, "urge", `{}`); st != 409 || !strings.Contains(out, "urged_recently") {
		t.Errorf("urging twice within the hour: %d %s", st, out)
	}
	if _, out := a.Call(sue, "GET", "/api/v1/workspaces/"+v["wsA"]+"/notifications?unread=true", ""); !strings.Contains(out, `"kind":"urged"`) || !strings.Contains(out, ids[2]) {
		t.Errorf("no urge notification: %s", out)
	}
}

// TestActionBadInput: malformed or impossible action requests are refused with a 4xx that
// names the problem, never a 500, and change nothing.
func TestActionBadInput(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	sam, sue := a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test")
	st, body := a.Call(sam, "POST", v["contract"]+"/records", `{"title":"框架协议","amount":10}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	rec := v["contract"] + "/records/" + field(t, body, "id")
	version := `"version":2,`
	if !strings.Contains(body, version) {
		t.Fatalf("submitted record: %s", body)
	}
	long := strings.Repeat("意", 2000)
	for _, c := range []struct {
		who          apitest.Session
		action, body string
		status       int
		want         string
	}{
		{sue, "approve", `{"data":{"amount":"很多"}}`, 403, `"/amount"`},
		{sue, "approve", `{"data":{"nosuch":1}}`, 400, `"/nosuch"`},
		{sue, "approve", `{"comment":"` + long + `"}`, 422, `"/comment"`},
		{sue, "approve", `{"data":[1,2]}`, 400, ``},
		{sue, "approve", `[]`, 400, ``},
		{sue, "approve", `{"node":"no-such-node"}`, 409, `not_your_turn`},
		{sue, "return", `{"to":"director"}`, 422, `"/to"`},
		{sue, "return", `{"to":"../../etc"}`, 422, `"/to"`},
		{sue, "transfer", `{"to":""}`, 422, `"/to"`},
		{sue, "transfer", `{"to":"nobody"}`, 422, `"/to"`},
		{sue, "addApprover", `{"member":"` + v["lea"] + `","position":"sideways"}`, 422, `"/position"`},
		{sue, "cc", `{"members":[]}`, 422, `"/members"`},
		{sue, "cc", `{"members":["nobody"]}`, 422, `"/members/0"`},
		{sam, "withdraw", `{"comment":1}`, 400, ``},
		{sam, "%24where", `{}`, 404, `unknown_action`},
	} {
		st, out := act(t, a, c.who, rec, c.action, c.body)
		if st != c.status || !strings.Contains(out, c.want) {
			t.Errorf("%s %s: %d %s, want %d with %s", c.action, c.body[:min(len(c.body), 60)], st, out, c.status, c.want)
		}
	}
	_, body = a.Call(sue, "GET", rec, "")
	if !strings.Contains(body, version) {
		t.Errorf("a refused action changed the record: %s", body)
	}
}
