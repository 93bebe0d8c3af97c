package form

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"testing"
)

// TestFastCheckAgreesWithJSONSchema runs the yes/no walk and jsonschema/v5 on many
// mutated records: wherever they disagree, the walk is wrong (the walk only decides when
// v5 must run, so "valid" from the walk must mean valid for v5).
func TestFastCheckAgreesWithJSONSchema(t *testing.T) {
	lead, err := os.ReadFile("testdata/lead.json")
	if err != nil {
		t.Fatal(err)
	}
	conditional := []byte(`{
		"type": "object",
		"properties": {
			"status": {"type": "string", "enum": ["open", "lost"], "x-formloom": {"type": "select", "options": [{"value": "open"}, {"value": "lost"}]}},
			"reason": {"type": "string", "pattern": "^[a-z]+$", "x-formloom": {"type": "text"}},
			"n": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "x-formloom": {"type": "number"}},
			"k": {"type": "integer", "x-formloom": {"type": "number"}},
			"flag": {"type": "boolean", "x-formloom": {"type": "checkbox"}}
		},
		"additionalProperties": false,
		"minProperties": 1,
		"if": {"properties": {"status": {"const": "lost"}}, "required": ["status"]},
		"then": {"required": ["reason"]},
		"else": {"not": {"required": ["reason"]}},
		"dependentRequired": {"n": ["k"]},
		"anyOf": [{"required": ["status"]}, {"required": ["flag"]}],
		"oneOf": [{"properties": {"flag": {"const": true}}}, {"properties": {"flag": {"const": false}}}, {"required": ["k"]}]
	}`)
	for _, tc := range []struct {
		name   string
		schema []byte
		seed   string
	}{
		{"lead", lead, `{"subject": "ab", "budget": 1, "status": "new", "items": [{"product": "p", "qty": 2, "price": 1.5}], "tags": ["vip"],
			"due": "2026-01-01", "meetAt": "2026-01-01T00:00:00Z", "email": "a@b.cn", "website": "https://x.cn", "helpers": ["u"], "files": ["f"]}`},
		{"conditional", conditional, `{"status": "lost", "reason": "price", "n": 5, "k": 1, "flag": true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Compile(tc.schema, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if f.fast == nil {
				t.Fatal("the walk does not cover this schema")
			}
			r := rand.New(rand.NewPCG(1, 2))
			valid, invalid := 0, 0
			for i := 0; i < 5000; i++ {
				var rec map[string]any
				_ = json.Unmarshal([]byte(tc.seed), &rec)
				for n := r.IntN(3) + 1; n > 0; n-- {
					mutate(r, rec, f)
				}
				fast := f.fast.valid(rec)
				slow := f.schema.Validate(rec) == nil
				if fast != slow {
					b, _ := json.Marshal(rec)
					t.Fatalf("walk says %v, v5 says %v for %s", fast, slow, b)
				}
				if slow {
					valid++
				} else {
					invalid++
				}
			}
			if valid < 10 || invalid < 500 {
				t.Errorf("mutations should give both outcomes often: %d valid, %d invalid", valid, invalid)
			}
		})
	}
}

var samples = []any{
	nil, true, false, 0.0, -1.0, 1.0, 2.5, 1e21, 100.0, 101.0, 10.0, 9.99, 1.5,
	"", "a", "ab", "new", "lost", "open", "price", "Price", "vip", "urgent", "vip ",
	"2026-02-30", "2026-02-28", "2026-01-01T00:00:00Z", "2026-01-01 00:00", "a@b.cn", "a@", "https://x.cn", "x.cn",
	[]any{}, []any{"vip"}, []any{"vip", "vip"}, []any{"vip", "urgent"}, []any{1.0}, []any{"a", "b", "c", "d"},
	map[string]any{}, map[string]any{"product": "p", "qty": 1.0},
}

func mutate(r *rand.Rand, rec map[string]any, f *Form) {
	keys := make([]string, 0, len(f.order)+1)
	for _, s := range f.order {
		keys = append(keys, s.key)
	}
	keys = append(keys, "extra")
	key := keys[r.IntN(len(keys))]
	switch r.IntN(4) {
	case 0:
		delete(rec, key)
	case 1, 2:
		rec[key] = samples[r.IntN(len(samples))]
	case 3:
		rows, ok := rec["items"].([]any)
		if !ok || len(rows) == 0 {
			rec[key] = samples[r.IntN(len(samples))]
			return
		}
		row, ok := rows[r.IntN(len(rows))].(map[string]any)
		if !ok {
			return
		}
		cols := []string{"product", "qty", "price", "amount", "sku"}
		col := cols[r.IntN(len(cols))]
		if r.IntN(3) == 0 {
			delete(row, col)
		} else {
			row[col] = samples[r.IntN(len(samples))]
		}
		if r.IntN(4) == 0 {
			rec["items"] = append(rows, map[string]any{"product": "q", "qty": 3.0})
		}
	}
}
