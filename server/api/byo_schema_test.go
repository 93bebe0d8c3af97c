package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// standardApp is a form as an RJSF user has it: plain JSON Schema, no x-formloom, with an
// RJSF uiSchema beside it.
const standardApp = `{
  "key": "byo",
  "name": {"zh-CN": "自带结构", "en": "Own schema"},
  "forms": [{
    "key": "contact",
    "name": {"zh-CN": "联系人", "en": "Contact"},
    "schema": {
      "type": "object",
      "properties": {
        "name": {"type": "string", "title": "Name", "description": "Full name", "maxLength": 50},
        "born": {"type": "string", "format": "date", "title": "Born"},
        "seen": {"type": "string", "format": "date-time"},
        "email": {"type": "string", "format": "email"},
        "site": {"type": "string", "format": "uri"},
        "host": {"type": "string", "format": "hostname"},
        "age": {"type": "integer", "minimum": 0},
        "score": {"type": "number"},
        "vip": {"type": "boolean"},
        "level": {"type": "string", "enum": ["a", "b"]},
        "tier": {"type": "string", "oneOf": [{"const": "gold", "title": "Gold"}, {"const": "silver", "title": "Silver"}]},
        "never": {"type": "string", "enum": []},
        "colors": {"type": "array", "items": {"type": "string", "enum": ["red", "blue"]}, "uniqueItems": true},
        "tags": {"type": "array", "items": {"type": "string"}},
        "phones": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"}, "number": {"type": "string"}}, "required": ["number"]}},
        "address": {"type": "object", "properties": {"city": {"type": "string"}, "zip": {"type": "string", "pattern": "^[0-9]{6}$"}}, "required": ["city"]},
        "notes": {"type": "string"}
      },
      "required": ["name"]
    },
    "uiSchema": {
      "ui:order": ["email", "name", "*"],
      "name": {"ui:placeholder": "Your name", "ui:classNames": "wide"},
      "notes": {"ui:widget": "textarea", "ui:help": "Anything else"},
      "vip": {"ui:title": "VIP customer", "ui:disabled": true},
      "level": {"ui:widget": "radio"},
      "phones": {"items": {"number": {"ui:placeholder": "+86"}}},
      "ghost": {"ui:widget": "text"}
    }
  }]
}`

func byoWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	v := appWorkspace(t, a)
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+standardApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["byo"] = field(t, body, "id")
	return v
}

// draftForm reads form 0 of an app's stored draft.
func draftForm(t testing.TB, a *apitest.TestApp, v apitest.Vars, app string) map[string]any {
	t.Helper()
	def, err := a.Apps.Definition(t.Context(), v["ann"], v["wsA"], app, 0)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Forms []map[string]any `json:"forms"`
	}
	if err := json.Unmarshal(def, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Forms[0]
}

func TestBringYourOwnJSONSchema(t *testing.T) {
	t.Parallel()
	records := "/api/v1/workspaces/{wsA}/apps/{byo}/forms/contact/records"
	apitest.Run(t,
		apitest.Scenario{
			Name:   "a standard JSON Schema with a uiSchema is accepted; what cannot be mapped is a warning with its pointer",
			Method: "POST", URL: "/api/v1/workspaces/{wsA}/apps", Body: `{"definition":` + standardApp + `}`,
			As: "ann@formloom.test", Setup: appWorkspace, ExpectedStatus: 201,
			ExpectedContent: []string{`"published":1`,
				`{"pointer":"/definition/forms/0/uiSchema/name/ui:classNames","code":"not_mapped"`,
				`{"pointer":"/definition/forms/0/uiSchema/level/ui:widget","code":"not_mapped"`,
				`{"pointer":"/definition/forms/0/uiSchema/ghost","code":"unknown_field"`},
			NotExpectedContent: []string{`uiSchema/notes`, `uiSchema/vip`, `ui:placeholder`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, body string) {
				v["byo"] = field(t, body, "id")
				f := draftForm(t, a, v, v["byo"])
				if _, kept := f["uiSchema"]; kept {
					t.Fatal("the uiSchema was stored beside the mapped ui")
				}
				props := f["schema"].(map[string]any)["properties"].(map[string]any)
				want := map[string]string{"name": "text", "born": "date", "seen": "datetime", "email": "email", "site": "url",
					"host": "text", "age": "number", "score": "number", "vip": "checkbox", "level": "select", "tier": "select",
					"never": "text", "colors": "multiselect", "tags": "tags", "phones": "subform", "address": "group", "notes": "textarea"}
				for key, typ := range want {
					x := props[key].(map[string]any)["x-formloom"].(map[string]any)
					if x["type"] != typ {
						t.Errorf("%s: inferred %v, want %s", key, x["type"], typ)
					}
				}
				cols := props["phones"].(map[string]any)["items"].(map[string]any)["properties"].(map[string]any)
				if cols["number"].(map[string]any)["x-formloom"].(map[string]any)["type"] != "text" {
					t.Errorf("sub-form column not inferred: %v", cols["number"])
				}
				x := func(k string) map[string]any { return props[k].(map[string]any)["x-formloom"].(map[string]any) }
				if l := x("name")["label"].(map[string]any)["en"]; l != "Name" {
					t.Errorf("label from title: %v", l)
				}
				if l := x("vip")["label"].(map[string]any)["zh-CN"]; l != "VIP customer" {
					t.Errorf("label from ui:title: %v", l)
				}
				tier, _ := json.Marshal(x("tier")["options"])
				if !strings.Contains(string(tier), `"label":{"en":"Gold","zh-CN":"Gold"},"value":"gold"`) {
					t.Errorf("oneOf titles as option labels: %s", tier)
				}
				ui, _ := json.Marshal(f["ui"])
				for _, frag := range []string{`"order":["email","name","born","seen","site","host","age","score","vip","level","tier","never","colors","tags","phones","address","notes"]`,
					`"name":{"help":{"en":"Full name","zh-CN":"Full name"},"placeholder":{"en":"Your name","zh-CN":"Your name"}}`,
					`"notes":{"help":{"en":"Anything else","zh-CN":"Anything else"}}`, `"vip":{"disabled":true}`,
					`"phones.number":{"placeholder":{"en":"+86","zh-CN":"+86"}}`} {
					if !strings.Contains(string(ui), frag) {
						t.Errorf("ui lacks %s: %s", frag, ui)
					}
				}
			},
		},
		apitest.Scenario{
			Name: "a record valid for the standard schema is stored", Method: "POST", URL: records, As: "ann@formloom.test", Setup: byoWorkspace,
			Body: `{"name":"Li Lei","born":"1990-05-01","seen":"2026-01-02T03:04:05+08:00","email":"li@example.com","site":"https://example.com/x",
				"host":"example.com","age":36,"score":4.5,"vip":true,"level":"a","tier":"gold","colors":["red"],"tags":["x","y"],
				"phones":[{"kind":"mobile","number":"13800000000"}],"address":{"city":"Shanghai","zip":"200000"},"notes":"n"}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"tier":"gold"`, `"address":{"city":"Shanghai","zip":"200000"}`, `"tags":["x","y"]`},
		},
		apitest.Scenario{
			Name:   "standard keywords keep their meaning: empty enum, formats, nested required and pattern, enum of a multiselect",
			Method: "POST", URL: records, As: "ann@formloom.test", Setup: byoWorkspace,
			Body: `{"name":"x","never":"anything","seen":"2026-12-04T09:00:00+10:60","email":"not-an-email","site":"no scheme","host":"-bad-.example","age":1.5,
				"tier":"bronze","colors":["green"],"tags":[1],"phones":[{"kind":"home"}],"address":{"zip":"12"}}`,
			ExpectedStatus: 422, ExpectedContent: []string{`"/never":`, `"/seen":{"code":"format"`, `"/email":`, `"/site":`, `"/host":`, `"/age":`, `"/tier":`,
				`"/colors/0":`, `"/tags/0":`, `"/phones/0/number":`, `"/address/city":`, `"/address/zip":`},
		},
		apitest.Scenario{
			Name: "a draft saved without x-formloom is completed and accepted", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft",
			Body: strings.Replace(app("price"), `"qty": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "数量", "en": "Qty"}}}`,
				`"qty": {"type": "integer", "title": "数量"}`, 1),
			As: "ann@formloom.test", Setup: appWorkspace, ExpectedStatus: 200,
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				f := draftForm(t, a, v, v["app"])
				props := f["schema"].(map[string]any)["properties"].(map[string]any)
				x := props["qty"].(map[string]any)["x-formloom"].(map[string]any)
				if x["type"] != "number" || x["label"].(map[string]any)["zh-CN"] != "数量" {
					t.Fatalf("qty: %v", x)
				}
				if _, ok := props["total"]; !ok {
					t.Fatal("other fields lost")
				}
			},
		},
		apitest.Scenario{
			Name: "a property Formloom cannot make a field of is still refused at its pointer", Method: "POST", URL: "/api/v1/workspaces/{wsA}/apps",
			Body: `{"definition":` + strings.Replace(standardApp, `"notes": {"type": "string"}`, `"notes": {"type": "array", "items": {"type": "number"}}`, 1) + `}`,
			As:   "ann@formloom.test", Setup: appWorkspace, ExpectedStatus: 422,
			ExpectedContent: []string{`"/definition/forms/0/schema/properties/notes/items/type"`},
		},
	)
}
