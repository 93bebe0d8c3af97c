package template

import (
	"bytes"
	"encoding/json"
	"slices"
)

// FieldOrder lists a form's top-level fields in the order people see them: ui.order first,
// then the fields it leaves out in the order the schema writes them (the web UI's
// orderedFields). Code that rewrites a schema for one reader must hand this order on in
// ui.order: Go's maps forget the schema's own order, and a member must not see the fields
// of a form laid out differently from the admin who designed it.
func (f *Form) FieldOrder() []string {
	props := schemaPropertyOrder(f.Schema)
	var out []string
	if f.UI != nil {
		for _, k := range f.UI.Order {
			if slices.Contains(props, k) && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	for _, k := range props {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// schemaPropertyOrder reads the keys of a schema's top-level "properties" as written.
func schemaPropertyOrder(schema json.RawMessage) []string {
	d := json.NewDecoder(bytes.NewReader(schema))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for d.More() {
		kt, err := d.Token()
		if err != nil {
			return nil
		}
		if kt != "properties" {
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := d.Token(); err != nil || t != json.Delim('{') {
			return nil
		}
		var keys []string
		for d.More() {
			kt, err := d.Token()
			if err != nil {
				return nil
			}
			k, _ := kt.(string)
			keys = append(keys, k)
			var skip json.RawMessage
			if d.Decode(&skip) != nil {
				return nil
			}
		}
		return keys
	}
	return nil
}
