package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/formloom/formloom/store/mongo/ferrettest"

	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
)

// TestAppOnMongoEngine starts the whole app with FORMLOOM_MONGODB_URI pointing at FerretDB
// (in-process, a MongoDB wire-protocol server) and walks the organisation basics through
// the domain and the HTTP layer, then reopens the app to see that everything persisted.
// FerretDB has no transactions and loses concurrent updates, so this proves wiring and
// translation, not atomicity (the store conformance suite covers that on real MongoDB).
func TestAppOnMongoEngine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	uri := ferrettest.New(t)

	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MongoURI = strings.TrimSuffix(uri, "/") + "/formloom_apptest"
	opts := app.Options{Logger: slog.New(slog.DiscardHandler), Hash: account.TestHashParams, ManualSchedule: true}

	a, err := app.Open(ctx, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Store.Capabilities().Engine; got != "mongo" {
		t.Fatalf("engine %q", got)
	}
	if _, _, err := a.Accounts.EnsureAdmin(ctx, "root@formloom.test", "root-password"); err != nil {
		t.Fatal(err)
	}
	admin, err := a.Accounts.FindByEmail(ctx, "root@formloom.test")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := a.Org.CreateWorkspace(ctx, admin.ID, "总部")
	if err != nil {
		t.Fatal(err)
	}
	name := "销售部"
	dept, err := a.Org.CreateDepartment(ctx, admin.ID, ws.ID, org.DepartmentInput{Name: &name, Head: &admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := a.Org.InviteMember(ctx, admin.ID, ws.ID, org.Invite{Email: "li@formloom.test", Departments: []string{dept.ID}})
	if err != nil || inv.SetupSecret == "" {
		t.Fatalf("invite: %+v %v", inv, err)
	}
	if _, _, err := a.Accounts.CompleteSetup(ctx, inv.SetupSecret, "li-password", "李", ""); err != nil {
		t.Fatal(err)
	}
	resp, err := a.HTTP.Test(httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(`{"email":"li@formloom.test","password":"li-password"}`)), -1)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("login on mongo: %v %v", resp.StatusCode, err)
	}
	if resp, _ := a.HTTP.Test(httptest.NewRequest("GET", "/readyz", nil), -1); resp.StatusCode != 200 {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	a, err = app.Open(ctx, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	li, err := a.Accounts.FindByEmail(ctx, "li@formloom.test")
	if err != nil {
		t.Fatal(err)
	}
	members, err := a.Org.ListMembers(ctx, li.ID, ws.ID)
	if err != nil || len(members) != 2 {
		t.Fatalf("members after reopen: %+v %v", members, err)
	}
	for _, m := range members {
		if m.UserID == li.ID && (m.Status != account.StatusActive || len(m.Departments) != 1 || m.Departments[0] != dept.ID) {
			t.Fatalf("member after reopen: %+v", m)
		}
	}
	runFlowOnMongo(t, a, admin.ID, ws.ID)
}

// flowApp: one approval by the submitter's department head; an automation stamps every
// new request.
const flowApp = `{"key": "leave", "name": {"zh-CN": "请假"},
  "forms": [{"key": "request", "name": {"zh-CN": "请假单"}, "schema": {"type": "object", "required": ["reason"], "properties": {
    "reason": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "事由"}}},
    "note": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "备注"}}}}}}],
  "pipelines": [{"key": "approval", "form": "request", "nodes": [
      {"key": "start", "type": "start"},
      {"key": "head", "type": "approval", "assignees": [{"type": "departmentHead"}], "deadline": {"after": {"workingDays": 1}}},
      {"key": "end", "type": "end", "stage": "批准"}],
    "edges": [{"from": "start", "to": "head"}, {"from": "head", "to": "end"}]}],
  "automations": [{"key": "stamp", "form": "request", "on": {"event": "created"},
    "actions": [{"type": "setFields", "values": {"note": "\"已登记\""}}]}]
}`

// runFlowOnMongo runs a record through a pipeline and an automation on the MongoDB engine:
// the record's compare-and-set steps, inbox entries, scheduler jobs and their queries.
func runFlowOnMongo(t *testing.T, a *app.App, admin, ws string) {
	t.Helper()
	ctx := context.Background()
	li, err := a.Accounts.FindByEmail(ctx, "li@formloom.test")
	if err != nil {
		t.Fatal(err)
	}
	created, err := a.Apps.Create(ctx, admin, ws, apps.NewApp{Definition: json.RawMessage(flowApp)})
	if err != nil {
		t.Fatal(err)
	}
	ref := records.Ref{Actor: li.ID, Workspace: ws, App: created.ID, Form: "request"}
	rec, err := a.Records.Create(ctx, ref, json.RawMessage(`{"reason":"家中有事"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := a.Flow.Start(ctx, ref, rec.ID); err != nil || !ok {
		t.Fatalf("start: %v %v", ok, err)
	}
	todo, err := a.Flow.Inbox(ctx, admin, ws, flow.InboxQuery{Box: flow.BoxTodo})
	if err != nil || len(todo.Items) != 1 || todo.Items[0].Record != rec.ID {
		t.Fatalf("head's inbox: %+v %v", todo, err)
	}
	approved, err := a.Flow.Act(ctx, records.Ref{Actor: admin, Workspace: ws, App: created.ID, Form: "request"}, rec.ID, flow.ActApprove, flow.ActionInput{Comment: "同意"}, "k1")
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := flow.ReadState(approved.Flow); st == nil || st.Status != flow.StatusApproved || approved.Stage != "批准" {
		t.Fatalf("after approval: %s %s", approved.Flow, approved.Stage)
	}
	for {
		n, err := a.Scheduler.RunDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	got, err := a.Records.Get(ctx, ref, rec.ID)
	if err != nil || !strings.Contains(string(got.Data), "已登记") {
		t.Fatalf("automation on mongo: %s %v", got.Data, err)
	}
	counts, err := a.Flow.InboxCounts(ctx, admin, ws)
	if err != nil || counts.Todo != 0 || counts.Done != 1 {
		t.Fatalf("counts: %+v %v", counts, err)
	}
}

// TestTwoInstancesStartAtOnceOnAnEmptyMongoDatabase starts two apps on the same empty
// database at the same moment, each ensuring its collections and the first admin as the
// server does at start: both come up, and there is exactly one admin.
func TestTwoInstancesStartAtOnceOnAnEmptyMongoDatabase(t *testing.T) {
	ctx := context.Background()
	uri := strings.TrimSuffix(ferrettest.New(t), "/") + "/formloom_twostart"
	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MongoURI = uri
	opts := app.Options{Logger: slog.New(slog.DiscardHandler), Hash: account.TestHashParams, ManualSchedule: true}
	const instances = 3
	start := make(chan struct{})
	errs := make(chan error, instances)
	created := make(chan bool, instances)
	for i := 0; i < instances; i++ {
		go func() {
			<-start
			a, err := app.Open(ctx, cfg, opts)
			if err != nil {
				errs <- err
				return
			}
			t.Cleanup(func() { _ = a.Close() })
			ok, _, err := a.Accounts.EnsureAdmin(ctx, "root@formloom.test", "root-password")
			created <- ok
			errs <- err
		}()
	}
	close(start)
	firsts := 0
	for i := 0; i < instances; i++ {
		if err := <-errs; err != nil {
			t.Errorf("an instance did not come up: %v", err)
		}
	}
	close(created)
	for ok := range created {
		if ok {
			firsts++
		}
	}
	if firsts != 1 {
		t.Errorf("%d instances say they created the first admin", firsts)
	}
	a, err := app.Open(ctx, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Accounts.FindByEmail(ctx, "root@formloom.test"); err != nil {
		t.Fatal(err)
	}
}
