package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// Import completes a definition brought in from outside before it is checked: a standard
// JSON Schema form, as RJSF and form.io users already have, is accepted as it is.
//
//   - A property without x-formloom gets one, its type inferred from the JSON type and
//     format (see inferType) and its label from "title" (else its key); a "description"
//     becomes the field's help text.
//   - An RJSF uiSchema given beside a form's schema ("uiSchema" in the form object) is
//     mapped into the form's "ui" and the field semantics (ui:order, ui:widget,
//     ui:placeholder, ui:help, ui:description, ui:title, ui:disabled, ui:readonly) and
//     then removed; whatever has no Formloom meaning comes back as a warning with its
//     pointer into raw, never as a refusal.
//
// Nothing a standard keyword says is dropped or loosened: the inferred x-formloom only
// adds Formloom's meaning beside it. A definition that needs nothing is returned as it
// came, byte for byte; one that cannot be read is returned unchanged for Check to report.
func Import(raw json.RawMessage) (json.RawMessage, []Problem) {
	if c := (&collector{}); !scan(raw, c) || !c.empty() {
		return raw, nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return raw, nil
	}
	var forms []json.RawMessage
	if json.Unmarshal(top["forms"], &forms) != nil {
		return raw, nil
	}
	im := &importer{}
	changed := false
	for i, f := range forms {
		if out, ok := im.form(f, ptr("", "forms", i)); ok {
			forms[i], changed = out, true
		}
	}
	if !changed {
		return raw, im.warnings
	}
	b, err := json.Marshal(forms)
	if err != nil {
		return raw, nil
	}
	top["forms"] = b
	out, err := json.Marshal(top)
	if err != nil {
		return raw, nil
	}
	return out, im.warnings
}

type importer struct {
	warnings []Problem
}

func (im *importer) warn(pointer string, p fault.FieldError) {
	im.warnings = append(im.warnings, Problem{Pointer: pointer, Code: p.Code, Text: p.Text})
}

// formImport is what one form's import gathers for its "ui".
type formImport struct {
	ui      map[string]*FieldUI // by field path
	order   []string
	changed bool
}

func (fi *formImport) fieldUI(path string) *FieldUI {
	if fi.ui[path] == nil {
		fi.ui[path] = &FieldUI{}
	}
	fi.changed = true
	return fi.ui[path]
}

// form imports one form object; ok is false when it needs nothing.
func (im *importer) form(raw json.RawMessage, base string) (json.RawMessage, bool) {
	var f map[string]json.RawMessage
	if json.Unmarshal(raw, &f) != nil {
		return nil, false
	}
	schemaRaw, ok := f["schema"]
	if !ok {
		return nil, false
	}
	var uiSchema map[string]any
	uiRaw, hasUISchema := f["uiSchema"]
	if hasUISchema {
		if decodeNumbers(uiRaw, &uiSchema) != nil || uiSchema == nil {
			im.warn(base+"/uiSchema", fault.Problem("not_mapped.uischema_not_json_object"))
		}
	}
	fi := &formImport{ui: map[string]*FieldUI{}}
	var props json.RawMessage
	var schema map[string]json.RawMessage
	if json.Unmarshal(schemaRaw, &schema) != nil {
		return nil, false
	}
	props, ok = schema["properties"]
	if !ok {
		return nil, false
	}
	newProps, propsChanged, keys := im.properties(props, base+"/schema/properties", base+"/uiSchema", "", uiSchema, fi)
	if uiSchema != nil {
		im.order(uiSchema, keys, base+"/uiSchema", fi)
	}
	if !propsChanged && !hasUISchema && !fi.changed {
		return nil, false
	}
	if propsChanged {
		schema["properties"] = newProps
		b, err := json.Marshal(schema)
		if err != nil {
			return nil, false
		}
		f["schema"] = b
	}
	delete(f, "uiSchema")
	if fi.changed {
		ui := &UI{}
		if existing, has := f["ui"]; has {
			d := json.NewDecoder(bytes.NewReader(existing))
			d.DisallowUnknownFields()
			if d.Decode(ui) != nil {
				// Leave a "ui" Formloom cannot read for Check to report, untouched.
				return im.encodeForm(f)
			}
		}
		if ui.Order == nil && fi.order != nil {
			ui.Order = fi.order
		}
		for path, add := range fi.ui {
			if ui.Fields == nil {
				ui.Fields = map[string]FieldUI{}
			}
			have := ui.Fields[path]
			if have.Placeholder == nil {
				have.Placeholder = add.Placeholder
			}
			if have.Help == nil {
				have.Help = add.Help
			}
			have.Disabled = have.Disabled || add.Disabled
			ui.Fields[path] = have
		}
		b, err := json.Marshal(ui)
		if err != nil {
			return nil, false
		}
		f["ui"] = b
	}
	return im.encodeForm(f)
}

func (im *importer) encodeForm(f map[string]json.RawMessage) (json.RawMessage, bool) {
	b, err := json.Marshal(f)
	if err != nil {
		return nil, false
	}
	return b, true
}

// properties imports the members of a "properties" object in their order. sp is its
// pointer in the schema, up the pointer of the uiSchema object for the same level (nil
// when none), prefix the field path prefix ("" at the top, "items." in a sub-form).
func (im *importer) properties(raw json.RawMessage, sp, up, prefix string, uiSchema map[string]any, fi *formImport) (json.RawMessage, bool, []string) {
	members, err := orderedObject(raw)
	if err != nil {
		return raw, false, nil
	}
	keys := make([]string, 0, len(members))
	changed := false
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range members {
		keys = append(keys, m.key)
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		var fieldUI map[string]any
		if uiSchema != nil {
			fieldUI, _ = uiSchema[m.key].(map[string]any)
			if _, present := uiSchema[m.key]; present && fieldUI == nil {
				im.warn(ptr(up, m.key), fault.Problem("not_mapped.uischema_entry_not_object"))
			}
		}
		out, ok := im.property(m.raw, ptr(sp, m.key), ptr(up, m.key), prefix+m.key, fieldUI, fi)
		if ok {
			changed = true
			b.Write(out)
		} else {
			b.Write(m.raw)
		}
	}
	b.WriteByte('}')
	for k := range uiSchema {
		if strings.HasPrefix(k, "ui:") {
			if k != "ui:order" {
				im.warn(ptr(up, k), fault.Problem("not_mapped.keyword").Fill("keyword", k))
			}
			continue
		}
		if !containsString(keys, k) {
			im.warn(ptr(up, k), fault.Problem("unknown_field.ui_schema").Fill("key", strconv.Quote(k)))
		}
	}
	if !changed {
		return raw, false, keys
	}
	return b.Bytes(), true, keys
}

// property imports one property; ok is false when it needs nothing.
func (im *importer) property(raw json.RawMessage, sp, up, path string, uiSchema map[string]any, fi *formImport) (json.RawMessage, bool) {
	var prop map[string]any
	if decodeNumbers(raw, &prop) != nil || prop == nil {
		return nil, false
	}
	x, declared := prop["x-formloom"].(map[string]any)
	_, present := prop["x-formloom"]
	if present && !declared {
		return nil, false // not an object: Check says so
	}
	changed := false
	if !declared {
		x = map[string]any{"type": im.inferType(prop, sp), "label": label(prop["title"], path[strings.LastIndex(path, ".")+1:])}
		if opts := options(prop, x["type"].(string)); opts != nil {
			x["options"] = opts
		}
		prop["x-formloom"] = x
		changed = true
		if d, ok := prop["description"].(string); ok && strings.TrimSpace(d) != "" {
			fi.fieldUI(path).Help = &Text{ZH: clip(d, 4000), EN: clip(d, 4000)}
		}
	}
	typ, _ := x["type"].(string)
	if uiSchema != nil {
		if im.uiField(uiSchema, up, path, typ, !declared, x, fi) {
			changed = true
		}
	}
	if typeDef(typ).Rows {
		items, _ := prop["items"].(map[string]any)
		var itemsUI map[string]any
		if uiSchema != nil {
			itemsUI, _ = uiSchema["items"].(map[string]any)
		}
		if items != nil {
			if pr, ok := rawMember(raw, "items", "properties"); ok {
				out, rowsChanged, keys := im.properties(pr, sp+"/items/properties", up+"/items", path+".", itemsUI, fi)
				if rowsChanged {
					items["properties"] = out
					changed = true
				}
				if itemsUI != nil {
					im.order(itemsUI, keys, up+"/items", nil)
				}
			}
		}
	}
	if !changed {
		return nil, false
	}
	b, err := json.Marshal(prop)
	if err != nil {
		return nil, false
	}
	return b, true
}

// inferType gives a property without x-formloom its field type from its JSON type and
// format; where a Formloom type needs a keyword standard JSON Schema leaves implicit, it is
// added with the same meaning (enum beside oneOf+const, uniqueItems on a multiselect).
func (im *importer) inferType(prop map[string]any, sp string) string {
	t, _ := prop["type"].(string)
	if t == "" {
		switch {
		case prop["enum"] != nil || constList(prop["oneOf"]) != nil:
			t = "string"
		case prop["properties"] != nil:
			t = "object"
		case prop["items"] != nil:
			t = "array"
		}
	}
	switch t {
	case "string":
		if enum, ok := prop["enum"].([]any); ok {
			if len(enum) == 0 || !allStrings(enum) {
				return TypeText // an empty enum accepts nothing, as JSON Schema says
			}
			return TypeSelect
		}
		if consts := constList(prop["oneOf"]); consts != nil && allStrings(consts) {
			prop["enum"] = consts
			return TypeSelect
		}
		switch prop["format"] {
		case "date":
			return TypeDate
		case "date-time":
			return TypeDatetime
		case "email":
			return TypeEmail
		case "uri":
			return TypeURL
		}
		return TypeText
	case "integer", "number":
		return TypeNumber
	case "boolean":
		return TypeCheckbox
	case "object":
		return TypeGroup
	case "array":
		items, _ := prop["items"].(map[string]any)
		if items == nil {
			return TypeTags
		}
		enum, hasEnum := items["enum"].([]any)
		if !hasEnum {
			if consts := constList(items["oneOf"]); consts != nil {
				enum, hasEnum = consts, true
				items["enum"] = consts
			}
		}
		if hasEnum && len(enum) > 0 && allStrings(enum) {
			if u, _ := prop["uniqueItems"].(bool); !u {
				prop["uniqueItems"] = true
				im.warn(sp+"/uniqueItems", fault.Problem("added.list_choices_holds_each"))
			}
			return TypeMultiselect
		}
		if it, _ := items["type"].(string); it == "object" || items["properties"] != nil {
			return TypeSubform
		}
		return TypeTags
	}
	return TypeText
}

// options lists the options of an inferred select or multiselect from enum, with the
// titles of oneOf+const as labels.
func options(prop map[string]any, typ string) []any {
	holder := prop
	switch typeDef(typ).Choice {
	case form.ChoiceOne: // enum on the property
	case form.ChoiceMany: // enum on the items
		holder, _ = prop["items"].(map[string]any)
	default:
		return nil
	}
	titles := map[string]any{}
	if one, ok := holder["oneOf"].([]any); ok {
		for _, o := range one {
			if m, ok := o.(map[string]any); ok {
				if c, ok := m["const"].(string); ok && m["title"] != nil {
					titles[c] = m["title"]
				}
			}
		}
	}
	enum, _ := holder["enum"].([]any)
	opts := make([]any, 0, len(enum))
	for _, e := range enum {
		v := e.(string)
		opts = append(opts, map[string]any{"value": v, "label": label(titles[v], v)})
	}
	return opts
}

// uiField maps one field's RJSF uiSchema entry; it reports whether x-formloom changed.
func (im *importer) uiField(u map[string]any, up, path, typ string, inferred bool, x map[string]any, fi *formImport) bool {
	changed := false
	for k, v := range u {
		p := ptr(up, k)
		str, isStr := v.(string)
		switch k {
		case "items":
			if !typeDef(typ).Rows {
				im.warn(p, fault.Problem("not_mapped.only_sub_forms_have"))
			}
		case "ui:order":
			if !typeDef(typ).Container {
				im.warn(p, fault.Problem("not_mapped.ui_order_applies_objects"))
			}
		case "ui:placeholder":
			if isStr {
				fi.fieldUI(path).Placeholder = &Text{ZH: clip(str, 200), EN: clip(str, 200)}
			}
		case "ui:help", "ui:description":
			if isStr {
				fi.fieldUI(path).Help = &Text{ZH: clip(str, 4000), EN: clip(str, 4000)}
			}
		case "ui:title":
			if isStr && strings.TrimSpace(str) != "" {
				x["label"] = label(str, str)
				changed = true
			}
		case "ui:disabled", "ui:readonly":
			if b, _ := v.(bool); b {
				fi.fieldUI(path).Disabled = true
			}
		case "ui:widget":
			switch {
			case inferred && typeDef(typ).Becomes[str] != "":
				x["type"] = string(typeDef(typ).Becomes[str])
				changed = true
			case widgetFits(str, typ):
			default:
				im.warn(p, fault.Problem("not_mapped.widget").Fill("widget", strconv.Quote(str)))
			}
		default:
			im.warn(p, fault.Problem("not_mapped.keyword").Fill("keyword", k))
		}
	}
	if fi.ui[path] != nil {
		fi.changed = true
	}
	return changed
}

// widgetFits reports whether an RJSF widget is what Formloom shows for the type anyway.
func widgetFits(w, typ string) bool {
	return slices.Contains(typeDef(typ).Widgets, w)
}

// typeDef is the definition of an x-formloom type; an unknown one has an empty definition
// (Check reports the type).
func typeDef(typ string) *form.TypeDef {
	return (&Field{Type: typ}).Def()
}

// order maps ui:order of an object's uiSchema: "*" stands for the fields not named.
// fi is nil for a sub-form's rows, whose column order is the schema's.
func (im *importer) order(u map[string]any, keys []string, up string, fi *formImport) {
	raw, present := u["ui:order"]
	if !present {
		return
	}
	list, _ := raw.([]any)
	if fi == nil {
		im.warn(up+"/ui:order", fault.Problem("not_mapped.sub_form_columns_follow"))
		return
	}
	named := map[string]bool{}
	for _, v := range list {
		if s, ok := v.(string); ok {
			named[s] = true
		}
	}
	var order []string
	for i, v := range list {
		s, _ := v.(string)
		switch {
		case s == "*":
			for _, k := range keys {
				if !named[k] {
					order = append(order, k)
				}
			}
		case containsString(keys, s) && !containsString(order, s):
			order = append(order, s)
		default:
			im.warn(ptr(up+"/ui:order", i), fault.Problem("unknown_field.ui_order").Fill("key", v))
		}
	}
	fi.order = order
	fi.changed = true
}

// label makes a field or option label from a title (else the fallback).
func label(title any, fallback string) map[string]any {
	s, _ := title.(string)
	if strings.TrimSpace(s) == "" {
		s = fallback
	}
	s = clip(s, 200)
	return map[string]any{"zh-CN": s, "en": s}
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// constList returns the const values of a oneOf/anyOf whose branches are all {const: …}.
func constList(v any) []any {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil
	}
	out := make([]any, 0, len(list))
	for _, b := range list {
		m, ok := b.(map[string]any)
		if !ok {
			return nil
		}
		c, ok := m["const"]
		if !ok {
			return nil
		}
		out = append(out, c)
	}
	return out
}

func allStrings(list []any) bool {
	for _, v := range list {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func decodeNumbers(raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}

type member struct {
	key string
	raw json.RawMessage
}

// orderedObject lists the members of the JSON object raw in their order.
func orderedObject(raw []byte) ([]member, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var out []member
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key, v})
	}
	if _, err := d.Token(); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return out, nil
}

// rawMember follows object members from raw ("items", "properties") without decoding values.
func rawMember(raw []byte, path ...string) (json.RawMessage, bool) {
	cur := json.RawMessage(raw)
	for _, k := range path {
		ms, err := orderedObject(cur)
		if err != nil {
			return nil, false
		}
		found := false
		for _, m := range ms {
			if m.key == k {
				cur, found = m.raw, true
			}
		}
		if !found {
			return nil, false
		}
	}
	return cur, true
}
