package records

import (
	"context"
	"errors"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// AggGroup is one row of an aggregation: the value of each group-by field, by field
// path, and each metric by its name.
type AggGroup struct {
	Key    map[string]any `json:"key"`
	Values map[string]any `json:"values"`
}

// AggResult is an aggregation's answer.
type AggResult struct {
	Groups []AggGroup `json:"groups"`
}

// Aggregate runs an aggregation in the query language (see querylang.ParseAggregation)
// over the form's live records the actor may read. Hidden fields are not in the caller's
// allow-list, so they can be neither grouped by, summed nor filtered on.
func (s *Service) Aggregate(ctx context.Context, ref Ref, body []byte) (AggResult, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return AggResult{}, err
	}
	return s.aggregate(ctx, t, body, "", nil)
}

// aggregate runs body over the records of t the actor may read; extra, when not nil,
// narrows them further (a dashboard reader's member filter).
func (s *Service) aggregate(ctx context.Context, t *target, body []byte, base string, extra *store.Filter) (AggResult, error) {
	_, i, err := t.latestForm()
	if err != nil {
		return AggResult{}, err
	}
	grant, err := s.authorize(ctx, t, ActionRead, nil)
	if err != nil {
		return AggResult{}, err
	}
	fields := s.allowList(t.latest, t.Form, i)
	if len(grant.Hidden) > 0 {
		fields = withoutHidden(fields, grant.Hidden)
	}
	params, err := s.params(ctx, t)
	if err != nil {
		return AggResult{}, err
	}
	a, err := querylang.ParseAggregation(body, fields, params, base)
	if err != nil {
		return AggResult{}, err
	}
	names := make([]string, len(a.GroupBy))
	for j := range a.GroupBy {
		names[j] = a.GroupBy[j].Field
		a.GroupBy[j].Field = storePath(a.GroupBy[j].Field)
	}
	for j := range a.Metrics {
		if a.Metrics[j].Field != "" {
			a.Metrics[j].Field = storePath(a.Metrics[j].Field)
		}
	}
	a.Filter = store.And(store.Eq("form", t.storedForm), store.Eq("deleted", false), grant.Scope, StoredFilter(a.Filter))
	if extra != nil {
		a.Filter = store.And(a.Filter, *extra)
	}
	groups, err := s.records.Aggregate(ctx, a)
	if err != nil {
		return AggResult{}, domainErr("aggregate records", err)
	}
	out := AggResult{Groups: make([]AggGroup, 0, len(groups))}
	for _, g := range groups {
		k := make(map[string]any, len(names))
		for j, n := range names {
			if j < len(g.Key) {
				k[n] = g.Key[j]
			}
		}
		out.Groups = append(out.Groups, AggGroup{Key: k, Values: g.Values})
	}
	inOptionOrder(out.Groups, names, optionOrders(t, i, names))
	return out, nil
}

// WidgetData is one widget of a dashboard with its computed groups, or the error that
// kept it from being computed for this actor (a form they may not read, a field hidden
// from them).
type WidgetData struct {
	Key    string                 `json:"key"`
	Name   template.Text          `json:"name"`
	Form   string                 `json:"form"`
	Chart  string                 `json:"chart"`
	Width  string                 `json:"width,omitempty"`
	Layout *template.WidgetLayout `json:"layout,omitempty"`
	Groups []AggGroup             `json:"groups"`
	Error  *WidgetError           `json:"error,omitempty"`
}

// WidgetError says why a widget has no data.
type WidgetError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// DashboardData is a dashboard with each widget's data.
type DashboardData struct {
	Key     string        `json:"key"`
	Name    template.Text `json:"name"`
	Widgets []WidgetData  `json:"widgets"`
}

// Dashboard computes every widget of the dashboard from its stored aggregation, each
// within the actor's data scope and narrowed by the reader's filters q.
func (s *Service) Dashboard(ctx context.Context, ref AppRef, key string, q DashboardQuery) (DashboardData, error) {
	if err := q.check(); err != nil {
		return DashboardData{}, err
	}
	_, latest, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return DashboardData{}, err
	}
	var d *template.Dashboard
	for i := range latest.Template.Dashboards {
		if latest.Template.Dashboards[i].Key == key {
			d = &latest.Template.Dashboards[i]
		}
	}
	if d == nil {
		return DashboardData{}, fault.ErrNotFound()
	}
	var deptPeople []string
	if q.Department != "" {
		if deptPeople, err = s.departmentPeople(ctx, ref.Actor, ref.Workspace, q.Department); err != nil {
			return DashboardData{}, err
		}
	}
	out := DashboardData{Key: d.Key, Name: d.Name, Widgets: make([]WidgetData, 0, len(d.Widgets))}
	for _, w := range d.Widgets {
		wd := WidgetData{Key: w.Key, Name: w.Name, Form: w.Form, Chart: w.Chart, Width: w.Width, Layout: w.Layout, Groups: []AggGroup{}}
		t, err := s.resolve(ctx, ref.form(w.Form))
		if err != nil {
			return DashboardData{}, err
		}
		// A widget over a form the caller cannot read, or over a field hidden from them, is
		// not shown: neither its numbers nor the field's name reach them.
		g, err := s.authorize(ctx, t, ActionRead, nil)
		if err != nil && !fault.Is(err, fault.Forbidden) && !fault.Is(err, fault.NotFound) {
			return DashboardData{}, err
		}
		if err != nil || widgetUsesHidden(&w, g.Hidden) {
			continue
		}
		body, extra, err := s.readerAggregation(ctx, t, latest.Template, w, q, deptPeople)
		if err != nil {
			return DashboardData{}, err
		}
		res, err := s.aggregate(ctx, t, body, "/aggregation", extra)
		if err != nil {
			we, ok := widgetErr(err)
			if !ok {
				return DashboardData{}, err
			}
			wd.Error = we
		} else {
			wd.Groups = res.Groups
		}
		out.Widgets = append(out.Widgets, wd)
	}
	return out, nil
}

// widgetErr turns the refusals that concern one widget into its error; anything else
// fails the dashboard.
func widgetErr(err error) (*WidgetError, bool) {
	if fe, ok := fault.As(err); ok && (fe.Kind == fault.Forbidden || fe.Kind == fault.NotFound) {
		return &WidgetError{Code: fe.Code, Message: fe.Text.EN}, true
	}
	var qe *store.QueryError
	if errors.As(err, &qe) {
		return &WidgetError{Code: qe.Code, Message: qe.Message}, true
	}
	return nil, false
}
