package form

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"

	"github.com/formloom/formloom/fault"
)

// formula is one compiled formula field.
type formula struct {
	spec    *spec
	sub     *spec // the sub-form whose rows hold it; nil for a form-level formula
	program *vm.Program
	vars    []formulaVar
	deps    []*formula
	pending []*spec // formula fields it reads, turned into deps once all are compiled
	pointer string  // of its expression, for problems
}

// varSource says where a formula variable's value comes from.
type varSource uint8

const (
	srcOwn      varSource = iota // a field of the formula's own object (the record or the row)
	srcParent                    // parent.key in a row formula: a form-level field
	srcColumn                    // items.key in a form-level formula: one value per row
	srcRows                      // items in a form-level formula: the rows themselves
	srcToday                     // TODAY()
	srcNow                       // NOW()
	srcLocation                  // the workspace's timezone, a hidden argument of DATEDIF and DATEADD
	srcCalendar                  // the workspace's business calendar, a hidden argument of NETWORKDAYS and WORKDAY
)

// formulaVar is one name a formula reads, and how to fill it before each run.
type formulaVar struct {
	name string // the name in the formula's environment
	src  varSource
	key  string // field key (own, parent) or sub-form key (column, rows)
	col  string // column key
	kind Kind   // decides the default when the value is missing
	idx  int    // column cache slot
	uses int    // how many times the formula reads it: bounds how often its text can be copied
}

// Names formulas see for TODAY() and NOW(); field keys never start with "_".
const (
	varToday = "__today"
	varNow   = "__now"
)

// compileFormulas compiles every formula once the fields are known, then orders them.
func (c *compiler) compileFormulas() {
	var all []*formula
	for _, s := range c.form.order {
		if s.typ == Formula {
			all = append(all, c.compileFormula(s, nil))
		}
		if s.typ == Subform {
			for _, r := range s.rows {
				if r.typ == Formula {
					all = append(all, c.compileFormula(r, s))
				}
			}
		}
	}
	for _, f := range all {
		if f == nil || f.program == nil {
			return // problems already reported; ordering would only add noise
		}
	}
	c.orderFormulas(all)
}

// columns registry: one cache slot per (sub-form, column) read by form-level formulas.
func (c *compiler) columnSlot(sub, col string) int {
	name := sub + "." + col
	for i, n := range c.columnNames {
		if n == name {
			return i
		}
	}
	c.columnNames = append(c.columnNames, name)
	c.form.columns = append(c.form.columns, column{sub: sub, col: col})
	return len(c.columnNames) - 1
}

// column is a sub-form column read by form-level formulas.
type column struct {
	sub, col string
	kind     Kind
}

func exprType(k Kind) types.Type {
	switch k {
	case KindNumber:
		return types.Float64
	case KindString, KindDate, KindDatetime:
		return types.String
	case KindBool:
		return types.Bool
	case KindArray:
		return types.Array(types.Any)
	}
	return types.Any
}

func (c *compiler) compileFormula(s *spec, sub *spec) *formula {
	return c.compileExprAt(s, sub, s.field.Pointer+"/x-formloom/expr")
}

// compileExprAt compiles s.field.Expr, reporting problems at pointer.
func (c *compiler) compileExprAt(s *spec, sub *spec, pointer string) *formula {
	f := &formula{spec: s, sub: sub, pointer: pointer}
	s.formula = f
	src := s.field.Expr
	if strings.TrimSpace(src) == "" {
		return nil // reported by field
	}
	a := &analyzer{c: c, f: f, env: types.Map{}, seen: map[string]bool{}}
	a.buildEnv()
	opts := []expr.Option{
		expr.Env(a.env),
		expr.DisableAllBuiltins(),
		expr.MaxNodes(c.opts.MaxFormulaNodes),
		expr.Patch(a),
	}
	opts = append(opts, functionOptions()...)
	program, err := expr.Compile(src, opts...)
	a.resolve() // after the walk: only then is it known which names a member or call consumed
	for i := range f.vars {
		f.vars[i].uses = max(1, a.uses[f.vars[i].name])
	}
	if len(a.problems) > 0 {
		// A construct formulas may not use (let, closures) also makes its names look
		// unknown: report the construct alone.
		structural := false
		for _, p := range a.problems {
			structural = structural || p.Code == "bad_expr"
		}
		for _, p := range a.problems {
			if !structural || p.Code == "bad_expr" {
				c.ps.add(f.pointer, fault.FieldError{Code: p.Code, Text: p.Text})
			}
		}
		return f
	}
	if err != nil {
		msg := firstLine(err.Error())
		c.ps.add(f.pointer, fault.Problem("bad_expr.formula_cannot_compiled").Fill("reason", msg))
		return f
	}
	if !resultFits(s.field.Kind, program.Node().Type()) {
		c.ps.add(f.pointer, fault.Problem("type_mismatch.formula_gives_but_field").Fill("type", typeWord(program.Node().Type())).Fill("kind", s.field.Kind))
		return f
	}
	f.program = program
	return f
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func typeWord(t reflect.Type) string {
	if t == nil {
		return "nothing"
	}
	return t.String()
}

// resultFits reports whether a formula's static result type may be stored in its field.
func resultFits(k Kind, t reflect.Type) bool {
	if t == nil || t.Kind() == reflect.Interface {
		return true // decided at run time
	}
	switch k {
	case KindNumber:
		switch t.Kind() {
		case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64, reflect.Int32:
			return true
		}
	case KindString, KindDate, KindDatetime:
		return t.Kind() == reflect.String
	case KindBool:
		return t.Kind() == reflect.Bool
	}
	return false
}

// analyzer is an expr patch visitor: it refuses constructs formulas may not use, resolves
// names to fields, rewrites items.col, parent.key, TODAY() and NOW() into plain variables,
// and records what each formula depends on.
type analyzer struct {
	c        *compiler
	f        *formula
	env      types.Map
	seen     map[string]bool
	consumed []*ast.IdentifierNode
	idents   []*ast.IdentifierNode
	problems []Problem
	uses     map[string]int // references per variable name, counted in the tree as written
}

func (a *analyzer) fail(problem fault.FieldError) {
	for _, p := range a.problems {
		if p.Text.EN == problem.Text.EN {
			return
		}
	}
	a.problems = append(a.problems, Problem{Code: problem.Code, Text: problem.Text})
}

// buildEnv declares every name the formula may read, with its type.
func (a *analyzer) buildEnv() {
	a.env[varToday] = types.String
	a.env[varNow] = types.String
	a.env[varLocation] = types.Any
	a.env[varCalendar] = types.Any
	if a.f.sub == nil {
		for _, s := range a.c.form.order {
			if s.typ == Subform {
				a.env[s.key] = types.Array(types.Any)
				for _, r := range s.rows {
					a.env[s.key+"."+r.key] = types.Array(types.Any)
				}
				continue
			}
			a.env[s.key] = exprType(s.field.Kind)
		}
		return
	}
	for _, r := range a.f.sub.rows {
		a.env[r.key] = exprType(r.field.Kind)
	}
	for _, s := range a.c.form.order {
		if s.typ != Subform {
			a.env["parent."+s.key] = exprType(s.field.Kind)
		}
	}
}

// Visit is called bottom-up: children before their parent.
func (a *analyzer) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		a.idents = append(a.idents, n)
		a.count(n.Value)
	case *ast.MemberNode:
		a.member(node, n)
	case *ast.CallNode:
		a.call(node, n)
	case *ast.BinaryNode:
		switch n.Operator {
		case "..":
			a.fail(fault.Problem("bad_expr.ranges_are_not_allowed"))
		case "matches":
			a.fail(fault.Problem("bad_expr.regular_expressions_matches_are"))
		}
	case *ast.BuiltinNode, *ast.PredicateNode, *ast.PointerNode:
		a.fail(fault.Problem("bad_expr.loops_built_list_functions"))
	case *ast.VariableDeclaratorNode, *ast.SequenceNode:
		a.fail(fault.Problem("bad_expr.variables_let_sequences_are"))
	case *ast.MapNode, *ast.PairNode, *ast.BytesNode:
		a.fail(fault.Problem("bad_expr.map_byte_literals_are"))
	}
}

// member rewrites items.col (form level) and parent.key (row level) into variables.
func (a *analyzer) member(node *ast.Node, n *ast.MemberNode) {
	id, ok := n.Node.(*ast.IdentifierNode)
	prop, isStr := n.Property.(*ast.StringNode)
	if !ok || !isStr || n.Method {
		return
	}
	if a.f.sub == nil {
		sub := a.c.form.top[id.Value]
		if sub == nil || sub.typ != Subform {
			return
		}
		a.consume(id)
		col := sub.children[prop.Value]
		if col == nil {
			a.fail(fault.Problem("unknown_field.sub_form_column").Fill("sub", strconv.Quote(id.Value)).Fill("field", strconv.Quote(prop.Value)))
			return
		}
		name := id.Value + "." + prop.Value
		a.count(name)
		a.use(formulaVar{name: name, src: srcColumn, key: id.Value, col: prop.Value, kind: col.field.Kind}, col)
		ast.Patch(node, &ast.IdentifierNode{Value: name})
		return
	}
	if id.Value != "parent" {
		return
	}
	a.consume(id)
	ps := a.c.form.top[prop.Value]
	if ps == nil || ps.typ == Subform {
		a.fail(fault.Problem("unknown_field.parent_field").Fill("field", prop.Value).Fill("quoted", strconv.Quote(prop.Value)))
		return
	}
	name := "parent." + prop.Value
	a.count(name)
	a.use(formulaVar{name: name, src: srcParent, key: prop.Value, kind: ps.field.Kind}, ps)
	ast.Patch(node, &ast.IdentifierNode{Value: name})
}

// call checks that only the formula functions are called, and turns TODAY() and NOW()
// into variables filled from the request's clock.
func (a *analyzer) call(node *ast.Node, n *ast.CallNode) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		a.fail(fault.Problem("bad_expr.only_formula_functions_can"))
		return
	}
	a.consume(id)
	name := id.Value
	if _, known := functionSet[name]; !known {
		a.fail(fault.Problem("bad_expr.unknown_function").Fill("name", name))
		return
	}
	switch name {
	case "TODAY", "NOW":
		if len(n.Arguments) != 0 {
			a.fail(fault.Problem("bad_expr.takes_no_arguments").Fill("name", name))
			return
		}
		v := formulaVar{name: varToday, src: srcToday, kind: KindDate}
		if name == "NOW" {
			v = formulaVar{name: varNow, src: srcNow, kind: KindDatetime}
		}
		a.use(v, nil)
		ast.Patch(node, &ast.IdentifierNode{Value: v.name})
	case "DATEDIF", "DATEADD":
		if len(n.Arguments) != 3 {
			a.fail(fault.Problem("bad_expr.takes_three_arguments_date").Fill("name", name))
			return
		}
		if u, ok := n.Arguments[2].(*ast.StringNode); ok && u.Value != "d" && u.Value != "m" && u.Value != "y" {
			a.fail(fault.Problem("bad_expr.date_unit").Fill("name", name).Fill("unit", strconv.Quote(u.Value)))
		}
		a.use(formulaVar{name: varLocation, src: srcLocation}, nil)
		n.Arguments = append(n.Arguments, &ast.IdentifierNode{Value: varLocation})
	case "NETWORKDAYS", "WORKDAY":
		if len(n.Arguments) != 2 {
			a.fail(fault.Problem("bad_expr.takes_two_arguments_date").Fill("name", name))
			return
		}
		a.use(formulaVar{name: varCalendar, src: srcCalendar}, nil)
		n.Arguments = append(n.Arguments, &ast.IdentifierNode{Value: varCalendar})
	}
}

func (a *analyzer) consume(id *ast.IdentifierNode) { a.consumed = append(a.consumed, id) }

func (a *analyzer) count(name string) {
	if a.uses == nil {
		a.uses = map[string]int{}
	}
	a.uses[name]++
}

// use records a variable and, when it names a formula, a dependency.
func (a *analyzer) use(v formulaVar, target *spec) {
	if target != nil && target.typ == Serial {
		a.fail(fault.Problem("bad_expr.formulas_cannot_use_serial").Fill("key", strconv.Quote(target.key)))
		return
	}
	if a.seen[v.name] {
		return
	}
	a.seen[v.name] = true
	if v.src == srcColumn {
		v.idx = a.c.columnSlot(v.key, v.col)
		a.c.form.columns[v.idx].kind = v.kind
	}
	a.f.vars = append(a.f.vars, v)
	if target == nil {
		return
	}
	if target.typ == Formula {
		a.f.pending = append(a.f.pending, target)
	}
	if v.src == srcRows {
		for _, r := range target.rows {
			if r.typ == Formula {
				a.f.pending = append(a.f.pending, r)
			}
		}
	}
}

// resolve handles the plain identifiers not consumed by a member or a call.
func (a *analyzer) resolve() {
	idents := a.idents
	a.idents = nil
next:
	for _, id := range idents {
		for _, c := range a.consumed {
			if c == id {
				continue next
			}
		}
		name := id.Value
		if a.f.sub == nil {
			s := a.c.form.top[name]
			switch {
			case s == nil:
				a.failUnknown(name)
			case s.typ == Subform:
				a.use(formulaVar{name: name, src: srcRows, key: name, kind: KindArray}, s)
			default:
				a.use(formulaVar{name: name, src: srcOwn, key: name, kind: s.field.Kind}, s)
			}
			continue
		}
		s := a.f.sub.children[name]
		if s == nil {
			a.failUnknown(name)
			continue
		}
		a.use(formulaVar{name: name, src: srcOwn, key: name, kind: s.field.Kind}, s)
	}
}

func (a *analyzer) failUnknown(name string) {
	if name == "parent" && a.f.sub != nil {
		a.fail(fault.Problem("bad_expr.use_parent_key_read"))
		return
	}
	if a.f.sub != nil && a.c.form.top[name] != nil {
		a.fail(fault.Problem("unknown_field.not_row_field").Fill("name", name).Fill("quoted", strconv.Quote(name)))
		return
	}
	a.fail(fault.Problem("unknown_field.formula_uses_which_not").Fill("name", strconv.Quote(name)))
}
