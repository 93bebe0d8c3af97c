package access

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// TestOtherProcessSeesChanges runs two services on one database: a role given and taken
// back through the first is in force in the second once it looks for changes.
func TestOtherProcessSeesChanges(t *testing.T) {
	ctx := context.Background()
	st, req := auditedLead(t)
	one, two := New(st, nil, nil, Options{}), New(st, nil, nil, Options{})
	if _, err := two.Authorize(ctx, req); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("before: %v", err)
	}
	rule := [][]string{groupingRule("ws1", "app1", "audit", Assignee{User: "u1"})}
	if err := one.adapter.AddPoliciesCtx(ctx, "g", rule, 0); err != nil {
		t.Fatal(err)
	}
	if err := one.changed(ctx, "ws1"); err != nil {
		t.Fatal(err)
	}
	if err := two.pollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if g, err := two.Authorize(ctx, req); err != nil || !g.Scope.IsZero() {
		t.Fatalf("after assigning: %+v %v", g, err)
	}
	if err := one.adapter.RemovePoliciesCtx(ctx, "g", rule); err != nil {
		t.Fatal(err)
	}
	if err := one.changed(ctx, "ws1"); err != nil {
		t.Fatal(err)
	}
	if err := two.pollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := two.Authorize(ctx, req); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("after revoking: %v", err)
	}
}

// TestAssignmentsBackfilled: assignments stored before rules were kept in casbin_rules are
// in force once a process starts.
func TestAssignmentsBackfilled(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "a.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	d, err := store.NewDocument(assignmentID("ws1", "app1", "audit", Assignee{User: "u1"}), assignmentDoc{Workspace: "ws1", App: "app1", Role: "audit", User: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Collection(assignmentsColl).Insert(ctx, d); err != nil {
		t.Fatal(err)
	}
	c := &apps.Compiled{AppID: "app1", Version: 1, Template: &template.Template{
		Forms:       []template.Form{{Key: "lead"}},
		Roles:       []template.Role{{Key: "audit"}},
		Permissions: []template.Permission{{Role: "audit", Form: "lead", Actions: []string{"read"}}},
	}}
	req := records.AccessRequest{Member: org.Member{UserID: "u1", Role: org.RoleMember}, Workspace: "ws1", App: c, Form: "lead", Action: records.ActionRead}
	if _, err := New(st, nil, nil, Options{}).Authorize(ctx, req); err != nil {
		t.Fatalf("an older assignment is not in force: %v", err)
	}
}

// TestReloadRebuildsOnlyTheChangedWorkspace: a role given in ws1 rebuilds ws1's enforcer
// in the other process and leaves ws2's as it was; a process further behind than the
// counter remembers rebuilds everything and is still right.
func TestReloadRebuildsOnlyTheChangedWorkspace(t *testing.T) {
	ctx := context.Background()
	st := reloadStore(t)
	one, two := New(st, nil, nil, Options{}), New(st, nil, nil, Options{})
	c1, c2 := auditApp("app1"), auditApp("app2")
	req := func(ws string, c *apps.Compiled) records.AccessRequest {
		return records.AccessRequest{Member: org.Member{UserID: "u1", Role: org.RoleMember}, Workspace: ws, App: c, Form: "lead", Action: records.ActionRead}
	}
	give := func(svc *Service, ws, app string) {
		t.Helper()
		if err := svc.adapter.AddPoliciesCtx(ctx, "g", [][]string{groupingRule(ws, app, "audit", Assignee{User: "u1"})}, 0); err != nil {
			t.Fatal(err)
		}
		if err := svc.changed(ctx, ws); err != nil {
			t.Fatal(err)
		}
	}
	give(one, "ws2", "app2")
	if _, err := two.Authorize(ctx, req("ws2", c2)); err != nil {
		t.Fatal(err)
	}
	if _, err := two.Authorize(ctx, req("ws1", c1)); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("ws1 before: %v", err)
	}
	before := two.snap.Load().enforcers["ws2"]
	give(one, "ws1", "app1")
	if err := two.pollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := two.Authorize(ctx, req("ws1", c1)); err != nil {
		t.Fatalf("ws1 after: %v", err)
	}
	if two.snap.Load().enforcers["ws2"] != before {
		t.Error("a change in ws1 rebuilt ws2's enforcer")
	}
	// Far behind: more changes than the counter remembers.
	for i := 0; i < recentChanges+3; i++ {
		if err := one.bump(ctx, "ws9"); err != nil {
			t.Fatal(err)
		}
	}
	if err := one.adapter.RemovePoliciesCtx(ctx, "g", [][]string{groupingRule("ws2", "app2", "audit", Assignee{User: "u1"})}); err != nil {
		t.Fatal(err)
	}
	if err := one.bump(ctx, "ws2"); err != nil {
		t.Fatal(err)
	}
	if err := two.pollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := two.Authorize(ctx, req("ws2", c2)); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("ws2 after revoking, far behind: %v", err)
	}
	if two.snap.Load().enforcers["ws2"] == before {
		t.Error("a full reload kept the old enforcer")
	}
}

// TestPollingSurvivesAClockStepBack: the service's wall clock stands still in 1970 (as
// after a step backwards); a change made elsewhere is still in force within a second.
func TestPollingSurvivesAClockStepBack(t *testing.T) {
	ctx := context.Background()
	st := reloadStore(t)
	one := New(st, nil, nil, Options{})
	two := New(st, nil, nil, Options{Now: func() time.Time { return time.Unix(0, 0) }})
	c := auditApp("app1")
	req := records.AccessRequest{Member: org.Member{UserID: "u1", Role: org.RoleMember}, Workspace: "ws1", App: c, Form: "lead", Action: records.ActionRead}
	if _, err := two.Authorize(ctx, req); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("before: %v", err)
	}
	if err := one.adapter.AddPoliciesCtx(ctx, "g", [][]string{groupingRule("ws1", "app1", "audit", Assignee{User: "u1"})}, 0); err != nil {
		t.Fatal(err)
	}
	if err := one.changed(ctx, "ws1"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		if _, err := two.Authorize(ctx, req); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the change never reached the process whose clock went back")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func reloadStore(t *testing.T) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "a.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func auditApp(id string) *apps.Compiled {
	return &apps.Compiled{AppID: id, Version: 1, Template: &template.Template{
		Forms:       []template.Form{{Key: "lead"}},
		Roles:       []template.Role{{Key: "audit"}},
		Permissions: []template.Permission{{Role: "audit", Form: "lead", Actions: []string{"read"}}},
	}}
}
