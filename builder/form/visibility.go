package form

import (
	"bytes"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// visibility is a field shown only when the record matches a JSON Schema condition (the
// template's ui.fields[key].visibleWhen).
type visibility struct {
	key  string
	cond *jsonschema.Schema
}

// compileVisibility compiles the conditions of top-level fields. A condition that does not
// compile is left out: the template checks report it when the draft is saved, and a stored
// version must keep working.
func (c *compiler) compileVisibility() {
	for _, s := range c.form.order {
		raw, ok := c.opts.Visible[s.key]
		if !ok || len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		jc := jsonschema.NewCompiler()
		jc.Draft = jsonschema.Draft2020
		url := "formloom:///visible/" + s.key + ".json"
		if err := jc.AddResource(url, bytes.NewReader(raw)); err != nil {
			continue
		}
		cond, err := jc.Compile(url)
		if err != nil {
			continue
		}
		c.form.visible = append(c.form.visible, visibility{key: s.key, cond: cond})
	}
}

// hide removes the values of fields whose condition the record does not match and reports
// the fields hidden (nil: none). Values are dropped, not refused: a form filler who fills a
// field and then changes the answer that showed it has nothing wrong to correct.
func (f *Form) hide(rec map[string]any) map[string]bool {
	var hidden map[string]bool
	for _, v := range f.visible {
		if v.cond.Validate(rec) == nil {
			continue
		}
		if hidden == nil {
			hidden = map[string]bool{}
		}
		hidden[v.key] = true
		delete(rec, v.key)
	}
	return hidden
}

// dropHidden forgets the errors of hidden fields: a field nobody sees is not required.
func (fe *fieldErrors) dropHidden(hidden map[string]bool) {
	for p := range fe.fields {
		key, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
		if hidden[unescapeToken(key)] {
			delete(fe.fields, p)
			delete(fe.rank, p)
		}
	}
}

// Visible lists the fields with a visibleWhen condition.
func (f *Form) Visible() []string {
	out := make([]string, len(f.visible))
	for i, v := range f.visible {
		out[i] = v.key
	}
	return out
}
