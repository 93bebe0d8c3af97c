package pipeline

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
)

// Problem is one thing wrong with a definition, at a JSON pointer relative to it
// ("/nodes/3/assignees/0/role"); a template prefixes the pointer with the item's place
// ("/pipelines/0"). Codes are stable words listed in docs/template-format.md.
type Problem struct {
	Pointer string
	Code    string
	EN, ZH  string
}

// CheckError is the error of Compile for a pipeline that cannot run.
type CheckError struct {
	Problems []Problem
}

func (e *CheckError) Error() string {
	if len(e.Problems) == 0 {
		return "pipeline: not valid"
	}
	p := e.Problems[0]
	s := fmt.Sprintf("pipeline: %s at %s: %s", p.Code, p.Pointer, p.EN)
	if n := len(e.Problems) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more problems)", n)
	}
	return s
}

type problems struct{ list []Problem }

// add records problem p (from the field catalogue, fault.Problem) at pointer.
func (ps *problems) add(pointer string, p fault.FieldError) {
	ps.list = append(ps.list, Problem{Pointer: pointer, Code: p.Code, EN: p.Text.EN, ZH: p.Text.ZH})
}

// at builds a JSON pointer from tokens, escaping ~ and /.
func at(tokens ...any) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		switch v := t.(type) {
		case int:
			b.WriteString(strconv.Itoa(v))
		case string:
			b.WriteString(strings.ReplaceAll(strings.ReplaceAll(v, "~", "~0"), "/", "~1"))
		}
	}
	return b.String()
}

// sub prefixes a pointer.
func sub(base, pointer string) string { return base + pointer }

func (ps *problems) unknownField(pointer, form, key string) {
	ps.add(pointer, fault.Problem("unknown_field.pipeline_form").Fill("form", strconv.Quote(form)).Fill("key", strconv.Quote(key)))
}

func (ps *problems) notAllowed(pointer, what string) {
	ps.add(pointer, fault.Problem("not_allowed.member").Fill("what", what))
}

func (ps *problems) required(pointer, what string) {
	ps.add(pointer, fault.Problem("required.pipeline_member").Fill("what", what))
}

func (ps *problems) fieldType(pointer, key, got, want string) {
	ps.add(pointer, fault.Problem("field_type.needed").Fill("type", got).Fill("needed", want).Fill("key", strconv.Quote(key)))
}

// exprProblem reports an expression that does not compile.
func (ps *problems) exprProblem(pointer, form string, err error) {
	var ee *ExprError
	if errors.As(err, &ee) && ee.Code == "unknown_field" {
		ps.add(pointer, fault.Problem("unknown_field.expression").Fill("names", strings.Join(ee.Unknown, ", ")).Fill("form", strconv.Quote(form)))
		return
	}
	ps.add(pointer, fault.Problem("bad_expr.expression").Fill("reason", strings.TrimPrefix(err.Error(), "pipeline: ")))
}
