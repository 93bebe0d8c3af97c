package api_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// starterFlow is a workspace with a starter template installed and its people.
type starterFlow struct {
	a     *apitest.TestApp
	v     apitest.Vars
	clock *fakeClock
	base  string // the app's URL prefix
}

// newStarterFlow installs starter template key in ann's workspace A, on a fake clock
// (Wednesday 16 September 2026, 10:00 in Shanghai) with due work run by hand, and invites
// people as plain members.
func newStarterFlow(t *testing.T, key string, people ...string) *starterFlow {
	t.Helper()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 9, 16, 10, 0, 0, 0, shanghai)}
	a := apitest.NewWith(t, apitest.Options{Now: clock.Now, ManualSchedule: true})
	v := twoWorkspaces(t, a)
	for _, name := range people {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
	}
	ann := a.SignIn("ann@formloom.test")
	body := mustCall(t, a, ann, 201, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"template":"`+key+`"}`)
	v["app"] = field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	v["roles"] = base + "/roles"
	return &starterFlow{a: a, v: v, clock: clock, base: base}
}

// department creates a department headed by head with the members given.
func (f *starterFlow) department(t *testing.T, name, head string, members ...string) string {
	t.Helper()
	ctx := context.Background()
	h := f.v[head]
	d, err := f.a.Org.CreateDepartment(ctx, f.v["ann"], f.v["wsA"], org.DepartmentInput{Name: &name, Head: &h})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range append([]string{head}, members...) {
		if _, err := f.a.Org.UpdateMember(ctx, f.v["ann"], f.v["wsA"], f.v[m], org.MemberChange{Departments: &[]string{d.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	return d.ID
}

// roles assigns app roles: role → person.
func (f *starterFlow) roles(t *testing.T, m map[string][]string) {
	t.Helper()
	for role, who := range m {
		for _, w := range who {
			assign(t, f.a, f.v, role, `{"user":"`+f.v[w]+`"}`)
		}
	}
}

func (f *starterFlow) as(name string) apitest.Session { return f.a.SignIn(name + "@formloom.test") }

func (f *starterFlow) runDue(t *testing.T) int {
	t.Helper()
	n, err := f.a.App.Scheduler.RunDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// holder returns who has the open task on record id: want, as the template says; when
// not (an engine fault, reported), whoever the engine gave it to, so the rest of the
// journey still runs.
func (f *starterFlow) holder(t *testing.T, id, want string, others ...string) apitest.Session {
	t.Helper()
	has := func(name string) bool {
		_, body := f.a.Call(f.as(name), "GET", "/api/v1/workspaces/"+f.v["wsA"]+"/inbox?box=todo", "")
		return strings.Contains(body, `"record":"`+id+`"`)
	}
	if has(want) {
		return f.as(want)
	}
	t.Errorf("%s has no open task on %s", want, id)
	for _, o := range append(others, "ann") {
		if has(o) {
			return f.as(o)
		}
	}
	t.Fatalf("nobody has an open task on %s", id)
	return apitest.Session{}
}

func wantStage(t *testing.T, body, stage, status string) {
	t.Helper()
	if got := field(t, body, "stage"); got != stage {
		t.Errorf("stage = %q, want %q", got, stage)
	}
	if s := flowState(t, body); s.Status != status {
		t.Errorf("status = %q, want %q (at %s)", s.Status, status, activeNodes(s))
	}
}

func listHas(t *testing.T, a *apitest.TestApp, s apitest.Session, u, want string) string {
	t.Helper()
	st, body := a.Call(s, "GET", u, "")
	if st != 200 || !strings.Contains(body, want) {
		t.Errorf("GET %s: %d, want %s in %s", u, st, want, body)
	}
	return body
}

// TestLeadManagementFlow runs a lead of the lead-management starter from collection to
// archive through every node, with a receipt confirmation that goes overdue and is
// escalated to the lead manager, then converts it into a customer and an opportunity.
func TestLeadManagementFlow(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "col", "mgr", "ana", "head", "han", "acc")
	a, v := f.a, f.v
	dept := f.department(t, "客服部", "head", "han")
	f.roles(t, map[string][]string{"collector": {"col"}, "lead_manager": {"mgr"}, "analyst": {"ana"},
		"responsible_dept": {"head", "han"}, "account_manager": {"acc"}})
	leads := f.base + "/forms/lead/records"

	// 收集: the collector's role hides the scoring fields, so a collector reporting them
	// is refused; the account manager reports this urgent complaint with its scoring. The
	// pipeline starts on create.
	if st, out := a.Call(f.as("col"), "POST", leads, `{"subject":"x","channel":"complaint","urgency":"urgent","budget":1}`); st != 400 || !strings.Contains(out, `"/budget"`) {
		t.Errorf("collector writing a hidden field: %d %s", st, out)
	}
	body := mustCall(t, a, f.as("acc"), 201, "POST", leads, `{"subject":"客户投诉产品质量","channel":"complaint","urgency":"urgent",
		"owner":"`+v["acc"]+`","company":"华东精密","contactName":"王经理","contactPhone":"13800138000","purchaseIntent":"high","budget":200000,"decisionCycle":"1_3m"}`)
	id := field(t, body, "id")
	rec := leads + "/" + id
	wantStage(t, body, "审核", flow.StatusRunning)
	if field(t, body, "due") != "2026-09-17T02:00:00Z" { // 1 working day: Thursday 10:00
		t.Errorf("review due = %s", field(t, body, "due"))
	}

	// 审核: the lead manager judges it valid.
	body = mustAct(t, a, f.holder(t, id, "mgr"), rec, "complete", `{"data":{"authentic":true,"complete":true,"classified":true,
		"validity":"valid","nature":"business","urgency":"urgent"}}`)
	wantStage(t, body, "分析", flow.StatusRunning)

	// 分析: background, risk assessment and risk level are required.
	if st, out := act(t, a, f.as("ana"), rec, "complete", `{}`); st != 422 || !strings.Contains(out, `"/background"`) {
		t.Errorf("analysis without its fields: %d %s", st, out)
	}
	body = mustAct(t, a, f.holder(t, id, "ana"), rec, "complete", `{"data":{"background":"批次质量问题","riskAssessment":"可能引发退货","riskLevel":"medium"}}`)
	wantStage(t, body, "流转", flow.StatusRunning)

	// 流转: the lead manager fills the routing slip for 客服部.
	body = mustAct(t, a, f.holder(t, id, "mgr"), rec, "complete", `{"data":{"responsibleDept":"`+dept+`","routingReason":"客服部负责质量投诉",
		"expectedHandlingDate":"2026-09-25"}}`)
	wantStage(t, body, "流转", flow.StatusRunning)
	if s := flowState(t, body); activeNodes(s) != "receive" {
		t.Fatalf("after the routing slip: at %s", activeNodes(s))
	}
	// Receipt is due in 1 working day (urgent), from Wednesday 10:00.
	if field(t, body, "due") != "2026-09-17T02:00:00Z" {
		t.Errorf("receipt due = %s", field(t, body, "due"))
	}
	if f.runDue(t) == 0 {
		t.Error("the routing automation did not run")
	}
	_, body = a.Call(f.as("ann"), "GET", rec, "")
	if field(t, body, "data", "routedAt") == "" {
		t.Errorf("routedAt not set: %s", body)
	}
	inboxHas(t, a, f.as("head"), v["wsA"], "todo", id, true)

	// Nobody confirms receipt: the next day past 10:00 it is overdue and escalated.
	f.clock.Set(f.clock.Now().Add(24*time.Hour + time.Minute))
	if f.runDue(t) == 0 {
		t.Fatal("nothing ran at the receipt deadline")
	}
	f.runDue(t) // the automations the deadline queued
	_, body = a.Call(f.as("ann"), "GET", rec, "")
	if !strings.Contains(body, `"overdue":true`) {
		t.Errorf("record not overdue: %s", body)
	}
	if s := flowState(t, body); len(s.Active) != 1 || !s.Active[0].Escalated {
		t.Errorf("receipt not escalated: %+v", s.Active)
	}
	inboxHas(t, a, f.as("mgr"), v["wsA"], "todo", id, true)
	if _, out := a.Call(f.as("mgr"), "GET", "/api/v1/workspaces/"+v["wsA"]+"/notifications", ""); !strings.Contains(out, `"kind":"escalated"`) {
		t.Errorf("the lead manager was not told: %s", out)
	}
	overdue := url.QueryEscape(`{"field":"_overdue","op":"eq","value":true}`)
	listHas(t, a, f.as("mgr"), leads+"?filter="+overdue, id)

	// The department head confirms receipt and names the handler.
	body = mustAct(t, a, f.holder(t, id, "head"), rec, "complete", `{"data":{"receiptConfirmedAt":"2026-09-17T03:00:00Z","handler":"`+v["han"]+`"}}`)
	wantStage(t, body, "处理", flow.StatusRunning)
	inboxHas(t, a, f.as("mgr"), v["wsA"], "todo", id, false)
	if strings.Contains(body, `"overdue":true`) {
		t.Errorf("still overdue after receipt: %s", body)
	}
	if field(t, body, "due") != "2026-09-25T15:59:59Z" { // the expected handling date, end of day
		t.Errorf("handling due = %s", field(t, body, "due"))
	}

	// 处理: measures and a handling-record row are required.
	if st, out := act(t, a, f.as("han"), rec, "complete", `{"data":{"measures":"更换批次"}}`); st != 422 || !strings.Contains(out, `"/handlingRecords"`) {
		t.Errorf("handling without a record row: %d %s", st, out)
	}
	body = mustAct(t, a, f.holder(t, id, "han"), rec, "complete", `{"data":{"measures":"更换批次并回访",
		"handlingRecords":[{"at":"2026-09-18T02:00:00Z","action":"上门更换产品","communication":"客户认可","by":"`+v["han"]+`"}]}}`)
	wantStage(t, body, "反馈", flow.StatusRunning)

	// 反馈 and 归档.
	body = mustAct(t, a, f.holder(t, id, "han"), rec, "complete", `{"data":{"result":"客户满意","goalMet":"yes"}}`)
	wantStage(t, body, "归档", flow.StatusRunning)
	body = mustAct(t, a, f.holder(t, id, "mgr"), rec, "complete", `{"data":{"retentionPeriod":"5y"}}`)
	wantStage(t, body, "已归档", flow.StatusDone)
	f.runDue(t)
	_, body = a.Call(f.as("ann"), "GET", rec, "")
	for _, k := range []string{"feedbackAt", "archivedAt"} {
		if field(t, body, "data", k) == "" {
			t.Errorf("%s not set: %s", k, body)
		}
	}
	if !strings.Contains(body, `"handlingDays":`) {
		t.Errorf("handlingDays not computed: %s", body)
	}
	stage := url.QueryEscape(`{"field":"_stage","op":"eq","value":"已归档"}`)
	listHas(t, a, f.as("mgr"), leads+"?filter="+stage, id)

	// Conversion: ticking converted creates a customer and an opportunity, once.
	if st, out := patchAs(t, a, f.as("acc"), rec, `{"converted":true}`); st != 200 {
		t.Fatalf("convert: %d %s", st, out)
	}
	f.runDue(t)
	f.runDue(t)
	_, body = a.Call(f.as("ann"), "GET", rec, "")
	if !strings.Contains(body, `"convertedAt":`) {
		_, h := a.Call(f.as("ann"), "GET", rec+"/history", "")
		t.Errorf("convertedAt not set: %s", h[max(0, len(h)-1500):])
	}
	cust := listHas(t, a, f.as("acc"), f.base+"/forms/customer/records", `"name":"华东精密"`)
	if !strings.Contains(cust, `"sourceLead":"`+id+`"`) || strings.Count(cust, `"name":"华东精密"`) != 1 {
		t.Errorf("customer: %s", cust)
	}
	opp := listHas(t, a, f.as("acc"), f.base+"/forms/opportunity/records", `"title":"客户投诉产品质量"`)
	if !strings.Contains(opp, `"amount":200000`) || !strings.Contains(opp, `"lead":"`+id+`"`) || strings.Count(opp, `"title":"客户投诉产品质量"`) != 1 {
		t.Errorf("opportunity: %s", opp)
	}

	// Follow-ups: each new one writes its time and the next date onto the customer
	// (automation followup_to_customer); one without them stamps the time it was recorded
	// and clears the next date.
	customer := field(t, cust, "items", "0", "id")
	custRec := f.base + "/forms/customer/records/" + customer
	followups := f.base + "/forms/followup/records"
	mustCall(t, a, f.as("acc"), 201, "POST", followups, `{"customer":"`+customer+`","method":"visit","content":"上门回访，客户认可处理结果",
		"followedAt":"2026-09-21T06:00:00Z","nextDate":"2026-10-08"}`)
	f.runDue(t)
	_, body = a.Call(f.as("acc"), "GET", custRec, "")
	if field(t, body, "data", "lastFollowedAt") != "2026-09-21T06:00:00.000Z" || field(t, body, "data", "nextFollowDate") != "2026-10-08" {
		t.Errorf("customer after a follow-up: %s", body)
	}
	if _, h := a.Call(f.as("ann"), "GET", custRec+"/history", ""); !strings.Contains(h, `"automation":"followup_to_customer"`) || !strings.Contains(h, `"sourceForm":"followup"`) {
		t.Errorf("the customer's timeline does not name the automation: %s", h)
	}
	mustCall(t, a, f.as("acc"), 201, "POST", followups, `{"customer":"`+customer+`","method":"call","content":"电话确认满意度"}`)
	f.runDue(t)
	_, body = a.Call(f.as("acc"), "GET", custRec, "")
	if got, want := field(t, body, "data", "lastFollowedAt"), f.clock.Now().UTC().Format("2006-01-02T15:04:05.000Z"); got != want || strings.Contains(body, "nextFollowDate") {
		t.Errorf("customer after a follow-up without dates: lastFollowedAt %s, want %s: %s", got, want, body)
	}
}

// TestLeadManagementInvalidLead: a lead judged invalid at review ends there, rejected.
func TestLeadManagementInvalidLead(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "col", "mgr")
	f.roles(t, map[string][]string{"collector": {"col"}, "lead_manager": {"mgr"}})
	leads := f.base + "/forms/lead/records"
	body := mustCall(t, f.a, f.as("col"), 201, "POST", leads, `{"subject":"重复上报","channel":"staff_report","urgency":"general"}`)
	id := field(t, body, "id")
	body = mustAct(t, f.a, f.as("mgr"), leads+"/"+id, "complete", `{"data":{"validity":"invalid","nature":"other","urgency":"general","reviewNote":"重复线索"}}`)
	wantStage(t, body, "已驳回", flow.StatusRejected)
	inboxHas(t, f.a, f.as("mgr"), f.v["wsA"], "todo", id, false)
	rejected := url.QueryEscape(`{"field":"_flowStatus","op":"eq","value":"rejected"}`)
	listHas(t, f.a, f.as("mgr"), leads+"?filter="+rejected, id)
}

// TestMeetingMinutesFlow: the minutes are due 24 hours after the meeting ends; sending
// them creates one task per action item, owned by its owner and in that owner's list.
func TestMeetingMinutesFlow(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "meeting-minutes", "org", "rec", "host", "p1", "p2", "p3")
	a, v := f.a, f.v
	f.roles(t, map[string][]string{"organizer": {"org"}, "attendee": {"rec", "host", "p1", "p2", "p3"}})
	meetings := f.base + "/forms/meeting/records"
	body := mustCall(t, a, f.as("org"), 201, "POST", meetings, `{"title":"Q3 市场活动启动会","startAt":"2026-09-16T01:00:00Z",
		"endAt":"2026-09-16T02:00:00Z","location":"会议室A","host":"`+v["host"]+`","recorder":"`+v["rec"]+`",
		"attendees":["`+v["p1"]+`","`+v["p2"]+`","`+v["p3"]+`"]}`)
	id := field(t, body, "id")
	rec := meetings + "/" + id
	if strings.Contains(body, `"flow"`) {
		t.Errorf("the minutes pipeline started on create: %s", body)
	}
	body = mustAct(t, a, f.as("org"), rec, "submit", `{}`)
	wantStage(t, body, "纪要", flow.StatusRunning)
	if got := field(t, body, "due"); got != "2026-09-17T02:00:00Z" { // meeting end + 24 hours
		t.Errorf("minutes due = %s, want 2026-09-17T02:00:00Z", got)
	}
	inboxHas(t, a, f.as("rec"), v["wsA"], "todo", id, true)

	items := `[{"item":"确认活动预算明细","owner":"` + v["p1"] + `","deadline":"2026-09-25"},
		{"item":"反馈客户需求变更","owner":"` + v["p2"] + `","deadline":"2026-09-22"},
		{"item":"准备售后培训模块","owner":"` + v["p3"] + `","deadline":"2026-09-30"}]`
	body = mustAct(t, a, f.as("rec"), rec, "complete", `{"data":{"conclusions":"活动按原计划推进","actionItems":`+items+`}}`)
	wantStage(t, body, "已发送", flow.StatusDone)
	inboxHas(t, a, f.as("p2"), v["wsA"], "cc", id, true)
	if f.runDue(t) == 0 {
		t.Fatal("no automation ran")
	}
	f.runDue(t)

	tasks := f.base + "/forms/task/records"
	all := listHas(t, a, f.as("org"), tasks, `"meeting":"`+id+`"`)
	if n := strings.Count(all, `"meeting":"`+id+`"`); n != 3 {
		t.Errorf("%d tasks, want 3: %s", n, all)
	}
	for p, want := range map[string]string{"p1": "2026-09-25", "p2": "2026-09-22", "p3": "2026-09-30"} {
		_, mine := a.Call(f.as(p), "GET", tasks, "")
		if strings.Count(mine, `"id":`) != 1 || !strings.Contains(mine, `"owner":"`+v[p]+`"`) || !strings.Contains(mine, `"deadline":"`+want+`"`) ||
			!strings.Contains(mine, `"status":"todo"`) {
			t.Errorf("%s's tasks: %s", p, mine)
		}
	}
	// Each owner is told of the new item in the bell, not only in a list they must look up.
	f.runDue(t)
	for _, p := range []string{"p1", "p2", "p3"} {
		_, notes := a.Call(f.as(p), "GET", "/api/v1/workspaces/"+v["wsA"]+"/notifications?unread=true", "")
		if !strings.Contains(notes, "你有一项新的行动项") {
			t.Errorf("%s was not told of the new action item: %s", p, notes)
		}
	}
	_, body = a.Call(f.as("org"), "GET", rec, "")
	if field(t, body, "data", "sentAt") == "" {
		t.Errorf("sentAt not set: %s", body)
	}
}

// TestMeetingMinutesOverdueEscalatesToHost: minutes not sent 24 hours after the meeting
// bring the host in.
func TestMeetingMinutesOverdueEscalatesToHost(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "meeting-minutes", "org", "rec", "host")
	f.roles(t, map[string][]string{"organizer": {"org"}, "attendee": {"rec", "host"}})
	meetings := f.base + "/forms/meeting/records"
	body := mustCall(t, f.a, f.as("org"), 201, "POST", meetings, `{"title":"周例会","startAt":"2026-09-16T01:00:00Z",
		"endAt":"2026-09-16T02:00:00Z","host":"`+f.v["host"]+`","recorder":"`+f.v["rec"]+`"}`)
	id := field(t, body, "id")
	mustAct(t, f.a, f.as("org"), meetings+"/"+id, "submit", `{}`)
	f.clock.Set(time.Date(2026, 9, 17, 2, 0, 1, 0, time.UTC))
	if f.runDue(t) == 0 {
		t.Fatal("nothing ran at the minutes deadline")
	}
	inboxHas(t, f.a, f.as("host"), f.v["wsA"], "todo", id, true)
	_, body = f.a.Call(f.as("org"), "GET", meetings+"/"+id, "")
	if !strings.Contains(body, `"overdue":true`) {
		t.Errorf("not overdue: %s", body)
	}
}

// contractFlow: sam (applicant) in 销售部 headed by sue; lea legal, fin finance, dan director.
func contractFlow(t *testing.T) *starterFlow {
	t.Helper()
	f := newStarterFlow(t, "contract-approval", "sam", "sue", "lea", "fin", "dan")
	f.department(t, "销售部", "sue", "sam")
	f.roles(t, map[string][]string{"applicant": {"sam"}, "supervisor": {"sue"}, "legal": {"lea"}, "finance": {"fin"}, "director": {"dan"}})
	return f
}

func (f *starterFlow) newContract(t *testing.T, title string) (string, string) {
	t.Helper()
	body := mustCall(t, f.a, f.as("sam"), 201, "POST", f.base+"/forms/contract/records",
		`{"title":"`+title+`","type":"sales","counterparty":"华东精密","amount":120000}`)
	wantStage(t, body, "主管审核", flow.StatusRunning)
	id := field(t, body, "id")
	return id, f.base + "/forms/contract/records/" + id
}

// TestContractApprovalStarterFlow: submitter → supervisor → legal ∥ finance, each editing
// only its own section → director → approved.
func TestContractApprovalStarterFlow(t *testing.T) {
	t.Parallel()
	f := contractFlow(t)
	a := f.a
	id, rec := f.newContract(t, "年度框架协议")
	inboxHas(t, a, f.as("sue"), f.v["wsA"], "todo", id, true)
	body := mustAct(t, a, f.as("sue"), rec, "approve", `{"data":{"supervisorComment":"同意"}}`)
	wantStage(t, body, "法务/财务审核", flow.StatusRunning)
	if s := flowState(t, body); activeNodes(s) != "legal,finance" {
		t.Fatalf("after the supervisor: at %s", activeNodes(s))
	}
	if st, out := act(t, a, f.as("lea"), rec, "approve", `{"data":{"legalRisk":"low","legalOpinion":"ok","financeOpinion":"x"}}`); st != 403 || !strings.Contains(out, `"/financeOpinion"`) {
		t.Errorf("legal writing finance's field: %d %s", st, out)
	}
	if st, out := act(t, a, f.as("fin"), rec, "approve", `{"data":{"paymentTerms":"monthly","financeOpinion":"ok","legalOpinion":"x"}}`); st != 403 || !strings.Contains(out, `"/legalOpinion"`) {
		t.Errorf("finance writing legal's field: %d %s", st, out)
	}
	if st, out := act(t, a, f.as("fin"), rec, "approve", `{}`); st != 422 || !strings.Contains(out, `"/financeOpinion"`) {
		t.Errorf("finance approving without its opinion: %d %s", st, out)
	}
	mustAct(t, a, f.as("lea"), rec, "approve", `{"data":{"legalRisk":"low","legalOpinion":"条款合规"}}`)
	body = mustAct(t, a, f.as("fin"), rec, "approve", `{"data":{"paymentTerms":"installments","financeOpinion":"预算充足","budgetAvailable":true}}`)
	wantStage(t, body, "总监审批", flow.StatusRunning)
	inboxHas(t, a, f.as("dan"), f.v["wsA"], "todo", id, true)
	body = mustAct(t, a, f.as("dan"), rec, "approve", `{"data":{"directorComment":"批准"}}`)
	wantStage(t, body, "已通过", flow.StatusApproved)
	for _, w := range []string{`"legalOpinion":"条款合规"`, `"financeOpinion":"预算充足"`, `"directorComment":"批准"`} {
		if !strings.Contains(body, w) {
			t.Errorf("final record lacks %s: %s", w, body)
		}
	}
	if _, out := a.Call(f.as("sam"), "GET", "/api/v1/workspaces/"+f.v["wsA"]+"/notifications", ""); !strings.Contains(out, "流程已结束：已通过") {
		t.Errorf("the applicant was not told it was approved: %s", out)
	}
	// The template's own automation tells legal to seal and file it (only an approved one).
	drainOutbox(t, a.Scheduler)
	if _, out := a.Call(f.as("lea"), "GET", "/api/v1/workspaces/"+f.v["wsA"]+"/notifications", ""); !strings.Contains(out, "合同已通过审批，请安排用印并归档。") {
		t.Errorf("legal was not told to seal the approved contract: %s", out)
	}
	approved := url.QueryEscape(`{"field":"_flowStatus","op":"eq","value":"approved"}`)
	listHas(t, a, f.as("dan"), f.base+"/forms/contract/records?filter="+approved, id)
}

// TestContractDatesInOrder: a contract may not end before it starts; the refusal names the
// end date, in the applicant's language, and stores nothing.
func TestContractDatesInOrder(t *testing.T) {
	t.Parallel()
	f := contractFlow(t)
	req := f.a.Request(f.as("sam"), "POST", f.base+"/forms/contract/records",
		`{"title":"倒签合同","type":"sales","counterparty":"华东精密","amount":1000,"startDate":"2026-07-01","endDate":"2026-06-01"}`)
	req.Header.Set("Accept-Language", "zh-CN")
	resp := f.a.Do(req)
	out := readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(out, `"/endDate":{"code":"rule","message":"合同结束日期不能早于开始日期"`) {
		t.Fatalf("end before start: %d %s", resp.StatusCode, out)
	}
	_, list := f.a.Call(f.as("sam"), "GET", f.base+"/forms/contract/records", "")
	if strings.Contains(list, "倒签合同") {
		t.Errorf("the refused contract was stored: %s", list)
	}
}

// TestContractApprovalReturnAndReject: legal returns a contract, the applicant resubmits
// and it goes straight back to legal ∥ finance; another is rejected by the supervisor.
func TestContractApprovalReturnAndReject(t *testing.T) {
	t.Parallel()
	f := contractFlow(t)
	a := f.a
	id, rec := f.newContract(t, "采购合同")
	mustAct(t, a, f.as("sue"), rec, "approve", `{}`)
	mustAct(t, a, f.as("fin"), rec, "approve", `{"data":{"paymentTerms":"prepaid","financeOpinion":"ok"}}`)
	body := mustAct(t, a, f.as("lea"), rec, "return", `{"comment":"违约条款需修改","to":"submit"}`)
	wantStage(t, body, "提交", flow.StatusReturned)
	// A return is no review: the legal review time stays empty until legal reviews it.
	f.runDue(t)
	if _, got := a.Call(f.as("sam"), "GET", rec, ""); strings.Contains(got, `"legalReviewedAt"`) {
		t.Errorf("a return set the legal review time: %s", got)
	}
	inboxHas(t, a, f.as("sam"), f.v["wsA"], "todo", id, true)
	body = mustAct(t, a, f.as("sam"), rec, "submit", `{"data":{"amount":110000},"comment":"已修改"}`)
	// Finance had approved before the return: its branch stays at the join, and the
	// resubmit goes straight back to legal alone.
	if s := flowState(t, body); s.Status != flow.StatusRunning || activeNodes(s) != "legal" {
		t.Fatalf("after resubmit: %s at %s", s.Status, activeNodes(s))
	}
	body = mustAct(t, a, f.as("lea"), rec, "approve", `{"data":{"legalRisk":"medium","legalOpinion":"已修改，可接受"}}`)
	wantStage(t, body, "总监审批", flow.StatusRunning)
	f.runDue(t)
	if _, got := a.Call(f.as("sam"), "GET", rec, ""); !strings.Contains(got, `"legalReviewedAt":"`) {
		t.Errorf("the review did not set the legal review time: %s", got)
	}
	if !strings.Contains(body, `"amount":110000`) {
		t.Errorf("the resubmitted amount was lost: %s", body)
	}

	id2, rec2 := f.newContract(t, "服务合同")
	body = mustAct(t, a, f.as("sue"), rec2, "reject", `{"comment":"金额不合理"}`)
	// A rejection ends the run at no end node: the stage shows the outcome.
	wantStage(t, body, "rejected", flow.StatusRejected)
	if st, out := act(t, a, f.as("sam"), rec2, "submit", `{}`); st != 409 || !strings.Contains(out, "pipeline_ended") {
		t.Errorf("resubmitting a rejected contract: %d %s", st, out)
	}
	inboxHas(t, a, f.as("sue"), f.v["wsA"], "todo", id2, false)
	if _, out := a.Call(f.as("sam"), "GET", "/api/v1/workspaces/"+f.v["wsA"]+"/notifications", ""); !strings.Contains(out, `"record":"`+id2+`"`) {
		t.Errorf("the applicant was not told: %s", out)
	} else if !strings.Contains(out, "流程已结束：已驳回") {
		t.Errorf("the applicant was not told how it ended: %s", out)
	}
	drainOutbox(t, a.Scheduler)
	if _, out := a.Call(f.as("lea"), "GET", "/api/v1/workspaces/"+f.v["wsA"]+"/notifications", ""); strings.Contains(out, "用印") {
		t.Errorf("legal was told to seal a contract that was rejected or returned: %s", out)
	}
}
