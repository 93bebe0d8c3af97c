package template

import (
	"errors"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// compileForm compiles form i's schema with package form (field types against their
// JSON Schema, options, formulas and what they name, serial patterns…) and reports its
// problems at pointers into the template. Relation targets are left to checkFields,
// which sees every form of the template.
func compileForm(t *Template, i int, c *collector) {
	_, err := form.Compile(t.Forms[i].Schema, form.Options{})
	if err == nil {
		return
	}
	base := ptr("", "forms", i, "schema")
	var ce *form.CompileError
	if !errors.As(err, &ce) {
		c.add(base, fault.Problem("bad_schema.form_schema").Fill("reason", err))
		return
	}
	for _, p := range ce.Problems {
		c.add(base+p.Pointer, fault.FieldError{Code: p.Code, Text: p.Text})
	}
}
