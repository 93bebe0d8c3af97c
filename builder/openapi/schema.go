package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
)

// Component names of one form. Form keys are lowercase, so a suffix starting with an
// underscore and a capital letter never makes one form's name equal another's.
func dataName(key string) string   { return key + "_Data" }
func patchName(key string) string  { return key + "_Patch" }
func recordName(key string) string { return key + "_Record" }
func pageName(key string) string   { return key + "_Page" }

// dataSchema turns a compiled form's schema into the component describing its record
// data: the form's normalised JSON Schema, x-formloom kept, references re-rooted under the
// component, every field titled and described in the document's language, server-owned
// fields readOnly.
func (g *generator) dataSchema(tf *template.Form, f *form.Form) (obj, error) {
	dec := json.NewDecoder(bytes.NewReader(f.Schema()))
	dec.UseNumber() // limits and enums keep their exact text
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode form schema: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("form schema is not an object")
	}
	// The schema becomes a sub-schema of the document: its own identity keywords would
	// change how references resolve, and its internal references ("#/$defs/…") must now
	// start at the component.
	delete(root, "$schema")
	delete(root, "$id")
	reroot(root, "#/components/schemas/"+dataName(tf.Key))
	root["title"] = text(tf.Name, g.lang)
	if tf.Description != nil {
		root["description"] = text(*tf.Description, g.lang)
	}
	var fields []*form.Field
	for i := range f.Fields() {
		fd := &f.Fields()[i]
		fields = append(fields, fd)
		for j := range fd.Children {
			fields = append(fields, &fd.Children[j])
		}
	}
	for _, fd := range fields {
		prop, err := at(root, fd.Pointer)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", fd.Path, err)
		}
		prop["title"] = label(fd.Label, g.lang)
		prop["description"] = describe(fd, g.lang)
		if fd.ServerOwned {
			prop["readOnly"] = true
		}
		if fd.Def().Rows {
			if items, ok := prop["items"].(map[string]any); ok {
				items["title"] = label(fd.Label, g.lang)
			}
		}
	}
	g.hideFields(tf.Key, root, f)
	return root, nil
}

// patchSchema describes the body of an update: a JSON merge patch of the data. Every
// field a client may write is optional; null removes the value. Server-owned fields are
// left out, and anything else is refused, as the server does.
func patchSchema(key string, f *form.Form, lang string, hidden map[string]bool) obj {
	props := obj{}
	for i := range f.Fields() {
		fd := &f.Fields()[i]
		if fd.ServerOwned || hidden[fd.Key] {
			continue
		}
		props[fd.Key] = obj{"anyOf": []any{
			obj{"$ref": "#/components/schemas/" + dataName(key) + "/properties/" + fd.Key},
			obj{"type": "null"},
		}}
	}
	return obj{
		"type":                 "object",
		"title":                say(lang, "Changes to a record", "记录的修改"),
		"description":          say(lang, "A JSON merge patch of the record's data: the fields to change, null to clear one. The result is validated as a whole.", "记录数据的 JSON 合并补丁：只写要修改的字段，null 表示清空。合并后的记录整体校验。"),
		"properties":           props,
		"additionalProperties": false,
	}
}

// recordSchema is the envelope the API answers for one record of the form.
func recordSchema(key string, tf *template.Form, lang string) obj {
	s := envelope(lang)
	s["title"] = text(tf.Name, lang)
	props := s["properties"].(obj)
	props["data"] = ref("schemas", dataName(key))
	return s
}

// pageSchema is one page of a list.
func pageSchema(key string, lang string) obj {
	return obj{
		"type":     "object",
		"required": []any{"items", "next"},
		"properties": obj{
			"items": obj{"type": "array", "items": ref("schemas", recordName(key))},
			"next":  nextCursor(lang),
			"total": obj{"type": "integer", "minimum": 0, "description": say(lang,
				"The number of matching records, only when total=true was asked for.",
				"匹配的记录总数，仅在请求 total=true 时返回。")},
		},
	}
}

// reroot rewrites the schema's internal references ("#…") to start at base.
func reroot(v any, base string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && (k == "$ref" || k == "$dynamicRef") && strings.HasPrefix(s, "#") {
				if s == "#" {
					x[k] = base
				} else if strings.HasPrefix(s, "#/") {
					x[k] = base + s[1:]
				}
				continue
			}
			reroot(e, base)
		}
	case []any:
		for _, e := range x {
			reroot(e, base)
		}
	}
}

// at returns the object at a JSON pointer into root.
func at(root map[string]any, pointer string) (map[string]any, error) {
	cur := root
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		next, ok := cur[tok].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("no schema object at %s", pointer)
		}
		cur = next
	}
	return cur, nil
}
