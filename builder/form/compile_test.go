package form_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
)

func TestFieldsDescribeTheForm(t *testing.T) {
	f := leadForm(t)
	fields := f.Fields()
	if len(fields) != 26 {
		t.Fatalf("want 26 fields, got %d", len(fields))
	}
	if fields[0].Key != "subject" || fields[len(fields)-1].Key != "summary" {
		t.Errorf("fields are not in schema order: first %q, last %q", fields[0].Key, fields[len(fields)-1].Key)
	}
	types := map[form.Type]bool{}
	for _, fd := range fields {
		types[fd.Type] = true
	}
	if len(types) < 14 {
		t.Errorf("the test form should use at least 14 field types, uses %d", len(types))
	}
	get := func(path string) *form.Field {
		t.Helper()
		fd, ok := f.Field(path)
		if !ok {
			t.Fatalf("no field %s", path)
		}
		return fd
	}
	tests := []struct {
		path  string
		check func(*form.Field) bool
		what  string
	}{
		{"subject", func(fd *form.Field) bool {
			return fd.Unique && fd.Required && fd.Kind == form.KindString && fd.MaxLength == 200
		}, "unique, required text, default maxLength 200"},
		{"notes", func(fd *form.Field) bool { return fd.MaxLength == 10000 }, "textarea maxLength 10000"},
		{"budget", func(fd *form.Field) bool {
			return fd.Kind == form.KindNumber && fd.Precision == 2 && fd.Currency == "CNY"
		}, "money: 2 decimals, CNY"},
		{"due", func(fd *form.Field) bool { return fd.Kind == form.KindDate }, "date kind"},
		{"meetAt", func(fd *form.Field) bool { return fd.Kind == form.KindDatetime }, "datetime kind"},
		{"status", func(fd *form.Field) bool {
			return len(fd.Options) == 3 && fd.Options[1].Value == "following" && fd.Options[1].Label.ZH == "跟进中" && fd.Options[0].Color == "blue"
		}, "options with labels"},
		{"tags", func(fd *form.Field) bool {
			return fd.Kind == form.KindArray && fd.Elem == form.KindString && len(fd.Options) == 2
		}, "multiselect array of strings"},
		{"vip", func(fd *form.Field) bool { return fd.Kind == form.KindBool }, "bool"},
		{"phone", func(fd *form.Field) bool { return fd.Unique && fd.PhoneKind == form.PhoneMobile }, "unique mobile"},
		{"helpers", func(fd *form.Field) bool { return fd.Multiple && fd.Kind == form.KindArray }, "multiple members"},
		{"leadNo", func(fd *form.Field) bool {
			return fd.ServerOwned && fd.Serial != nil && fd.Serial.Source == "XS-{yyyy}-{seq:6}"
		}, "serial, server-owned"},
		{"contract", func(fd *form.Field) bool { return fd.Target == "contract" }, "relation target"},
		{"contractTitle", func(fd *form.Field) bool {
			return fd.ServerOwned && fd.Lookup != nil && fd.Lookup.Relation == "contract" && fd.Lookup.Field == "title"
		}, "lookup source"},
		{"files", func(fd *form.Field) bool { return fd.MaxCount == 3 && fd.MaxSize == 10485760 && len(fd.Accept) == 2 }, "attachment limits"},
		{"items", func(fd *form.Field) bool {
			return fd.Kind == form.KindArray && fd.Elem == form.KindObject && fd.MinRows == 1 && fd.MaxRows == 50 && len(fd.Children) == 4
		}, "sub-form with 4 row fields"},
		{"items.amount", func(fd *form.Field) bool {
			return fd.Type == form.Formula && fd.ServerOwned && fd.Path == "items.amount" && fd.Pointer == "/properties/items/items/properties/amount"
		}, "row formula with path and pointer"},
		{"items.qty", func(fd *form.Field) bool { return fd.Required && fd.Precision == 0 }, "required integer row field"},
		{"total", func(fd *form.Field) bool { return fd.Kind == form.KindNumber && fd.Expr == "SUM(items.amount)" }, "number formula"},
		{"overBudget", func(fd *form.Field) bool { return fd.Kind == form.KindBool }, "boolean formula"},
		{"summary", func(fd *form.Field) bool { return fd.Kind == form.KindString && fd.Label.EN == "Summary" }, "text formula"},
	}
	for _, tt := range tests {
		if fd := get(tt.path); !tt.check(fd) {
			t.Errorf("%s: want %s, got %+v", tt.path, tt.what, *fd)
		}
	}
	if f.Title() != "subject" {
		t.Errorf("title field: %q", f.Title())
	}
}

func TestSchemaGetsDefaults(t *testing.T) {
	var s struct {
		Properties map[string]struct {
			MaxLength *int `json:"maxLength"`
			MinItems  *int `json:"minItems"`
			MaxItems  *int `json:"maxItems"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(leadForm(t).Schema(), &s); err != nil {
		t.Fatal(err)
	}
	p := s.Properties
	if p["subject"].MaxLength == nil || *p["subject"].MaxLength != 200 {
		t.Errorf("text maxLength default missing")
	}
	if p["items"].MinItems == nil || *p["items"].MinItems != 1 || *p["items"].MaxItems != 50 {
		t.Errorf("sub-form rows not turned into minItems/maxItems")
	}
	if p["files"].MaxItems == nil || *p["files"].MaxItems != 3 {
		t.Errorf("attachment maxCount not turned into maxItems")
	}
}

func TestCompileErrors(t *testing.T) {
	num := func(key, extra string) string {
		return `"` + key + `": {"type": "number", "x-formloom": {"type": "number"` + extra + `}}`
	}
	formula := func(key, expr string) string {
		b, _ := json.Marshal(expr)
		return `"` + key + `": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": ` + string(b) + `}}`
	}
	sub := func(rowProps string) string {
		return `"items": {"type": "array", "x-formloom": {"type": "subform"}, "items": {"type": "object", "properties": {` + rowProps + `}}}`
	}
	tests := []struct {
		name  string
		props string
		want  map[string]string // pointer → code (every one must be reported)
	}{
		{"formula names a missing field", num("a", "") + `,` + formula("total", "a + budget"),
			map[string]string{"/properties/total/x-formloom/expr": "unknown_field"}},
		{"formula names a missing column", sub(num("qty", "")) + `,` + formula("total", "SUM(items.price)"),
			map[string]string{"/properties/total/x-formloom/expr": "unknown_field"}},
		{"formula cycle", formula("a", "b + 1") + `,` + formula("b", "a * 2") + `,` + formula("c", "a"),
			map[string]string{"/properties/a/x-formloom/expr": "cycle", "/properties/b/x-formloom/expr": "cycle"}},
		{"self reference", formula("a", "a + 1"),
			map[string]string{"/properties/a/x-formloom/expr": "cycle"}},
		{"cycle through a sub-form", sub(num("qty", "")+`,`+formula("amount", "qty * parent.total")) + `,` + formula("total", "SUM(items.amount)"),
			map[string]string{"/properties/items/items/properties/amount/x-formloom/expr": "cycle", "/properties/total/x-formloom/expr": "cycle"}},
		{"row formula reads the form without parent.", num("rate", "") + `,` + sub(num("qty", "")+`,`+formula("amount", "qty * rate")),
			map[string]string{"/properties/items/items/properties/amount/x-formloom/expr": "unknown_field"}},
		{"formula syntax", formula("a", "1 +* 2"), map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"formula loops", num("n", "") + `,` + formula("a", "SUM(map([1,2,3], # * n))"), map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"formula range", formula("a", "COUNT(1..1000000)"), map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"formula let", formula("a", "let x = 1; x"), map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"unknown function", formula("a", "SQRT(4)"), map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"builtin functions are off", formula("a", "len([1])"), map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"bad DATEDIF unit", `"d": {"type": "string", "format": "date", "x-formloom": {"type": "date"}},` + formula("a", `DATEDIF(d, TODAY(), "w")`),
			map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"formula result type", `"s": {"type": "string", "x-formloom": {"type": "text"}},` + formula("a", `UPPER(s)`),
			map[string]string{"/properties/a/x-formloom/expr": "type_mismatch"}},
		{"formula type error", `"s": {"type": "string", "x-formloom": {"type": "text"}},` + formula("a", `s * 2`),
			map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"formula over a serial", `"no": {"type": "string", "readOnly": true, "x-formloom": {"type": "serial", "pattern": "{seq:4}"}},` +
			`"a": {"type": "string", "readOnly": true, "x-formloom": {"type": "formula", "expr": "CONCAT(no)"}}`,
			map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"formula too big", formula("a", strings.Repeat("1 + ", 300)+"1"), map[string]string{"/properties/a/x-formloom/expr": "bad_expr"}},
		{"select enum disagrees with options", `"s": {"type": "string", "enum": ["a", "b", "c"], "x-formloom": {"type": "select", "options": [{"value": "a"}, {"value": "b"}, {"value": "d"}]}}`,
			map[string]string{"/properties/s/enum/2": "enum_mismatch", "/properties/s/x-formloom/options/2/value": "enum_mismatch"}},
		{"select without enum", `"s": {"type": "string", "x-formloom": {"type": "select", "options": [{"value": "a"}]}}`,
			map[string]string{"/properties/s/enum": "enum_mismatch"}},
		{"duplicate options", `"s": {"type": "string", "enum": ["a", "b"], "x-formloom": {"type": "select", "options": [{"value": "a"}, {"value": "b"}, {"value": "a"}]}}`,
			map[string]string{"/properties/s/x-formloom/options/2/value": "duplicate_option"}},
		{"multiselect enum", `"m": {"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ["x"]}, "x-formloom": {"type": "multiselect", "options": [{"value": "y"}]}}`,
			map[string]string{"/properties/m/items/enum/0": "enum_mismatch"}},
		{"multiselect without uniqueItems", `"m": {"type": "array", "items": {"type": "string", "enum": ["x"]}, "x-formloom": {"type": "multiselect", "options": [{"value": "x"}]}}`,
			map[string]string{"/properties/m/uniqueItems": "type_mismatch"}},
		{"type disagrees", `"d": {"type": "number", "format": "date", "x-formloom": {"type": "date"}}`,
			map[string]string{"/properties/d/type": "type_mismatch"}},
		{"format missing", `"e": {"type": "string", "x-formloom": {"type": "email"}}`,
			map[string]string{"/properties/e/format": "type_mismatch"}},
		{"server-owned without readOnly", `"no": {"type": "string", "x-formloom": {"type": "serial", "pattern": "{seq:4}"}}`,
			map[string]string{"/properties/no/readOnly": "type_mismatch"}},
		{"unknown type", `"x": {"type": "string", "x-formloom": {"type": "stamp"}}`,
			map[string]string{"/properties/x/x-formloom/type": "unknown_type"}},
		{"missing x-formloom", `"x": {"type": "string"}`, map[string]string{"/properties/x/x-formloom": "required"}},
		{"unknown keyword", num("n", `, "precison": 2`), map[string]string{"/properties/n/x-formloom/precison": "unknown_keyword"}},
		{"bad precision", num("n", `, "precision": 11`), map[string]string{"/properties/n/x-formloom/precision": "bad_value"}},
		{"bad key", `"Name": {"type": "string", "x-formloom": {"type": "text"}}`, map[string]string{"/properties/Name": "bad_key"}},
		{"bad serial pattern", `"no": {"type": "string", "readOnly": true, "x-formloom": {"type": "serial", "pattern": "XS-{yyyy}"}}`,
			map[string]string{"/properties/no/x-formloom/pattern": "bad_pattern"}},
		{"lookup without relation", `"l": {"readOnly": true, "x-formloom": {"type": "lookup", "relation": "customer", "field": "name"}}`,
			map[string]string{"/properties/l/x-formloom/relation": "unknown_field"}},
		{"nested sub-form", sub(`"inner": {"type": "array", "x-formloom": {"type": "subform"}, "items": {"type": "object", "properties": {}}}`),
			map[string]string{"/properties/items/items/properties/inner/x-formloom/type": "not_allowed"}},
		{"rows disagree with minItems", `"items": {"type": "array", "minItems": 2, "x-formloom": {"type": "subform", "minRows": 1}, "items": {"type": "object", "properties": {}}}`,
			map[string]string{"/properties/items/minItems": "conflict"}},
		{"field declared twice", num("n", "") + `,` + num("n", ""), map[string]string{"/properties/n": "duplicate_member"}},
		{"bad JSON Schema", `"n": {"type": "number", "minimum": "zero", "x-formloom": {"type": "number"}}`,
			map[string]string{"/properties/n/minimum": "bad_schema"}},
		{"no external references", `"n": {"$ref": "file:///etc/passwd", "type": "number", "x-formloom": {"type": "number"}}`,
			map[string]string{"": "bad_schema"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileProps(t, tt.props)
			if err == nil {
				t.Fatal("compiled; want an error")
			}
			got := problemCodes(t, err)
			for p, code := range tt.want {
				if got[p] != code {
					t.Errorf("at %q want %s, got %v", p, code, got)
				}
			}
		})
	}
}

func TestCompileRequiredList(t *testing.T) {
	_, err := form.Compile(json.RawMessage(`{"type": "object", "required": ["a", "ghost", "no"], "properties": {
		"a": {"type": "string", "x-formloom": {"type": "text"}},
		"no": {"type": "string", "readOnly": true, "x-formloom": {"type": "serial", "pattern": "{seq:3}"}}}}`), form.Options{})
	got := problemCodes(t, err)
	if got["/required/1"] != "unknown_field" || got["/required/2"] != "server_owned" || len(got) != 2 {
		t.Errorf("got %v", got)
	}
}

func TestCompileRelationTarget(t *testing.T) {
	props := `{"type": "object", "properties": {"c": {"type": "string", "x-formloom": {"type": "relation", "form": "customer"}}}}`
	if _, err := form.Compile(json.RawMessage(props), form.Options{}); err != nil {
		t.Fatalf("without a form list the target is not checked: %v", err)
	}
	_, err := form.Compile(json.RawMessage(props), form.Options{Forms: []string{"lead"}})
	if got := problemCodes(t, err); got["/properties/c/x-formloom/form"] != "unknown_form" {
		t.Errorf("got %v", got)
	}
}

func TestCompileErrorMessages(t *testing.T) {
	_, err := compileProps(t, `"total": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": "price * 2"}}`)
	var ce *form.CompileError
	if !asCompileError(err, &ce) || len(ce.Problems) != 1 {
		t.Fatalf("got %v", err)
	}
	p := ce.Problems[0]
	if !strings.Contains(p.Text.EN, `"price"`) || !strings.Contains(p.Text.ZH, `"price"`) || !strings.Contains(p.Text.ZH, "公式") {
		t.Errorf("messages should name the field in both languages: %+v", p.Text)
	}
	if !strings.Contains(err.Error(), "/properties/total/x-formloom/expr") {
		t.Errorf("Error() should carry the pointer: %s", err)
	}
}

func asCompileError(err error, target **form.CompileError) bool {
	return errors.As(err, target)
}

func TestSerialPattern(t *testing.T) {
	f := leadForm(t)
	fd, _ := f.Field("leadNo")
	at := time.Date(2026, 3, 9, 10, 0, 0, 0, cst)
	if got := fd.Serial.Format(at, 42); got != "XS-2026-000042" {
		t.Errorf("Format: %q", got)
	}
	if got := fd.Serial.Format(at, 12345678); got != "XS-2026-12345678" {
		t.Errorf("long numbers are not cut: %q", got)
	}
	if got := fd.Serial.Scope(at); got != "XS-2026-{seq}" {
		t.Errorf("Scope: %q", got)
	}
	g := mustCompileProps(t, `"no": {"type": "string", "readOnly": true, "x-formloom": {"type": "serial", "pattern": "HT{yy}{MM}{dd}-{seq:3}"}}`)
	fd, _ = g.Field("no")
	if got := fd.Serial.Format(at, 7); got != "HT260309-007" {
		t.Errorf("Format: %q", got)
	}
}
