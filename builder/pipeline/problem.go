package pipeline

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
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

func (ps *problems) add(pointer, code, en, zh string) {
	ps.list = append(ps.list, Problem{Pointer: pointer, Code: code, EN: en, ZH: zh})
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
	ps.add(pointer, "unknown_field",
		fmt.Sprintf("The form %q has no field %q.", form, key),
		fmt.Sprintf("表单 %q 中没有字段 %q。", form, key))
}

func (ps *problems) notAllowed(pointer, what string) {
	ps.add(pointer, "not_allowed",
		fmt.Sprintf("This member does not apply to %s.", what),
		fmt.Sprintf("此项不适用于%s。", what))
}

func (ps *problems) required(pointer, what string) {
	ps.add(pointer, "required",
		fmt.Sprintf("%s is required here.", what),
		fmt.Sprintf("此处必须填写 %s。", what))
}

func (ps *problems) fieldType(pointer, key, got, want string) {
	ps.add(pointer, "field_type",
		fmt.Sprintf("The field %q is a %s field; a %s field is needed here.", key, got, want),
		fmt.Sprintf("字段 %q 是%s类型，此处需要%s类型的字段。", key, got, want))
}

// exprProblem reports an expression that does not compile.
func (ps *problems) exprProblem(pointer, form string, err error) {
	var ee *ExprError
	if errors.As(err, &ee) && ee.Code == "unknown_field" {
		ps.add(pointer, "unknown_field",
			fmt.Sprintf("The expression names %s, which is not a field of the form %q.", strings.Join(ee.Unknown, ", "), form),
			fmt.Sprintf("表达式中的 %s 不是表单 %q 的字段。", strings.Join(ee.Unknown, ", "), form))
		return
	}
	ps.add(pointer, "bad_expr",
		"The expression cannot be compiled: "+strings.TrimPrefix(err.Error(), "pipeline: "),
		"表达式无法编译："+strings.TrimPrefix(err.Error(), "pipeline: "))
}
