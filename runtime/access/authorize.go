package access

import (
	"context"
	"strings"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
)

// templateAction maps a records action to the template's word for it.
func templateAction(a records.Action) string {
	switch a {
	case records.ActionCreate:
		return template.ActionCreate
	case records.ActionRead:
		return template.ActionRead
	case records.ActionUpdate:
		return template.ActionUpdate
	case records.ActionDelete:
		return template.ActionDelete
	case records.ActionExport:
		return template.ActionExport
	case records.ActionImport:
		return template.ActionImport
	}
	return "" // migrate and anything new: owners and admins only
}

// Authorize implements records.Access.
func (s *Service) Authorize(ctx context.Context, req records.AccessRequest) (records.Grant, error) {
	if req.Member.Role == org.RoleOwner || req.Member.Role == org.RoleAdmin {
		return records.Grant{}, nil
	}
	if req.App == nil || req.App.Template == nil || len(req.App.Template.Permissions) == 0 {
		return records.MemberAccess{}.Authorize(ctx, req)
	}
	act := templateAction(req.Action)
	if act == "" {
		return records.Grant{}, fault.ErrForbidden()
	}
	sn, err := s.current(ctx)
	if err != nil {
		return records.Grant{}, err
	}
	sn, entry, err := s.withApp(ctx, sn, req.Workspace, req.App)
	if err != nil {
		return records.Grant{}, err
	}
	// A role given to a department is held in its sub-departments too.
	depts, err := s.holderDepartments(ctx, req.Workspace, req.Member.Departments)
	if err != nil {
		return records.Grant{}, err
	}
	key := decisionKey{ws: req.Workspace, app: req.App.AppID, form: req.Form, action: act, user: req.Member.UserID, depts: strings.Join(depts, ",")}
	d, err := sn.decide(key, depts, entry)
	if err != nil {
		return records.Grant{}, err
	}
	if len(d.perms) == 0 {
		if req.Record != nil && act != template.ActionRead {
			// Refusing a record the actor cannot even see would tell them it exists.
			if ok, err := s.canSee(ctx, sn, entry, req, key, depts); err != nil || !ok {
				return records.Grant{}, firstErr(err, fault.ErrNotFound())
			}
		}
		if req.Record != nil && act == template.ActionRead {
			return records.Grant{}, fault.ErrNotFound()
		}
		return records.Grant{}, fault.ErrForbidden()
	}
	if req.Record != nil {
		in, err := s.inAnyScope(ctx, req, entry, d.perms)
		if err != nil {
			return records.Grant{}, err
		}
		if !in {
			return records.Grant{}, fault.ErrNotFound()
		}
	}
	scope, err := s.scopeFilter(ctx, req, entry, d.perms)
	if err != nil {
		return records.Grant{}, err
	}
	held := make(map[string]bool, len(d.perms))
	for _, p := range d.perms {
		held[p.Role] = true
	}
	return records.Grant{Scope: scope, Hidden: d.hidden, ReadOnly: d.readOnly, Roles: held}, nil
}

// canSee tells whether the actor could read the request's record.
func (s *Service) canSee(ctx context.Context, sn *snapshot, e *appEntry, req records.AccessRequest, key decisionKey, depts []string) (bool, error) {
	key.action = template.ActionRead
	d, err := sn.decide(key, depts, e)
	if err != nil || len(d.perms) == 0 {
		return false, err
	}
	return s.inAnyScope(ctx, req, e, d.perms)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// hiddenFields are the top-level fields every granting permission hides: roles add up, so
// one role that shows a field shows it.
func hiddenFields(perms []*template.Permission) map[string]bool {
	var out map[string]bool
	for k, rule := range perms[0].Fields {
		if rule != template.FieldHidden || strings.Contains(k, ".") {
			continue
		}
		all := true
		for _, p := range perms[1:] {
			if p.Fields[k] != template.FieldHidden {
				all = false
				break
			}
		}
		if all {
			if out == nil {
				out = map[string]bool{}
			}
			out[k] = true
		}
	}
	return out
}

// readOnlyFields are the visible top-level fields no granting permission lets the actor
// edit: each marks them read or hidden (a field without a rule is editable).
func readOnlyFields(perms []*template.Permission, hidden map[string]bool) map[string]bool {
	var out map[string]bool
	for k, rule := range perms[0].Fields {
		if rule == template.FieldEdit || hidden[k] || strings.Contains(k, ".") {
			continue
		}
		editable := false
		for _, p := range perms[1:] {
			if r := p.Fields[k]; r != template.FieldRead && r != template.FieldHidden {
				editable = true
				break
			}
		}
		if !editable {
			if out == nil {
				out = map[string]bool{}
			}
			out[k] = true
		}
	}
	return out
}

// scopeFilter is the union of the granting permissions' scopes; zero when one of them
// covers every record.
func (s *Service) scopeFilter(ctx context.Context, req records.AccessRequest, e *appEntry, perms []*template.Permission) (store.Filter, error) {
	var parts []store.Filter
	for _, p := range perms {
		f, err := s.compileScope(ctx, req, e, p)
		if err != nil {
			return store.Filter{}, err
		}
		if f.IsZero() {
			return store.Filter{}, nil
		}
		parts = append(parts, f)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return store.Or(parts...), nil
}

// inAnyScope tells whether the request's record lies in one of the permissions' scopes.
func (s *Service) inAnyScope(ctx context.Context, req records.AccessRequest, e *appEntry, perms []*template.Permission) (bool, error) {
	for _, p := range perms {
		ok, err := s.recordInScope(ctx, req, e, p)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

var _ records.Access = (*Service)(nil)
