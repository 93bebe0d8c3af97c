package form

import (
	"encoding/json"
	"strconv"

	"github.com/formloom/formloom/fault"
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
		ps.add(at, fault.Problem("not_allowed.field_fills_itself_cannot").Fill("type", fc.f.Type))
		return
	case fc.parent != nil:
		ps.add(at, fault.Problem("not_allowed.sub_form_columns_cannot"))
		return
	}
	m, ok := raw.(map[string]any)
	if !ok {
		ps.add(at, fault.Problem("type_mismatch.linked_default_object_form"))
		return
	}
	for k := range m {
		if k != "form" && k != "match" && k != "value" {
			ps.add(ptr(at, k), fault.Problem("unknown_keyword.linked_default").Fill("keyword", strconv.Quote(k)))
		}
	}
	l := &LinkedDefault{}
	l.Form, _ = getStr(m, "form")
	l.Value, _ = getStr(m, "value")
	if l.Form == "" {
		ps.add(at+"/form", fault.Problem("required.choose_form_value_comes"))
	}
	if l.Value == "" {
		ps.add(at+"/value", fault.Problem("required.choose_field_whose_value"))
	}
	list, isList := m["match"].([]any)
	switch {
	case !isList || len(list) == 0:
		ps.add(at+"/match", fault.Problem("required.add_least_one_condition"))
	case len(list) > MaxLinkMatches:
		ps.add(at+"/match", fault.Problem("too_many.link_matches").Fill("max", MaxLinkMatches))
	}
	for i, item := range list {
		ip := at + "/match/" + strconv.Itoa(i)
		im, _ := item.(map[string]any)
		src, _ := getStr(im, "field")
		eq, _ := getStr(im, "equals")
		if src == "" {
			ps.add(ip+"/field", fault.Problem("required.choose_field_source_form"))
		}
		if eq == "" {
			ps.add(ip+"/equals", fault.Problem("required.choose_field_form_equal"))
		}
		for k := range im {
			if k != "field" && k != "equals" {
				ps.add(ptr(ip, k), fault.Problem("unknown_keyword.link_match").Fill("keyword", strconv.Quote(k)))
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
				c.ps.add(at, fault.Problem("unknown_field.form_has_no_field").Fill("field", strconv.Quote(m.Field)))
			case o == s:
				c.ps.add(at, fault.Problem("bad_link.cannot_take_default_from").FillText("label", fault.Quoted(s.field.Label.EN, s.field.Label.ZH)))
			case o.field.Kind == KindArray || o.field.Kind == KindObject:
				c.ps.add(at, fault.Problem("bad_link.holds_several_values_condition").FillText("label", fault.Quoted(o.field.Label.EN, o.field.Label.ZH)))
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
		fc.c.ps.add(at, fault.Problem("not_allowed.field_has_no_default").Fill("type", f.Type))
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
		fc.c.ps.add(at, fault.Problem("bad_default.default_value_does_not").FillText("label", fault.Quoted(f.Label.EN, f.Label.ZH)))
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
