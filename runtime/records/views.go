package records

import (
	"context"
	"strconv"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// AppRef addresses an app on behalf of a signed-in user.
type AppRef struct {
	Actor     string
	Workspace string
	App       string
}

func (r AppRef) form(key string) Ref {
	return Ref{Actor: r.Actor, Workspace: r.Workspace, App: r.App, Form: key}
}

// Views returns the saved views of the app's latest version whose form the actor may read.
func (s *Service) Views(ctx context.Context, ref AppRef) ([]template.View, error) {
	_, latest, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return nil, err
	}
	out := make([]template.View, 0, len(latest.Template.Views))
	grants := map[string]*Grant{} // by form; nil: the form is not readable
	for _, v := range latest.Template.Views {
		g, seen := grants[v.Form]
		if !seen {
			t, err := s.resolve(ctx, ref.form(v.Form))
			if err != nil {
				return nil, err
			}
			grant, err := s.authorize(ctx, t, ActionRead, nil)
			if err != nil && !fault.Is(err, fault.Forbidden) && !fault.Is(err, fault.NotFound) {
				return nil, err
			}
			if err == nil {
				g = &grant
			}
			grants[v.Form] = g
		}
		if g != nil && g.SeesRoles(v.Roles) && !viewUsesHidden(&v, g.Hidden) {
			out = append(out, viewFor(v, g.Hidden))
		}
	}
	return out, nil
}

// ViewQuery is a view's list request: the list parameters (Filter is ANDed with the
// view's own filter, Sort replaces the view's order) and, for a kanban view, Group: the
// option value whose column to page.
type ViewQuery struct {
	ListQuery
	Group string
}

// ViewPage is one page of a view: the view's columns (those the actor may see) and its
// records.
type ViewPage struct {
	View    string   `json:"view"`
	Type    string   `json:"type"`
	Form    string   `json:"form"`
	Columns []string `json:"columns"`
	GroupBy string   `json:"groupBy,omitempty"`
	Date    string   `json:"date,omitempty"` // a calendar's date field
	Group   *string  `json:"group,omitempty"`
	ListPage
}

// viewTarget is a resolved view: the view, its form's target, the actor's grant and the
// query allow-list, without hidden fields.
type viewTarget struct {
	view   template.View
	t      *target
	grant  Grant
	fields allowList
	full   allowList // every field: the saved filter is the admin's, not the caller's
}

func (s *Service) resolveView(ctx context.Context, ref AppRef, key string) (*viewTarget, error) {
	_, latest, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return nil, err
	}
	var view *template.View
	for i := range latest.Template.Views {
		if latest.Template.Views[i].Key == key {
			view = &latest.Template.Views[i]
		}
	}
	if view == nil {
		return nil, fault.ErrNotFound()
	}
	t, err := s.resolve(ctx, ref.form(view.Form))
	if err != nil {
		return nil, err
	}
	_, i, err := t.latestForm()
	if err != nil {
		return nil, err
	}
	grant, err := s.authorize(ctx, t, ActionRead, nil)
	if err != nil {
		return nil, err
	}
	if viewUsesHidden(view, grant.Hidden) {
		return nil, fault.ErrNotFound() // not offered to this caller: see Views
	}
	if !grant.SeesRoles(view.Roles) {
		// A view for other roles is answered like one that does not exist.
		return nil, fault.ErrNotFound()
	}
	s.ensureForm(ctx, t.latest, t.Form, nil)
	full := s.allowList(t.latest, t.Form, i)
	fields := full
	if len(grant.Hidden) > 0 {
		fields = withoutHidden(full, grant.Hidden)
	}
	return &viewTarget{view: *view, t: t, grant: grant, fields: fields, full: full}, nil
}

// params are the query parameters of the actor: me, my departments, today.
func (s *Service) params(ctx context.Context, t *target) (querylang.Params, error) {
	loc, err := s.location(ctx, t)
	if err != nil {
		return nil, err
	}
	return querylang.StandardParams(t.Actor, t.member.Departments, s.now(), loc), nil
}

// filter is the view's saved filter AND the caller's ad-hoc one, in stored paths.
func (vt *viewTarget) filter(params querylang.Params, adhoc string) (store.Filter, error) {
	var saved, user store.Filter
	var err error
	if len(vt.view.Filter) > 0 {
		if saved, err = querylang.ParseFilter(vt.view.Filter, vt.full, params, "/view/filter"); err != nil {
			return store.Filter{}, err
		}
	}
	if adhoc != "" {
		if user, err = querylang.ParseFilter([]byte(adhoc), vt.fields, params, "/filter"); err != nil {
			return store.Filter{}, err
		}
	}
	return store.And(StoredFilter(saved), StoredFilter(user)), nil
}

// columns are the view's columns the actor may see; none saved means every visible field.
func (vt *viewTarget) columns() []string {
	out := []string{}
	if len(vt.view.Columns) == 0 {
		_, i, _ := vt.t.latestForm()
		if i < 0 {
			return out
		}
		// In the order the form shows its fields, as the admin designed it.
		for _, k := range vt.t.latest.Template.Forms[i].FieldOrder() {
			if !vt.grant.Hidden[k] {
				out = append(out, k)
			}
		}
		return out
	}
	for _, c := range vt.view.Columns {
		if !vt.grant.Hidden[topKey(c)] {
			out = append(out, c)
		}
	}
	return out
}

func topKey(p string) string {
	for i := 0; i < len(p); i++ {
		if p[i] == '.' {
			return p[:i]
		}
	}
	return p
}

// groupField is a kanban view's select field.
func (vt *viewTarget) groupField() (*template.Field, error) {
	if vt.view.GroupBy == "" || vt.grant.Hidden[topKey(vt.view.GroupBy)] {
		return nil, fault.Of("not_grouped")
	}
	if vt.view.GroupBy == template.PathStage {
		// The stages of the form's pipeline, kept by the record outside its fields.
		return &template.Field{Key: template.PathStage, Path: template.PathStage, Type: template.TypeSelect,
			Options: vt.t.latest.Stages[vt.t.Form]}, nil
	}
	_, i, _ := vt.t.latestForm()
	f := vt.t.latest.Template.FormFields(i).Get(vt.view.GroupBy)
	if f == nil {
		return nil, fault.Of("not_grouped")
	}
	return f, nil
}

// ViewRecords pages a view's records: its saved filter AND q.Filter AND the actor's data
// scope, in the view's order unless q.Sort overrides it; with q.Group, one kanban column.
func (s *Service) ViewRecords(ctx context.Context, ref AppRef, key string, q ViewQuery) (ViewPage, error) {
	vt, err := s.resolveView(ctx, ref, key)
	if err != nil {
		return ViewPage{}, err
	}
	params, err := s.params(ctx, vt.t)
	if err != nil {
		return ViewPage{}, err
	}
	filter, err := vt.filter(params, q.Filter)
	if err != nil {
		return ViewPage{}, err
	}
	out := ViewPage{View: vt.view.Key, Type: vt.view.ViewType(), Form: vt.view.Form, Columns: vt.columns(), GroupBy: vt.view.GroupBy, Date: vt.view.Date}
	if q.Group != "" {
		f, err := vt.groupField()
		if err != nil {
			return ViewPage{}, err
		}
		if !hasOption(f, q.Group) {
			return ViewPage{}, fault.Of("invalid_query").
				WithProblem("/group", fault.Problem("bad_value.group"))
		}
		g := q.Group
		out.Group = &g
		filter = store.And(filter, store.Eq(storePath(f.Path), q.Group))
	}
	var keys []store.SortKey
	if q.Sort != "" {
		if keys, err = querylang.ParseSort(q.Sort, vt.fields, "/sort"); err != nil {
			return ViewPage{}, err
		}
	} else if len(vt.view.Sort) > 0 {
		joined := ""
		for i, k := range vt.view.Sort {
			if i > 0 {
				joined += ","
			}
			joined += k
		}
		if keys, err = querylang.ParseSort(joined, vt.full, "/view/sort"); err != nil {
			return ViewPage{}, err
		}
	}
	if len(keys) == 0 {
		keys = []store.SortKey{{Field: store.PathCreated, Desc: true}}
	}
	lim := q.Limit
	if lim == "" && vt.view.PageSize > 0 {
		lim = strconv.Itoa(vt.view.PageSize)
	}
	limit, err := querylang.ParseLimit(lim, "/limit")
	if err != nil {
		return ViewPage{}, err
	}
	all := store.And(store.Eq("form", vt.t.storedForm), store.Eq("deleted", false), vt.grant.Scope, filter)
	page, err := s.records.Find(ctx, store.Query{Filter: all, Sort: storeSort(keys), Limit: limit, After: q.Cursor})
	if err != nil {
		return ViewPage{}, domainErr("list view", cursorErr(err))
	}
	out.Items, out.Next = make([]Record, 0, len(page.Docs)), page.Next
	for _, d := range page.Docs {
		l, err := decodeStored(d)
		if err != nil {
			return ViewPage{}, err
		}
		r, err := vt.grant.view(l.public())
		if err != nil {
			return ViewPage{}, err
		}
		out.Items = append(out.Items, r)
	}
	if q.Total {
		n, err := s.records.Count(ctx, all)
		if err != nil {
			return ViewPage{}, domainErr("count view", err)
		}
		out.Total = &n
	}
	return out, nil
}

func hasOption(f *template.Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// GroupCount is one kanban column: an option of the group field (Value nil: records
// without one) and how many of the view's records have it.
type GroupCount struct {
	Value *string       `json:"value"`
	Label template.Text `json:"label,omitempty"`
	Count int64         `json:"count"`
}

// ViewGroups counts a kanban view's records per option of its group field, in option
// order, with one aggregation; adhoc (a filter) narrows it as for ViewRecords.
func (s *Service) ViewGroups(ctx context.Context, ref AppRef, key, adhoc string) ([]GroupCount, error) {
	vt, err := s.resolveView(ctx, ref, key)
	if err != nil {
		return nil, err
	}
	f, err := vt.groupField()
	if err != nil {
		return nil, err
	}
	params, err := s.params(ctx, vt.t)
	if err != nil {
		return nil, err
	}
	filter, err := vt.filter(params, adhoc)
	if err != nil {
		return nil, err
	}
	groups, err := s.records.Aggregate(ctx, store.Aggregation{
		Filter:  store.And(store.Eq("form", vt.t.storedForm), store.Eq("deleted", false), vt.grant.Scope, filter),
		GroupBy: []store.GroupKey{{Field: storePath(f.Path)}},
		Metrics: []store.Metric{{Op: store.AggCount, As: "n"}},
	})
	if err != nil {
		return nil, domainErr("count view groups", err)
	}
	counts := map[string]int64{}
	var none int64
	for _, g := range groups {
		n, _ := g.Values["n"].(int64)
		if len(g.Key) == 1 {
			if v, ok := g.Key[0].(string); ok {
				counts[v] += n
				continue
			}
		}
		none += n
	}
	out := make([]GroupCount, 0, len(f.Options)+1)
	for _, o := range f.Options {
		v := o.Value
		out = append(out, GroupCount{Value: &v, Label: o.Label, Count: counts[v]})
	}
	if none > 0 {
		out = append(out, GroupCount{Count: none})
	}
	return out, nil
}
