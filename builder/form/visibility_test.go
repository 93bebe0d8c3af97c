package form_test

import (
	"encoding/json"
	"testing"

	"github.com/formloom/formloom/builder/form"
)

func visibleForm(t *testing.T) *form.Form {
	t.Helper()
	f, err := form.Compile(json.RawMessage(`{"type": "object", "required": ["title", "convertedAt"], "properties": {
		"title": {"type": "string", "x-formloom": {"type": "text"}},
		"converted": {"type": "boolean", "x-formloom": {"type": "checkbox"}},
		"convertedAt": {"type": "string", "format": "date", "x-formloom": {"type": "date"}},
		"echo": {"type": "string", "readOnly": true, "x-formloom": {"type": "formula", "expr": "CONCAT(title, convertedAt)"}}
	}}`), form.Options{Visible: map[string]json.RawMessage{
		"convertedAt": json.RawMessage(`{"properties": {"converted": {"const": true}}, "required": ["converted"]}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A field whose visibleWhen is false is not stored, nor required, and formulas do not see
// the value sent for it.
func TestHiddenFieldIsDroppedAndNotRequired(t *testing.T) {
	f := visibleForm(t)
	rec, err := prepare(t, f, `{"title": "a", "convertedAt": "2026-01-02"}`)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rec["convertedAt"]; ok || rec["echo"] != "a" {
		t.Fatalf("hidden value kept: %v", rec)
	}
	rec, err = prepare(t, f, `{"title": "a", "converted": true, "convertedAt": "2026-01-02"}`)
	if err != nil || rec["convertedAt"] != "2026-01-02" || rec["echo"] != "a2026-01-02" {
		t.Fatalf("visible value: %v %v", rec, err)
	}
	_, err = prepare(t, f, `{"title": "a", "converted": true}`)
	if _, codes := fieldCodes(t, err); codes["/convertedAt"] != "required" {
		t.Fatalf("shown and missing: %v", codes)
	}
}

// Required text means something written: blanks are missing.
func TestRequiredTextIsNotBlank(t *testing.T) {
	f := visibleForm(t)
	for _, title := range []string{`""`, `"   "`, `"\t\n"`} {
		_, err := prepare(t, f, `{"title": `+title+`}`)
		if _, codes := fieldCodes(t, err); codes["/title"] != "required" {
			t.Errorf("title %s: %v", title, codes)
		}
	}
}
