package access

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

// Assignee is who holds an app role: one member (User) or every member of a department
// (Department); exactly one is set.
type Assignee struct {
	User       string `json:"user,omitempty"`
	Department string `json:"department,omitempty"`
}

// subject is the assignee as a Casbin subject.
func (a Assignee) subject() string {
	if a.Department != "" {
		return deptSubject(a.Department)
	}
	return a.User
}

func deptSubject(id string) string { return "dept:" + id }

func roleSubject(app, role string) string { return app + ":" + role }

func formObject(app, form string) string { return app + ":" + form }

// appObject is the object of app-level actions (manage).
func appObject(app string) string { return app }

// assignmentDoc is one stored assignment; its ID makes an assignment unique.
type assignmentDoc struct {
	Workspace  string `json:"ws"`
	App        string `json:"app"`
	Role       string `json:"role"`
	User       string `json:"user,omitempty"`
	Department string `json:"department,omitempty"`
}

func assignmentID(ws, app, role string, a Assignee) string {
	return ws + "|" + app + "|" + role + "|" + a.subject()
}

// Assignees lists who holds an app role; owners and admins only.
func (s *Service) Assignees(ctx context.Context, actor, ws, app, role string) ([]Assignee, error) {
	if err := s.checkRole(ctx, actor, ws, app, role); err != nil {
		return nil, err
	}
	docs, err := store.FindAll(ctx, s.assignments, store.And(store.Eq("ws", ws), store.Eq("app", app), store.Eq("role", role)))
	if err != nil {
		return nil, wrap("list assignees", err)
	}
	out := make([]Assignee, 0, len(docs))
	for _, d := range docs {
		a, err := store.Decode[assignmentDoc](d)
		if err != nil {
			return nil, err
		}
		out = append(out, Assignee{User: a.User, Department: a.Department})
	}
	return out, nil
}

// Assign gives an app role to a member or a department; owners and admins only.
// Assigning twice is a conflict.
func (s *Service) Assign(ctx context.Context, actor, ws, app, role string, a Assignee) error {
	if err := s.checkRole(ctx, actor, ws, app, role); err != nil {
		return err
	}
	if err := s.checkAssignee(ctx, actor, ws, a); err != nil {
		return err
	}
	doc, err := store.NewDocument(assignmentID(ws, app, role, a), assignmentDoc{Workspace: ws, App: app, Role: role, User: a.User, Department: a.Department})
	if err != nil {
		return err
	}
	// The assignment, its g rule and the change counter commit together where the engine
	// has transactions; each write is idempotent on retry.
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.assignments.Insert(ctx, doc); err != nil {
			return err
		}
		if err := s.adapter.AddPoliciesCtx(ctx, "g", [][]string{groupingRule(ws, app, role, a)}, 0); err != nil {
			return err
		}
		return s.bump(ctx, ws)
	})
	if errors.Is(err, store.ErrExists) {
		return fault.Of("already_assigned")
	}
	if err != nil {
		return wrap("assign role", err)
	}
	return s.refresh(ctx)
}

// Revoke takes an app role back; revoking what was never assigned is not found.
func (s *Service) Revoke(ctx context.Context, actor, ws, app, role string, a Assignee) error {
	if err := s.checkRole(ctx, actor, ws, app, role); err != nil {
		return err
	}
	if (a.User == "") == (a.Department == "") {
		return fault.Of("bad_assignee")
	}
	id := assignmentID(ws, app, role, a)
	d, err := s.assignments.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fault.ErrNotFound()
	}
	if err != nil {
		return wrap("get assignment", err)
	}
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := s.assignments.Delete(ctx, id, d.Version); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := s.adapter.RemovePoliciesCtx(ctx, "g", [][]string{groupingRule(ws, app, role, a)}); err != nil {
			return err
		}
		return s.bump(ctx, ws)
	})
	if err != nil {
		return wrap("revoke role", err)
	}
	return s.refresh(ctx)
}

// checkRole lets owners and admins of ws, and the app's managers, through for a role the
// app's latest version declares.
func (s *Service) checkRole(ctx context.Context, actor, ws, app, role string) error {
	m, err := s.org.Membership(ctx, ws, actor)
	if err != nil {
		return err
	}
	_, c, err := s.apps.Latest(ctx, actor, ws, app)
	if err != nil {
		return err
	}
	if m.Role != org.RoleOwner && m.Role != org.RoleAdmin {
		ok, err := s.manages(ctx, m, ws, c)
		if err != nil {
			return err
		}
		if !ok {
			return fault.ErrForbidden()
		}
	}
	if c == nil || c.Template == nil || c.Template.RoleByKey(role) == nil {
		return fault.ErrNotFound()
	}
	return nil
}

// groupingRule is an assignment as a g rule.
func groupingRule(ws, app, role string, a Assignee) []string {
	return []string{a.subject(), roleSubject(app, role), ws}
}

// checkAssignee requires exactly one of user and department, naming a member or a
// department of ws.
func (s *Service) checkAssignee(ctx context.Context, actor, ws string, a Assignee) error {
	switch {
	case (a.User == "") == (a.Department == ""):
		return fault.Of("bad_assignee")
	case a.User != "":
		if _, err := s.org.Membership(ctx, ws, a.User); err != nil {
			if fault.Is(err, fault.NotFound) {
				return fault.FieldOf("/user", "unknown_member.user")
			}
			return err
		}
	default:
		ds, err := s.org.ListDepartments(ctx, actor, ws)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(ds, func(d org.Department) bool { return d.ID == a.Department }) {
			return fault.FieldOf("/department", "unknown_department.department")
		}
	}
	return nil
}

// backfillAssignments writes the g rule of every assignment stored before rules were kept
// in casbin_rules; it does nothing once their counts agree.
func (s *Service) backfillAssignments(ctx context.Context) error {
	n, err := s.assignments.Count(ctx, store.Filter{})
	if err != nil || n == 0 {
		return wrapNil("count assignments", err)
	}
	g, err := s.adapter.rules.Count(ctx, store.Eq("ptype", "g"))
	if err != nil || g >= n {
		return wrapNil("count assignment rules", err)
	}
	docs, err := store.FindAll(ctx, s.assignments, store.Filter{})
	if err != nil {
		return wrap("load assignments", err)
	}
	rules := make([][]string, 0, len(docs))
	for _, d := range docs {
		a, err := store.Decode[assignmentDoc](d)
		if err != nil {
			return err
		}
		rules = append(rules, groupingRule(a.Workspace, a.App, a.Role, Assignee{User: a.User, Department: a.Department}))
	}
	return s.adapter.AddPoliciesCtx(ctx, "g", rules, 0)
}

func wrapNil(op string, err error) error {
	if err == nil {
		return nil
	}
	return wrap(op, err)
}

func wrap(op string, err error) error { return fmt.Errorf("access: %s: %w", op, err) }
