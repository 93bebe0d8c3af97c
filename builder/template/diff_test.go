package template_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/template"
)

// doc is a decoded template, edited by the diff cases.
type doc = map[string]any

func obj(v any, path ...any) doc {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(doc)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v.(doc)
}

// prop returns the property of form i (a field key, or "sub.col" for a column).
func prop(d doc, i int, path string) doc {
	props := obj(d, "forms", i, "schema", "properties")
	if sub, col, ok := strings.Cut(path, "."); ok {
		return obj(props, sub, "items", "properties", col)
	}
	return obj(props, path)
}

func checked(t *testing.T, d doc) *template.Template {
	t.Helper()
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := template.Check(raw)
	if err != nil {
		if p := (*template.Problems)(nil); errors.As(err, &p) {
			t.Fatalf("edited template refused: %q", list(p))
		}
		t.Fatal(err)
	}
	return tpl
}

func crm(t *testing.T) doc {
	var d doc
	if err := json.Unmarshal(readFile(t, "testdata/valid/crm.json"), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func describe(cs []template.Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		b := ""
		if c.Breaking {
			b = " breaking"
		}
		out[i] = fmt.Sprintf("%s %s%s", c.Kind, c.Pointer, b)
	}
	return out
}

const (
	cust = "/forms/0/schema/properties/"
	opp  = "/forms/1/schema/properties/"
)

func TestDiff(t *testing.T) {
	cases := []struct {
		name string
		edit func(d doc)
		want []string // "kind pointer[ breaking]", in order
	}{
		{"nothing", func(d doc) {}, nil},
		{"field removed", func(d doc) {
			delete(obj(d, "forms", 0, "schema", "properties"), "phone")
			obj(d, "forms", 0, "ui")["order"] = []any{"name", "industry", "owner"}
		}, []string{"ui_changed /forms/0/ui", "field_removed " + cust + "phone breaking"}},
		{"optional field added", func(d doc) {
			obj(d, "forms", 0, "schema", "properties")["email"] = doc{"type": "string", "format": "email",
				"x-formloom": doc{"type": "email", "label": doc{"zh-CN": "邮箱"}}}
		}, []string{"field_added " + cust + "email"}},
		{"required field added", func(d doc) {
			obj(d, "forms", 0, "schema", "properties")["source"] = doc{"type": "string", "maxLength": 50,
				"x-formloom": doc{"type": "text", "label": doc{"zh-CN": "来源"}}}
			s := obj(d, "forms", 0, "schema")
			s["required"] = append(s["required"].([]any), "source")
		}, []string{"field_added " + cust + "source", "required_added " + cust + "source breaking"}},
		{"label renamed", func(d doc) {
			obj(prop(d, 0, "name"), "x-formloom")["label"] = doc{"zh-CN": "公司名称", "en": "Company"}
		}, []string{"label_changed " + cust + "name/x-formloom/label"}},
		{"type changed", func(d doc) {
			x := obj(prop(d, 0, "phone"), "x-formloom")
			x["type"] = "text"
			delete(x, "kind")
		}, []string{"type_changed " + cust + "phone/x-formloom/type breaking"}},
		{"json type changed", func(d doc) {
			p := prop(d, 1, "total")
			p["type"] = "boolean"
			obj(p, "x-formloom")["expr"] = "SUM(items.subtotal) > 10000"
			// The dashboard summed the total: it now counts instead.
			obj(d, "dashboards", 0, "widgets", 0, "aggregation")["metrics"] = []any{doc{"op": "count", "as": "n"}}
		}, []string{"type_changed " + opp + "total/type breaking", "dashboard_changed /dashboards/0"}},
		{"integer widened to number", func(d doc) {
			prop(d, 1, "items.qty")["type"] = "number"
		}, []string{"constraint_relaxed " + opp + "items/items/properties/qty/type"}},
		{"required added to an existing field", func(d doc) {
			s := obj(d, "forms", 0, "schema")
			s["required"] = []any{"name", "phone"}
		}, []string{"required_added " + cust + "phone breaking"}},
		{"required removed", func(d doc) {
			obj(d, "forms", 0, "schema")["required"] = []any{}
		}, []string{"required_removed " + cust + "name"}},
		{"required column added to a sub-form", func(d doc) {
			row := obj(prop(d, 1, "items"), "items")
			obj(row, "properties")["note"] = doc{"type": "string", "x-formloom": doc{"type": "text", "label": doc{"zh-CN": "备注"}}}
			row["required"] = []any{"product", "qty", "price", "note"}
		}, []string{"field_added " + opp + "items/items/properties/note", "required_added " + opp + "items/items/properties/note breaking"}},
		{"required removed in a sub-form row", func(d doc) {
			obj(prop(d, 1, "items"), "items")["required"] = []any{"product", "qty"}
		}, []string{"required_removed " + opp + "items/items/properties/price"}},
		{"option removed", func(d doc) {
			p := prop(d, 1, "stage")
			p["enum"] = []any{"new", "proposal", "won"}
			x := obj(p, "x-formloom")
			x["options"] = x["options"].([]any)[:3]
		}, []string{"option_removed " + opp + "stage/enum breaking"}},
		{"option added and relabelled", func(d doc) {
			p := prop(d, 1, "stage")
			p["enum"] = []any{"new", "proposal", "won", "lost", "paused"}
			x := obj(p, "x-formloom")
			opts := x["options"].([]any)
			opts[0].(doc)["label"] = doc{"zh-CN": "新商机", "en": "New"}
			x["options"] = append(opts, doc{"value": "paused", "label": doc{"zh-CN": "暂停"}})
		}, []string{"option_added " + opp + "stage/enum", "option_label_changed " + opp + "stage/x-formloom/options/0/label"}},
		{"maxLength lowered", func(d doc) {
			prop(d, 0, "name")["maxLength"] = 50
		}, []string{"constraint_tightened " + cust + "name/maxLength breaking"}},
		{"maxLength raised", func(d doc) {
			prop(d, 0, "name")["maxLength"] = 150
		}, []string{"constraint_relaxed " + cust + "name/maxLength"}},
		{"minimum raised in a sub-form row", func(d doc) {
			prop(d, 1, "items.qty")["minimum"] = 2
		}, []string{"constraint_tightened " + opp + "items/items/properties/qty/minimum breaking"}},
		{"minimum lowered", func(d doc) {
			prop(d, 1, "items.qty")["minimum"] = 0
		}, []string{"constraint_relaxed " + opp + "items/items/properties/qty/minimum"}},
		{"maximum added", func(d doc) {
			prop(d, 1, "items.price")["maximum"] = 1000000
		}, []string{"constraint_tightened " + opp + "items/items/properties/price/maximum breaking"}},
		{"minimum removed", func(d doc) {
			delete(prop(d, 1, "items.price"), "minimum")
		}, []string{"constraint_relaxed " + opp + "items/items/properties/price/minimum"}},
		{"precision lowered", func(d doc) {
			obj(prop(d, 1, "items.price"), "x-formloom")["precision"] = 0
		}, []string{"constraint_tightened " + opp + "items/items/properties/price/x-formloom/precision breaking"}},
		{"sub-form rows limited further", func(d doc) {
			obj(prop(d, 1, "items"), "x-formloom")["maxRows"] = 10
		}, []string{"constraint_tightened " + opp + "items/x-formloom/maxRows breaking"}},
		{"unique added", func(d doc) {
			obj(prop(d, 0, "phone"), "x-formloom")["unique"] = true
		}, []string{"constraint_tightened " + cust + "phone/x-formloom/unique breaking"}},
		{"unique removed", func(d doc) {
			delete(obj(prop(d, 0, "name"), "x-formloom"), "unique")
		}, []string{"constraint_relaxed " + cust + "name/x-formloom/unique"}},
		{"phone kind widened", func(d doc) {
			obj(prop(d, 0, "phone"), "x-formloom")["kind"] = "any"
		}, []string{"constraint_relaxed " + cust + "phone/x-formloom/kind"}},
		{"pattern added", func(d doc) {
			prop(d, 0, "name")["pattern"] = "^[^0-9]"
		}, []string{"constraint_tightened " + cust + "name/pattern breaking"}},
		{"unmodelled keyword changed", func(d doc) {
			prop(d, 0, "name")["not"] = doc{"const": "test"}
		}, []string{"constraint_changed " + cust + "name/not breaking"}},
		{"sub-form column removed", func(d doc) {
			delete(obj(prop(d, 1, "items"), "items", "properties"), "price")
			obj(prop(d, 1, "items"), "items")["required"] = []any{"product", "qty"}
			obj(prop(d, 1, "items.subtotal"), "x-formloom")["expr"] = "qty"
		}, []string{
			"computed_changed " + opp + "items/items/properties/subtotal/x-formloom/expr",
			"field_removed " + opp + "items/items/properties/price breaking"}},
		{"relation target changed", func(d doc) {
			obj(prop(d, 1, "customer"), "x-formloom")["form"] = "opportunity"
			delete(obj(d, "forms", 1, "schema", "properties"), "industry")
		}, []string{"type_changed " + opp + "customer/x-formloom/form breaking", "field_removed " + opp + "industry breaking"}},
		{"formula changed", func(d doc) {
			obj(prop(d, 1, "total"), "x-formloom")["expr"] = "SUM(items.subtotal) * 1.06"
		}, []string{"computed_changed " + opp + "total/x-formloom/expr"}},
		{"field settings changed", func(d doc) {
			obj(prop(d, 1, "items.price"), "x-formloom")["currency"] = "USD"
		}, []string{"field_settings_changed " + opp + "items/items/properties/price/x-formloom/currency"}},
		{"form-level rule added", func(d doc) {
			obj(d, "forms", 1, "schema")["dependentRequired"] = doc{"closeDate": []any{"owner"}}
		}, []string{"rules_changed /forms/1/schema/dependentRequired breaking"}},
		{"form added", func(d doc) {
			f := obj(d, "forms", 0)
			d["forms"] = append(d["forms"].([]any), doc{"key": "contact", "name": doc{"zh-CN": "联系人"}, "schema": f["schema"]})
		}, []string{"form_added /forms/2"}},
		{"form removed", func(d doc) {
			d["forms"] = d["forms"].([]any)[:1]
			d["permissions"] = []any{obj(d, "permissions", 0), obj(d, "permissions", 2), obj(d, "permissions", 4)}
			d["views"] = []any{}
			obj(d, "dashboards", 0)["widgets"] = []any{obj(d, "dashboards", 0, "widgets", 1)}
		}, []string{"form_removed /forms/1 breaking",
			"permission_removed /permissions/1", "permission_removed /permissions/3",
			"view_removed /views/0", "view_removed /views/1", "dashboard_changed /dashboards/0"}},
		{"form renamed", func(d doc) {
			obj(d, "forms", 0)["name"] = doc{"zh-CN": "客户档案", "en": "Accounts"}
		}, []string{"name_changed /forms/0/name"}},
		{"roles", func(d doc) {
			obj(d, "roles", 1)["name"] = doc{"zh-CN": "销售经理"}
			d["roles"] = append(d["roles"].([]any), doc{"key": "director", "name": doc{"zh-CN": "销售总监"}})
		}, []string{"name_changed /roles/1/name", "role_added /roles/2"}},
		{"role removed with its permissions", func(d doc) {
			d["roles"] = d["roles"].([]any)[:1]
			d["permissions"] = d["permissions"].([]any)[:2]
		}, []string{"role_removed /roles/1", "permission_removed /permissions/2",
			"permission_removed /permissions/3", "permission_removed /permissions/4"}},
		{"permission changed", func(d doc) {
			obj(d, "permissions", 0)["scope"] = "department"
			obj(d, "permissions", 2)["actions"] = []any{"export", "delete", "update", "read"} // same set
		}, []string{"permission_changed /permissions/0"}},
		{"views", func(d doc) {
			obj(d, "views", 0)["filter"] = doc{"field": "stage", "op": "eq", "value": "won"}
			obj(d, "views", 1)["name"] = doc{"zh-CN": "看板"}
			d["views"] = append(d["views"].([]any), doc{"key": "all", "form": "customer", "name": doc{"zh-CN": "全部客户"}})
		}, []string{"view_changed /views/0", "name_changed /views/1/name", "view_added /views/2"}},
		{"dashboards", func(d doc) {
			obj(d, "dashboards", 0, "widgets", 0)["chart"] = "pie"
			d["dashboards"] = append(d["dashboards"].([]any), doc{"key": "empty", "name": doc{"zh-CN": "空"}, "widgets": []any{}})
		}, []string{"dashboard_changed /dashboards/0", "dashboard_added /dashboards/1"}},
		{"pipelines and automations", func(d doc) {
			d["pipelines"] = []any{doc{"key": "handling", "form": "opportunity",
				"nodes": []any{doc{"key": "start", "type": "start"}, doc{"key": "end", "type": "end"}},
				"edges": []any{doc{"from": "start", "to": "end"}}}}
			d["automations"] = []any{doc{"key": "remind", "form": "opportunity", "on": doc{"event": "created"},
				"actions": []any{doc{"type": "notify", "to": []any{doc{"type": "submitter"}}}}}}
			d["calendar"] = doc{"timezone": "Asia/Shanghai"}
		}, []string{"pipeline_added /pipelines/0", "automation_added /automations/0", "calendar_changed /calendar"}},
		{"template metadata", func(d doc) {
			d["version"] = "1.1.0"
			d["name"] = doc{"zh-CN": "客户管理", "en": "CRM"}
		}, []string{"template_changed ", "name_changed /name"}},
	}
	base := checked(t, crm(t))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := crm(t)
			tc.edit(d)
			got := describe(template.Diff(base, checked(t, d)))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("changes:\n got  %q\n want %q", got, tc.want)
			}
			breaking := false
			for _, w := range tc.want {
				breaking = breaking || strings.HasSuffix(w, " breaking")
			}
			if template.Breaking(template.Diff(base, checked(t, d))) != breaking {
				t.Fatalf("Breaking() = %v", !breaking)
			}
		})
	}
}

func TestDiffPipelineChanged(t *testing.T) {
	d := crm(t)
	d["pipelines"] = []any{doc{"key": "handling", "form": "opportunity",
		"nodes": []any{doc{"key": "a", "type": "start"}, doc{"key": "z", "type": "end"}},
		"edges": []any{doc{"from": "a", "to": "z"}}}}
	old := checked(t, d)
	d["pipelines"] = []any{doc{"key": "handling", "form": "opportunity",
		"nodes": []any{doc{"key": "a", "type": "start"}, doc{"key": "b", "type": "task", "assignees": []any{doc{"type": "submitter"}}}, doc{"key": "z", "type": "end"}},
		"edges": []any{doc{"from": "a", "to": "b"}, doc{"from": "b", "to": "z"}}}}
	got := describe(template.Diff(old, checked(t, d)))
	if len(got) != 1 || got[0] != "pipeline_changed /pipelines/0" {
		t.Fatalf("got %q", got)
	}
	d["pipelines"] = []any{}
	got = describe(template.Diff(old, checked(t, d)))
	if len(got) != 1 || got[0] != "pipeline_removed /pipelines/0" {
		t.Fatalf("got %q", got)
	}
}

func TestDiffCarriesValues(t *testing.T) {
	d := crm(t)
	prop(d, 0, "name")["maxLength"] = 80
	obj(prop(d, 0, "name"), "x-formloom")["label"] = doc{"zh-CN": "名称"}
	cs := template.Diff(checked(t, crm(t)), checked(t, d))
	if len(cs) != 2 {
		t.Fatalf("got %+v", cs)
	}
	label, limit := cs[0], cs[1]
	if label.Kind != template.ChangeLabel || label.Form != "customer" || label.Field != "name" ||
		string(label.To) != `{"zh-CN":"名称"}` || !strings.Contains(string(label.From), "客户名称") {
		t.Errorf("label change: %+v", label)
	}
	if limit.Kind != template.ChangeConstraintTightened || string(limit.From) != "100" || string(limit.To) != "80" || !limit.Breaking {
		t.Errorf("limit change: kind %s from %s to %s", limit.Kind, limit.From, limit.To)
	}
	b, _ := json.Marshal(limit)
	if !strings.Contains(string(b), `"breaking":true`) || !strings.Contains(string(b), `"field":"name"`) {
		t.Errorf("JSON: %s", b)
	}
}

func TestDiffDefaultScope(t *testing.T) {
	d := crm(t)
	delete(obj(d, "permissions", 2), "scope")
	old := checked(t, d)
	obj(d, "permissions", 2)["scope"] = "all"
	if cs := template.Diff(old, checked(t, d)); len(cs) != 0 {
		t.Fatalf("no scope and scope all are the same grant, got %q", describe(cs))
	}
	obj(d, "permissions", 2)["scope"] = "own"
	if cs := describe(template.Diff(old, checked(t, d))); len(cs) != 1 || cs[0] != "permission_changed /permissions/2" {
		t.Fatalf("got %q", cs)
	}
}

func TestDiffAttachmentTypes(t *testing.T) {
	withAccept := func(accept ...any) *template.Template {
		d := crm(t)
		obj(d, "forms", 0, "schema", "properties")["files"] = doc{"type": "array", "items": doc{"type": "string"},
			"x-formloom": doc{"type": "attachment", "label": doc{"zh-CN": "附件"}, "accept": accept}}
		return checked(t, d)
	}
	old := withAccept("image/*", "application/pdf")
	at := cust + "files/x-formloom/accept"
	if got := describe(template.Diff(old, withAccept("image/*"))); len(got) != 1 || got[0] != "constraint_tightened "+at+" breaking" {
		t.Errorf("fewer types: %q", got)
	}
	if got := describe(template.Diff(old, withAccept("image/*", "application/pdf", "text/plain"))); len(got) != 1 || got[0] != "constraint_relaxed "+at {
		t.Errorf("more types: %q", got)
	}
}

func TestDiffNil(t *testing.T) {
	if template.Diff(nil, nil) != nil {
		t.Fatal("nil templates have no diff")
	}
}
