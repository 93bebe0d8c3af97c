package template

import (
	"fmt"
	"slices"
	"strings"

	"github.com/formloom/formloom/builder/form"
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
			c.add(ptr("/"+list, i, "key"), "duplicate_key",
				fmt.Sprintf("The key %q is already used by /%s/%d.", k, list, j),
				fmt.Sprintf("键 %q 已被 /%s/%d 使用。", k, list, j))
			continue
		}
		first[k] = i
	}
}

func unknownForm(c *collector, at, key string) {
	c.add(at, "unknown_form",
		fmt.Sprintf("There is no form %q in this template.", key),
		fmt.Sprintf("模板中没有表单 %q。", key))
}

func unknownRole(c *collector, at, key string) {
	c.add(at, "unknown_role",
		fmt.Sprintf("There is no role %q in this template.", key),
		fmt.Sprintf("模板中没有角色 %q。", key))
}

func unknownField(c *collector, at, form, path string) {
	c.add(at, "unknown_field",
		fmt.Sprintf("The form %q has no field %q.", form, path),
		fmt.Sprintf("表单 %q 中没有字段 %q。", form, path))
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
		c.add(ptr(x, "field"), "bad_lookup",
			fmt.Sprintf("A lookup cannot show the %s field %q: only fields holding their own value.", tf.Type, f.Target),
			fmt.Sprintf("引用字段不能显示%s类型的字段 %q。", tf.Type, f.Target))
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
				c.add(at, "bad_section", fmt.Sprintf("A section holds top-level fields, not the column %q.", p),
					fmt.Sprintf("分组只能包含顶层字段，不能包含子表单列 %q。", p))
			case dup:
				c.add(at, "bad_section", fmt.Sprintf("The field %q is already in section %d; a field is in one section at most.", p, first),
					fmt.Sprintf("字段 %q 已在第 %d 个分组中，一个字段最多属于一个分组。", p, first))
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
			c.add(base, "duplicate_permission",
				fmt.Sprintf("The role %q already has a permission on this form at /permissions/%d; write one permission per role and form.", p.Role, k),
				fmt.Sprintf("角色 %q 在 /permissions/%d 已有对此表单的权限，每个角色对每个表单只写一条。", p.Role, k))
		} else {
			first[pair{p.Role, p.Form}] = i
		}
		if p.Form == "" {
			// Without a form a permission is about the app: only manage applies.
			for j, a := range p.Actions {
				if a != ActionManage {
					c.add(ptr(base, "actions", j), "form_required",
						fmt.Sprintf("The action %q applies to a form's records: name the form.", a),
						fmt.Sprintf("操作 %q 针对表单中的数据，请指定表单。", a))
				}
			}
			if p.Scope != nil {
				c.add(ptr(base, "scope"), "form_required", "A data scope needs a form.", "数据范围需要指定表单。")
			}
			for path := range p.Fields {
				c.add(ptr(base, "fields", path), "form_required", "Field rules need a form.", "字段权限需要指定表单。")
			}
			continue
		}
		fi := slices.IndexFunc(t.Forms, func(f Form) bool { return f.Key == p.Form })
		if fi < 0 {
			unknownForm(c, ptr(base, "form"), p.Form)
			continue
		}
		if j := slices.Index(p.Actions, ActionManage); j >= 0 {
			c.add(ptr(base, "actions", j), "bad_action",
				"Managing the app is granted by a permission without a form.",
				"管理应用的权限应写在不指定表单的权限中。")
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
		if v.GroupBy == "" {
			continue
		}
		at := ptr(base, "groupBy")
		if v.GroupBy == PathStage {
			if len(t.StageOptions(v.Form)) == 0 {
				c.add(at, "not_groupable",
					fmt.Sprintf("Form %q has no pipeline, so its records have no stages to group by.", v.Form),
					fmt.Sprintf("表单 %q 没有流程，无法按阶段分组。", v.Form))
			}
			continue
		}
		f := fs.Get(v.GroupBy)
		switch {
		case f == nil:
			unknownField(c, at, v.Form, v.GroupBy)
		case v.ViewType() == ViewKanban && f.Def().Choice != form.ChoiceOne:
			c.add(at, "not_groupable",
				fmt.Sprintf("A kanban board's columns come from a select field; %q is a %s field.", v.GroupBy, f.Type),
				fmt.Sprintf("看板的列来自单选字段，%q 不是单选字段。", v.GroupBy))
		case !qf[v.GroupBy].Group:
			c.add(at, "not_groupable",
				fmt.Sprintf("Records cannot be grouped by the %s field %q.", f.Type, v.GroupBy),
				fmt.Sprintf("不能按字段 %q 分组。", v.GroupBy))
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
				c.add(ptr(base, "aggregation", "groupBy"), "required",
					fmt.Sprintf("A %s chart needs groupBy: the categories or periods it draws.", w.Chart),
					"该图表需要分组（groupBy）。")
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
