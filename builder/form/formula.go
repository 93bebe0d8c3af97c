package form

import (
	"fmt"
	"reflect"
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
	f := &formula{spec: s, sub: sub, pointer: s.field.Pointer + "/x-formloom/expr"}
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
				c.ps.add(f.pointer, p.Code, p.Text.EN, p.Text.ZH)
			}
		}
		return f
	}
	if err != nil {
		msg := firstLine(err.Error())
		c.ps.add(f.pointer, "bad_expr", "The formula cannot be compiled: "+msg, "公式无法编译："+msg)
		return f
	}
	if !resultFits(s.field.Kind, program.Node().Type()) {
		c.ps.add(f.pointer, "type_mismatch",
			fmt.Sprintf("The formula gives %s but the field holds %s.", typeWord(program.Node().Type()), s.field.Kind),
			fmt.Sprintf("公式的结果是 %s，但字段类型是 %s。", typeWord(program.Node().Type()), s.field.Kind))
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

func (a *analyzer) fail(code, en, zh string) {
	for _, p := range a.problems {
		if p.Text.EN == en {
			return
		}
	}
	a.problems = append(a.problems, Problem{Code: code, Text: fault.Text{EN: en, ZH: zh}})
}

// buildEnv declares every name the formula may read, with its type.
func (a *analyzer) buildEnv() {
	a.env[varToday] = types.String
	a.env[varNow] = types.String
	a.env[varLocation] = types.Any
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
			a.fail("bad_expr", "Ranges (..) are not allowed in formulas.", "公式中不能使用区间（..）。")
		case "matches":
			a.fail("bad_expr", "Regular expressions (matches) are not allowed in formulas.", "公式中不能使用正则表达式（matches）。")
		}
	case *ast.BuiltinNode, *ast.PredicateNode, *ast.PointerNode:
		a.fail("bad_expr", "Loops and built-in list functions (map, filter, all, …) are not allowed in formulas; use SUM, AVG, MIN, MAX or COUNT.",
			"公式中不能使用循环和内置列表函数（map、filter、all 等），请使用 SUM、AVG、MIN、MAX 或 COUNT。")
	case *ast.VariableDeclaratorNode, *ast.SequenceNode:
		a.fail("bad_expr", "Variables (let) and sequences (;) are not allowed in formulas.", "公式中不能使用变量（let）和语句序列（;）。")
	case *ast.MapNode, *ast.PairNode, *ast.BytesNode:
		a.fail("bad_expr", "Map and byte literals are not allowed in formulas.", "公式中不能使用映射和字节字面量。")
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
			a.fail("unknown_field", fmt.Sprintf("The sub-form %q has no field %q.", id.Value, prop.Value),
				fmt.Sprintf("子表单 %q 没有字段 %q。", id.Value, prop.Value))
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
		a.fail("unknown_field", fmt.Sprintf("The form has no field %q for parent.%s.", prop.Value, prop.Value),
			fmt.Sprintf("表单没有字段 %q（parent.%s）。", prop.Value, prop.Value))
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
		a.fail("bad_expr", "Only the formula functions can be called.", "只能调用公式函数。")
		return
	}
	a.consume(id)
	name := id.Value
	if _, known := functionSet[name]; !known {
		a.fail("bad_expr", fmt.Sprintf("Unknown function %s.", name), fmt.Sprintf("未知函数 %s。", name))
		return
	}
	switch name {
	case "TODAY", "NOW":
		if len(n.Arguments) != 0 {
			a.fail("bad_expr", name+"() takes no arguments.", name+"() 不接受参数。")
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
			a.fail("bad_expr", name+" takes three arguments: a date, a date or a number, and a unit.", name+" 需要三个参数：日期、日期或数字、单位。")
			return
		}
		if u, ok := n.Arguments[2].(*ast.StringNode); ok && u.Value != "d" && u.Value != "m" && u.Value != "y" {
			a.fail("bad_expr", fmt.Sprintf(`%s's unit must be "d", "m" or "y", not %q.`, name, u.Value),
				fmt.Sprintf(`%s 的单位必须是 "d"、"m" 或 "y"，而不是 %q。`, name, u.Value))
		}
		a.use(formulaVar{name: varLocation, src: srcLocation}, nil)
		n.Arguments = append(n.Arguments, &ast.IdentifierNode{Value: varLocation})
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
		a.fail("bad_expr", fmt.Sprintf("Formulas cannot use the serial number %q: it is allocated after formulas run.", target.key),
			fmt.Sprintf("公式不能使用流水号 %q：它在公式计算之后才分配。", target.key))
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
		a.fail("bad_expr", "Use parent.key to read a field of the form from a sub-form row.", "在子表单行中请用 parent.字段 读取表单字段。")
		return
	}
	if a.f.sub != nil && a.c.form.top[name] != nil {
		a.fail("unknown_field", fmt.Sprintf("%q is a field of the form, not of the row: write parent.%s.", name, name),
			fmt.Sprintf("%q 是表单字段而不是行字段：请写 parent.%s。", name, name))
		return
	}
	a.fail("unknown_field", fmt.Sprintf("The formula uses %q, which is not a field here.", name),
		fmt.Sprintf("公式使用了 %q，但这里没有该字段。", name))
}
