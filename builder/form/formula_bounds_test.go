package form_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// A formula that copies a field many times is refused on its own field before it builds
// anything; a short input passes.
func TestFormulaBombIsRefusedOnItsField(t *testing.T) {
	bomb := "CONCAT(" + strings.TrimSuffix(strings.Repeat("s, ", 250), ", ") + ")"
	b, _ := json.Marshal(bomb)
	f := mustCompileProps(t, `"s": {"type": "string", "maxLength": 200000, "x-formloom": {"type": "textarea"}},
		"out": {"type": "string", "readOnly": true, "x-formloom": {"type": "formula", "expr": `+string(b)+`}}`)

	rec, err := prepare(t, f, `{"s": "ab"}`)
	if err != nil {
		t.Fatalf("short input: %v", err)
	}
	if got := rec["out"].(string); len(got) != 500 {
		t.Fatalf("out has %d bytes, want 500", len(got))
	}

	in, _ := json.Marshal(map[string]string{"s": strings.Repeat("x", 100_000)})
	_, err = prepare(t, f, string(in))
	fe, codes := fieldCodes(t, err)
	if fe.Code != "validation_failed" || codes["/out"] != "formula_budget" || len(codes) != 1 {
		t.Fatalf("got %s %v, want formula_budget on /out", fe.Code, codes)
	}
}

// A result over 64 KB is refused even when the work stays within budget.
func TestFormulaResultOver64KBIsRefused(t *testing.T) {
	f := mustCompileProps(t, `"s": {"type": "string", "maxLength": 200000, "x-formloom": {"type": "textarea"}},
		"out": {"type": "string", "readOnly": true, "x-formloom": {"type": "formula", "expr": "CONCAT(s, s)"}}`)
	in, _ := json.Marshal(map[string]string{"s": strings.Repeat("x", 40_000)})
	_, err := prepare(t, f, string(in))
	_, codes := fieldCodes(t, err)
	if codes["/out"] != "formula_too_long" {
		t.Fatalf("got %v, want formula_too_long on /out", codes)
	}
}

// DATEDIF counts days across the whole range of dates (0001 to 9999), where a duration
// would overflow.
func TestDateDifWholeRange(t *testing.T) {
	f := mustCompileProps(t, `"a": {"type": "string", "format": "date", "x-formloom": {"type": "date"}},
		"b": {"type": "string", "format": "date", "x-formloom": {"type": "date"}},
		"d": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": "DATEDIF(a, b, \"d\")"}},
		"y": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": "DATEDIF(a, b, \"y\")"}}`)
	for _, c := range []struct {
		a, b string
		d, y float64
	}{
		{"0001-01-01", "9999-12-31", 3652058, 9998},
		{"9999-12-31", "0001-01-01", -3652058, -9998},
		{"1700-03-01", "2300-03-01", 219145, 600},
	} {
		rec, err := prepare(t, f, `{"a": "`+c.a+`", "b": "`+c.b+`"}`)
		if err != nil {
			t.Fatal(err)
		}
		if rec["d"] != c.d || rec["y"] != c.y {
			t.Errorf("DATEDIF(%s, %s): d=%v y=%v, want %v %v", c.a, c.b, rec["d"], rec["y"], c.d, c.y)
		}
	}
}
