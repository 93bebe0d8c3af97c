package form

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// visibility is a field shown only when a JSON Schema condition holds (the template's
// ui.fields[path].visibleWhen). A top-level field's condition is tested on the record; a
// sub-form column's ("items.qty") on its row, as the browser's form does.
type visibility struct {
	key  string // the field, or the column within sub
	sub  string // the sub-form holding the column; "" for a top-level field
	cond *jsonschema.Schema
}

// compileVisibility compiles the conditions of top-level fields and of sub-form columns. A
// condition that does not compile is left out: the template checks report it when the draft
// is saved, and a stored version must keep working.
func (c *compiler) compileVisibility() {
	for _, s := range c.form.order {
		if cond := c.condition(s.key, c.opts.Visible[s.key]); cond != nil {
			c.form.visible = append(c.form.visible, visibility{key: s.key, cond: cond})
		}
		for _, row := range s.rows {
			path := s.key + "." + row.key
			if cond := c.condition(path, c.opts.Visible[path]); cond != nil {
				c.form.visible = append(c.form.visible, visibility{key: row.key, sub: s.key, cond: cond})
			}
		}
	}
}

func (c *compiler) condition(path string, raw json.RawMessage) *jsonschema.Schema {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	jc := jsonschema.NewCompiler()
	jc.Draft = jsonschema.Draft2020
	url := "formloom:///visible/" + path + ".json"
	if err := jc.AddResource(url, bytes.NewReader(raw)); err != nil {
		return nil
	}
	cond, err := jc.Compile(url)
	if err != nil {
		return nil
	}
	return cond
}

// hide removes the values of fields whose condition does not hold and reports the JSON
// pointers of the fields hidden ("/convertedAt", "/items/2/discount"; nil: none). Values
// are dropped, not refused: a form filler who fills a field and then changes the answer
// that showed it has nothing wrong to correct.
func (f *Form) hide(rec map[string]any) map[string]bool {
	var hidden map[string]bool
	mark := func(p string) {
		if hidden == nil {
			hidden = map[string]bool{}
		}
		hidden[p] = true
	}
	for _, v := range f.visible {
		if v.sub == "" {
			if v.cond.Validate(rec) == nil {
				continue
			}
			mark("/" + escapeToken(v.key))
			delete(rec, v.key)
			continue
		}
		rows, _ := rec[v.sub].([]any)
		for i, r := range rows {
			row, ok := r.(map[string]any)
			if !ok || v.cond.Validate(row) == nil {
				continue
			}
			mark("/" + escapeToken(v.sub) + "/" + strconv.Itoa(i) + "/" + escapeToken(v.key))
			delete(row, v.key)
		}
	}
	return hidden
}

// dropHidden forgets the errors of hidden fields and columns: a field nobody sees is not
// required.
func (fe *fieldErrors) dropHidden(hidden map[string]bool) {
	for p := range fe.fields {
		for q := p; q != ""; {
			if hidden[q] {
				delete(fe.fields, p)
				delete(fe.rank, p)
				break
			}
			i := strings.LastIndexByte(q, '/')
			if i <= 0 {
				break
			}
			q = q[:i]
		}
	}
}

// Visible lists the fields with a visibleWhen condition, columns as "subform.column".
func (f *Form) Visible() []string {
	out := make([]string, len(f.visible))
	for i, v := range f.visible {
		out[i] = v.key
		if v.sub != "" {
			out[i] = v.sub + "." + v.key
		}
	}
	return out
}
