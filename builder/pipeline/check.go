package pipeline

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// Field is what the checks need of a form's field: its type (the template's field
// types: text, select, member, department, date, subform, formula…) and, for a select,
// its option values.
type Field struct {
	Type    string
	Options []string
}

// FormFields are a form's top-level fields and the columns of its sub-forms.
type FormFields struct {
	Fields  map[string]Field
	Columns map[string]map[string]Field // sub-form key → column key → field
}

// Env is what a definition may refer to: the template's forms, roles and pipelines.
type Env struct {
	Forms     map[string]*FormFields
	Roles     map[string]bool
	Pipelines map[string]*Pipeline // form key → its pipeline
}

// computed fields hold values the server works out; nothing may write them.
func computed(t string) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.Computed
}

// holdsDate reports whether a field of type t holds a date, with or without a time.
func holdsDate(t string) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.Query.How == form.QueryScalar && (def.Query.Kind == form.KindDate || def.Query.Kind == form.KindDatetime)
}

// holdsRows reports whether a field of type t holds rows of a nested form (a sub-form),
// which an action may be run once for each of.
func holdsRows(t string) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.Rows
}

// matchable reports whether records can be matched on a field of type t: it holds a value
// or a list of values the store compares (not rows, nested objects or free tags).
func matchable(t string) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.Query.How != form.QueryNone
}

// holdsPeople reports whether a field of type t holds workspace members: the only fields
// that can name a record's owner.
func holdsPeople(t string) bool { return holdsIDsOf(t, form.RefMember) }

// holdsDepartments reports whether a field of type t holds departments of the workspace.
func holdsDepartments(t string) bool { return holdsIDsOf(t, form.RefDepartment) }

// holdsIDsOf reports whether a field of type t holds IDs of what ref names.
func holdsIDsOf(t string, ref form.Ref) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.Refers == ref
}

// holdsOneOption reports whether a field of type t holds exactly one of its options, so a
// table keyed by option covers every value.
func holdsOneOption(t string) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.Choice == form.ChoiceOne
}

// names returns the form's top-level field keys, sorted, plus extra names.
func (f *FormFields) names(extra ...string) []string {
	var out []string
	if f != nil {
		for k := range f.Fields {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return append(out, extra...)
}

func (f *FormFields) field(key string) (Field, bool) {
	if f == nil {
		return Field{}, false
	}
	x, ok := f.Fields[key]
	return x, ok
}

// Check checks a pipeline against the template it belongs to: the graph (see Compile)
// and every reference — assignee roles and fields, node field rules, deadlines,
// automation nodes' actions. Pointers are relative to the pipeline. A pipeline whose
// form is not in env is checked as a graph only (the missing form is the template's
// problem).
func Check(p *Pipeline, env *Env) []Problem {
	ps := &problems{}
	ff := env.Forms[p.Form]
	g := analyze(p, ff.names("record"), p.Form, ps)
	if ff == nil {
		return ps.list
	}
	for i := range p.Nodes {
		checkNode(g, i, ff, env, ps)
	}
	return ps.list
}

func checkNode(g *Graph, i int, ff *FormFields, env *Env, ps *problems) {
	p := g.p
	n := &p.Nodes[i]
	base := at("nodes", i)
	what := fmt.Sprintf("a %s node", n.Type)
	people := n.Type == NodeTask || n.Type == NodeApproval || n.Type == NodeCC
	if people && len(n.Assignees) == 0 {
		ps.add(base+"/assignees", fault.Problem("no_assignee.node").Fill("type", n.Type))
	}
	if !people && len(n.Assignees) > 0 {
		ps.notAllowed(base+"/assignees", what)
	}
	for j, a := range n.Assignees {
		checkAssignee(a, sub(base, at("assignees", j)), p.Form, ff, env, ps)
	}
	if n.Type == NodeApproval {
		switch {
		case n.Mode == ModePercent && (n.Percent < 1 || n.Percent > 100):
			ps.add(base+"/percent", fault.Problem("bad_percent.range"))
		case n.Mode != ModePercent && n.Percent != 0:
			ps.add(base+"/percent", fault.Problem("bad_percent.mode"))
		}
	} else {
		if n.Mode != "" {
			ps.notAllowed(base+"/mode", what)
		}
		if n.Percent != 0 {
			ps.notAllowed(base+"/percent", what)
		}
	}
	if len(n.Fields) > 0 && n.Type != NodeStart && n.Type != NodeTask && n.Type != NodeApproval {
		ps.notAllowed(base+"/fields", what)
	}
	for _, key := range sortedKeys(n.Fields) {
		f, ok := ff.field(key)
		if !ok {
			ps.unknownField(sub(base, at("fields", key)), p.Form, key)
			continue
		}
		if r := n.Fields[key]; (r == FieldEdit || r == FieldRequired) && computed(f.Type) {
			ps.add(sub(base, at("fields", key)), fault.Problem("read_only_field.node").Fill("type", f.Type).Fill("key", strconv.Quote(key)))
		}
	}
	if n.Deadline != nil {
		if n.Type != NodeTask && n.Type != NodeApproval {
			ps.notAllowed(base+"/deadline", what)
		}
		checkDeadline(g, n, base+"/deadline", ff, env, ps)
	}
	if n.Type == NodeAutomation {
		if len(n.Actions) == 0 {
			ps.required(base+"/actions", "At least one action")
		}
		for j, a := range n.Actions {
			checkAction(a, sub(base, at("actions", j)), p.Form, env, ps)
		}
	} else if len(n.Actions) > 0 {
		ps.notAllowed(base+"/actions", what)
	}
	if n.Allow != nil {
		checkAllow(g, n, base+"/allow", what, ps)
	}
	if n.Outcome != "" && n.Type != NodeEnd {
		ps.notAllowed(base+"/outcome", what)
	}
}

func checkAssignee(a Assignee, base, form string, ff *FormFields, env *Env, ps *problems) {
	if a.Member != "" && a.Type != AssignMember {
		ps.notAllowed(base+"/member", "this assignee rule")
	}
	if a.Role != "" && a.Type != AssignRole {
		ps.notAllowed(base+"/role", "this assignee rule")
	}
	if a.Field != "" && a.Type != AssignField && a.Type != AssignDepartmentHead {
		ps.notAllowed(base+"/field", "this assignee rule")
	}
	if a.Levels != 0 && a.Type != AssignManager {
		ps.notAllowed(base+"/levels", "this assignee rule")
	}
	switch a.Type {
	case AssignMember:
		if a.Member == "" {
			ps.required(base+"/member", "member")
		}
	case AssignRole:
		switch {
		case a.Role == "":
			ps.required(base+"/role", "role")
		case env.Roles != nil && !env.Roles[a.Role]:
			ps.add(base+"/role", fault.Problem("unknown_role.pipeline").Fill("role", strconv.Quote(a.Role)))
		}
	case AssignField, AssignDepartmentHead:
		want, holds := "member", holdsPeople
		if a.Type == AssignDepartmentHead {
			want, holds = "department", holdsDepartments
			if a.Field == "" {
				return // the submitter's department
			}
		}
		if a.Field == "" {
			ps.required(base+"/field", "field")
			return
		}
		f, ok := ff.field(a.Field)
		if !ok {
			ps.unknownField(base+"/field", form, a.Field)
		} else if !holds(f.Type) {
			ps.fieldType(base+"/field", a.Field, f.Type, want)
		}
	case AssignManager:
		if a.Levels < 0 || a.Levels > 10 {
			ps.add(base+"/levels", fault.Problem("bad_levels.range"))
		}
	}
}

func checkDuration(d *Duration, pointer string, ps *problems) {
	if d == nil {
		return
	}
	set := 0
	for _, v := range []float64{d.WorkingDays, d.WorkingHours, d.Hours, d.Days} {
		if v < 0 {
			ps.add(pointer, fault.Problem("bad_duration.negative"))
			return
		}
		if v > 0 {
			set++
		}
	}
	if set != 1 {
		ps.add(pointer, fault.Problem("bad_duration.members"))
	}
}

func checkDeadline(g *Graph, n *Node, base string, ff *FormFields, env *Env, ps *problems) {
	d := n.Deadline
	kinds := 0
	for _, set := range []bool{d.After != nil, d.Field != "", d.By != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		ps.add(base, fault.Problem("deadline_kind.members"))
	}
	checkDuration(d.After, base+"/after", ps)
	checkDuration(d.RemindBefore, base+"/remindBefore", ps)
	checkDuration(d.Plus, base+"/plus", ps)
	if d.Plus != nil && d.Field == "" {
		ps.notAllowed(base+"/plus", "a deadline without field")
	}
	form := g.p.Form
	if d.Field != "" {
		if f, ok := ff.field(d.Field); !ok {
			ps.unknownField(base+"/field", form, d.Field)
		} else if !holdsDate(f.Type) {
			ps.fieldType(base+"/field", d.Field, f.Type, "date or datetime")
		}
	}
	if by := d.By; by != nil {
		f, ok := ff.field(by.Field)
		switch {
		case !ok:
			ps.unknownField(base+"/by/field", form, by.Field)
		case !holdsOneOption(f.Type):
			ps.fieldType(base+"/by/field", by.Field, f.Type, "select")
		default:
			for _, v := range sortedKeys(by.Rules) {
				if !slices.Contains(f.Options, v) {
					ps.add(sub(base, at("by", "rules", v)), fault.Problem("unknown_option.deadline").Fill("field", strconv.Quote(by.Field)).Fill("option", strconv.Quote(v)))
				}
			}
		}
		for _, v := range sortedKeys(by.Rules) {
			r := by.Rules[v]
			checkDuration(&r, sub(base, at("by", "rules", v)), ps)
		}
		checkDuration(by.Default, base+"/by/default", ps)
	}
	od := d.OnDue
	if od == nil {
		return
	}
	if od.Action == DueEscalate && len(od.EscalateTo) == 0 {
		ps.required(base+"/onDue/escalateTo", "escalateTo")
	}
	if od.Action != DueEscalate && len(od.EscalateTo) > 0 {
		ps.notAllowed(base+"/onDue/escalateTo", "this onDue action")
	}
	for j, a := range od.EscalateTo {
		checkAssignee(a, sub(base, at("onDue", "escalateTo", j)), form, ff, env, ps)
	}
	if od.ReturnTo != "" {
		switch {
		case od.Action != DueReturn:
			ps.notAllowed(base+"/onDue/returnTo", "this onDue action")
		case g.nodes[od.ReturnTo] == nil:
			ps.add(base+"/onDue/returnTo", fault.Problem("unknown_node.pipeline").Fill("node", strconv.Quote(od.ReturnTo)))
		case g.nodes[od.ReturnTo] != g.start && !g.Before(od.ReturnTo, n.Key):
			ps.add(base+"/onDue/returnTo", fault.Problem("bad_return.on_due").Fill("key", strconv.Quote(n.Key)).Fill("node", strconv.Quote(od.ReturnTo)))
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkAllow checks a node's action switches: only task and approval nodes have them, and
// a return target is a kind the engine knows or an approval or task node before this one.
func checkAllow(g *Graph, n *Node, base, what string, ps *problems) {
	if n.Type != NodeTask && n.Type != NodeApproval {
		ps.notAllowed(base, what)
		return
	}
	to := n.Allow.ReturnTo
	if to == "" || to == ReturnAny || to == ReturnStart || to == ReturnPrevious {
		return
	}
	target := g.nodes[to]
	switch {
	case target == nil:
		ps.add(base+"/returnTo", fault.Problem("unknown_node.pipeline").Fill("node", strconv.Quote(to)))
	case target != g.start && !((target.Type == NodeApproval || target.Type == NodeTask) && g.Before(to, n.Key)):
		ps.add(base+"/returnTo", fault.Problem("bad_return.return_to").Fill("key", strconv.Quote(n.Key)).Fill("node", strconv.Quote(to)))
	}
}
