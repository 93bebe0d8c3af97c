package form

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// MaxLinkMatches bounds the condition pairs of one linked default: each becomes an
// equality in the query that finds the source record.
const MaxLinkMatches = 5

// LinkedDefault is a field's default taken from a record of another form of the app (or
// of this form): the newest record of Form whose fields equal this record's fields, pair
// by pair, gives its field Value. It is a default only: the person filling the form may
// overwrite it (unless the field is disabled), and nothing is filled on write.
type LinkedDefault struct {
	Form  string      // key of the source form
	Match []LinkMatch // every pair must hold
	Value string      // key of the source form's field whose value is copied
}

// LinkMatch is one condition of a linked default: source field Source equals this form's
// top-level field Field.
type LinkMatch struct {
	Source string
	Field  string
}

// compileLinked reads x-formloom "linked" of a field: its shape here, the fields of this
// form it names after every field is known (checkLinked); the source form's fields are
// the template's to check.
func (fc fieldCompiler) compileLinked() {
	raw, present := fc.x["linked"]
	if !present {
		return
	}
	at := fc.xp + "/linked"
	ps := &fc.c.ps
	switch {
	case fc.f.ServerOwned || fc.f.Type == Subform:
		ps.add(at, "not_allowed", fmt.Sprintf("A %s field fills itself: it cannot have a linked default.", fc.f.Type),
			fmt.Sprintf("%s 类型的字段由系统填写，不能设置数据联动。", fc.f.Type))
		return
	case fc.parent != nil:
		ps.add(at, "not_allowed", "Sub-form columns cannot have a linked default.", "子表单中的列不能设置数据联动。")
		return
	}
	m, ok := raw.(map[string]any)
	if !ok {
		ps.add(at, "type_mismatch", "A linked default is an object: form, match and value.", "数据联动必须是对象：form、match 和 value。")
		return
	}
	for k := range m {
		if k != "form" && k != "match" && k != "value" {
			ps.add(ptr(at, k), "unknown_keyword", fmt.Sprintf("%q is not a setting of a linked default (form, match, value).", k),
				fmt.Sprintf("%q 不是数据联动的设置（form、match、value）。", k))
		}
	}
	l := &LinkedDefault{}
	l.Form, _ = getStr(m, "form")
	l.Value, _ = getStr(m, "value")
	if l.Form == "" {
		ps.add(at+"/form", "required", "Choose the form the value comes from.", "请选择联动的数据来源表单。")
	}
	if l.Value == "" {
		ps.add(at+"/value", "required", "Choose the field whose value is copied.", "请选择要带出的字段。")
	}
	list, isList := m["match"].([]any)
	switch {
	case !isList || len(list) == 0:
		ps.add(at+"/match", "required", "Add at least one condition: a field of the source form equal to a field of this form.",
			"请至少添加一个联动条件：来源表单的字段等于本表单的字段。")
	case len(list) > MaxLinkMatches:
		ps.add(at+"/match", "too_many", fmt.Sprintf("At most %d conditions.", MaxLinkMatches), fmt.Sprintf("联动条件最多 %d 个。", MaxLinkMatches))
	}
	for i, item := range list {
		ip := at + "/match/" + strconv.Itoa(i)
		im, _ := item.(map[string]any)
		src, _ := getStr(im, "field")
		eq, _ := getStr(im, "equals")
		if src == "" {
			ps.add(ip+"/field", "required", "Choose the field of the source form.", "请选择来源表单的字段。")
		}
		if eq == "" {
			ps.add(ip+"/equals", "required", "Choose the field of this form it must equal.", "请选择本表单中与之相等的字段。")
		}
		for k := range im {
			if k != "field" && k != "equals" {
				ps.add(ptr(ip, k), "unknown_keyword", fmt.Sprintf("%q is not a setting of a condition (field, equals).", k),
					fmt.Sprintf("%q 不是联动条件的设置（field、equals）。", k))
			}
		}
		l.Match = append(l.Match, LinkMatch{Source: src, Field: eq})
	}
	fc.f.Linked = l
}

// checkLinked checks the fields of this form that linked defaults compare with: each a
// top-level field holding a single value, and not the linked field itself.
func (c *compiler) checkLinked() {
	for _, s := range c.form.order {
		l := s.field.Linked
		if l == nil {
			continue
		}
		for i, m := range l.Match {
			if m.Field == "" {
				continue
			}
			at := s.field.Pointer + "/x-formloom/linked/match/" + strconv.Itoa(i) + "/equals"
			o := c.form.top[m.Field]
			switch {
			case o == nil:
				c.ps.add(at, "unknown_field", fmt.Sprintf("This form has no field %q.", m.Field), fmt.Sprintf("本表单中没有字段 %q。", m.Field))
			case o == s:
				c.ps.add(at, "bad_link", fmt.Sprintf("%q cannot take its default from a match on itself.", s.field.Label.EN),
					fmt.Sprintf("「%s」不能以自身作为联动条件。", s.field.Label.ZH))
			case o.field.Kind == KindArray || o.field.Kind == KindObject:
				c.ps.add(at, "bad_link", fmt.Sprintf("%q holds several values; a condition compares one value.", o.field.Label.EN),
					fmt.Sprintf("「%s」包含多个值，联动条件只能比较单个值。", o.field.Label.ZH))
			}
		}
	}
}

// Linked lists the top-level fields that have a linked default, in schema order.
func (f *Form) Linked() []*Field {
	var out []*Field
	for _, s := range f.order {
		if s.field.Linked != nil {
			out = append(out, s.field)
		}
	}
	return out
}

// checkDefault checks a plain default (the JSON Schema "default" keyword), which the
// browser puts into a new record's field: a field the server fills has none, and the value
// must be of the field's kind (and one of a select's options) so that it is never the
// reason a record is refused.
func (fc fieldCompiler) checkDefault() {
	v, present := fc.prop["default"]
	if !present || v == nil {
		return
	}
	at := fc.p + "/default"
	f := fc.f
	if f.ServerOwned || f.Type == Subform {
		fc.c.ps.add(at, "not_allowed", fmt.Sprintf("A %s field has no default value.", f.Type), fmt.Sprintf("%s 类型的字段不能设置默认值。", f.Type))
		return
	}
	ok := true
	switch f.Kind {
	case KindString, KindDate, KindDatetime:
		_, ok = v.(string)
	case KindNumber:
		_, ok = v.(json.Number)
	case KindBool:
		_, ok = v.(bool)
	case KindArray:
		_, ok = v.([]any)
	case KindObject:
		_, ok = v.(map[string]any)
	}
	if ok && len(f.Options) > 0 {
		for _, item := range asList(v) {
			ok = ok && hasOption(f.Options, item)
		}
	}
	if !ok {
		fc.c.ps.add(at, "bad_default", fmt.Sprintf("The default value does not fit the field %q.", f.Label.EN),
			fmt.Sprintf("默认值不符合字段「%s」的要求。", f.Label.ZH))
	}
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return []any{v}
}

func hasOption(opts []Option, v any) bool {
	s, _ := v.(string)
	for _, o := range opts {
		if o.Value == s {
			return true
		}
	}
	return false
}
