package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
)

// Query asks why a member may or may not work with a form (and optionally one record and
// one field) of an app.
type Query struct {
	Member string // user ID
	Form   string // form key
	Record string // optional record ID
	Field  string // optional top-level field key
}

// Explanation answers a Query: the roles the member holds and, per action, the decision
// and what made it.
type Explanation struct {
	Member        string         `json:"member"`
	WorkspaceRole string         `json:"workspaceRole"`
	Departments   []string       `json:"departments"`
	Form          string         `json:"form"`
	Record        string         `json:"record,omitempty"`
	Roles         []HeldRole     `json:"roles"`
	Actions       []ActionAnswer `json:"actions"`
	Field         *FieldAnswer   `json:"field,omitempty"`
}

// HeldRole is an app role the member holds, directly or through a department (Department
// is the one the role is assigned to; Through, when set, is the member's own department
// below it).
type HeldRole struct {
	Role       string `json:"role"`
	Via        string `json:"via"` // direct or department
	Department string `json:"department,omitempty"`
	Through    string `json:"through,omitempty"`
}

// ActionAnswer is the decision for one action.
type ActionAnswer struct {
	Action  string        `json:"action"`
	Allowed bool          `json:"allowed"`
	Reason  string        `json:"reason"`
	Grants  []GrantReason `json:"grants,omitempty"`
	// RecordInScope tells, when a record was asked about and the action is granted,
	// whether the record lies in the union of the granting scopes.
	RecordInScope *bool `json:"recordInScope,omitempty"`
}

// GrantReason is one permission that grants the action, and the role that carries it.
type GrantReason struct {
	Role       string `json:"role"`
	Via        string `json:"via"`
	Department string `json:"department,omitempty"`
	Permission string `json:"permission"` // JSON pointer into the template: /permissions/2
	Scope      string `json:"scope"`      // all, own, department, departmentTree or filter
	index      int    // of the permission in the template
}

// FieldAnswer is what the member may do with the asked field: hidden, read or edit.
type FieldAnswer struct {
	Key    string      `json:"key"`
	Access string      `json:"access"`
	Reason string      `json:"reason"`
	Rules  []FieldRule `json:"rules,omitempty"`
}

// FieldRule is one granting permission's rule for the field ("" means none: editable).
type FieldRule struct {
	Permission string `json:"permission"`
	Role       string `json:"role"`
	Action     string `json:"action"` // read or update
	Rule       string `json:"rule"`
}

// explainedActions are the actions an explanation covers, in this order.
var explainedActions = []records.Action{records.ActionCreate, records.ActionRead, records.ActionUpdate,
	records.ActionDelete, records.ActionExport, records.ActionImport}

// Explain says, for workspace owners and admins, what the member may do with the form and
// why. Every decision comes from Authorize itself, so the explanation cannot disagree with
// what the API does; the roles and permissions behind it are then named.
func (s *Service) Explain(ctx context.Context, actor, ws, appID string, q Query) (Explanation, error) {
	am, err := s.org.Membership(ctx, ws, actor)
	if err != nil {
		return Explanation{}, err
	}
	if am.Role != org.RoleOwner && am.Role != org.RoleAdmin {
		return Explanation{}, fault.ErrForbidden()
	}
	if q.Member == "" {
		return Explanation{}, fault.FieldOf("/member", "required.member")
	}
	if q.Form == "" {
		return Explanation{}, fault.FieldOf("/form", "required.form")
	}
	m, err := s.org.Membership(ctx, ws, q.Member)
	if fault.Is(err, fault.NotFound) {
		return Explanation{}, fault.FieldOf("/member", "unknown_member.user")
	} else if err != nil {
		return Explanation{}, err
	}
	_, c, err := s.apps.Latest(ctx, actor, ws, appID)
	if err != nil {
		return Explanation{}, err
	}
	t := c.Template
	fi := slices.IndexFunc(t.Forms, func(f template.Form) bool { return f.Key == q.Form })
	if fi < 0 {
		return Explanation{}, fault.FieldOf("/form", "unknown_form.form")
	}
	if q.Field != "" && t.FormFields(fi).Get(q.Field) == nil {
		return Explanation{}, fault.FieldOf("/field", "unknown_field.field")
	}
	var rec *records.Record
	if q.Record != "" {
		if rec, err = s.explainRecord(ctx, ws, appID, q.Form, q.Record); err != nil {
			return Explanation{}, err
		}
	}
	held, err := s.heldRoles(ctx, actor, ws, appID, t, m)
	if err != nil {
		return Explanation{}, err
	}
	out := Explanation{Member: m.UserID, WorkspaceRole: m.Role, Departments: m.Departments, Form: q.Form, Record: q.Record, Roles: held}
	if out.Departments == nil {
		out.Departments = []string{}
	}
	grants := map[records.Action]records.Grant{}
	for _, act := range explainedActions {
		req := records.AccessRequest{Member: m, Workspace: ws, App: c, Form: q.Form, Action: act}
		a := ActionAnswer{Action: string(act)}
		g, err := s.Authorize(ctx, req)
		switch {
		case err == nil:
			a.Allowed = true
			grants[act] = g
		case fault.Is(err, fault.Forbidden) || fault.Is(err, fault.NotFound):
		default:
			return Explanation{}, err
		}
		a.Reason, a.Grants = allowedBecause(m, t, held, q.Form, act, a.Allowed)
		if rec != nil && a.Allowed && act != records.ActionCreate && act != records.ActionImport {
			req.Record = rec
			_, err := s.Authorize(ctx, req)
			in := err == nil
			if err != nil && !fault.Is(err, fault.NotFound) && !fault.Is(err, fault.Forbidden) {
				return Explanation{}, err
			}
			a.RecordInScope = &in
			if !in {
				a.Allowed = false
				a.Reason = "denied for this record: it lies outside every granting data scope (" + scopesText(a.Grants) + ")"
			}
		}
		out.Actions = append(out.Actions, a)
	}
	if q.Field != "" {
		out.Field = explainField(t, held, q.Form, q.Field, grants)
	}
	return out, nil
}

// allowedBecause says why m may (allowed) or may not do act on form, and which held roles'
// permissions grant it when the app's roles are what decides.
func allowedBecause(m org.Member, t *template.Template, held []HeldRole, form string, act records.Action, allowed bool) (string, []GrantReason) {
	switch {
	case m.Role == org.RoleOwner || m.Role == org.RoleAdmin:
		return reasonOf(allowed, "workspace "+m.Role+": may do everything"), nil
	case len(t.Permissions) == 0:
		return reasonOf(allowed, "the app declares no permissions: the open default applies"), nil
	case !allowed:
		return "denied: no role grants it", nil
	}
	grants := grantReasons(t, held, form, templateWord(act))
	names := make([]string, 0, len(grants))
	for _, gr := range grants {
		names = append(names, gr.Role+" ("+viaText(gr.Via, gr.Department)+") via "+gr.Permission)
	}
	return "allowed: " + strings.Join(names, "; "), grants
}

// explainRecord loads the record's ownership as stored (scopes only look at that).
func (s *Service) explainRecord(ctx context.Context, ws, appID, form, id string) (*records.Record, error) {
	d, err := s.records.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fault.FieldOf("/record", "unknown_record.record")
	}
	if err != nil {
		return nil, wrap("get record", err)
	}
	r, err := store.Decode[struct {
		Workspace string `json:"ws"`
		Form      string `json:"form"`
		Owner     string `json:"owner"`
		CreatedBy string `json:"createdBy"`
		UpdatedBy string `json:"updatedBy"`
	}](d)
	if err != nil {
		return nil, err
	}
	// The stored form ID names the app (records keep no separate app member).
	if r.Workspace != ws || r.Form != appID+"."+form {
		return nil, fault.FieldOf("/record", "unknown_record.record")
	}
	return &records.Record{ID: d.ID, Version: d.Version, Owner: r.Owner, CreatedBy: r.CreatedBy, UpdatedBy: r.UpdatedBy}, nil
}

// heldRoles lists the app roles the member holds and how: assigned to them, to one of
// their departments, or to a department above one of theirs.
func (s *Service) heldRoles(ctx context.Context, actor, ws, appID string, t *template.Template, m org.Member) ([]HeldRole, error) {
	ds, err := s.org.ListDepartments(ctx, actor, ws)
	if err != nil {
		return nil, err
	}
	parent := make(map[string]string, len(ds))
	for _, d := range ds {
		parent[d.ID] = d.Parent
	}
	// below[d] is the member's own department at or under d.
	below := map[string]string{}
	for _, own := range m.Departments {
		for d, n := own, 0; d != "" && n <= len(ds); d, n = parent[d], n+1 {
			if _, seen := below[d]; !seen {
				below[d] = own
			}
		}
	}
	out := []HeldRole{}
	for _, r := range t.Roles {
		as, err := s.Assignees(ctx, actor, ws, appID, r.Key)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			switch {
			case a.User != "" && a.User == m.UserID:
				out = append(out, HeldRole{Role: r.Key, Via: "direct"})
			case a.Department != "":
				own, ok := below[a.Department]
				if !ok {
					continue
				}
				h := HeldRole{Role: r.Key, Via: "department", Department: a.Department}
				if own != a.Department {
					h.Through = own
				}
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// grantReasons are the permissions on form granting action to one of the held roles,
// each with the way the role is held.
func grantReasons(t *template.Template, held []HeldRole, form, action string) []GrantReason {
	var out []GrantReason
	for i := range t.Permissions {
		p := &t.Permissions[i]
		if p.Form != form || !slices.Contains(p.Actions, action) {
			continue
		}
		for _, h := range held {
			if h.Role == p.Role {
				out = append(out, GrantReason{Role: h.Role, Via: h.Via, Department: h.Department, Permission: fmt.Sprintf("/permissions/%d", i), Scope: p.ScopeKind(), index: i})
			}
		}
	}
	return out
}

// explainField says whether the field is hidden, read-only or editable for the member,
// from the read and update grants Authorize gave.
func explainField(t *template.Template, held []HeldRole, form, field string, grants map[records.Action]records.Grant) *FieldAnswer {
	fa := &FieldAnswer{Key: field}
	for _, act := range []records.Action{records.ActionRead, records.ActionUpdate} {
		if _, ok := grants[act]; !ok {
			continue
		}
		for _, gr := range grantReasons(t, held, form, templateWord(act)) {
			fa.Rules = append(fa.Rules, FieldRule{Permission: gr.Permission, Role: gr.Role, Action: string(act), Rule: t.Permissions[gr.index].Fields[field]})
		}
	}
	rg, canRead := grants[records.ActionRead]
	ug, canUpdate := grants[records.ActionUpdate]
	switch {
	case !canRead:
		fa.Access, fa.Reason = template.FieldHidden, "hidden: no role grants read"
	case rg.Hidden[field]:
		fa.Access, fa.Reason = template.FieldHidden, "hidden: every permission granting read hides it"
	case canUpdate && !ug.Hidden[field] && !ug.ReadOnly[field]:
		fa.Access, fa.Reason = template.FieldEdit, "edit: a permission granting update leaves it editable"
	case canUpdate:
		fa.Access, fa.Reason = template.FieldRead, "read: every permission granting update marks it read or hidden"
	default:
		fa.Access, fa.Reason = template.FieldRead, "read: no role grants update"
	}
	return fa
}

// templateWord is the template's word for a records action.
func templateWord(a records.Action) string {
	if a == records.ActionImport {
		return template.ActionImport
	}
	return templateAction(a)
}

func reasonOf(allowed bool, why string) string {
	if allowed {
		return "allowed: " + why
	}
	return "denied: " + why
}

func viaText(via, dept string) string {
	if via == "department" {
		return "through department " + dept
	}
	return via
}

func scopesText(gs []GrantReason) string {
	var out []string
	for _, g := range gs {
		if !slices.Contains(out, g.Scope) {
			out = append(out, g.Scope)
		}
	}
	return strings.Join(out, ", ")
}
