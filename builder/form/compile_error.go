package form

import (
	"strings"

	"github.com/formloom/formloom/fault"
)

// Problem is one thing wrong with a form's schema.
type Problem struct {
	// Pointer locates the problem in the schema (relative to the schema's root), e.g.
	// "/properties/total/x-formloom/expr". The template checker prefixes it with the form's
	// place in the template.
	Pointer string
	// Code is a stable word: unknown_field, type_mismatch, bad_expr, cycle, …
	Code string
	Text fault.Text
}

// CompileError lists every problem found while compiling a form, in schema order.
type CompileError struct {
	Problems []Problem
}

func (e *CompileError) Error() string {
	var b strings.Builder
	b.WriteString("form: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if i == 5 {
			b.WriteString("…")
			break
		}
		b.WriteString(p.Pointer)
		b.WriteString(": ")
		b.WriteString(p.Code)
		b.WriteString(": ")
		b.WriteString(p.Text.EN)
	}
	return b.String()
}

// problems collects compile problems; its zero value is ready to use.
type problems struct {
	list []Problem
}

// add records problem p (from the field catalogue, fault.Problem) at pointer.
func (ps *problems) add(pointer string, p fault.FieldError) {
	ps.list = append(ps.list, Problem{Pointer: pointer, Code: p.Code, Text: p.Text})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &CompileError{Problems: ps.list}
}

// ptr joins JSON pointer tokens, escaping each.
func ptr(base string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

func escapeToken(t string) string {
	if !strings.ContainsAny(t, "~/") {
		return t
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(t)
}
