package form

import (
	"encoding/json"
	"fmt"
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
		c.ps.add(p, "bad_key", fmt.Sprintf("Field key %q must start with a lowercase letter and hold only letters, digits and _ (at most 63).", key),
			fmt.Sprintf("字段标识 %q 必须以小写字母开头，只含字母、数字和下划线（最多 63 个字符）。", key))
		return
	}
	xp := p + "/x-formloom"
	x, ok := getObj(prop, "x-formloom")
	if !ok {
		c.ps.add(xp, "required", "Every field needs an x-formloom keyword with its type.", "每个字段都需要 x-formloom 关键字声明类型。")
		return
	}
	ts, _ := getStr(x, "type")
	typ := Type(ts)
	def, known := typeDefs[typ]
	if !known {
		c.ps.add(xp+"/type", "unknown_type", fmt.Sprintf("Unknown field type %q.", ts), fmt.Sprintf("未知的字段类型 %q。", ts))
		return
	}
	for k := range x {
		if k == "type" || k == "label" || k == "linked" || contains(def.Keys, k) {
			continue
		}
		c.ps.add(ptr(xp, k), "unknown_keyword", fmt.Sprintf("%q does not apply to %s fields.", k, typ),
			fmt.Sprintf("%q 不适用于 %s 类型的字段。", k, typ))
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
	fc.checkDefault()
	if u, present := x["unique"]; present {
		b, isBool := u.(bool)
		switch {
		case !isBool:
			c.ps.add(xp+"/unique", "type_mismatch", "unique must be true or false.", "unique 必须是 true 或 false。")
		case b && parent != nil:
			c.ps.add(xp+"/unique", "not_allowed", "Fields of sub-form rows cannot be unique.", "子表单中的字段不能设为唯一。")
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
		t.c.ps.add(t.p+"/type", "type_mismatch",
			fmt.Sprintf("A %s field needs \"type\": %s.", t.typ, quoteJoin(types, " or ")),
			fmt.Sprintf("%s 类型的字段需要 \"type\": %s。", t.typ, quoteJoin(types, " 或 ")))
	}
	return got
}

func (t typeCheck) format(want string) {
	if f, _ := getStr(t.prop, "format"); f != want {
		t.c.ps.add(t.p+"/format", "type_mismatch",
			fmt.Sprintf("A %s field needs \"format\": %q.", t.typ, want),
			fmt.Sprintf("%s 类型的字段需要 \"format\": %q。", t.typ, want))
	}
}

func (t typeCheck) readOnly() {
	if b, _ := getBool(t.prop, "readOnly"); !b {
		t.c.ps.add(t.p+"/readOnly", "type_mismatch",
			fmt.Sprintf("A %s field is filled by the server and needs \"readOnly\": true.", t.typ),
			fmt.Sprintf("%s 类型的字段由服务器填写，需要 \"readOnly\": true。", t.typ))
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
		fc.c.ps.add(fc.xp+"/precision", "bad_value", "precision must be a whole number from 0 to 10.", "precision 必须是 0 到 10 的整数。")
		return def
	}
	return int(n)
}

// options reads x-formloom options and checks that enum (in holder, at hp) lists exactly their values.
func (fc fieldCompiler) options(holder map[string]any, hp string) []Option {
	c := fc.c
	raw, _ := fc.x["options"].([]any)
	if len(raw) == 0 {
		c.ps.add(fc.xp+"/options", "required", "A select field needs at least one option.", "选择字段至少需要一个选项。")
		return nil
	}
	seen := map[string]bool{}
	opts := make([]Option, 0, len(raw))
	for i, o := range raw {
		op := ptr(fc.xp+"/options", fmt.Sprint(i))
		m, ok := o.(map[string]any)
		if !ok {
			c.ps.add(op, "type_mismatch", "An option must be an object with a value and a label.", "选项必须是包含 value 和 label 的对象。")
			continue
		}
		for k := range m {
			if k != "value" && k != "label" && k != "color" {
				c.ps.add(ptr(op, k), "unknown_keyword", fmt.Sprintf("Options have no %q.", k), fmt.Sprintf("选项没有 %q 属性。", k))
			}
		}
		v, _ := m["value"].(string)
		if v == "" {
			c.ps.add(op+"/value", "required", "An option needs a non-empty text value.", "选项需要非空的文本值。")
			continue
		}
		if seen[v] {
			c.ps.add(op+"/value", "duplicate_option", fmt.Sprintf("The option %q appears twice.", v), fmt.Sprintf("选项 %q 重复。", v))
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
		c.ps.add(hp+"/enum", "enum_mismatch", "A select field needs an enum listing its options' values.", "选择字段需要 enum，列出各选项的值。")
		return opts
	}
	inEnum := map[string]bool{}
	for i, e := range enum {
		s, isStr := e.(string)
		if !isStr || !seen[s] {
			c.ps.add(ptr(hp+"/enum", fmt.Sprint(i)), "enum_mismatch", fmt.Sprintf("%v is in enum but is not an option.", e), fmt.Sprintf("%v 在 enum 中，但不是选项。", e))
			continue
		}
		inEnum[s] = true
	}
	for i, o := range opts {
		if !inEnum[o.Value] {
			c.ps.add(ptr(fc.xp+"/options", fmt.Sprint(i), "value"), "enum_mismatch", fmt.Sprintf("The option %q is missing from enum.", o.Value),
				fmt.Sprintf("选项 %q 不在 enum 中。", o.Value))
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
			fc.c.ps.add(fc.xp+"/multiple", "type_mismatch", "multiple must be true or false.", "multiple 必须是 true 或 false。")
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
		fc.c.ps.add(fc.p+"/items", "type_mismatch", `This field needs "items": {"type": "string"}.`, `该字段需要 "items": {"type": "string"}。`)
		return
	}
	typeCheck{c: fc.c, p: fc.p + "/items", prop: items, typ: fc.f.Type}.want("string")
}

func (fc fieldCompiler) attachment() {
	c, f := fc.c, fc.f
	if n, ok, present := getInt(fc.x, "maxCount"); present {
		if !ok || n < 1 || n > 1000 {
			c.ps.add(fc.xp+"/maxCount", "bad_value", "maxCount must be a whole number from 1 to 1000.", "maxCount 必须是 1 到 1000 的整数。")
		} else {
			f.MaxCount = int(n)
			fc.itemsLimit("maxItems", n, "maxCount")
		}
	}
	if n, ok, present := getInt(fc.x, "maxSize"); present {
		if !ok || n < 1 {
			c.ps.add(fc.xp+"/maxSize", "bad_value", "maxSize must be a positive number of bytes.", "maxSize 必须是正整数（字节）。")
		} else {
			f.MaxSize = n
		}
	}
	if a, present := fc.x["accept"]; present {
		list, _ := a.([]any)
		for i, v := range list {
			s, _ := v.(string)
			if !isMediaRange(s) {
				c.ps.add(ptr(fc.xp+"/accept", fmt.Sprint(i)), "bad_value", `accept lists media types such as "image/*" or "application/pdf".`, `accept 应列出媒体类型，如 "image/*" 或 "application/pdf"。`)
				continue
			}
			f.Accept = append(f.Accept, strings.ToLower(s))
		}
		if list == nil {
			c.ps.add(fc.xp+"/accept", "type_mismatch", "accept must be a list of media types.", "accept 必须是媒体类型列表。")
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
		fc.c.ps.add(fc.p+"/"+keyword, "conflict", fmt.Sprintf("%s disagrees with x-formloom %s.", keyword, from),
			fmt.Sprintf("%s 与 x-formloom 的 %s 不一致。", keyword, from))
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
		c.ps.add(fc.p+"/items", "type_mismatch", `A sub-form needs "items": {"type": "object", "properties": {…}}.`, `子表单需要 "items": {"type": "object", "properties": {…}}。`)
		return
	}
	typeCheck{c: c, p: fc.p + "/items", prop: items, typ: f.Type}.want("object")
	if n, ok, present := getInt(fc.x, "minRows"); present {
		if !ok || n < 0 {
			c.ps.add(fc.xp+"/minRows", "bad_value", "minRows must be a whole number, 0 or more.", "minRows 必须是非负整数。")
		} else {
			f.MinRows = int(n)
			fc.itemsLimit("minItems", n, "minRows")
		}
	}
	if n, ok, present := getInt(fc.x, "maxRows"); present {
		if !ok || n < 1 || int(n) < f.MinRows {
			c.ps.add(fc.xp+"/maxRows", "bad_value", "maxRows must be a whole number, at least 1 and at least minRows.", "maxRows 必须是不小于 1 且不小于 minRows 的整数。")
		} else {
			f.MaxRows = int(n)
			fc.itemsLimit("maxItems", n, "maxRows")
		}
	}
	itemsRaw := memberRaw(raw, "items")
	props, ok := getObj(items, "properties")
	if !ok {
		c.ps.add(fc.p+"/items/properties", "required", "A sub-form needs properties for its rows.", "子表单需要为行定义 properties。")
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
			c.ps.add(p, "type_mismatch", "A field's schema must be an object.", "字段结构必须是对象。")
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
			c.ps.add(xp, "unknown_field", fmt.Sprintf("There is no relation field %q next to this lookup.", f.Lookup.Relation),
				fmt.Sprintf("该引用字段旁没有关联字段 %q。", f.Lookup.Relation))
		case rel.typ != Relation:
			c.ps.add(xp, "type_mismatch", fmt.Sprintf("%q is not a relation field.", f.Lookup.Relation), fmt.Sprintf("%q 不是关联字段。", f.Lookup.Relation))
		default:
			c.form.lookups = append(c.form.lookups, s)
		}
	}
}
