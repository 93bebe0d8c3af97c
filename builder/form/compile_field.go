package form

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
)

func validKey(k string) bool {
	if len(k) == 0 || len(k) > 63 || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := 1; i < len(k); i++ {
		ch := k[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_') {
			return false
		}
	}
	return true
}

// field compiles one property. p is its pointer in the schema, path its dotted path in a
// record, parent the sub-form holding it (nil at the top). It fills f and registers a spec.
func (c *compiler) field(f *Field, p, key, path string, prop map[string]any, raw json.RawMessage, parent *spec) {
	if !validKey(key) {
		c.ps.add(p, fault.Problem("bad_key.field_key_start_with").Fill("key", strconv.Quote(key)))
		return
	}
	xp := p + "/x-formloom"
	x, ok := getObj(prop, "x-formloom")
	if !ok {
		c.ps.add(xp, fault.Problem("required.every_field_needs_x"))
		return
	}
	ts, _ := getStr(x, "type")
	typ := Type(ts)
	def, known := typeDefs[typ]
	if !known {
		c.ps.add(xp+"/type", fault.Problem("unknown_type.field_type").Fill("type", strconv.Quote(ts)))
		return
	}
	for k := range x {
		if k == "type" || k == "label" || k == "linked" || k == "default" || contains(def.Keys, k) {
			continue
		}
		c.ps.add(ptr(xp, k), fault.Problem("unknown_keyword.field_type").Fill("type", typ).Fill("keyword", strconv.Quote(k)))
	}
	*f = Field{Key: key, Path: path, Pointer: p, Type: typ, Precision: -1}
	if zh, en, ok := textOf(x["label"]); ok {
		f.Label = fault.Text{ZH: zh, EN: en}
	} else if zh, en, ok := textOf(prop["title"]); ok {
		f.Label = fault.Text{ZH: zh, EN: en}
	} else {
		f.Label = fault.Text{ZH: key, EN: key}
	}
	s := &spec{field: f, key: key, typ: typ, precision: -1, parent: parent}
	tc := typeCheck{c: c, p: p, prop: prop, typ: typ}
	dropped := false
	fc := fieldCompiler{c: c, f: f, s: s, p: p, xp: xp, x: x, prop: prop, tc: tc, parent: parent, raw: raw, dropped: &dropped}
	def.compile(fc)
	if dropped {
		return
	}
	fc.compileLinked()
	fc.compileCurrentDefault()
	fc.checkDefault()
	if u, present := x["unique"]; present {
		b, isBool := u.(bool)
		switch {
		case !isBool:
			c.ps.add(xp+"/unique", fault.Problem("type_mismatch.unique_true_false"))
		case b && parent != nil:
			c.ps.add(xp+"/unique", fault.Problem("not_allowed.fields_sub_form_rows"))
		default:
			f.Unique = b
		}
	}
	s.server = f.ServerOwned
	if parent == nil {
		c.form.top[key] = s
	} else {
		parent.children[key] = s
		parent.rows = append(parent.rows, s)
	}
	if s.children != nil { // a sub-form: its rows' fields are known now
		c.subformRows(s)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// kindOfSchema infers a value kind from a plain JSON Schema (for lookups).
func kindOfSchema(prop map[string]any) (Kind, Kind) {
	t, _ := hasOnlyType(prop, "string", "number", "integer", "boolean", "array", "object")
	switch t {
	case "string":
		switch prop["format"] {
		case "date":
			return KindDate, ""
		case "date-time":
			return KindDatetime, ""
		}
		return KindString, ""
	case "number", "integer":
		return KindNumber, ""
	case "boolean":
		return KindBool, ""
	case "array":
		if items, ok := getObj(prop, "items"); ok {
			k, _ := kindOfSchema(items)
			return KindArray, k
		}
		return KindArray, ""
	case "object":
		return KindObject, ""
	}
	return KindUnknown, ""
}

// typeCheck reports where a property's JSON Schema disagrees with its x-formloom type.
type typeCheck struct {
	c    *compiler
	p    string
	prop map[string]any
	typ  Type
}

// want checks the "type" keyword and returns the type found ("" when it does not fit).
func (t typeCheck) want(types ...string) string {
	got, ok := hasOnlyType(t.prop, types...)
	if !ok {
		t.c.ps.add(t.p+"/type", fault.Problem("type_mismatch.json_type").Fill("type", t.typ).FillText("types", fault.Text{EN: quoteJoin(types, " or "), ZH: quoteJoin(types, " 或 ")}))
	}
	return got
}

func (t typeCheck) format(want string) {
	if f, _ := getStr(t.prop, "format"); f != want {
		t.c.ps.add(t.p+"/format", fault.Problem("type_mismatch.json_format").Fill("type", t.typ).Fill("format", strconv.Quote(want)))
	}
}

func (t typeCheck) readOnly() {
	if b, _ := getBool(t.prop, "readOnly"); !b {
		t.c.ps.add(t.p+"/readOnly", fault.Problem("type_mismatch.read_only").Fill("type", t.typ))
	}
}

func quoteJoin(list []string, sep string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, sep)
}

// fieldCompiler holds what the type-specific parts of field need.
type fieldCompiler struct {
	c    *compiler
	f    *Field
	s    *spec
	p    string
	xp   string
	x    map[string]any
	prop map[string]any
	tc   typeCheck

	parent  *spec           // the sub-form holding the field, nil at the top
	raw     json.RawMessage // the property as written, for the order of a sub-form's fields
	dropped *bool           // set when the field is refused whole and not registered
}

func (fc fieldCompiler) precision(def int) int {
	n, ok, present := getInt(fc.x, "precision")
	if !present {
		return def
	}
	if !ok || n < 0 || n > 10 {
		fc.c.ps.add(fc.xp+"/precision", fault.Problem("bad_value.precision_whole_number_from"))
		return def
	}
	return int(n)
}

// options reads x-formloom options and checks that enum (in holder, at hp) lists exactly their values.
func (fc fieldCompiler) options(holder map[string]any, hp string) []Option {
	c := fc.c
	raw, _ := fc.x["options"].([]any)
	if len(raw) == 0 {
		c.ps.add(fc.xp+"/options", fault.Problem("required.select_field_needs_least"))
		return nil
	}
	seen := map[string]bool{}
	opts := make([]Option, 0, len(raw))
	for i, o := range raw {
		op := ptr(fc.xp+"/options", fmt.Sprint(i))
		m, ok := o.(map[string]any)
		if !ok {
			c.ps.add(op, fault.Problem("type_mismatch.option_object_with_value"))
			continue
		}
		for k := range m {
			if k != "value" && k != "label" && k != "color" {
				c.ps.add(ptr(op, k), fault.Problem("unknown_keyword.option").Fill("keyword", strconv.Quote(k)))
			}
		}
		v, _ := m["value"].(string)
		if v == "" {
			c.ps.add(op+"/value", fault.Problem("required.option_needs_non_empty"))
			continue
		}
		if seen[v] {
			c.ps.add(op+"/value", fault.Problem("duplicate_option.option").Fill("value", strconv.Quote(v)))
			continue
		}
		seen[v] = true
		opt := Option{Value: v}
		if zh, en, ok := textOf(m["label"]); ok {
			opt.Label = fault.Text{ZH: zh, EN: en}
		} else {
			opt.Label = fault.Text{ZH: v, EN: v}
		}
		opt.Color, _ = m["color"].(string)
		opts = append(opts, opt)
	}
	enum, ok := holder["enum"].([]any)
	if !ok {
		c.ps.add(hp+"/enum", fault.Problem("enum_mismatch.select_field_needs_enum"))
		return opts
	}
	inEnum := map[string]bool{}
	for i, e := range enum {
		s, isStr := e.(string)
		if !isStr || !seen[s] {
			c.ps.add(ptr(hp+"/enum", fmt.Sprint(i)), fault.Problem("enum_mismatch.not_option").Fill("value", e))
			continue
		}
		inEnum[s] = true
	}
	for i, o := range opts {
		if !inEnum[o.Value] {
			c.ps.add(ptr(fc.xp+"/options", fmt.Sprint(i), "value"), fault.Problem("enum_mismatch.not_in_enum").Fill("value", strconv.Quote(o.Value)))
		}
	}
	return opts
}

// ids handles member, department and relation: one ID, or a list when multiple.
func (fc fieldCompiler) ids() {
	f := fc.f
	if m, present := fc.x["multiple"]; present {
		b, ok := m.(bool)
		if !ok {
			fc.c.ps.add(fc.xp+"/multiple", fault.Problem("type_mismatch.multiple_true_false"))
		}
		f.Multiple = b
	}
	if f.Multiple {
		f.Kind, f.Elem = KindArray, KindString
		fc.stringArray()
		return
	}
	f.Kind = KindString
	fc.tc.want("string")
}

func (fc fieldCompiler) stringArray() {
	if fc.tc.want("array") == "" {
		return
	}
	items, _ := getObj(fc.prop, "items")
	if items == nil {
		fc.c.ps.add(fc.p+"/items", fault.Problem("type_mismatch.field_needs_items_type"))
		return
	}
	typeCheck{c: fc.c, p: fc.p + "/items", prop: items, typ: fc.f.Type}.want("string")
}

func (fc fieldCompiler) attachment() {
	c, f := fc.c, fc.f
	if n, ok, present := getInt(fc.x, "maxCount"); present {
		if !ok || n < 1 || n > 1000 {
			c.ps.add(fc.xp+"/maxCount", fault.Problem("bad_value.maxcount_whole_number_from"))
		} else {
			f.MaxCount = int(n)
			fc.itemsLimit("maxItems", n, "maxCount")
		}
	}
	if n, ok, present := getInt(fc.x, "maxSize"); present {
		if !ok || n < 1 {
			c.ps.add(fc.xp+"/maxSize", fault.Problem("bad_value.maxsize_positive_number_bytes"))
		} else {
			f.MaxSize = n
		}
	}
	if a, present := fc.x["accept"]; present {
		list, _ := a.([]any)
		for i, v := range list {
			s, _ := v.(string)
			if !isMediaRange(s) {
				c.ps.add(ptr(fc.xp+"/accept", fmt.Sprint(i)), fault.Problem("bad_value.accept_lists_media_types"))
				continue
			}
			f.Accept = append(f.Accept, strings.ToLower(s))
		}
		if list == nil {
			c.ps.add(fc.xp+"/accept", fault.Problem("type_mismatch.accept_list_media_types"))
		}
	}
}

// itemsLimit fills minItems/maxItems from an x-formloom limit, or checks that they agree.
func (fc fieldCompiler) itemsLimit(keyword string, n int64, from string) {
	have, ok, present := getInt(fc.prop, keyword)
	switch {
	case !present:
		fc.prop[keyword] = json.Number(fmt.Sprint(n))
	case !ok || have != n:
		fc.c.ps.add(fc.p+"/"+keyword, fault.Problem("conflict.disagrees_with_x_formloom").Fill("keyword", keyword).Fill("from", from))
	}
}

func isMediaRange(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	if !ok || typ == "" || sub == "" || strings.ContainsAny(s, " ,;") {
		return false
	}
	return typ != "*" || sub == "*"
}

// subform checks a sub-form's own schema; its rows' fields are compiled by subformRows.
func (fc fieldCompiler) subform(raw json.RawMessage) {
	c, f := fc.c, fc.f
	fc.s.children = map[string]*spec{}
	if fc.tc.want("array") == "" {
		return
	}
	items, _ := getObj(fc.prop, "items")
	if items == nil {
		c.ps.add(fc.p+"/items", fault.Problem("type_mismatch.sub_form_needs_items"))
		return
	}
	typeCheck{c: c, p: fc.p + "/items", prop: items, typ: f.Type}.want("object")
	if n, ok, present := getInt(fc.x, "minRows"); present {
		if !ok || n < 0 {
			c.ps.add(fc.xp+"/minRows", fault.Problem("bad_value.minrows_whole_number_0"))
		} else {
			f.MinRows = int(n)
			fc.itemsLimit("minItems", n, "minRows")
		}
	}
	if n, ok, present := getInt(fc.x, "maxRows"); present {
		if !ok || n < 1 || int(n) < f.MinRows {
			c.ps.add(fc.xp+"/maxRows", fault.Problem("bad_value.maxrows_whole_number_least"))
		} else {
			f.MaxRows = int(n)
			fc.itemsLimit("maxItems", n, "maxRows")
		}
	}
	itemsRaw := memberRaw(raw, "items")
	props, ok := getObj(items, "properties")
	if !ok {
		c.ps.add(fc.p+"/items/properties", fault.Problem("required.sub_form_needs_properties"))
		return
	}
	propsRaw := memberRaw(itemsRaw, "properties")
	keys, raws := orderedMembers(propsRaw)
	f.Children = make([]Field, len(keys))
	base := fc.p + "/items/properties"
	seen := map[string]bool{}
	for i, key := range keys {
		p := ptr(base, key)
		if c.duplicate(seen, key, p) {
			continue
		}
		prop, ok := props[key].(map[string]any)
		if !ok {
			c.ps.add(p, fault.Problem("type_mismatch.field_schema_object"))
			continue
		}
		c.field(&f.Children[i], p, key, f.Key+"."+key, prop, raws[key], fc.s)
	}
	c.checkRequired(items, fc.p+"/items", fc.s.children)
}

// subformRows is a hook for row-level checks once all of a sub-form's fields are known.
func (c *compiler) subformRows(s *spec) {
	c.checkLookups(s.rows)
}

// checkLookups checks that each lookup names a relation field among its siblings.
func (c *compiler) checkLookups(siblings []*spec) {
	for _, s := range siblings {
		if s.typ != Lookup || s.field.Lookup == nil {
			continue
		}
		f := s.field
		xp := f.Pointer + "/x-formloom/relation"
		var rel *spec
		for _, o := range siblings {
			if o.key == f.Lookup.Relation {
				rel = o
			}
		}
		switch {
		case rel == nil:
			c.ps.add(xp, fault.Problem("unknown_field.there_no_relation_field").Fill("relation", strconv.Quote(f.Lookup.Relation)))
		case rel.typ != Relation:
			c.ps.add(xp, fault.Problem("type_mismatch.not_relation_field").Fill("relation", strconv.Quote(f.Lookup.Relation)))
		default:
			c.form.lookups = append(c.form.lookups, s)
		}
	}
}
