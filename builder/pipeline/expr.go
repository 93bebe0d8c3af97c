package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"

	"github.com/formloom/formloom/builder/form"
)

// Limits of one expression: its text and its syntax tree. Evaluation is bounded by the
// expr VM's memory budget; the language has no loops beyond its bounded built-ins,
// which are disabled.
const (
	MaxExprLen   = 4000
	MaxExprNodes = 500
)

// Names the clock and the timezone are passed under; field keys never start with "_".
const (
	varToday = "__today"
	varNow   = "__now"
	varLoc   = "__loc"
)

// ErrExpr is wrapped by every error of CompileExpr.
var ErrExpr = errors.New("pipeline: bad expression")

// ExprError is an expression that does not compile. Unknown lists the names it uses
// that are neither given names nor functions; when it is not empty Code is
// "unknown_field", otherwise "bad_expr".
type ExprError struct {
	Code    string
	Unknown []string
	Msg     string
}

func (e *ExprError) Error() string { return "pipeline: " + e.Msg }

// Unwrap makes errors.Is(err, ErrExpr) hold.
func (e *ExprError) Unwrap() error { return ErrExpr }

// Expr is a compiled expression, safe for concurrent use.
type Expr struct {
	src     string
	names   []string
	program *vm.Program
}

// String returns the expression as written.
func (e *Expr) String() string { return e.src }

// CompileExpr compiles an expression over the given names (a record's field keys,
// "record", "item"…) and the formula functions. TODAY(), NOW() and DATEADD(date, n,
// unit) — unit "day", "month", "year" or "d", "m", "y" — read the clock and timezone
// given to RunAt. Any other name is refused.
func CompileExpr(src string, names []string) (*Expr, error) {
	if strings.TrimSpace(src) == "" {
		return nil, &ExprError{Code: "bad_expr", Msg: "the expression is empty"}
	}
	if len(src) > MaxExprLen {
		return nil, &ExprError{Code: "bad_expr", Msg: fmt.Sprintf("the expression is longer than %d characters", MaxExprLen)}
	}
	env := types.Map{varToday: types.String, varNow: types.String, varLoc: types.Any}
	for _, n := range names {
		env[n] = types.Any
	}
	p := &patcher{names: env}
	opts := []expr.Option{
		expr.Env(env),
		expr.DisableAllBuiltins(),
		expr.MaxNodes(MaxExprNodes),
		expr.Patch(p),
	}
	opts = append(opts, form.ExprFunctions()...)
	program, err := expr.Compile(src, opts...)
	if p.problem != "" {
		return nil, &ExprError{Code: "bad_expr", Msg: p.problem}
	}
	if len(p.unknown) > 0 {
		return nil, &ExprError{Code: "unknown_field", Unknown: p.unknown,
			Msg: "unknown name " + strings.Join(p.unknown, ", ")}
	}
	if err != nil {
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return nil, &ExprError{Code: "bad_expr", Msg: msg}
	}
	return &Expr{src: src, names: slices.Clone(names), program: program}, nil
}

// Run evaluates the expression now, in UTC. See RunAt.
func (e *Expr) Run(env map[string]any) (any, error) {
	return e.RunAt(env, time.Now(), time.UTC)
}

// RunAt evaluates the expression with env (names missing from it are null) at the
// instant now, dates read in loc. Evaluation errors are returned, never raised.
func (e *Expr) RunAt(env map[string]any, now time.Time, loc *time.Location) (out any, err error) {
	if loc == nil {
		loc = time.UTC
	}
	full := make(map[string]any, len(e.names)+3)
	for _, n := range e.names {
		full[n] = env[n]
	}
	full[varToday] = now.In(loc).Format(form.FormatDate)
	full[varNow] = now.UTC().Truncate(time.Millisecond).Format(form.DatetimeLayout)
	full[varLoc] = loc
	defer func() {
		// expr returns its run-time errors; this only guards against a function panicking.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("pipeline: evaluating %q: %v", e.src, r)
		}
	}()
	out, err = expr.Run(e.program, full)
	if err != nil {
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return nil, fmt.Errorf("pipeline: evaluating %q: %s", e.src, msg)
	}
	return out, nil
}

// Eval compiles the expression over the names of env and runs it once, now in UTC.
// Callers evaluating one expression many times compile it once with CompileExpr.
func Eval(src string, env map[string]any) (any, error) {
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	e, err := CompileExpr(src, names)
	if err != nil {
		return nil, err
	}
	return e.Run(env)
}

// patcher checks the names an expression uses and rewrites the clock functions the way
// the form compiler does: TODAY() and NOW() become variables, DATEDIF and DATEADD get
// the timezone as a hidden fourth argument.
type patcher struct {
	names   types.Map
	callees []*ast.IdentifierNode
	idents  []*ast.IdentifierNode
	locals  map[string]bool
	unknown []string
	problem string
}

var unitWords = map[string]string{"day": "d", "days": "d", "month": "m", "months": "m", "year": "y", "years": "y", "d": "d", "m": "m", "y": "y"}

func (p *patcher) Visit(node *ast.Node) {
	defer p.resolve()
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		p.idents = append(p.idents, n)
	case *ast.VariableDeclaratorNode:
		if p.locals == nil {
			p.locals = map[string]bool{}
		}
		p.locals[n.Name] = true
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok {
			p.fail("only the formula functions can be called")
			return
		}
		p.callees = append(p.callees, id)
		if !form.IsExprFunction(id.Value) {
			p.fail("unknown function " + id.Value)
			return
		}
		switch id.Value {
		case "TODAY", "NOW":
			if len(n.Arguments) != 0 {
				p.fail(id.Value + "() takes no arguments")
				return
			}
			name := varToday
			if id.Value == "NOW" {
				name = varNow
			}
			ast.Patch(node, &ast.IdentifierNode{Value: name})
		case "DATEDIF", "DATEADD":
			if len(n.Arguments) != 3 {
				p.fail(id.Value + " takes three arguments: a date, a date or a number, and a unit")
				return
			}
			if u, ok := n.Arguments[2].(*ast.StringNode); ok {
				short, known := unitWords[u.Value]
				if !known {
					p.fail(fmt.Sprintf("%s's unit must be day, month or year, not %q", id.Value, u.Value))
					return
				}
				n.Arguments[2] = &ast.StringNode{Value: short}
			}
			n.Arguments = append(n.Arguments, &ast.IdentifierNode{Value: varLoc})
		}
	}
}

func (p *patcher) fail(msg string) {
	if p.problem == "" {
		p.problem = msg
	}
}

// resolve turns the identifiers seen so far that are neither callees, given names nor
// let variables into unknown names. It runs after each node, which is cheap for the
// bounded sizes here and keeps the result right whichever node comes last.
func (p *patcher) resolve() {
	p.unknown = p.unknown[:0]
	for _, id := range p.idents {
		if slices.Contains(p.callees, id) || p.locals[id.Value] || strings.HasPrefix(id.Value, "__") {
			continue
		}
		if _, ok := p.names[id.Value]; ok || slices.Contains(p.unknown, id.Value) {
			continue
		}
		p.unknown = append(p.unknown, id.Value)
	}
}
