package form_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// differentialFixture is where the server's verdicts are written for the browser's
// validator to be held to (frontend/src/features/forms/differential.test.ts reads it).
var differentialFixture = filepath.Join("..", "..", "frontend", "src", "features", "forms", "testdata", "differential.json")

type diffCase struct {
	Form     int            `json:"form"`
	Record   map[string]any `json:"record"`
	Valid    bool           `json:"valid"`
	Pointers []string       `json:"pointers"`
	// ServerOnly are the pointers among Pointers whose errors only the server decides
	// (formats the browser does not check the same way, phone numbers, decimals, URL
	// schemes, cross-field rules): the browser shows them from the record check.
	ServerOnly []string `json:"serverOnly"`
}

// serverOnlyCodes are the error codes the browser takes from the server's record check.
var serverOnlyCodes = map[string]bool{"url_scheme": true, "phone": true, "precision": true, "rule": true}

// sharedFormats are the formats the browser checks itself (schemaValidator.ts SHARED_FORMATS).
var sharedFormats = map[string]bool{"date": true, "date-time": true, "email": true, "uri": true}

type diffFixture struct {
	Forms []json.RawMessage `json:"forms"`
	// UI is each form's ui (null: none), for the show-when conditions both sides apply.
	UI    []json.RawMessage `json:"ui"`
	Cases []diffCase        `json:"cases"`
}

// TestDifferentialFixture generates (form, record) pairs across the field types and the
// form-level keywords the format allows, and the server's verdict and pointers for each.
// The fixture in the frontend must be exactly that: regenerate it with
// FORMLOOM_UPDATE_DIFFERENTIAL=1 go test ./builder/form -run TestDifferentialFixture.
func TestDifferentialFixture(t *testing.T) {
	got := generateDifferential(t, 60, 90)
	if len(got.Cases) < 5000 {
		t.Fatalf("only %d cases", len(got.Cases))
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("FORMLOOM_UPDATE_DIFFERENTIAL") != "" {
		if err := os.MkdirAll(filepath.Dir(differentialFixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(differentialFixture, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(differentialFixture)
	if err != nil {
		t.Fatalf("read the fixture (regenerate it with FORMLOOM_UPDATE_DIFFERENTIAL=1): %v", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), b) {
		t.Fatal("the server's verdicts changed: regenerate the fixture with FORMLOOM_UPDATE_DIFFERENTIAL=1 and run the browser side (npx vitest run src/features/forms/differential.test.ts)")
	}
}

func generateDifferential(t *testing.T, forms, records int) diffFixture {
	r := rand.New(rand.NewPCG(15, 2026))
	// Show-when conditions draw from their own source, so that the forms above keep their cases.
	rv := rand.New(rand.NewPCG(16, 2026))
	var out diffFixture
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	for i := 0; i < forms+forms/4; i++ {
		var schema map[string]any
		var visible map[string]json.RawMessage
		rnd := r
		if i < forms {
			schema = diffForm(r)
		} else {
			rnd = rv
			schema, visible = diffVisibleForm(rv)
		}
		raw, err := json.Marshal(schema)
		if err != nil {
			t.Fatal(err)
		}
		f, err := form.Compile(raw, form.Options{Visible: visible})
		if err != nil {
			t.Fatalf("form %d: %v\n%s", i, err, raw)
		}
		out.Forms = append(out.Forms, raw)
		var ui json.RawMessage = []byte("null")
		if visible != nil {
			fields := map[string]any{}
			for k, cond := range visible {
				fields[k] = map[string]any{"visibleWhen": cond}
			}
			ui, _ = json.Marshal(map[string]any{"fields": fields})
		}
		out.UI = append(out.UI, ui)
		props := schema["properties"].(map[string]any)
		for j := 0; j < records; j++ {
			rec := diffRecord(rnd, props)
			input, _ := json.Marshal(rec)
			c := diffCase{Form: i, Record: rec, Valid: true, Pointers: []string{}, ServerOnly: []string{}}
			_, err := f.Prepare(input, form.Create, form.Env{Now: now})
			if err != nil {
				var fe *fault.Error
				if !errors.As(err, &fe) || fe.Kind != fault.Invalid {
					t.Fatalf("form %d record %s: %v", i, input, err)
				}
				c.Valid = false
				for p, e := range fe.Fields {
					c.Pointers = append(c.Pointers, p)
					if serverOnlyCodes[e.Code] || e.Code == "format" && !sharedFormats[formatAt(props, p)] {
						c.ServerOnly = append(c.ServerOnly, p)
					}
				}
				sort.Strings(c.Pointers)
				sort.Strings(c.ServerOnly)
			}
			out.Cases = append(out.Cases, c)
		}
	}
	return out
}

func label(s string) map[string]any { return map[string]any{"zh-CN": s, "en": s} }

func xf(typ string, extra ...any) map[string]any {
	m := map[string]any{"type": typ, "label": label(typ)}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

func opts(values ...string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = map[string]any{"value": v, "label": label(v)}
	}
	return out
}

func strs(values ...string) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

// diffForm builds a form: a random set of fields of every plain type, and a random set of
// form-level keywords over them.
func diffForm(r *rand.Rand) map[string]any {
	props := map[string]any{}
	catalogue := map[string]func() map[string]any{
		"name": func() map[string]any {
			p := map[string]any{"type": "string", "minLength": 2, "maxLength": 8, "x-formloom": xf("text")}
			if r.IntN(2) == 0 {
				p["pattern"] = "^[a-z]+$"
			}
			return p
		},
		"note": func() map[string]any { return map[string]any{"type": "string", "x-formloom": xf("textarea")} },
		"qty": func() map[string]any {
			return map[string]any{"type": "integer", "minimum": 0, "maximum": 100, "x-formloom": xf("number")}
		},
		"price": func() map[string]any {
			return map[string]any{"type": "number", "exclusiveMinimum": 0, "x-formloom": xf("number")}
		},
		"kind": func() map[string]any {
			return map[string]any{"type": "string", "enum": strs("a", "b", "c"), "x-formloom": xf("select", "options", opts("a", "b", "c"))}
		},
		"tags": func() map[string]any {
			return map[string]any{"type": "array", "uniqueItems": true, "maxItems": 2, "items": map[string]any{"type": "string", "enum": strs("x", "y", "z")},
				"x-formloom": xf("multiselect", "options", opts("x", "y", "z"))}
		},
		"ok": func() map[string]any { return map[string]any{"type": "boolean", "x-formloom": xf("checkbox")} },
		"day": func() map[string]any {
			return map[string]any{"type": "string", "format": "date", "x-formloom": xf("date")}
		},
		"mail": func() map[string]any {
			return map[string]any{"type": "string", "format": "email", "x-formloom": xf("email")}
		},
		"site": func() map[string]any {
			return map[string]any{"type": "string", "format": "uri", "x-formloom": xf("url")}
		},
		"at": func() map[string]any {
			return map[string]any{"type": "string", "format": "date-time", "x-formloom": xf("datetime")}
		},
		"host": func() map[string]any {
			return map[string]any{"type": "string", "format": "hostname", "x-formloom": xf("text")}
		},
		"items": func() map[string]any {
			return map[string]any{"type": "array", "minItems": 1, "x-formloom": xf("subform"), "items": map[string]any{"type": "object",
				"properties": map[string]any{
					"sku": map[string]any{"type": "string", "maxLength": 5, "x-formloom": xf("text")},
					"n":   map[string]any{"type": "integer", "minimum": 1, "x-formloom": xf("number")},
				}, "required": strs("sku")}}
		},
	}
	keys := []string{"name", "note", "qty", "price", "kind", "tags", "ok", "day", "mail", "site", "at", "host", "items"}
	for _, k := range keys {
		if k == "name" || k == "qty" || r.IntN(3) > 0 {
			props[k] = catalogue[k]()
		}
	}
	has := func(k string) bool { _, ok := props[k]; return ok }
	schema := map[string]any{"type": "object", "properties": props}
	var required []any
	for _, k := range keys {
		if has(k) && r.IntN(4) == 0 {
			required = append(required, k)
		}
	}
	if required != nil {
		schema["required"] = required
	}
	if r.IntN(2) == 0 {
		// Above 50, a name is required (the purchase over a limit needing its reason).
		schema["if"] = map[string]any{"properties": map[string]any{"qty": map[string]any{"minimum": 50}}, "required": strs("qty")}
		schema["then"] = map[string]any{"required": strs("name")}
		if has("kind") && r.IntN(2) == 0 {
			schema["else"] = map[string]any{"properties": map[string]any{"kind": map[string]any{"enum": strs("a", "b")}}}
		}
	}
	var all []any
	if has("ok") && r.IntN(2) == 0 {
		req := "qty"
		if has("day") {
			req = "day"
		}
		all = append(all, map[string]any{"if": map[string]any{"properties": map[string]any{"ok": map[string]any{"const": true}}, "required": strs("ok")},
			"then": map[string]any{"required": strs(req)}})
	}
	if has("price") && r.IntN(2) == 0 {
		all = append(all, map[string]any{"properties": map[string]any{"price": map[string]any{"maximum": 1000}}})
	}
	if all != nil {
		schema["allOf"] = all
	}
	if has("kind") && r.IntN(3) == 0 {
		schema["anyOf"] = []any{map[string]any{"required": strs("kind")}, map[string]any{"required": strs("name")}}
	}
	if has("price") && r.IntN(3) == 0 {
		schema["oneOf"] = []any{map[string]any{"required": strs("price")}, map[string]any{"properties": map[string]any{"qty": map[string]any{"maximum": 10}}}}
	}
	if has("tags") && r.IntN(3) == 0 {
		schema["not"] = map[string]any{"required": strs("tags", "note")}
	}
	if has("kind") && r.IntN(2) == 0 {
		schema["dependentRequired"] = map[string]any{"kind": strs("qty")}
	}
	if has("ok") && r.IntN(2) == 0 {
		schema["dependentSchemas"] = map[string]any{"ok": map[string]any{"properties": map[string]any{"qty": map[string]any{"maximum": 20}}}}
	}
	if r.IntN(3) == 0 {
		schema["additionalProperties"] = false
	}
	return schema
}

// diffVisibleForm builds a form with show-when and required-when conditions: a date shown
// when ok is ticked, and in the item rows a count shown when the row's sku is "a1"
// (required while shown) and a memo shown from a count of 2. Required-when rules (allOf
// entries, at the form level and in the rows' schema) sometimes require a field its show-when
// hides: hidden wins on both sides.
func diffVisibleForm(r *rand.Rand) (map[string]any, map[string]json.RawMessage) {
	row := map[string]any{"type": "object",
		"properties": map[string]any{
			"sku":  map[string]any{"type": "string", "maxLength": 5, "x-formloom": xf("text")},
			"n":    map[string]any{"type": "integer", "minimum": 1, "x-formloom": xf("number")},
			"memo": map[string]any{"type": "string", "maxLength": 5, "x-formloom": xf("text")},
		}}
	if r.IntN(3) > 0 {
		row["required"] = strs("n")
	}
	props := map[string]any{
		"name":  map[string]any{"type": "string", "minLength": 2, "maxLength": 8, "x-formloom": xf("text")},
		"qty":   map[string]any{"type": "integer", "minimum": 0, "maximum": 100, "x-formloom": xf("number")},
		"ok":    map[string]any{"type": "boolean", "x-formloom": xf("checkbox")},
		"day":   map[string]any{"type": "string", "format": "date", "x-formloom": xf("date")},
		"items": map[string]any{"type": "array", "x-formloom": xf("subform"), "items": row},
	}
	schema := map[string]any{"type": "object", "properties": props}
	if r.IntN(2) == 0 {
		schema["required"] = strs("day")
	}
	visible := map[string]json.RawMessage{
		"items.n": json.RawMessage(`{"properties": {"sku": {"const": "a1"}}, "required": ["sku"]}`),
	}
	if r.IntN(3) > 0 {
		visible["day"] = json.RawMessage(`{"properties": {"ok": {"const": true}}, "required": ["ok"]}`)
	}
	if r.IntN(2) == 0 {
		visible["items.memo"] = json.RawMessage(`{"properties": {"n": {"minimum": 2}}, "required": ["n"]}`)
	}
	// Required-when, as the designer writes it: {"if": condition, "then": {"required": [key]}}.
	when := func(cond map[string]any, key string) map[string]any {
		return map[string]any{"if": cond, "then": map[string]any{"required": strs(key)}}
	}
	switch r.IntN(3) {
	case 0:
		row["allOf"] = []any{when(map[string]any{"properties": map[string]any{"sku": map[string]any{"const": "a1"}}, "required": strs("sku")}, "memo")}
	case 1:
		row["allOf"] = []any{when(map[string]any{"properties": map[string]any{"n": map[string]any{"minimum": 3}}, "required": strs("n")}, "memo")}
	}
	if r.IntN(3) > 0 {
		schema["allOf"] = []any{when(map[string]any{"properties": map[string]any{"qty": map[string]any{"minimum": 50}}, "required": strs("qty")}, "day")}
	}
	return schema, visible
}

// diffRecord fills some of the form's fields with values that are right, wrong in type,
// out of range or badly formed.
func diffRecord(r *rand.Rand, props map[string]any) map[string]any {
	rec := map[string]any{}
	list := func(vals ...any) []any { return vals }
	// Mostly good values, so that the rules over several fields decide the verdict too.
	mix := func(good, bad []any) any {
		if r.IntN(10) < 9 {
			return good[r.IntN(len(good))]
		}
		return bad[r.IntN(len(bad))]
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same random draws for the same fields, run after run
	for _, k := range keys {
		if r.IntN(4) == 0 {
			continue
		}
		var v any
		switch k {
		case "name":
			v = mix(list("li", "wang", "zhao"), list("x", "toolongname", "Li", "ab1", 7))
		case "note":
			v = mix(list("", "hello", "多行\n文本"), list(true))
		case "qty":
			v = mix(list(0.0, 5.0, 15.0, 50.0, 60.0, 100.0), list(101.0, -1.0, 2.5, "3"))
		case "price":
			v = mix(list(0.5, 9.99, 999.0, 1000.0), list(0.0, 1500.0, -3.0, "9"))
		case "kind":
			v = mix(list("a", "b", "c"), list("d", "", 1.0))
		case "tags":
			v = mix(list([]any{}, []any{"x"}, []any{"x", "y"}), list([]any{"x", "x"}, []any{"x", "y", "z"}, []any{"w"}, "x"))
		case "ok":
			v = mix(list(true, false), list("yes"))
		case "day":
			v = mix(list("2026-12-04", "2024-02-29"), list("2026-02-30", "2026-1-5", "04/12/2026", 20261204.0))
		case "mail":
			v = mix(list("li@example.com", "a.b+c@mail.example.cn"), list("li", "li@", "@example.com", "li@@example.com", "li @example.com"))
		case "site":
			v = mix(list("https://example.com", "http://example.com/a?b=1"), list("example.com", "ftp://example.com", "https://", "http://exa mple.com", "mailto:li@example.com"))
		case "at":
			v = mix(list("2026-12-04T09:00:00Z", "2026-12-04T09:00:00.123+08:00"), list("2026-12-04T09:00:00+10:60", "2026-12-04 09:00:00", "2026-12-04T25:00:00Z", "2026-12-04T09:00:00"))
		case "host":
			v = mix(list("example.com", "a-b.example.cn"), list("-bad.example.com", "exa_mple.com", "a..b", "example.com."))
		case "items":
			// Only the rows of forms with a memo column draw memos, so that the other forms keep their records.
			items, _ := props["items"].(map[string]any)["items"].(map[string]any)
			_, withMemo := items["properties"].(map[string]any)["memo"]
			row := func() any {
				m := map[string]any{}
				if r.IntN(5) > 0 {
					m["sku"] = mix(list("a1", ""), list("abcdef", 3.0))
				}
				if r.IntN(2) == 0 {
					m["n"] = mix(list(1.0, 2.0, 3.0), list(0.0, 1.5))
				}
				if withMemo && r.IntN(2) == 0 {
					m["memo"] = mix(list("ok", "fine"), list("toolong", 4.0))
				}
				return m
			}
			switch r.IntN(4) {
			case 0:
				v = []any{}
			case 1:
				v = []any{row()}
			default:
				v = []any{row(), row()}
			}
		default:
			panic(fmt.Sprint("no values for ", k))
		}
		rec[k] = v
	}
	return rec
}

// formatAt is the format of the top-level field a pointer is in.
func formatAt(props map[string]any, pointer string) string {
	key, _, _ := strings.Cut(strings.TrimPrefix(pointer, "/"), "/")
	p, _ := props[key].(map[string]any)
	f, _ := p["format"].(string)
	return f
}
