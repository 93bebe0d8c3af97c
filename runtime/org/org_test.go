package org_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store/sqlite"
)

// world is a fresh store with one workspace: ann owns it, ada is an admin, the others
// are members.
type world struct {
	t     *testing.T
	ctx   context.Context
	org   *org.Service
	acc   *account.Service
	ws    string
	ids   map[string]string
	names map[string]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "org.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range slices.Concat(account.Collections(), org.Collections()) {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	acc, err := account.New(st, account.Options{Hash: account.TestHashParams, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := acc.CreateUser(ctx, "ann@formloom.test", "ann", "ann-password")
	if err != nil {
		t.Fatal(err)
	}
	svc := org.New(st, acc, "Asia/Shanghai")
	w, err := svc.CreateWorkspace(ctx, ann.ID, "  总部  ")
	if err != nil {
		t.Fatal(err)
	}
	e := &world{t: t, ctx: ctx, org: svc, acc: acc, ws: w.ID, ids: map[string]string{"ann": ann.ID}, names: map[string]string{ann.ID: "ann"}}
	for _, name := range []string{"ada", "sam", "sue", "bob"} {
		role := org.RoleMember
		if name == "ada" {
			role = org.RoleAdmin
		}
		in, err := svc.InviteMember(ctx, ann.ID, w.ID, org.Invite{Email: name + "@formloom.test", Name: name, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		e.ids[name], e.names[in.Member.UserID] = in.Member.UserID, name
	}
	return e
}

func ptr(s string) *string { return &s }

func code(err error) string {
	if err == nil {
		return ""
	}
	fe, ok := fault.As(err)
	if !ok {
		return "internal: " + err.Error()
	}
	out := fe.Code
	var ptrs []string
	for p := range fe.Fields {
		ptrs = append(ptrs, p)
	}
	slices.Sort(ptrs)
	return strings.Join(append([]string{out}, ptrs...), " ")
}

// dept creates a department as ann and returns its ID.
func (e *world) dept(name, parent, head string) string {
	e.t.Helper()
	in := org.DepartmentInput{Name: &name}
	if parent != "" {
		in.Parent = &parent
	}
	if head != "" {
		in.Head = ptr(e.ids[head])
	}
	d, err := e.org.CreateDepartment(e.ctx, e.ids["ann"], e.ws, in)
	if err != nil {
		e.t.Fatalf("department %s: %v", name, err)
	}
	return d.ID
}

// tree lists the departments as "name<parent:head", parents by name.
func (e *world) tree() string {
	e.t.Helper()
	list, err := e.org.ListDepartments(e.ctx, e.ids["sam"], e.ws)
	if err != nil {
		e.t.Fatal(err)
	}
	byID := map[string]string{}
	for _, d := range list {
		byID[d.ID] = d.Name
	}
	var out []string
	for _, d := range list {
		out = append(out, d.Name+"<"+byID[d.Parent]+":"+e.names[d.Head])
	}
	return strings.Join(out, " ")
}

func TestWorkspace(t *testing.T) {
	t.Parallel()
	e := newWorld(t)
	w, err := e.org.GetWorkspace(e.ctx, e.ids["sam"], e.ws)
	if err != nil || w.Name != "总部" || w.Timezone != "Asia/Shanghai" || w.Role != org.RoleMember {
		t.Fatalf("workspace %+v %v", w, err)
	}
	if _, err := e.org.RenameWorkspace(e.ctx, e.ids["sam"], e.ws, "x"); code(err) != "forbidden" {
		t.Fatalf("member renames: %v", err)
	}
	if w, err := e.org.RenameWorkspace(e.ctx, e.ids["ada"], e.ws, "华东区"); err != nil || w.Name != "华东区" {
		t.Fatalf("admin renames: %+v %v", w, err)
	}
	// Someone outside does not learn the workspace exists.
	out, err := e.acc.CreateUser(e.ctx, "out@formloom.test", "out", "out-password")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.org.GetWorkspace(e.ctx, out.ID, e.ws); code(err) != "not_found" {
		t.Fatalf("outsider: %v", err)
	}
	if list, err := e.org.ListWorkspaces(e.ctx, out.ID); err != nil || len(list) != 0 {
		t.Fatalf("outsider's workspaces: %v %v", list, err)
	}
	if list, err := e.org.ListWorkspaces(e.ctx, e.ids["sam"]); err != nil || len(list) != 1 || list[0].Name != "华东区" {
		t.Fatalf("sam's workspaces: %+v %v", list, err)
	}
}

// TestDepartmentTree: departments nest under parents in the same workspace, never under
// themselves, and only admins shape the tree.
func TestDepartmentTree(t *testing.T) {
	t.Parallel()
	e := newWorld(t)
	hq := e.dept("总部", "", "ann")
	sales := e.dept("销售部", hq, "sue")
	east := e.dept("华东组", sales, "")
	if got := e.tree(); got != "总部<:ann 销售部<总部:sue 华东组<销售部:" {
		t.Fatalf("tree %s", got)
	}
	cases := []struct {
		name  string
		actor string
		id    string
		in    org.DepartmentInput
		want  string
	}{
		{"a member cannot change the tree", "sam", east, org.DepartmentInput{Name: ptr("x")}, "forbidden"},
		{"under itself", "ann", sales, org.DepartmentInput{Parent: &sales}, "validation_failed /parent"},
		{"under its own sub-department", "ann", hq, org.DepartmentInput{Parent: &east}, "validation_failed /parent"},
		{"under an unknown department", "ann", east, org.DepartmentInput{Parent: ptr("nope")}, "validation_failed /parent"},
		{"an empty name", "ann", east, org.DepartmentInput{Name: ptr("   ")}, "validation_failed /name"},
		{"a name over 100 characters", "ann", east, org.DepartmentInput{Name: ptr(strings.Repeat("部", 101))}, "validation_failed /name"},
		{"a head who is no member", "ann", east, org.DepartmentInput{Head: ptr("nobody")}, "validation_failed /head"},
		{"an unknown department", "ann", "nope", org.DepartmentInput{Name: ptr("x")}, "not_found"},
		{"an admin moves it to the root", "ada", east, org.DepartmentInput{Parent: ptr("")}, ""},
	}
	for _, c := range cases {
		_, err := e.org.UpdateDepartment(e.ctx, e.ids[c.actor], e.ws, c.id, c.in)
		if got := code(err); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := e.tree(); got != "总部<:ann 销售部<总部:sue 华东组<:" {
		t.Fatalf("tree after the changes %s", got)
	}
	if _, err := e.org.CreateDepartment(e.ctx, e.ids["ann"], e.ws, org.DepartmentInput{}); code(err) != "validation_failed /name" {
		t.Fatalf("department without a name: %v", err)
	}
	// A department with sub-departments stays; a leaf goes.
	if err := e.org.DeleteDepartment(e.ctx, e.ids["ann"], e.ws, hq); code(err) != "has_children" {
		t.Fatalf("delete with children: %v", err)
	}
	if err := e.org.DeleteDepartment(e.ctx, e.ids["ann"], e.ws, sales); err != nil {
		t.Fatal(err)
	}
	if got := e.tree(); got != "总部<:ann 华东组<:" {
		t.Fatalf("tree after delete %s", got)
	}
}

// TestDepartmentDepth: the tree is at most 32 levels deep.
func TestDepartmentDepth(t *testing.T) {
	t.Parallel()
	e := newWorld(t)
	parent := ""
	for i := range 32 {
		parent = e.dept("L"+strings.Repeat("I", i%5), parent, "")
	}
	name := "too deep"
	_, err := e.org.CreateDepartment(e.ctx, e.ids["ann"], e.ws, org.DepartmentInput{Name: &name, Parent: &parent})
	if got := code(err); got != "validation_failed /parent" {
		t.Fatalf("33rd level: %q", got)
	}
}

// TestMembersInSeveralDepartments: a member belongs to any number of departments; a
// department deleted leaves their lists, and a head who leaves leaves the department
// without one.
func TestMembersInSeveralDepartments(t *testing.T) {
	t.Parallel()
	e := newWorld(t)
	hq := e.dept("总部", "", "")
	sales := e.dept("销售部", hq, "sue")
	support := e.dept("客服部", hq, "sue")
	m, err := e.org.UpdateMember(e.ctx, e.ids["ann"], e.ws, e.ids["sam"], org.MemberChange{Departments: &[]string{sales, support}})
	if err != nil || !slices.Equal(m.Departments, []string{sales, support}) {
		t.Fatalf("sam in two departments: %+v %v", m, err)
	}
	if _, err := e.org.UpdateMember(e.ctx, e.ids["ann"], e.ws, e.ids["sam"], org.MemberChange{Departments: &[]string{sales, "nope"}}); code(err) != "validation_failed /departments/1" {
		t.Fatalf("unknown department: %v", err)
	}
	if _, err := e.org.UpdateMember(e.ctx, e.ids["sam"], e.ws, e.ids["bob"], org.MemberChange{Departments: &[]string{sales}}); code(err) != "forbidden" {
		t.Fatalf("member moves a member: %v", err)
	}
	if in, err := e.org.InviteMember(e.ctx, e.ids["ann"], e.ws, org.Invite{Email: "new@formloom.test", Departments: []string{sales, hq}}); err != nil ||
		!slices.Equal(in.Member.Departments, []string{sales, hq}) || in.SetupSecret == "" {
		t.Fatalf("invite into two departments: %+v %v", in, err)
	}
	if err := e.org.DeleteDepartment(e.ctx, e.ids["ann"], e.ws, support); err != nil {
		t.Fatal(err)
	}
	got, err := e.org.Membership(e.ctx, e.ws, e.ids["sam"])
	if err != nil || !slices.Equal(got.Departments, []string{sales}) {
		t.Fatalf("after delete: %+v %v", got, err)
	}
	if err := e.org.RemoveMember(e.ctx, e.ids["ann"], e.ws, e.ids["sue"]); err != nil {
		t.Fatal(err)
	}
	if tree := e.tree(); tree != "总部<: 销售部<总部:" {
		t.Fatalf("tree after the head left %s", tree)
	}
}

// TestMemberRoles: who may invite, change roles and remove whom; a workspace keeps an
// owner.
func TestMemberRoles(t *testing.T) {
	t.Parallel()
	e := newWorld(t)
	role := func(r string) org.MemberChange { return org.MemberChange{Role: &r} }
	cases := []struct {
		name, actor, user string
		change            org.MemberChange
		want              string
	}{
		{"a member changes roles", "sam", "bob", role(org.RoleAdmin), "forbidden"},
		{"an admin makes an owner", "ada", "sam", role(org.RoleOwner), "forbidden"},
		{"an admin changes the owner", "ada", "ann", role(org.RoleMember), "forbidden"},
		{"an unknown role", "ann", "sam", role("king"), "validation_failed /role"},
		{"the last owner steps down", "ann", "ann", role(org.RoleAdmin), "last_owner"},
		{"an admin promotes a member", "ada", "sam", role(org.RoleAdmin), ""},
		{"the owner makes a second owner", "ann", "bob", role(org.RoleOwner), ""},
		{"one of two owners steps down", "ann", "ann", role(org.RoleAdmin), ""},
		{"someone not in the workspace", "bob", "nobody", role(org.RoleMember), "not_found"},
	}
	for _, c := range cases {
		user, ok := e.ids[c.user]
		if !ok {
			user = c.user
		}
		_, err := e.org.UpdateMember(e.ctx, e.ids[c.actor], e.ws, user, c.change)
		if got := code(err); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if m, _ := e.org.Membership(e.ctx, e.ws, e.ids["sam"]); m.Role != org.RoleAdmin {
		t.Fatalf("sam is %s", m.Role)
	}
	if _, err := e.org.InviteMember(e.ctx, e.ids["sue"], e.ws, org.Invite{Email: "x@formloom.test"}); code(err) != "forbidden" {
		t.Fatalf("member invites: %v", err)
	}
	if _, err := e.org.InviteMember(e.ctx, e.ids["ann"], e.ws, org.Invite{Email: "SUE@formloom.test"}); code(err) != "already_member /email" {
		t.Fatalf("invite twice: %v", err)
	}
	// Members leave by themselves; removing others takes an admin.
	if err := e.org.RemoveMember(e.ctx, e.ids["sue"], e.ws, e.ids["ada"]); code(err) != "forbidden" {
		t.Fatalf("member removes admin: %v", err)
	}
	if err := e.org.RemoveMember(e.ctx, e.ids["sue"], e.ws, e.ids["sue"]); err != nil {
		t.Fatalf("leave: %v", err)
	}
	if _, err := e.org.Membership(e.ctx, e.ws, e.ids["sue"]); code(err) != "not_found" {
		t.Fatalf("sue still a member: %v", err)
	}
	if err := e.org.RemoveMember(e.ctx, e.ids["bob"], e.ws, e.ids["bob"]); code(err) != "last_owner" {
		t.Fatalf("last owner leaves: %v", err)
	}
	list, err := e.org.ListMembers(e.ctx, e.ids["sam"], e.ws)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range list {
		got = append(got, m.Name+":"+m.Role)
	}
	if strings.Join(got, " ") != "ann:admin ada:admin sam:admin bob:owner" {
		t.Fatalf("members %v", got)
	}
}
