package template_test

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/template"
)

// linkedTemplate is a purchase form whose grade is filled from the supplier form where
// the supplier's name equals the purchase's supplier; linked is the grade's "linked".
func linkedTemplate(t *testing.T, linked any) []byte {
	t.Helper()
	text := func(zh, en string) map[string]any { return map[string]any{"zh-CN": zh, "en": en} }
	field := func(typ, zh, en string, schema map[string]any) map[string]any {
		schema["x-formloom"] = map[string]any{"type": typ, "label": text(zh, en)}
		return schema
	}
	grade := field("text", "供应商等级", "Supplier grade", map[string]any{"type": "string"})
	if linked != nil {
		grade["x-formloom"].(map[string]any)["linked"] = linked
	}
	doc := map[string]any{
		"key": "buy", "name": text("采购", "Purchasing"),
		"forms": []any{
			map[string]any{"key": "supplier", "name": text("供应商", "Suppliers"), "schema": map[string]any{
				"type": "object", "properties": map[string]any{
					"name":  field("text", "名称", "Name", map[string]any{"type": "string"}),
					"grade": field("text", "等级", "Grade", map[string]any{"type": "string"}),
					"score": field("number", "评分", "Score", map[string]any{"type": "number"}),
					"tags":  field("tags", "标签", "Tags", map[string]any{"type": "array", "items": map[string]any{"type": "string"}}),
				}}},
			map[string]any{"key": "purchase", "name": text("采购申请", "Purchase request"), "schema": map[string]any{
				"type": "object", "properties": map[string]any{
					"supplier": field("text", "供应商", "Supplier", map[string]any{"type": "string"}),
					"grade":    grade,
					"tags":     field("tags", "标签", "Tags", map[string]any{"type": "array", "items": map[string]any{"type": "string"}}),
					"total":    field("formula", "合计", "Total", map[string]any{"type": "number", "readOnly": true, "x-formloom": nil}),
				}}},
		},
	}
	props := doc["forms"].([]any)[1].(map[string]any)["schema"].(map[string]any)["properties"].(map[string]any)
	props["total"] = map[string]any{"type": "number", "readOnly": true, "x-formloom": map[string]any{"type": "formula", "label": text("合计", "Total"), "expr": "1"}}
	return mustMarshal(t, doc)
}

func TestLinkedDefaultChecked(t *testing.T) {
	ok := map[string]any{"form": "supplier", "match": []any{map[string]any{"field": "name", "equals": "supplier"}}, "value": "grade"}
	if _, err := template.Check(linkedTemplate(t, ok)); err != nil {
		t.Fatalf("a linked default naming existing fields is refused: %v", err)
	}
	base := "/forms/1/schema/properties/grade/x-formloom/linked"
	cases := []struct {
		name   string
		linked any
		want   []string // pointer code, relative to base
	}{
		{"unknown form", map[string]any{"form": "vendor", "match": []any{map[string]any{"field": "name", "equals": "supplier"}}, "value": "grade"},
			[]string{"/form unknown_form"}},
		{"unknown source fields", map[string]any{"form": "supplier", "match": []any{map[string]any{"field": "title", "equals": "supplier"}}, "value": "rank"},
			[]string{"/match/0/field unknown_field", "/value unknown_field"}},
		{"unknown field of this form", map[string]any{"form": "supplier", "match": []any{map[string]any{"field": "name", "equals": "vendor"}}, "value": "grade"},
			[]string{"/match/0/equals unknown_field"}},
		{"list fields cannot match", map[string]any{"form": "supplier", "match": []any{map[string]any{"field": "tags", "equals": "tags"}}, "value": "grade"},
			[]string{"/match/0/field bad_link", "/match/0/equals bad_link"}},
		{"value of another type", map[string]any{"form": "supplier", "match": []any{map[string]any{"field": "name", "equals": "supplier"}}, "value": "score"},
			[]string{"/value type_mismatch"}},
		{"matching itself", map[string]any{"form": "supplier", "match": []any{map[string]any{"field": "name", "equals": "grade"}}, "value": "grade"},
			[]string{"/match/0/equals bad_link"}},
		{"no conditions and a stray key", map[string]any{"form": "supplier", "match": []any{}, "value": "grade", "when": "x"},
			[]string{"/match required", "/when unknown_keyword"}},
		{"not an object", "supplier.grade", []string{" type_mismatch"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := template.Check(linkedTemplate(t, tc.linked))
			p := problemsOf(t, err)
			var got []string
			for _, x := range p.List {
				got = append(got, strings.Replace(x.Pointer, base, "", 1)+" "+x.Code)
				if x.Text.ZH == "" || x.Text.EN == "" || strings.Contains(x.Text.EN, "/") {
					t.Errorf("%s: the message must be words in both languages: %+v", x.Pointer, x.Text)
				}
			}
			sort.Strings(got)
			want := append([]string{}, tc.want...)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("problems:\n got  %q\n want %q", got, want)
			}
		})
	}
	// A linked default on a field the server fills is refused.
	var doc map[string]any
	_ = json.Unmarshal(linkedTemplate(t, nil), &doc)
	props := doc["forms"].([]any)[1].(map[string]any)["schema"].(map[string]any)["properties"].(map[string]any)
	props["total"].(map[string]any)["x-formloom"].(map[string]any)["linked"] = ok
	_, err := template.Check(mustMarshal(t, doc))
	if got := list(problemsOf(t, err)); len(got) != 1 || got[0] != "/forms/1/schema/properties/total/x-formloom/linked not_allowed" {
		t.Fatalf("a formula with a linked default: %q", got)
	}
}

// A plain default (JSON Schema "default") must fit its field, and fields the server
// fills have none.
func TestPlainDefaultChecked(t *testing.T) {
	set := func(key string, v any) []byte {
		var doc map[string]any
		_ = json.Unmarshal(linkedTemplate(t, nil), &doc)
		props := doc["forms"].([]any)[1].(map[string]any)["schema"].(map[string]any)["properties"].(map[string]any)
		props[key].(map[string]any)["default"] = v
		return mustMarshal(t, doc)
	}
	if _, err := template.Check(set("grade", "A")); err != nil {
		t.Fatalf("a text default is refused: %v", err)
	}
	for _, tc := range []struct {
		key  string
		v    any
		want string
	}{
		{"grade", 3, "/forms/1/schema/properties/grade/default bad_default"},
		{"tags", "a", "/forms/1/schema/properties/tags/default bad_default"},
		{"total", 1, "/forms/1/schema/properties/total/default not_allowed"},
	} {
		_, err := template.Check(set(tc.key, tc.v))
		if got := list(problemsOf(t, err)); len(got) != 1 || got[0] != tc.want {
			t.Errorf("default %v on %s: got %q, want %q", tc.v, tc.key, got, tc.want)
		}
	}
}
