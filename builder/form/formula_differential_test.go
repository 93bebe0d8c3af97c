package form_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/runtime/calendar"
)

// formulaFixture is where the server's formula results are written for the browser's
// evaluator to be held to (frontend/src/features/forms/formula/differential.test.ts reads it).
var formulaFixture = filepath.Join("..", "..", "frontend", "src", "features", "forms", "formula", "testdata", "formulas.json")

type formulaEnvJSON struct {
	Now      string             `json:"now"`
	TimeZone string             `json:"timeZone"`
	Calendar *pipeline.Calendar `json:"calendar"`
}

type formulaCase struct {
	Form   int            `json:"form"`
	Record map[string]any `json:"record"`
	// Want holds the formula fields' values (absent: no value) and, under the sub-form's
	// key, each row's formula columns.
	Want map[string]any `json:"want"`
}

type formulaFixtureJSON struct {
	Forms []json.RawMessage `json:"forms"`
	Envs  []formulaEnvJSON  `json:"envs"`
	Cases []formulaCase     `json:"cases"`
}

// formulaPool are the form-level formulas forms draw from, by the type of their field:
// every operator and function formulas may use, and values that give no result (a division
// by zero, a row that is not there).
var formulaPool = map[string][]string{
	"number": {
		"qty * price", "SUM(items.n) + qty", "AVG(items.p)", "MIN(items.p, price)", "MAX(qty, price, 3)",
		"COUNT(items)", "COUNT(items.n)", "ROUND(price * 1.005, 2)", "ROUND(qty / 3, 1)", "ROUND(price, -1)", "qty / 0",
		"7 % 3 + qty", "2 ** 10 - qty", "-qty ^ 2", "(qty + 1) * (price - 2) / 4", "LEN(name) + LEN(tags)",
		`DATEDIF(start, end, "d")`, `DATEDIF(start, end, "m")`, `DATEDIF(at, end, "y")`, `DATEDIF(at, start, "d")`,
		"NETWORKDAYS(start, end)", "NETWORKDAYS(end, start)", "IF(ok, qty, price)", "qty > 5 ? qty : price", "0.1 + 0.2 + qty",
		"LEN(items) > 0 ? items[0].n : -1", "items[-1].p", "SUM(items.amount) * 2", "total + 1", "AVG()", "SUM(qty, items.p, [1, 2.5])",
		"qty ?? 4", "(qty + price) / 3", "ROUND(total * 1.13, 2)", "MIN(items.amount)",
	},
	"string": {
		`CONCAT(name, "-", qty)`, "UPPER(name) + LOWER(name)", "CONCAT(tags)", `name + "x"`, "CONCAT(price / 3)",
		`ok ? "yes" : "no"`, `name contains "a" ? "A" : "B"`, `CONCAT(items.sku)`, `CONCAT(1e21, " ", 0.0000001, " ", true)`,
	},
	"boolean": {
		"qty > price", "ok and qty >= 10", `not ok || name == "li"`, `"x" in tags`, `name startsWith "w"`, "qty in [1, 5, 10]",
		`name endsWith "g" && !ok`, "start < end", `"z" not in tags`, "total > 100",
	},
	"date": {
		`DATEADD(start, qty, "d")`, `DATEADD(start, 1, "m")`, `DATEADD(end, -1, "y")`, "WORKDAY(start, qty)", "WORKDAY(end, -3)",
		"TODAY()", `DATEADD(TODAY(), 2, "d")`, "WORKDAY(start, 0)",
	},
	"datetime": {`DATEADD(at, 1, "m")`, "NOW()", `DATEADD(at, qty, "d")`, `DATEADD(at, -1, "y")`},
}

var formulaZones = []string{"UTC", "Asia/Shanghai", "America/New_York"}

// TestFormulaFixture generates forms with formula fields and records, and the server's
// results for each; the fixture in the frontend must be exactly that: regenerate it with
// FORMLOOM_UPDATE_DIFFERENTIAL=1 go test ./builder/form -run TestFormulaFixture.
func TestFormulaFixture(t *testing.T) {
	got := generateFormulaFixture(t, 48, 30)
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("FORMLOOM_UPDATE_DIFFERENTIAL") != "" {
		if err := os.MkdirAll(filepath.Dir(formulaFixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(formulaFixture, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(formulaFixture)
	if err != nil {
		t.Fatalf("read the fixture (regenerate it with FORMLOOM_UPDATE_DIFFERENTIAL=1): %v", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), b) {
		t.Fatal("the server's formula results changed: regenerate the fixture with FORMLOOM_UPDATE_DIFFERENTIAL=1 and run the browser side (npx vitest run src/features/forms/formula)")
	}
}

func generateFormulaFixture(t *testing.T, forms, records int) formulaFixtureJSON {
	r := rand.New(rand.NewPCG(15, 7))
	now := time.Date(2026, 12, 4, 20, 30, 0, 0, time.UTC) // already the 5th in Shanghai
	var out formulaFixtureJSON
	for i := 0; i < forms; i++ {
		schema := diffFormulaForm(r, i)
		raw, err := json.Marshal(schema)
		if err != nil {
			t.Fatal(err)
		}
		f, err := form.Compile(raw, form.Options{})
		if err != nil {
			t.Fatalf("form %d: %v\n%s", i, err, raw)
		}
		zone := formulaZones[i%len(formulaZones)]
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skipf("no timezone data: %v", err)
		}
		envJSON := formulaEnvJSON{Now: now.Format(time.RFC3339), TimeZone: zone}
		env := form.Env{Now: now, Location: loc}
		if i%2 == 1 {
			// A leave of Fri 4 Dec – Tue 8 Dec with Monday a holiday, and a make-up Saturday.
			def := pipeline.Calendar{Timezone: zone, Holidays: []string{"2026-12-07", "2027-01-01"}, ExtraWorkdays: []string{"2026-12-12"}}
			if i%4 == 3 {
				def.Workdays = []int{1, 2, 3, 4, 5, 6}
			}
			cal, err := calendar.New(def, zone)
			if err != nil {
				t.Fatal(err)
			}
			env.Calendar = cal
			envJSON.Calendar = &def
		}
		out.Forms = append(out.Forms, raw)
		out.Envs = append(out.Envs, envJSON)
		props := schema["properties"].(map[string]any)
		for j := 0; j < records; j++ {
			rec := formulaRecord(r)
			input, _ := json.Marshal(rec)
			got, err := f.Prepare(input, form.Create, env)
			if err != nil {
				t.Fatalf("form %d record %s: %v", i, input, err)
			}
			out.Cases = append(out.Cases, formulaCase{Form: i, Record: rec, Want: formulaValues(props, got)})
		}
	}
	return out
}

// diffFormulaForm has the plain fields formulas read, an items sub-form with row formulas, a
// total over the rows, and a draw of form-level formulas of each type.
func diffFormulaForm(r *rand.Rand, i int) map[string]any {
	fx := func(typ, expr string, extra ...any) map[string]any {
		p := map[string]any{"type": typ, "readOnly": true, "x-formloom": xf("formula", "expr", expr)}
		for k := 0; k+1 < len(extra); k += 2 {
			p[extra[k].(string)] = extra[k+1]
		}
		return p
	}
	rows := map[string]any{
		"sku":    map[string]any{"type": "string", "x-formloom": xf("text")},
		"n":      map[string]any{"type": "number", "x-formloom": xf("number")},
		"p":      map[string]any{"type": "number", "x-formloom": xf("number")},
		"amount": fx("number", "n * p"),
		"label":  fx("string", `CONCAT(sku, ":", n, parent.name)`),
		"big":    fx("boolean", "n * p > parent.qty"),
	}
	rows["amount"].(map[string]any)["x-formloom"].(map[string]any)["precision"] = 2
	props := map[string]any{
		"name":  map[string]any{"type": "string", "x-formloom": xf("text")},
		"qty":   map[string]any{"type": "number", "x-formloom": xf("number")},
		"price": map[string]any{"type": "number", "x-formloom": xf("number")},
		"ok":    map[string]any{"type": "boolean", "x-formloom": xf("checkbox")},
		"start": map[string]any{"type": "string", "format": "date", "x-formloom": xf("date")},
		"end":   map[string]any{"type": "string", "format": "date", "x-formloom": xf("date")},
		"at":    map[string]any{"type": "string", "format": "date-time", "x-formloom": xf("datetime")},
		"tags": map[string]any{"type": "array", "uniqueItems": true, "items": map[string]any{"type": "string", "enum": strs("x", "y", "z")},
			"x-formloom": xf("multiselect", "options", opts("x", "y", "z"))},
		"items": map[string]any{"type": "array", "x-formloom": xf("subform"), "items": map[string]any{"type": "object", "properties": rows}},
		"total": fx("number", "SUM(items.amount)"),
	}
	props["total"].(map[string]any)["x-formloom"].(map[string]any)["precision"] = 2
	// Every formula of the pool appears in some form: form i takes a window of each list.
	n := 0
	for _, typ := range []string{"number", "string", "boolean", "date", "datetime"} {
		pool := formulaPool[typ]
		for k := 0; k < 3 && k < len(pool); k++ {
			expr := pool[(i*3+k)%len(pool)]
			jsonType, format := typ, ""
			switch typ {
			case "date":
				jsonType, format = "string", "date"
			case "datetime":
				jsonType, format = "string", "date-time"
			}
			p := fx(jsonType, expr)
			if format != "" {
				p["format"] = format
			}
			if typ == "number" && r.IntN(3) == 0 {
				p["x-formloom"].(map[string]any)["precision"] = r.IntN(4)
			}
			props["f"+string(rune('a'+n))] = p
			n++
		}
	}
	return map[string]any{"type": "object", "properties": props}
}

func formulaRecord(r *rand.Rand) map[string]any {
	pick := func(vals ...any) any { return vals[r.IntN(len(vals))] }
	rec := map[string]any{}
	maybe := func(k string, v func() any) {
		if r.IntN(6) > 0 {
			rec[k] = v()
		}
	}
	maybe("name", func() any { return pick("li", "wang", "Zhao", "", "straße", "İstanbul", "张三") })
	maybe("qty", func() any { return pick(0.0, 1.0, 5.0, 10.0, 12.5, 100.0, -3.0, 2.675) })
	maybe("price", func() any { return pick(0.1, 1.005, 9.99, 1000.0, 0.0, -2.5, 123456.789) })
	maybe("ok", func() any { return pick(true, false) })
	maybe("start", func() any { return pick("2026-12-04", "2026-01-31", "2024-02-29", "2026-12-12", "2026-03-08") })
	maybe("end", func() any { return pick("2026-12-08", "2026-12-04", "2027-01-04", "2025-12-31", "2026-03-09") })
	maybe("at", func() any {
		return pick("2026-12-04T23:30:00.000Z", "2026-03-08T06:30:00.250Z", "2026-01-31T10:00:00.000Z", "2026-11-01T05:30:00.000Z")
	})
	maybe("tags", func() any { return pick([]any{}, []any{"x"}, []any{"x", "z"}) })
	maybe("items", func() any {
		rows := make([]any, r.IntN(4))
		for k := range rows {
			row := map[string]any{}
			if r.IntN(5) > 0 {
				row["sku"] = pick("a1", "b2", "")
			}
			if r.IntN(5) > 0 {
				row["n"] = pick(1.0, 2.0, 0.5, 3.0)
			}
			if r.IntN(5) > 0 {
				row["p"] = pick(0.1, 19.99, 100.0, 1.005)
			}
			rows[k] = row
		}
		return rows
	})
	return rec
}

// formulaValues keeps the formula fields of a prepared record, and of its rows.
func formulaValues(props map[string]any, rec map[string]any) map[string]any {
	out := map[string]any{}
	isFormula := func(p any) bool {
		m, _ := p.(map[string]any)
		x, _ := m["x-formloom"].(map[string]any)
		return x["type"] == "formula"
	}
	for k, p := range props {
		if v, ok := rec[k]; ok && isFormula(p) {
			out[k] = v
		}
	}
	rowProps := props["items"].(map[string]any)["items"].(map[string]any)["properties"].(map[string]any)
	if rows, ok := rec["items"].([]any); ok {
		list := make([]any, len(rows))
		for i, r := range rows {
			row, _ := r.(map[string]any)
			kept := map[string]any{}
			for k, p := range rowProps {
				if v, ok := row[k]; ok && isFormula(p) {
					kept[k] = v
				}
			}
			list[i] = kept
		}
		out["items"] = list
	}
	return out
}
