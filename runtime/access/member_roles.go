package access

import (
	"context"
	"sort"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

// MemberRole is one app role a member holds: assigned to them (Via "member") or to a
// department at or above one of theirs (Via "department", Department the assigned one).
type MemberRole struct {
	App        string        `json:"app"`
	AppName    template.Text `json:"appName"`
	Role       string        `json:"role"`
	RoleName   template.Text `json:"roleName"`
	Via        string        `json:"via"`
	Department string        `json:"department,omitempty"`
}

// MemberRoles lists the app roles member holds across the workspace's apps, by app and
// role; owners and admins only. Roles the app's latest version no longer declares are left
// out.
func (s *Service) MemberRoles(ctx context.Context, actor, ws, member string) ([]MemberRole, error) {
	am, err := s.org.Membership(ctx, ws, actor)
	if err != nil {
		return nil, err
	}
	if am.Role != org.RoleOwner && am.Role != org.RoleAdmin {
		return nil, fault.ErrForbidden()
	}
	m, err := s.org.Membership(ctx, ws, member)
	if err != nil {
		return nil, err
	}
	reach, err := s.departmentsAbove(ctx, actor, ws, m.Departments)
	if err != nil {
		return nil, err
	}
	docs, err := store.FindAll(ctx, s.assignments, store.Eq("ws", ws))
	if err != nil {
		return nil, wrap("list member roles", err)
	}
	out := []MemberRole{}
	tpl := map[string]*template.Template{}
	names := map[string]template.Text{}
	for _, d := range docs {
		a, err := store.Decode[assignmentDoc](d)
		if err != nil {
			return nil, wrap("decode assignment", err)
		}
		r := MemberRole{App: a.App, Role: a.Role, Via: "member"}
		switch {
		case a.User != "" && a.User == member:
		case a.Department != "" && reach[a.Department]:
			r.Via, r.Department = "department", a.Department
		default:
			continue
		}
		t, seen := tpl[a.App]
		if !seen {
			app, c, err := s.apps.Latest(ctx, actor, ws, a.App)
			if err != nil && !fault.Is(err, fault.NotFound) {
				return nil, err
			}
			if err == nil && c != nil {
				t = c.Template
			}
			tpl[a.App], names[a.App] = t, app.Name
		}
		if t == nil || t.RoleByKey(a.Role) == nil {
			continue
		}
		r.AppName, r.RoleName = names[a.App], t.RoleByKey(a.Role).Name
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].AppName.ZH != out[j].AppName.ZH {
			return out[i].AppName.ZH < out[j].AppName.ZH
		}
		return out[i].Role < out[j].Role
	})
	return out, nil
}

// departmentsAbove is the set of own departments and every department above them.
func (s *Service) departmentsAbove(ctx context.Context, actor, ws string, own []string) (map[string]bool, error) {
	ds, err := s.org.ListDepartments(ctx, actor, ws)
	if err != nil {
		return nil, err
	}
	parent := make(map[string]string, len(ds))
	for _, d := range ds {
		parent[d.ID] = d.Parent
	}
	out := map[string]bool{}
	for _, o := range own {
		for d, n := o, 0; d != "" && n <= len(ds) && !out[d]; d, n = parent[d], n+1 {
			out[d] = true
		}
	}
	return out, nil
}
