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

// A sub-form column's visibleWhen is tested on its row: in a row where it is false the
// column's value is dropped and the column is not required; in the other rows it is.
func TestHiddenColumnIsDroppedPerRow(t *testing.T) {
	f, err := form.Compile(json.RawMessage(`{"type": "object", "properties": {
		"kind": {"type": "string", "x-formloom": {"type": "text"}},
		"items": {"type": "array", "x-formloom": {"type": "subform"}, "items": {"type": "object", "required": ["name", "reason"], "properties": {
			"name": {"type": "string", "x-formloom": {"type": "text"}},
			"custom": {"type": "boolean", "x-formloom": {"type": "checkbox"}},
			"reason": {"type": "string", "x-formloom": {"type": "text"}},
			"echo": {"type": "string", "readOnly": true, "x-formloom": {"type": "formula", "expr": "CONCAT(name, reason)"}}
		}}}
	}}`), form.Options{Visible: map[string]json.RawMessage{
		"items.reason": json.RawMessage(`{"properties": {"custom": {"const": true}}, "required": ["custom"]}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Visible(); len(got) != 1 || got[0] != "items.reason" {
		t.Fatalf("Visible: %v", got)
	}
	rec, err := prepare(t, f, `{"kind": "x", "items": [{"name": "a", "reason": "sent anyway"}, {"name": "b", "custom": true, "reason": "why"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	rows := rec["items"].([]any)
	first, second := rows[0].(map[string]any), rows[1].(map[string]any)
	if _, kept := first["reason"]; kept || first["echo"] != "a" {
		t.Fatalf("hidden column kept in row 0: %v", first)
	}
	if second["reason"] != "why" || second["echo"] != "bwhy" {
		t.Fatalf("shown column in row 1: %v", second)
	}
	_, err = prepare(t, f, `{"items": [{"name": "a"}, {"name": "b", "custom": true, "reason": "  "}]}`)
	if _, codes := fieldCodes(t, err); len(codes) != 1 || codes["/items/1/reason"] != "required" {
		t.Fatalf("shown and blank in row 1 only: %v", codes)
	}
	// A row without the answer that shows the column hides it.
	rec, err = prepare(t, f, `{"kind": "x", "items": [{"name": "a", "reason": "r"}]}`)
	if err != nil || rec["items"].([]any)[0].(map[string]any)["reason"] != nil {
		t.Fatalf("row condition: %v %v", rec, err)
	}
}
