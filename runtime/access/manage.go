package access

import (
	"context"
	"slices"
	"strings"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

// MayManage tells whether a member who is neither owner nor admin holds a role granting
// "manage" on the app (a permission without a form): they design it like an admin. It
// implements apps.Access.
func (s *Service) MayManage(ctx context.Context, m org.Member, ws, appID string) (bool, error) {
	if m.Role == org.RoleOwner || m.Role == org.RoleAdmin {
		return true, nil
	}
	_, c, err := s.apps.Latest(ctx, m.UserID, ws, appID)
	if fault.Is(err, fault.Conflict) {
		return false, nil // never published: no roles yet
	}
	if err != nil {
		return false, err
	}
	return s.manages(ctx, m, ws, c)
}

// manages asks the policy whether m holds manage on app version c.
func (s *Service) manages(ctx context.Context, m org.Member, ws string, c *apps.Compiled) (bool, error) {
	if c == nil || c.Template == nil || !slices.ContainsFunc(c.Template.Permissions, func(p template.Permission) bool {
		return p.Form == "" && slices.Contains(p.Actions, template.ActionManage)
	}) {
		return false, nil
	}
	sn, err := s.current(ctx)
	if err != nil {
		return false, err
	}
	sn, _, err = s.withApp(ctx, sn, ws, c)
	if err != nil {
		return false, err
	}
	enf := sn.enforcers[ws]
	if enf == nil {
		return false, nil
	}
	depts, err := s.holderDepartments(ctx, ws, m.Departments)
	if err != nil {
		return false, err
	}
	subjects := append([]string{m.UserID}, depts...)
	for i := 1; i < len(subjects); i++ {
		subjects[i] = deptSubject(subjects[i])
	}
	for _, sub := range subjects {
		ok, err := enf.Enforce(sub, ws, appObject(c.AppID), template.ActionManage)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// Published stores the permissions of an app version as it is published, through ctx (in
// the publish's transaction). It implements apps.Access.
func (s *Service) Published(ctx context.Context, ws string, c *apps.Compiled) error {
	if c == nil || c.Template == nil {
		return nil
	}
	return s.syncApp(ctx, compileApp(ws, c), c.Version)
}

var _ apps.Access = (*Service)(nil)

// RoleMembers returns the user IDs holding an app role, directly or through a department
// (members of the department and of every department below it), sorted and without
// repeats. It reads the stored rules, so it answers for the whole database at once.
func (s *Service) RoleMembers(ctx context.Context, ws, appID, role string) ([]string, error) {
	return s.holders(ctx, ws, appID, []string{role})
}

// AppManagers returns the user IDs who may design the app: the workspace's owners and
// admins and the holders of a role granted manage, sorted and without repeats.
func (s *Service) AppManagers(ctx context.Context, ws, appID string) ([]string, error) {
	rules, err := s.adapter.Rules(ctx, store.And(store.Eq("dom", ws), store.Eq("ptype", "p"), store.Eq("app", appID),
		store.Eq("v2", appObject(appID)), store.Eq("v3", template.ActionManage)))
	if err != nil {
		return nil, err
	}
	var roles []string
	for _, r := range rules {
		roles = append(roles, strings.TrimPrefix(r[1], appID+":"))
	}
	out, err := s.holders(ctx, ws, appID, roles)
	if err != nil {
		return nil, err
	}
	o, err := s.orgOf(ctx, ws)
	if err != nil {
		return nil, err
	}
	for u, r := range o.roles {
		if r == org.RoleOwner || r == org.RoleAdmin {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// loadHolders reads the members holding any of the app's roles.
func (s *Service) loadHolders(ctx context.Context, ws, appID string, roles []string) ([]string, error) {
	out := []string{}
	if len(roles) == 0 {
		return out, nil
	}
	subs := make([]any, len(roles))
	for i, r := range roles {
		subs[i] = roleSubject(appID, r)
	}
	rules, err := s.adapter.Rules(ctx, store.And(store.Eq("dom", ws), store.Eq("ptype", "g"), store.In("v1", subs...)))
	if err != nil {
		return nil, err
	}
	o, err := s.orgOf(ctx, ws)
	if err != nil {
		return nil, err
	}
	var depts []string
	for _, r := range rules {
		if d, ok := strings.CutPrefix(r[1], "dept:"); ok {
			depts = append(depts, d)
		} else if _, member := o.roles[r[1]]; member {
			out = append(out, r[1]) // people who left the workspace hold nothing
		}
	}
	for d := range o.subtree(depts) {
		out = append(out, o.members[d]...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
