package template

import (
	"slices"
	"strconv"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store/querylang"
)

// checkMeaning runs the checks the meta-schema cannot express on a template that has
// its shape: keys unique, references resolving, forms compiling, queries valid.
func checkMeaning(t *Template, c *collector) {
	uniqueKeys(c, "forms", len(t.Forms), func(i int) string { return t.Forms[i].Key })
	uniqueKeys(c, "roles", len(t.Roles), func(i int) string { return t.Roles[i].Key })
	uniqueKeys(c, "views", len(t.Views), func(i int) string { return t.Views[i].Key })
	uniqueKeys(c, "dashboards", len(t.Dashboards), func(i int) string { return t.Dashboards[i].Key })
	uniqueKeys(c, "pipelines", len(t.Pipelines), func(i int) string { return t.Pipelines[i].Key })
	uniqueKeys(c, "automations", len(t.Automations), func(i int) string { return t.Automations[i].Key })
	for i, d := range t.Dashboards {
		uniqueKeys(c, ptr("", "dashboards", i, "widgets")[1:], len(d.Widgets), func(j int) string { return d.Widgets[j].Key })
	}

	all := t.allFields()
	for i := range t.Forms {
		compileForm(t, i, c)
		checkFields(t, i, all, c)
		checkUI(t, i, all[t.Forms[i].Key], c)
	}
	checkPermissions(t, all, c)
	checkViews(t, all, c)
	checkDashboards(t, all, c)
	checkPipelines(t, all, c)
	for _, list := range []struct {
		name  string
		items []Raw
	}{{"pipelines", t.Pipelines}, {"automations", t.Automations}} {
		for i, r := range list.items {
			if f := r.Field("form"); f != "" && t.FormByKey(f) == nil {
				unknownForm(c, ptr("", list.name, i, "form"), f)
			}
		}
	}
}

// uniqueKeys reports every repetition of a key in a list, at the later item's key.
func uniqueKeys(c *collector, list string, n int, key func(int) string) {
	first := make(map[string]int, n)
	for i := 0; i < n; i++ {
		k := key(i)
		if j, dup := first[k]; dup {
			c.add(ptr("/"+list, i, "key"), fault.Problem("duplicate_key.value").Fill("list", list).Fill("index", j).Fill("key", strconv.Quote(k)))
			continue
		}
		first[k] = i
	}
}

func unknownForm(c *collector, at, key string) {
	c.add(at, fault.Problem("unknown_form.there_no_form_template").Fill("key", strconv.Quote(key)))
}

func unknownRole(c *collector, at, key string) {
	c.add(at, fault.Problem("unknown_role.there_no_role_template").Fill("key", strconv.Quote(key)))
}

func unknownField(c *collector, at, form, path string) {
	c.add(at, fault.Problem("unknown_field.form_field").FillAll(map[string]fault.Text{"form": {EN: strconv.Quote(form), ZH: strconv.Quote(form)}, "field": {EN: strconv.Quote(path), ZH: strconv.Quote(path)}}))
}

// checkFields resolves what fields name in other forms: the form of a relation, the
// field a lookup shows, what a linked default reads. Package form checks everything inside one form.
func checkFields(t *Template, i int, all map[string]*Fields, c *collector) {
	fs := t.FormFields(i)
	var each []*Field
	for _, f := range fs.List {
		each = append(each, f)
		each = append(each, f.Columns...)
	}
	for _, f := range each {
		x := ptr(f.Pointer, "x-formloom")
		def, _ := form.TypeOf(form.Type(f.Type))
		if def == nil {
			continue
		}
		if f.Linked != nil && !serverFilled(f) && !strings.Contains(f.Path, ".") {
			checkLinked(t, f, all, x, c)
		}
		switch {
		case def.Refers == form.RefRecord: // a relation names its form
			if f.Form != "" && t.FormByKey(f.Form) == nil {
				unknownForm(c, ptr(x, "form"), f.Form)
			}
		case def.Query.How == form.QueryFollow: // a lookup follows a relation to a field
			checkLookup(f, fs, all, x, c)
		}
	}
}

// checkLookup: a lookup follows a relation field next to it (package form checks that
// one exists) and shows a field of the related form, which only the template can check.
func checkLookup(f *Field, fs *Fields, all map[string]*Fields, x string, c *collector) {
	rel := fs.Get(sibling(f.Path, f.Relation))
	if rel == nil || !rel.relatesRecords() || f.Target == "" {
		return // package form reports a missing or wrong relation
	}
	target := all[rel.Form]
	if target == nil {
		return // the relation's own problem
	}
	tf := target.Get(f.Target)
	if tf == nil {
		unknownField(c, ptr(x, "field"), rel.Form, f.Target)
		return
	}
	if td := tf.Def(); td.Rows || td.Query.How == form.QueryFollow {
		c.add(ptr(x, "field"), fault.Problem("bad_lookup.field_type").Fill("type", tf.Type).Fill("field", strconv.Quote(f.Target)))
	}
}

// checkUI: the layout may only name fields of its form.
func checkUI(t *Template, i int, fs *Fields, c *collector) {
	ui := t.Forms[i].UI
	if ui == nil {
		return
	}
	base := ptr("", "forms", i, "ui")
	form := t.Forms[i].Key
	for j, p := range ui.Order {
		if fs.Get(p) == nil {
			unknownField(c, ptr(base, "order", j), form, p)
		}
	}
	for p := range ui.Fields {
		if fs.Get(p) == nil {
			unknownField(c, ptr(base, "fields", p), form, p)
		}
	}
	inSection := map[string]int{}
	for j, sec := range ui.Sections {
		for k, p := range sec.Fields {
			at := ptr(base, "sections", j, "fields", k)
			switch first, dup := inSection[p]; {
			case fs.Get(p) == nil:
				unknownField(c, at, form, p)
			case strings.Contains(p, "."):
				c.add(at, fault.Problem("bad_section.column").Fill("field", strconv.Quote(p)))
			case dup:
				c.add(at, fault.Problem("bad_section.twice").Fill("section", first).Fill("field", strconv.Quote(p)))
			default:
				inSection[p] = j
			}
		}
	}
}

func checkPermissions(t *Template, all map[string]*Fields, c *collector) {
	type pair struct{ role, form string }
	first := map[pair]int{}
	for i, p := range t.Permissions {
		base := ptr("", "permissions", i)
		if t.RoleByKey(p.Role) == nil {
			unknownRole(c, ptr(base, "role"), p.Role)
		}
		if k, dup := first[pair{p.Role, p.Form}]; dup {
			c.add(base, fault.Problem("duplicate_permission.role").Fill("index", k).Fill("role", strconv.Quote(p.Role)))
		} else {
			first[pair{p.Role, p.Form}] = i
		}
		if p.Form == "" {
			// Without a form a permission is about the app: only manage applies.
			for j, a := range p.Actions {
				if a != ActionManage {
					c.add(ptr(base, "actions", j), fault.Problem("form_required.action").Fill("action", strconv.Quote(a)))
				}
			}
			if p.Scope != nil {
				c.add(ptr(base, "scope"), fault.Problem("form_required.data_scope_needs_form"))
			}
			for path := range p.Fields {
				c.add(ptr(base, "fields", path), fault.Problem("form_required.field_rules_need_form"))
			}
			continue
		}
		fi := slices.IndexFunc(t.Forms, func(f Form) bool { return f.Key == p.Form })
		if fi < 0 {
			unknownForm(c, ptr(base, "form"), p.Form)
			continue
		}
		if j := slices.Index(p.Actions, ActionManage); j >= 0 {
			c.add(ptr(base, "actions", j), fault.Problem("bad_action.managing_app_granted_permission"))
		}
		fs := all[p.Form]
		for path := range p.Fields {
			if fs.Get(path) == nil {
				unknownField(c, ptr(base, "fields", path), p.Form, path)
			}
		}
		if p.Scope != nil && p.Scope.Filter != nil {
			checkFilter(p.Scope.Filter, queryFields(fs, all), ptr(base, "scope", "filter"), c)
		}
	}
}

func checkViews(t *Template, all map[string]*Fields, c *collector) {
	for i, v := range t.Views {
		base := ptr("", "views", i)
		fs, ok := all[v.Form]
		if !ok {
			unknownForm(c, ptr(base, "form"), v.Form)
			continue
		}
		for j, r := range v.Roles {
			if t.RoleByKey(r) == nil {
				unknownRole(c, ptr(base, "roles", j), r)
			}
		}
		qf := queryFields(fs, all)
		for j, col := range v.Columns {
			if _, ok := qf[col]; !ok && fs.Get(col) == nil {
				unknownField(c, ptr(base, "columns", j), v.Form, col)
			}
		}
		if v.Filter != nil {
			checkFilter(v.Filter, qf, ptr(base, "filter"), c)
		}
		checkSort(v.Sort, qf, ptr(base, "sort"), c)
		if v.Date != "" {
			switch f := fs.Get(v.Date); {
			case f == nil:
				unknownField(c, ptr(base, "date"), v.Form, v.Date)
			case (qf[v.Date].Type != querylang.Date && qf[v.Date].Type != querylang.Datetime) || !qf[v.Date].Filter:
				c.add(ptr(base, "date"), fault.Problem("not_a_date.calendar").Fill("type", f.Type).Fill("field", strconv.Quote(v.Date)))
			}
		}
		if v.GroupBy == "" {
			continue
		}
		at := ptr(base, "groupBy")
		if v.GroupBy == PathStage {
			if len(t.StageOptions(v.Form)) == 0 {
				c.add(at, fault.Problem("not_groupable.form_has_no_pipeline").Fill("form", strconv.Quote(v.Form)))
			}
			continue
		}
		f := fs.Get(v.GroupBy)
		switch {
		case f == nil:
			unknownField(c, at, v.Form, v.GroupBy)
		case v.ViewType() == ViewKanban && f.Def().Choice != form.ChoiceOne:
			c.add(at, fault.Problem("not_groupable.kanban").Fill("type", f.Type).Fill("field", strconv.Quote(v.GroupBy)))
		case !qf[v.GroupBy].Group:
			c.add(at, fault.Problem("not_groupable.field_type").Fill("type", f.Type).Fill("field", strconv.Quote(v.GroupBy)))
		}
	}
}

func checkDashboards(t *Template, all map[string]*Fields, c *collector) {
	for i, d := range t.Dashboards {
		for j, w := range d.Widgets {
			base := ptr("", "dashboards", i, "widgets", j)
			fs, ok := all[w.Form]
			if !ok {
				unknownForm(c, ptr(base, "form"), w.Form)
				continue
			}
			a, ok := checkAggregation(w.Aggregation, queryFields(fs, all), ptr(base, "aggregation"), c)
			if ok && w.Chart != ChartNumber && w.Chart != ChartTable && len(a.GroupBy) == 0 {
				c.add(ptr(base, "aggregation", "groupBy"), fault.Problem("required.chart_group_by").Fill("chart", w.Chart))
			}
		}
	}
}

// serverFilled tells the fields whose value the server fills (computed values, sub-form
// rows): package form refuses a linked default on them, so there is nothing more to say
// about its source.
func serverFilled(f *Field) bool {
	d := f.Def()
	return d.Computed || d.Rows
}
