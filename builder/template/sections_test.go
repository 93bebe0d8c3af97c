package template_test

import (
	"encoding/json"
	"testing"

	"github.com/formloom/formloom/builder/template"
)

// withSections is the crm fixture with the sections given on its second form's layout.
func withSections(t *testing.T, sections []any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(readFile(t, "testdata/valid/crm.json"), &doc); err != nil {
		t.Fatal(err)
	}
	form := doc["forms"].([]any)[1].(map[string]any)
	ui, _ := form["ui"].(map[string]any)
	if ui == nil {
		ui = map[string]any{}
		form["ui"] = ui
	}
	ui["sections"] = sections
	return mustMarshal(t, doc)
}

func TestSectionsAreCheckedAgainstTheFormsFields(t *testing.T) {
	title := map[string]any{"zh-CN": "明细", "en": "Items"}
	ok := withSections(t, []any{map[string]any{"title": title, "fields": []any{"items", "total"}, "collapsible": true}})
	tpl, err := template.Check(ok)
	if err != nil {
		t.Fatalf("a section of the form's fields is refused: %v", err)
	}
	if got := tpl.Forms[1].UI.Sections; len(got) != 1 || !got[0].Collapsible || len(got[0].Fields) != 2 {
		t.Fatalf("sections not kept: %+v", got)
	}
	for _, tc := range []struct {
		name     string
		sections []any
		at, code string
	}{
		{"an unknown field", []any{map[string]any{"title": title, "fields": []any{"nope"}}}, "/forms/1/ui/sections/0/fields/0", "unknown_field"},
		{"a sub-form column", []any{map[string]any{"title": title, "fields": []any{"items.subtotal"}}}, "/forms/1/ui/sections/0/fields/0", "bad_section"},
		{"a field in two sections", []any{
			map[string]any{"title": title, "fields": []any{"items"}},
			map[string]any{"title": title, "fields": []any{"total", "items"}},
		}, "/forms/1/ui/sections/1/fields/1", "bad_section"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := template.Check(withSections(t, tc.sections))
			if p := problemsOf(t, err); !p.Has(tc.at, tc.code) {
				t.Fatalf("want %s at %s, got %q", tc.code, tc.at, list(p))
			}
		})
	}
	_, err = template.Check(withSections(t, []any{map[string]any{"title": title, "fields": []any{}}}))
	_ = problemsOf(t, err) // refused, whatever the problem's wording
}
