package form_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

const validLead = `{
  "subject": "Framework agreement",
  "budget": 1000,
  "status": "new",
  "due": "2026-05-10",
  "meetAt": "2026-05-03T09:30:00+08:00",
  "tags": ["vip"],
  "vip": true,
  "phone": "13812345678",
  "office": "021-62345678",
  "email": "li@example.com",
  "website": "https://example.com/a?b=c",
  "owner": "u1",
  "helpers": ["u2", "u3"],
  "dept": "d1",
  "contract": "c1",
  "files": ["f1"],
  "notes": null,
  "discount": 10,
  "items": [
    {"product": "server", "qty": 2, "price": 100.5},
    {"product": "switch", "qty": 1, "price": 30}
  ]
}`

func TestPrepareComputesFormulas(t *testing.T) {
	f := leadForm(t)
	rec, err := prepare(t, f, validLead)
	if err != nil {
		t.Fatalf("valid record refused: %v", err)
	}
	items := rec["items"].([]any)
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"row formula, row 0 (2 × 100.5 × 90%)", items[0].(map[string]any)["amount"], 180.9},
		{"row formula, row 1 (1 × 30 × 90%)", items[1].(map[string]any)["amount"], 27.0},
		{"form total over the rows", rec["total"], 207.9},
		{"formula over a formula", rec["overBudget"], false},
		{"TODAY in the workspace timezone (2026-05-02 in CST)", rec["daysLeft"], 8.0},
		{"text functions and COUNT of rows", rec["summary"], "FRAMEWORK AGREEMENT (2)"},
		{"datetime stored in canonical UTC", rec["meetAt"], "2026-05-03T01:30:00.000Z"},
		{"plain values kept", rec["subject"], "Framework agreement"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
	if _, present := rec["notes"]; present {
		t.Errorf("null should mean no value, got notes=%v", rec["notes"])
	}
	if _, present := rec["leadNo"]; present {
		t.Errorf("serial numbers are allocated by the runtime, not here")
	}
}

func TestPrepareReportsEveryBadField(t *testing.T) {
	f := leadForm(t)
	in := `{
	  "subject": "x",
	  "budget": -5,
	  "status": "lost",
	  "score": 101,
	  "due": "2026-02-30",
	  "meetAt": "tomorrow",
	  "tags": ["vip", "vip"],
	  "vip": "yes",
	  "phone": "12345",
	  "office": "62345678",
	  "email": "not-an-email",
	  "website": "ftp://example.com",
	  "files": ["a", "b", "c", "d"],
	  "discount": 12.5,
	  "items": [
	    {"product": "server", "qty": 0, "price": 10},
	    {"qty": 1.5, "price": 1.234},
	    {"product": "` + strings.Repeat("长", 201) + `", "qty": 1, "price": "free"}
	  ]
	}`
	_, err := prepare(t, f, in)
	fe, got := fieldCodes(t, err)
	if fe.Kind != fault.Invalid || fe.Code != "validation_failed" {
		t.Fatalf("want 422 validation_failed, got %v %s", fe.Kind, fe.Code)
	}
	want := map[string]string{
		"/subject":         "minLength",
		"/budget":          "minimum",
		"/status":          "enum",
		"/score":           "maximum",
		"/due":             "format",
		"/meetAt":          "format",
		"/tags":            "uniqueItems",
		"/vip":             "type",
		"/phone":           "phone",
		"/office":          "phone",
		"/email":           "format",
		"/website":         "url_scheme",
		"/files":           "maxItems",
		"/discount":        "precision",
		"/items/0/qty":     "minimum",
		"/items/1/product": "required",
		"/items/1/qty":     "type",
		"/items/1/price":   "precision",
		"/items/2/product": "maxLength",
		"/items/2/price":   "type",
	}
	if !reflect.DeepEqual(got, want) {
		for p, c := range want {
			if got[p] != c {
				t.Errorf("%s: want %s, got %q", p, c, got[p])
			}
		}
		for p, c := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("unexpected %s: %s", p, c)
			}
		}
	}
}

func TestRequiredPointsAtTheMissingField(t *testing.T) {
	f := leadForm(t)
	_, err := prepare(t, f, `{"subject": "ok subject", "items": [{"product": "p"}]}`)
	_, got := fieldCodes(t, err)
	want := map[string]string{"/budget": "required", "/status": "required", "/items/0/qty": "required"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestMessagesInBothLanguages(t *testing.T) {
	f := leadForm(t)
	_, err := prepare(t, f, `{"subject": "ok subject", "status": "new", "budget": -1, "items": [], "phone": "1"}`)
	fe, _ := fault.As(err)
	tests := []struct {
		pointer, en, zh string
	}{
		{"/budget", "Must be at least 0.", "不能小于 0。"},
		{"/items", "Must have at least 1 row.", "至少需要 1 行。"},
		{"/phone", "Must be a mobile number: 11 digits starting with 1, such as 13800138000.", "请输入有效的手机号码（以 1 开头的 11 位数字）。"},
	}
	for _, tt := range tests {
		e, ok := fe.Fields[tt.pointer]
		if !ok {
			t.Errorf("%s: no error", tt.pointer)
			continue
		}
		if e.Text.In("en") != tt.en || e.Text.In("zh-CN") != tt.zh {
			t.Errorf("%s: got %q / %q", tt.pointer, e.Text.EN, e.Text.ZH)
		}
	}
	if _, ok := fe.Fields["/"]; ok {
		t.Errorf("no error should point at the root")
	}
}

func TestFieldRules(t *testing.T) {
	f := mustCompileProps(t, `
		"mobile": {"type": "string", "x-formloom": {"type": "phone"}},
		"landline": {"type": "string", "x-formloom": {"type": "phone", "kind": "landline"}},
		"anyPhone": {"type": "string", "x-formloom": {"type": "phone", "kind": "any"}},
		"score": {"type": "number", "x-formloom": {"type": "number", "precision": 1}},
		"whole": {"type": "number", "x-formloom": {"type": "number", "precision": 0}},
		"free": {"type": "number", "x-formloom": {"type": "number"}},
		"price": {"type": "number", "x-formloom": {"type": "money"}},
		"site": {"type": "string", "format": "uri", "x-formloom": {"type": "url"}}`)
	tests := []struct {
		field string
		value string
		code  string // "" when valid
	}{
		{"mobile", `"13800138000"`, ""},
		{"mobile", `"19912345678"`, ""},
		{"mobile", `"12800138000"`, "phone"},
		{"mobile", `"1380013800"`, "phone"},
		{"mobile", `"138001380001"`, "phone"},
		{"mobile", `"+8613800138000"`, "phone"},
		{"mobile", `"010-12345678"`, "phone"},
		{"landline", `"010-12345678"`, ""},
		{"landline", `"0755-1234567"`, ""},
		{"landline", `"01012345678"`, ""},
		{"landline", `"10-12345678"`, "phone"},
		{"landline", `"010-123456"`, "phone"},
		{"landline", `"13800138000"`, "phone"},
		{"anyPhone", `"13800138000"`, ""},
		{"anyPhone", `"021-62345678"`, ""},
		{"anyPhone", `"hello"`, "phone"},
		{"score", `9.5`, ""},
		{"score", `10`, ""},
		{"score", `9.55`, "precision"},
		{"score", `0.1`, ""},
		{"whole", `3`, ""},
		{"whole", `3.5`, "precision"},
		{"free", `3.14159265`, ""},
		{"price", `19.99`, ""},
		{"price", `1.23`, ""},
		{"price", `0.29`, ""},
		{"price", `19.999`, "precision"},
		{"site", `"https://example.com"`, ""},
		{"site", `"http://例子.中国/路径"`, ""},
		{"site", `"HTTPS://EXAMPLE.COM"`, ""},
		{"site", `"ftp://example.com"`, "url_scheme"},
		{"site", `"javascript:alert(1)"`, "url_scheme"},
		{"site", `"mailto:a@b.c"`, "url_scheme"},
		{"site", `"example.com"`, "format"},
	}
	for _, tt := range tests {
		_, err := prepare(t, f, `{"`+tt.field+`": `+tt.value+`}`)
		if tt.code == "" {
			if err != nil {
				t.Errorf("%s=%s: refused: %v", tt.field, tt.value, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s=%s: accepted, want %s", tt.field, tt.value, tt.code)
			continue
		}
		_, got := fieldCodes(t, err)
		if got["/"+tt.field] != tt.code || len(got) != 1 {
			t.Errorf("%s=%s: want %s, got %v", tt.field, tt.value, tt.code, got)
		}
	}
}

func TestUnknownAndServerOwnedFieldsRefused(t *testing.T) {
	f := leadForm(t)
	tests := []struct {
		name string
		in   string
		code string
		want map[string]string
	}{
		{"unknown field", `{"subject": "abc", "colour": "red"}`, "unknown_field", map[string]string{"/colour": "unknown_field"}},
		{"unknown row field", `{"items": [{"product": "a", "qty": 1}, {"product": "b", "qty": 1, "sku": "x"}]}`, "unknown_field",
			map[string]string{"/items/1/sku": "unknown_field"}},
		{"store metadata", `{"_id": "r1"}`, "unknown_field", map[string]string{"/_id": "unknown_field"}},
		{"formula", `{"total": 5}`, "readonly_field", map[string]string{"/total": "readonly_field"}},
		{"serial", `{"leadNo": "XS-2026-000001"}`, "readonly_field", map[string]string{"/leadNo": "readonly_field"}},
		{"lookup", `{"contractTitle": "forged"}`, "readonly_field", map[string]string{"/contractTitle": "readonly_field"}},
		{"row formula", `{"items": [{"product": "a", "qty": 1, "price": 2, "amount": 1000}]}`, "readonly_field",
			map[string]string{"/items/0/amount": "readonly_field"}},
		{"both, all reported", `{"total": 5, "ghost": 1}`, "unknown_field",
			map[string]string{"/total": "readonly_field", "/ghost": "unknown_field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := prepare(t, f, tt.in)
			fe, got := fieldCodes(t, err)
			if fe.Kind != fault.BadRequest || fe.Code != tt.code {
				t.Errorf("want 400 %s, got %v %s", tt.code, fe.Kind, fe.Code)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBadJSON(t *testing.T) {
	f := leadForm(t)
	for _, in := range []string{``, `[]`, `"x"`, `{"subject": }`, `{"subject": "a"} {}`, `{"subject": "a", "subject": "b"}`,
		"{\"subject\": \"\xff\"}", `{"budget": 1e999}`, strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40)} {
		_, err := prepare(t, f, in)
		fe, ok := fault.As(err)
		if !ok || fe.Kind != fault.BadRequest || fe.Code != "invalid_json" {
			t.Errorf("%.40q: want 400 invalid_json, got %v", in, err)
		}
	}
}

func TestUpdateKeepsServerValues(t *testing.T) {
	f := leadForm(t)
	created, err := prepare(t, f, validLead)
	if err != nil {
		t.Fatal(err)
	}
	created["leadNo"] = "XS-2026-000007" // allocated by the runtime
	created["contractTitle"] = "Master agreement"

	// The client read the record and sends it back whole, with one change.
	var merged map[string]any
	b, _ := json.Marshal(created)
	_ = json.Unmarshal(b, &merged)
	merged["budget"] = 100.0
	rec, err := f.PrepareMap(merged, form.Update, form.Env{Now: testEnv().Now, Location: cst, Previous: created})
	if err != nil {
		t.Fatalf("unchanged server-owned values should pass: %v", err)
	}
	if rec["leadNo"] != "XS-2026-000007" || rec["contractTitle"] != "Master agreement" {
		t.Errorf("serial and lookup not kept: %v %v", rec["leadNo"], rec["contractTitle"])
	}
	if rec["overBudget"] != true {
		t.Errorf("formulas recomputed after the change: overBudget=%v", rec["overBudget"])
	}

	_ = json.Unmarshal(b, &merged)
	merged["leadNo"] = "XS-2026-000001"
	merged["items"].([]any)[1].(map[string]any)["amount"] = 1.0
	_, err = f.PrepareMap(merged, form.Update, form.Env{Now: testEnv().Now, Location: cst, Previous: created})
	_, got := fieldCodes(t, err)
	want := map[string]string{"/leadNo": "readonly_field", "/items/1/amount": "readonly_field"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changed server-owned values: got %v, want %v", got, want)
	}
}

func TestLookupsFeedFormulas(t *testing.T) {
	f := mustCompileProps(t, `
		"product": {"type": "string", "x-formloom": {"type": "relation", "form": "product"}},
		"unitPrice": {"type": "number", "readOnly": true, "x-formloom": {"type": "lookup", "relation": "product", "field": "price"}},
		"qty": {"type": "number", "x-formloom": {"type": "number"}},
		"amount": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": "qty * unitPrice", "precision": 2}}`)
	var asked []string
	env := testEnv()
	env.Lookup = func(form, id, field string) (any, bool) {
		asked = append(asked, form+"/"+id+"/"+field)
		return 12.5, true
	}
	rec, err := f.Prepare(json.RawMessage(`{"product": "p1", "qty": 3}`), form.Create, env)
	if err != nil {
		t.Fatal(err)
	}
	if rec["unitPrice"] != 12.5 || rec["amount"] != 37.5 {
		t.Errorf("got unitPrice=%v amount=%v", rec["unitPrice"], rec["amount"])
	}
	if !reflect.DeepEqual(asked, []string{"product/p1/price"}) {
		t.Errorf("lookups asked: %v", asked)
	}
}

func TestConditionalRules(t *testing.T) {
	f, err := form.Compile(json.RawMessage(`{
		"type": "object",
		"properties": {
			"status": {"type": "string", "enum": ["open", "lost"], "x-formloom": {"type": "select", "options": [{"value": "open"}, {"value": "lost"}]}},
			"reason": {"type": "string", "x-formloom": {"type": "textarea"}},
			"email": {"type": "string", "format": "email", "x-formloom": {"type": "email"}},
			"emailOk": {"type": "boolean", "x-formloom": {"type": "checkbox"}}
		},
		"if": {"properties": {"status": {"const": "lost"}}, "required": ["status"]},
		"then": {"required": ["reason"]},
		"dependentRequired": {"email": ["emailOk"]}
	}`), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		want map[string]string
	}{
		{`{"status": "open"}`, nil},
		{`{"status": "lost", "reason": "price"}`, nil},
		{`{"status": "lost"}`, map[string]string{"/reason": "required"}},
		{`{"email": "a@b.cn"}`, map[string]string{"/emailOk": "required"}},
		{`{"status": "lost", "email": "a@b.cn", "emailOk": true}`, map[string]string{"/reason": "required"}},
	}
	for _, tt := range tests {
		_, err := prepare(t, f, tt.in)
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: refused: %v", tt.in, err)
			}
			continue
		}
		_, got := fieldCodes(t, err)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestReferences(t *testing.T) {
	f := mustCompileProps(t, `
		"owner": {"type": "string", "x-formloom": {"type": "member"}},
		"depts": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "department", "multiple": true}},
		"files": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "attachment"}},
		"lines": {"type": "array", "x-formloom": {"type": "subform"}, "items": {"type": "object", "properties": {
			"product": {"type": "string", "x-formloom": {"type": "relation", "form": "product"}}}}}`)
	rec, err := prepare(t, f, `{"owner": "u1", "depts": ["d1", "d2"], "files": ["f1"], "lines": [{"product": "p1"}, {}, {"product": "p3"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.References(rec) {
		got = append(got, r.Pointer+" "+string(r.Type)+" "+r.Form+" "+r.ID)
	}
	want := []string{
		"/owner member  u1", "/depts/0 department  d1", "/depts/1 department  d2", "/files/0 attachment  f1",
		"/lines/0/product relation product p1", "/lines/2/product relation product p3",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestAppendJSON(t *testing.T) {
	f := leadForm(t)
	rec, err := prepare(t, f, validLead)
	if err != nil {
		t.Fatal(err)
	}
	rec["_id"] = "r1"
	rec["note"] = "line\nbreak \"quoted\" <tag> \u2028 \x01"
	out := f.AppendJSON(nil, rec)
	var back map[string]any
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back, rec) {
		t.Errorf("round trip changed the record:\n%s", out)
	}
	if !strings.HasPrefix(string(out), `{"subject":`) || !strings.HasSuffix(string(out), `"_id":"r1","note":"line\nbreak \"quoted\" <tag> \u2028 \u0001"}`) {
		t.Errorf("want schema order then sorted extras:\n%s", out)
	}
}

func TestSchemasBeyondTheFastPath(t *testing.T) {
	// $ref and multipleOf are validated by jsonschema/v5 alone; the answers are the same.
	f, err := form.Compile(json.RawMessage(`{
		"type": "object",
		"$defs": {"positive": {"minimum": 0}},
		"properties": {
			"n": {"type": "number", "$ref": "#/$defs/positive", "x-formloom": {"type": "number"}},
			"step": {"type": "number", "multipleOf": 5, "x-formloom": {"type": "number"}}
		}
	}`), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prepare(t, f, `{"n": 3, "step": 10}`); err != nil {
		t.Errorf("valid record refused: %v", err)
	}
	_, err = prepare(t, f, `{"n": -3, "step": 7}`)
	_, got := fieldCodes(t, err)
	if want := map[string]string{"/n": "minimum", "/step": "multipleOf"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestURLHosts(t *testing.T) {
	f := mustCompileProps(t, `"site": {"type": "string", "format": "uri", "x-formloom": {"type": "url"}}`)
	for in, ok := range map[string]bool{
		"https://example.com":                   true,
		"http://user:pw@example.com:8080/x?y#z": true,
		"https://[::1]:443/":                    true,
		"http:///path":                          false,
		"https://:80":                           false,
		"https://user@/x":                       false,
	} {
		_, err := prepare(t, f, `{"site": "`+in+`"}`)
		if (err == nil) != ok {
			t.Errorf("%s: ok=%v, err=%v", in, ok, err)
		}
	}
}
