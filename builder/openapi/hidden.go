package openapi

import (
	"slices"
	"strings"

	"github.com/formloom/formloom/builder/form"
)

// hideFields removes from a form's data schema every trace of the fields hidden from the
// reader: their properties, their place in required lists and form-level keywords, and
// any expression, lookup or condition of a visible field that names one. A reader must not
// learn even the name of a field their role hides.
func (g *generator) hideFields(formKey string, root map[string]any, f *form.Form) {
	hidden := g.hidden[formKey]
	if len(hidden) == 0 && !g.hidesLookups(f) {
		return
	}
	props, _ := root["properties"].(map[string]any)
	for k := range hidden {
		delete(props, k)
	}
	if req, ok := root["required"].([]any); ok {
		root["required"] = slices.DeleteFunc(req, func(v any) bool { s, _ := v.(string); return hidden[s] })
	}
	if x, ok := root["x-formloom"].(map[string]any); ok {
		if t, _ := x["title"].(string); hidden[t] {
			delete(x, "title")
		}
	}
	for k, v := range root {
		switch k {
		case "properties", "required", "x-formloom", "title", "description", "type", "additionalProperties", "$defs":
			continue
		}
		if namesAny(v, hidden) {
			delete(root, k) // conditional keywords (if/then, dependentRequired, …) over hidden fields
		}
	}
	for i := range f.Fields() {
		fd := &f.Fields()[i]
		prop, ok := props[fd.Key].(map[string]any)
		if !ok {
			continue
		}
		x, _ := prop["x-formloom"].(map[string]any)
		leak := false
		switch { // a formula's expression, or where a lookup reads from, may name a hidden field
		case fd.Expr != "":
			leak = mentions(fd.Expr, hidden)
			if leak && x != nil {
				delete(x, "expr")
			}
		case fd.Lookup != nil:
			if hidden[fd.Lookup.Relation] || g.hiddenIn(relationTarget(f, fd.Lookup.Relation), fd.Lookup.Field) {
				leak = true
				if x != nil {
					delete(x, "relation")
					delete(x, "field")
				}
			}
		}
		if leak {
			prop["description"] = label(fd.Label, g.lang)
		}
	}
}

// hidesLookups reports whether any lookup of f reads a field hidden in its related form.
func (g *generator) hidesLookups(f *form.Form) bool {
	for i := range f.Fields() {
		fd := &f.Fields()[i]
		if fd.Lookup != nil && g.hiddenIn(relationTarget(f, fd.Lookup.Relation), fd.Lookup.Field) {
			return true
		}
	}
	return false
}

func (g *generator) hiddenIn(formKey, field string) bool { return g.hidden[formKey][field] }

func relationTarget(f *form.Form, relation string) string {
	if fd, ok := f.Field(relation); ok {
		return fd.Target
	}
	return ""
}

// namesAny reports whether a schema value mentions a hidden key as a JSON string.
func namesAny(v any, hidden map[string]bool) bool {
	switch x := v.(type) {
	case string:
		return hidden[x]
	case []any:
		return slices.ContainsFunc(x, func(y any) bool { return namesAny(y, hidden) })
	case map[string]any:
		for k, y := range x {
			if hidden[k] || namesAny(y, hidden) {
				return true
			}
		}
	}
	return false
}

// mentions reports whether an expression uses a hidden key as a whole identifier.
func mentions(expr string, hidden map[string]bool) bool {
	ident := func(r rune) bool {
		return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	for _, w := range strings.FieldsFunc(expr, func(r rune) bool { return !ident(r) }) {
		if hidden[w] {
			return true
		}
	}
	return false
}

// visiblePaths drops query paths under fields hidden from the reader.
func (g *generator) visiblePaths(formKey string, paths []string) []string {
	hidden := g.hidden[formKey]
	if len(hidden) == 0 {
		return paths
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		top, _, _ := strings.Cut(p, ".")
		if !hidden[top] {
			out = append(out, p)
		}
	}
	return out
}
