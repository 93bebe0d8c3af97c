package access

import (
	"context"
	"path/filepath"
	"testing"

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
	one, two := New(st, nil, nil, Options{}), New(st, nil, nil, Options{})
	c := &apps.Compiled{AppID: "app1", Version: 1, Template: &template.Template{
		Forms:       []template.Form{{Key: "lead"}},
		Roles:       []template.Role{{Key: "audit"}},
		Permissions: []template.Permission{{Role: "audit", Form: "lead", Actions: []string{"read"}}},
	}}
	req := records.AccessRequest{Member: org.Member{UserID: "u1", Role: org.RoleMember}, Workspace: "ws1", App: c, Form: "lead", Action: records.ActionRead}
	if _, err := two.Authorize(ctx, req); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("before: %v", err)
	}
	rule := [][]string{groupingRule("ws1", "app1", "audit", Assignee{User: "u1"})}
	if err := one.adapter.AddPoliciesCtx(ctx, "g", rule, 0); err != nil {
		t.Fatal(err)
	}
	if err := one.changed(ctx); err != nil {
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
	if err := one.changed(ctx); err != nil {
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
