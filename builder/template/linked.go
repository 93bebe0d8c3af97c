package template

import (
	"strconv"

	"github.com/formloom/formloom/fault"
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
			c.add(mp, fault.Problem("bad_link.several_values").FillAll(map[string]fault.Text{"form": fault.Quoted(name.EN, name.ZH), "field": fault.Quoted(fieldLabel(sf).EN, fieldLabel(sf).ZH)}))
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
		c.add(vp, fault.Problem("bad_link.not_one_field").Fill("type", vf.Type).FillText("field", fault.Quoted(fieldLabel(vf).EN, fieldLabel(vf).ZH)))
	case jsonType(vf.Schema) != "" && jsonType(f.Schema) != "" && jsonType(vf.Schema) != jsonType(f.Schema):
		c.add(vp, fault.Problem("type_mismatch.linked_value").Fill("sourcetype", jsonType(vf.Schema)).Fill("fieldtype", jsonType(f.Schema)).
			FillAll(map[string]fault.Text{"source": fault.Quoted(fieldLabel(vf).EN, fieldLabel(vf).ZH), "field": fault.Quoted(fieldLabel(f).EN, fieldLabel(f).ZH)}))
	}
}

func unknownSourceField(c *collector, at string, form Text, key string) {
	c.add(at, fault.Problem("unknown_field.linked_form").FillAll(map[string]fault.Text{"form": fault.Quoted(form.EN, form.ZH), "key": {EN: strconv.Quote(key), ZH: strconv.Quote(key)}}))
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
