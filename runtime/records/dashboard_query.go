package records

import (
	"context"
	"encoding/json"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// DashboardQuery is what a dashboard's reader narrows every widget to: a date range
// (From and To, "YYYY-MM-DD", both included, in the workspace's timezone) and the records
// of one member (their owner) or of the members of a department and the departments
// under it (Department).
type DashboardQuery struct {
	From       string
	To         string
	Member     string
	Department string
}

const dateLayout = "2006-01-02"

func (q DashboardQuery) check() error {
	for _, p := range []struct{ name, v string }{{"from", q.From}, {"to", q.To}} {
		if p.v == "" {
			continue
		}
		if _, err := time.Parse(dateLayout, p.v); err != nil {
			return fault.FieldOf("/"+p.name, "bad_value.date")
		}
	}
	if q.From != "" && q.To != "" && q.To < q.From {
		return fault.FieldOf("/to", "bad_value.date_order")
	}
	return nil
}

// readerAggregation is a widget's stored aggregation as this reader runs it: date buckets
// in the workspace's timezone (unless the widget names one), the date range on the
// widget's bucketed date field (else on the creation time), and the member and department
// filters (deptPeople: the department tree's members).
func (s *Service) readerAggregation(ctx context.Context, t *target, tpl *template.Template, w template.Widget, q DashboardQuery, deptPeople []string) ([]byte, *store.Filter, error) {
	var agg map[string]any
	if err := json.Unmarshal(w.Aggregation, &agg); err != nil || agg == nil {
		// Not an object: the query language reports it as the widget's error.
		return w.Aggregation, nil, nil //nolint:nilerr // see above
	}
	loc, err := s.location(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	dateField := "_created"
	if gs, ok := agg["groupBy"].([]any); ok {
		for _, g := range gs {
			gm, ok := g.(map[string]any)
			if !ok || gm["bucket"] == nil {
				continue
			}
			if _, named := gm["timezone"]; !named {
				gm["timezone"] = loc.String()
			}
			if f, ok := gm["field"].(string); ok && dateField == "_created" {
				dateField = f
			}
		}
	}
	var parts []any
	if f, ok := agg["filter"].(map[string]any); ok && len(f) > 0 {
		parts = append(parts, f)
	}
	if q.From != "" || q.To != "" {
		parts = append(parts, dateRange(dateField, isDateOnly(tpl, w.Form, dateField), q, loc)...)
	}
	if len(parts) == 1 {
		agg["filter"] = parts[0]
	} else if len(parts) > 1 {
		agg["filter"] = map[string]any{"and": parts}
	}
	body, err := json.Marshal(agg)
	if err != nil {
		return nil, nil, err
	}
	var owners []store.Filter
	if q.Member != "" {
		owners = append(owners, store.Eq("owner", q.Member))
	}
	if q.Department != "" {
		ids := make([]any, 0, len(deptPeople))
		for _, id := range deptPeople {
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			ids = append(ids, "") // nobody in it: no record matches
		}
		owners = append(owners, store.In("owner", ids...))
	}
	var extra *store.Filter
	switch len(owners) {
	case 1:
		extra = &owners[0]
	case 2:
		f := store.And(owners...)
		extra = &f
	}
	return body, extra, nil
}

// departmentPeople lists the members of department dept of the workspace and of every
// department under it (as role scopes count a department tree); an unknown department is
// an error on /department.
func (s *Service) departmentPeople(ctx context.Context, actor, ws, dept string) ([]string, error) {
	depts, err := s.org.ListDepartments(ctx, actor, ws)
	if err != nil {
		return nil, err
	}
	children := map[string][]string{}
	known := false
	for _, d := range depts {
		children[d.Parent] = append(children[d.Parent], d.ID)
		known = known || d.ID == dept
	}
	if !known {
		return nil, fault.FieldOf("/department", "unknown_department.dashboard")
	}
	in := map[string]bool{}
	for next := []string{dept}; len(next) > 0; {
		d := next[0]
		next = next[1:]
		if in[d] {
			continue
		}
		in[d] = true
		next = append(next, children[d]...)
	}
	members, err := s.org.ListMembers(ctx, actor, ws)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range members {
		for _, d := range m.Departments {
			if in[d] {
				out = append(out, m.UserID)
				break
			}
		}
	}
	return out, nil
}

// isDateOnly says whether a field holds dates ("YYYY-MM-DD") rather than times.
func isDateOnly(tpl *template.Template, formKey, field string) bool {
	for i := range tpl.Forms {
		if tpl.Forms[i].Key != formKey {
			continue
		}
		if f := tpl.FormFields(i).Get(field); f != nil {
			def, ok := form.TypeOf(form.Type(f.Type))
			return ok && def.Query.Kind == form.KindDate
		}
	}
	return false
}

// dateRange compares a date field with the days as they are, and a time with the start
// of From and the end of To in the workspace's timezone.
func dateRange(field string, dateOnly bool, q DashboardQuery, loc *time.Location) []any {
	var out []any
	if q.From != "" {
		v := q.From
		if !dateOnly {
			d, _ := time.ParseInLocation(dateLayout, q.From, loc)
			v = d.UTC().Format(time.RFC3339)
		}
		out = append(out, map[string]any{"field": field, "op": "gte", "value": v})
	}
	if q.To != "" {
		if dateOnly {
			out = append(out, map[string]any{"field": field, "op": "lte", "value": q.To})
		} else {
			d, _ := time.ParseInLocation(dateLayout, q.To, loc)
			out = append(out, map[string]any{"field": field, "op": "lt", "value": d.AddDate(0, 0, 1).UTC().Format(time.RFC3339)})
		}
	}
	return out
}
