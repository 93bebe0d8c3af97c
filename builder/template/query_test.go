package template_test

import (
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store/querylang"
)

// What views and dashboards may use of each field type: the allow-list handed to the
// query language.
func TestQueryFields(t *testing.T) {
	tpl, err := template.Check(readFile(t, "testdata/valid/crm.json"))
	if err != nil {
		t.Fatal(err)
	}
	fs := tpl.QueryFields(1) // opportunity
	if err := fs.Validate(); err != nil {
		t.Fatal(err)
	}
	scalar := func(tp querylang.FieldType) querylang.Field {
		return querylang.Field{Type: tp, Filter: true, Sort: true, Group: true}
	}
	want := map[string]querylang.Field{
		"number":         scalar(querylang.String),
		"title":          scalar(querylang.String),
		"customer":       scalar(querylang.String),
		"industry":       scalar(querylang.String), // a lookup of a select
		"stage":          scalar(querylang.String),
		"closeDate":      scalar(querylang.Date),
		"owner":          scalar(querylang.String),
		"total":          scalar(querylang.Number), // a formula with a number result
		"items.product":  {Type: querylang.String, Filter: true},
		"items.qty":      {Type: querylang.Number, Filter: true},
		"items.price":    {Type: querylang.Number, Filter: true},
		"items.subtotal": {Type: querylang.Number, Filter: true},
	}
	for path, w := range want {
		if got, ok := fs[path]; !ok || unlabelled(got) != w {
			t.Errorf("%s: got %+v (listed %v), want %+v", path, got, ok, w)
		}
	}
	// Query errors call a field by its label, a sub-form column too.
	if l := fs["title"].Label; l.ZH != "商机名称" || l.EN != "Title" {
		t.Errorf("title's label: %+v", l)
	}
	if l := fs["items.qty"].Label; l.ZH != "数量" {
		t.Errorf("a column's label: %+v", l)
	}
	if _, ok := fs["items"]; ok {
		t.Error("a sub-form is not a queryable value; its columns are")
	}
	for _, meta := range []string{"_id", "_created", "_updated", template.PathStage, template.PathDue, template.PathOverdue, template.PathFlowStatus} {
		if _, ok := fs[meta]; !ok {
			t.Errorf("meta field %s not listed", meta)
		}
	}
	if len(tpl.QueryFields(7)) != len(querylang.MetaFields())+4 {
		t.Error("a form index out of range has only the meta fields")
	}
}

func TestQueryFieldsOfLists(t *testing.T) {
	d := crm(t)
	props := obj(d, "forms", 0, "schema", "properties")
	props["tags"] = doc{"type": "array", "uniqueItems": true, "items": doc{"type": "string", "enum": []any{"a"}},
		"x-formloom": doc{"type": "multiselect", "label": doc{"zh-CN": "标签"},
			"options": []any{doc{"value": "a", "label": doc{"zh-CN": "甲"}}}}}
	props["team"] = doc{"type": "array", "items": doc{"type": "string"},
		"x-formloom": doc{"type": "member", "label": doc{"zh-CN": "团队"}, "multiple": true}}
	props["vip"] = doc{"type": "boolean", "x-formloom": doc{"type": "checkbox", "label": doc{"zh-CN": "重要"}}}
	tpl := checked(t, d)
	fs := tpl.QueryFields(0)
	arr := querylang.Field{Type: querylang.Array, Elem: querylang.String, Filter: true}
	if unlabelled(fs["tags"]) != arr || unlabelled(fs["team"]) != arr {
		t.Errorf("lists: tags %+v team %+v", fs["tags"], fs["team"])
	}
	if unlabelled(fs["vip"]) != (querylang.Field{Type: querylang.Bool, Filter: true, Sort: true, Group: true}) {
		t.Errorf("checkbox: %+v", fs["vip"])
	}

	// A view may filter on a list but not sort or group a board by it.
	obj(d, "views", 0)["form"] = "customer"
	obj(d, "views", 0)["columns"] = []any{"name", "tags"}
	obj(d, "views", 0)["filter"] = doc{"field": "tags", "op": "eq", "value": "a"}
	obj(d, "views", 0)["sort"] = []any{"tags"}
	raw := mustMarshal(t, d)
	_, err := template.Check(raw)
	p := problemsOf(t, err)
	if got := list(p); len(got) != 1 || got[0] != "/views/0/sort/0 not_sortable" {
		t.Fatalf("got %q", got)
	}
}

func TestProblemsError(t *testing.T) {
	_, err := template.Check([]byte(`{"key": "a-b", "name": {"zh-CN": "甲"}, "forms": [], "x": 1}`))
	if got := err.Error(); got != `template: minItems at /forms: Minimum 1 items required, but found 0 items. (and 1 more problems)` {
		t.Fatalf("Error() = %q", got)
	}
	_, err = template.Check([]byte(`[`))
	if got := err.Error(); got == "" || got[:9] != "template:" {
		t.Fatalf("Error() = %q", got)
	}
}

func TestTextIn(t *testing.T) {
	both := template.Text{ZH: "线索", EN: "Lead"}
	zhOnly := template.Text{ZH: "线索"}
	for _, c := range []struct {
		t    template.Text
		lang string
		want string
	}{
		{both, "zh-CN", "线索"}, {both, "zh", "线索"}, {both, "en-US", "Lead"}, {both, "", "Lead"},
		{zhOnly, "en", "线索"}, {template.Text{EN: "Lead"}, "zh-CN", "Lead"},
	} {
		if got := c.t.In(c.lang); got != c.want {
			t.Errorf("%+v.In(%q) = %q, want %q", c.t, c.lang, got, c.want)
		}
	}
}

// unlabelled is f without the label its messages use.
func unlabelled(f querylang.Field) querylang.Field {
	f.Label = fault.Text{}
	return f
}
