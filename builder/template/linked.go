package template

import (
	"fmt"
	"strconv"

	"github.com/formloom/formloom/store/querylang"
)

// Linked is a field's linked default (数据联动) as the template reads it: the newest
// record of Form whose fields equal this record's, pair by pair, gives its field Value.
type Linked struct {
	Form  string
	Match []LinkMatch
	Value string
}

// LinkMatch is one condition of a linked default: the source form's field Field equals
// this form's field Equals.
type LinkMatch struct {
	Field  string
	Equals string
}

func readLinked(x map[string]any) *Linked {
	m, ok := x["linked"].(map[string]any)
	if !ok {
		return nil
	}
	l := &Linked{}
	l.Form, _ = m["form"].(string)
	l.Value, _ = m["value"].(string)
	list, _ := m["match"].([]any)
	for _, item := range list {
		im, _ := item.(map[string]any)
		f, _ := im["field"].(string)
		e, _ := im["equals"].(string)
		l.Match = append(l.Match, LinkMatch{Field: f, Equals: e})
	}
	return l
}

// checkLinked resolves what a linked default names in its source form: the form, the
// fields the conditions compare (top-level, one value each, filterable: the runtime finds
// the source record with a query) and the field copied (one holding its own value).
// Package form checks the shape and this form's side of the conditions.
func checkLinked(t *Template, f *Field, all map[string]*Fields, x string, c *collector) {
	l := f.Linked
	at := ptr(x, "linked")
	if l.Form == "" {
		return // package form reports it
	}
	src := t.FormByKey(l.Form)
	if src == nil {
		unknownForm(c, ptr(at, "form"), l.Form)
		return
	}
	fs := all[l.Form]
	qf := queryFields(fs, all)
	name := src.Name
	for i, m := range l.Match {
		if m.Field == "" {
			continue
		}
		mp := ptr(at, "match", strconv.Itoa(i), "field")
		sf := fs.Get(m.Field)
		q, listed := qf[m.Field]
		switch {
		case sf == nil:
			unknownSourceField(c, mp, name, m.Field)
		case !listed || !q.Filter || q.Type == querylang.Array || q.Type == querylang.Object || sf.Def().Rows:
			c.add(mp, "bad_link",
				fmt.Sprintf("Records of %q cannot be matched on %q: choose a field holding one value.", name.EN, fieldLabel(sf).EN),
				fmt.Sprintf("不能按「%s」匹配「%s」的数据：请选择只有一个值的字段。", fieldLabel(sf).ZH, name.ZH))
		}
	}
	if l.Value == "" {
		return
	}
	vp := ptr(at, "value")
	vf := fs.Get(l.Value)
	switch {
	case vf == nil:
		unknownSourceField(c, vp, name, l.Value)
	case vf.Def().Container:
		c.add(vp, "bad_link",
			fmt.Sprintf("The %s field %q cannot be copied into a field.", vf.Type, fieldLabel(vf).EN),
			fmt.Sprintf("不能带出「%s」：它不是单个字段的值。", fieldLabel(vf).ZH))
	case jsonType(vf.Schema) != "" && jsonType(f.Schema) != "" && jsonType(vf.Schema) != jsonType(f.Schema):
		c.add(vp, "type_mismatch",
			fmt.Sprintf("%q holds a %s; %q needs a %s.", fieldLabel(vf).EN, jsonType(vf.Schema), fieldLabel(f).EN, jsonType(f.Schema)),
			fmt.Sprintf("「%s」的值类型（%s）与「%s」（%s）不同。", fieldLabel(vf).ZH, jsonType(vf.Schema), fieldLabel(f).ZH, jsonType(f.Schema)))
	}
}

func unknownSourceField(c *collector, at string, form Text, key string) {
	c.add(at, "unknown_field",
		fmt.Sprintf("The form %q has no field %q.", form.EN, key),
		fmt.Sprintf("表单「%s」中没有字段 %q。", form.ZH, key))
}

// fieldLabel is a field's label in both languages, the key standing in for a missing one.
func fieldLabel(f *Field) Text {
	l := f.Label
	if l.ZH == "" {
		l.ZH = f.Key
	}
	if l.EN == "" {
		l.EN = l.ZH
	}
	return l
}
