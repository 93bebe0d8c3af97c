package form_test

import (
	"encoding/json"
	"github.com/formloom/formloom/builder/form"
	"reflect"
	"testing"
)

// formulaForm has one field of each kind a formula reads, a sub-form, and the formula
// under test in "out" with the given result schema.
func formulaForm(t *testing.T, result, expr string) error {
	t.Helper()
	b, _ := json.Marshal(expr)
	_, err := compileProps(t, formulaFields+`,"out": {`+result+`, "readOnly": true, "x-formloom": {"type": "formula", "expr": `+string(b)+`}}`)
	return err
}

const formulaFields = `
	"n": {"type": "number", "x-formloom": {"type": "number"}},
	"m": {"type": "number", "x-formloom": {"type": "number"}},
	"s": {"type": "string", "x-formloom": {"type": "text"}},
	"d": {"type": "string", "format": "date", "x-formloom": {"type": "date"}},
	"d2": {"type": "string", "format": "date", "x-formloom": {"type": "date"}},
	"at": {"type": "string", "format": "date-time", "x-formloom": {"type": "datetime"}},
	"ok": {"type": "boolean", "x-formloom": {"type": "checkbox"}},
	"tags": {"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ["a", "b", "c"]}, "x-formloom": {"type": "multiselect", "options": [{"value": "a"}, {"value": "b"}, {"value": "c"}]}},
	"rows": {"type": "array", "x-formloom": {"type": "subform"}, "items": {"type": "object", "properties": {
		"q": {"type": "number", "x-formloom": {"type": "number"}},
		"label": {"type": "string", "x-formloom": {"type": "text"}}}}}`

func TestFormulaFunctions(t *testing.T) {
	const record = `{"n": 7, "m": 0, "s": "Hello 世界", "d": "2026-01-31", "d2": "2027-03-15", "at": "2026-05-01T23:30:00Z",
		"ok": true, "tags": ["a", "c"], "rows": [{"q": 1.5, "label": "x"}, {"label": "y"}, {"q": 4}]}`
	num := `"type": "number"`
	str := `"type": "string"`
	boo := `"type": "boolean"`
	tests := []struct {
		result, expr string
		want         any // nil: the field has no value
	}{
		{num, "SUM(rows.q)", 5.5},
		{num, "SUM(n, m, 3)", 10.0},
		{num, "AVG(rows.q)", 5.5 / 3},
		{num, "MIN(rows.q)", 0.0},
		{num, "MAX(rows.q, n)", 7.0},
		{num, "COUNT(rows)", 3.0},
		{num, "COUNT(tags)", 2.0},
		{num, "ROUND(n / 3, 2)", 2.33},
		{num, "ROUND(2.675, 2)", 2.68},
		{num, "ROUND(-1.005, 2)", -1.01},
		{num, "ROUND(1234, -2)", 1200.0},
		{num, "0.1 + 0.2", 0.3},
		{num, "n / m", nil},
		{num, "missing_is_zero_below", nil},
		{num, "rows[0].q * 2", 3.0},
		{str, `IF(ok, "yes", "no")`, "yes"},
		{num, `IF(n > 10, 1, 2)`, 2.0},
		{num, `ok ? n : m`, 7.0},
		{str, `CONCAT(s, "-", n, "-", ok, "-", tags)`, "Hello 世界-7-true-a, c"},
		{num, `LEN(s)`, 8.0},
		{str, `UPPER(s) + LOWER("ABC")`, "HELLO 世界abc"},
		{str, `TODAY()`, "2026-05-02"},
		{str, `NOW()`, "2026-05-01T20:00:00.000Z"},
		{num, `DATEDIF(d, d2, "d")`, 408.0},
		{num, `DATEDIF(d, d2, "m")`, 13.0},
		{num, `DATEDIF(d, d2, "y")`, 1.0},
		{num, `DATEDIF(d2, d, "m")`, -13.0},
		{num, `DATEDIF(d, at, "d")`, 91.0}, // 23:30 UTC is already May 2 in CST
		{num, `DATEDIF("", d, "d")`, nil},
		{str, `DATEADD(d, 1, "m")`, "2026-02-28"},
		{str, `DATEADD(d, 1, "y")`, "2027-01-31"},
		{str, `DATEADD(d, -31, "d")`, "2025-12-31"},
		{str, `DATEADD(at, 1, "d")`, "2026-05-02T23:30:00.000Z"},
		{boo, `n > m && s != ""`, true},
		{boo, `"a" in tags`, true},
		{num, `-n ** 2`, -49.0},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			if tt.expr == "missing_is_zero_below" {
				// Missing numbers count as 0, so n + m on an empty record is 0.
				f := mustCompileFormula(t, num, "n + m")
				rec, err := prepare(t, f, `{}`)
				if err != nil || rec["out"] != 0.0 {
					t.Errorf("got %v, %v", rec["out"], err)
				}
				return
			}
			f := mustCompileFormula(t, tt.result, tt.expr)
			rec, err := prepare(t, f, record)
			if err != nil {
				t.Fatal(err)
			}
			got, present := rec["out"]
			if tt.want == nil {
				if present {
					t.Errorf("want no value, got %#v", got)
				}
				return
			}
			if w, ok := tt.want.(float64); ok {
				if g, ok := got.(float64); ok && (g-w < 1e-9 && w-g < 1e-9) {
					return
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func mustCompileFormula(t *testing.T, result, expr string) *form.Form {
	t.Helper()
	b, _ := json.Marshal(expr)
	return mustCompileProps(t, formulaFields+`,"out": {`+result+`, "readOnly": true, "x-formloom": {"type": "formula", "expr": `+string(b)+`}}`)
}

func TestFormulaMemoryIsBounded(t *testing.T) {
	// Concatenation doubles text; without loops it cannot run away, and the result is
	// still checked by the schema (maxLength here).
	f := mustCompileProps(t, `
		"s": {"type": "string", "x-formloom": {"type": "textarea"}},
		"out": {"type": "string", "maxLength": 100, "readOnly": true, "x-formloom": {"type": "formula", "expr": "s + s + s + s"}}`)
	_, err := prepare(t, f, `{"s": "`+string(make([]byte, 0))+`abcdefghijklmnopqrstuvwxyz"}`)
	_, got := fieldCodes(t, err)
	if got["/out"] != "maxLength" {
		t.Errorf("got %v", got)
	}
}

func TestFormulaDeclaredTypeIsChecked(t *testing.T) {
	if err := formulaForm(t, `"type": "boolean"`, "n + 1"); err == nil {
		t.Error("a number formula in a boolean field compiled")
	}
	if err := formulaForm(t, `"type": "string", "format": "date"`, `DATEADD(d, 1, "d")`); err != nil {
		t.Errorf("a date formula: %v", err)
	}
}
