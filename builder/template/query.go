package template

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// QueryFields describes form i's fields to the query language: every field a saved
// view, a dashboard or a scope filter of the template may filter, sort or group by, with
// the record's meta fields. Scalars allow every use; arrays (multi-selects, multiple
// members, attachments) and sub-form columns allow filtering only. Lookups take the type
// of the field they show; formulas the type of their result.
func (t *Template) QueryFields(i int) querylang.Fields {
	return queryFields(t.FormFields(i), t.allFields())
}

// allFields reads every form's fields, by form key.
func (t *Template) allFields() map[string]*Fields {
	all := make(map[string]*Fields, len(t.Forms))
	for i := range t.Forms {
		if _, dup := all[t.Forms[i].Key]; !dup {
			all[t.Forms[i].Key] = t.FormFields(i)
		}
	}
	return all
}

// The pipeline members of a record, as the query language names them.
const (
	PathStage      = "_stage"      // the stage label of the node the record is at
	PathFlowStatus = "_flowStatus" // running, approved, rejected, done, withdrawn
	PathDue        = "_due"        // when the current work is due
	PathOverdue    = "_overdue"    // the current work went overdue
)

func queryFields(fs *Fields, all map[string]*Fields) querylang.Fields {
	out := querylang.MetaFields()
	out[PathStage] = querylang.Field{Type: querylang.String, Filter: true, Sort: true, Group: true}
	out[PathFlowStatus] = querylang.Field{Type: querylang.String, Filter: true, Sort: true, Group: true}
	out[PathDue] = querylang.Field{Type: querylang.Datetime, Filter: true, Sort: true}
	out[PathOverdue] = querylang.Field{Type: querylang.Bool, Filter: true, Group: true}
	for _, f := range fs.List {
		if f.Def().Rows {
			for _, c := range f.Columns {
				if qf, ok := queryField(c, fs, all, 0); ok {
					// A column matches when some row matches; rows have no single value
					// to sort or group by.
					qf.Sort, qf.Group = false, false
					qf.Label = queryLabel(c)
					out[c.Path] = qf
				}
			}
			continue
		}
		if qf, ok := queryField(f, fs, all, 0); ok {
			qf.Label = queryLabel(f)
			out[f.Path] = qf
		}
	}
	return out
}

// queryLabel is what query errors call a field.
func queryLabel(f *Field) fault.Text {
	return fault.Text{EN: f.Label.In("en"), ZH: f.Label.In("zh")}
}

// queryField maps one field; lookups follow their relation at most a few hops.
func queryField(f *Field, fs *Fields, all map[string]*Fields, hops int) (querylang.Field, bool) {
	scalar := func(t querylang.FieldType) (querylang.Field, bool) {
		return querylang.Field{Type: t, Filter: true, Sort: true, Group: true}, true
	}
	array := func() (querylang.Field, bool) {
		return querylang.Field{Type: querylang.Array, Elem: querylang.String, Filter: true}, true
	}
	def, ok := form.TypeOf(form.Type(f.Type))
	if !ok {
		return querylang.Field{}, false
	}
	switch def.Query.How {
	case form.QueryScalar:
		return scalar(querylang.FieldType(def.Query.Kind))
	case form.QueryList:
		return array()
	case form.QueryIDs:
		if f.Multiple {
			return array()
		}
		return scalar(querylang.String)
	case form.QueryResult:
		switch f.Result {
		case "number", "integer":
			return scalar(querylang.Number)
		case "string":
			return scalar(querylang.String)
		case "boolean":
			return scalar(querylang.Bool)
		}
	case form.QueryFollow:
		if hops >= 3 {
			return querylang.Field{}, false
		}
		rel := fs.Get(sibling(f.Path, f.Relation))
		if rel == nil || !rel.relatesRecords() {
			return querylang.Field{}, false
		}
		target := all[rel.Form].Get(f.Target)
		if target == nil {
			return querylang.Field{}, false
		}
		qf, ok := queryField(target, all[rel.Form], all, hops+1)
		if ok && rel.Multiple && qf.Type != querylang.Array {
			return array()
		}
		return qf, ok
	}
	return querylang.Field{}, false
}

// templateParams gives every standard parameter a value of its real type, so that a
// filter written in a template is checked as it will be run. The values themselves do
// not matter; a fixed instant keeps checking pure.
func templateParams() querylang.Params {
	return querylang.StandardParams("", nil, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), nil)
}

// queryProblem records a query-language error at its pointer, in both languages. The
// English text is the query language's, written as a sentence here.
func queryProblem(err error, base string, c *collector) {
	var qe *store.QueryError
	if !errors.As(err, &qe) {
		c.add(base, fault.Problem("invalid.not_valid_query").Fill("reason", err.Error()))
		return
	}
	p := qe.Words()
	p.Text.EN = capitalize(p.Text.EN) + "."
	c.add(qe.Path, p)
}

func checkFilter(raw json.RawMessage, fields querylang.Fields, base string, c *collector) {
	if _, err := querylang.ParseFilter(raw, fields, templateParams(), base); err != nil {
		queryProblem(err, base, c)
	}
}

func checkSort(keys []string, fields querylang.Fields, base string, c *collector) {
	if len(keys) == 0 {
		return
	}
	if _, err := querylang.ParseSort(strings.Join(keys, ","), fields, base); err != nil {
		queryProblem(err, base, c)
	}
}

func checkAggregation(raw json.RawMessage, fields querylang.Fields, base string, c *collector) (store.Aggregation, bool) {
	a, err := querylang.ParseAggregation(raw, fields, templateParams(), base)
	if err != nil {
		queryProblem(err, base, c)
		return a, false
	}
	return a, true
}
