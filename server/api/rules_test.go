package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// rulesApp has two cross-field rules: the end is not before the start, and the shares of
// the owners' rows add up to 100.
const rulesApp = `{
  "key": "ventures",
  "name": {"zh-CN": "合伙", "en": "Ventures"},
  "forms": [{
    "key": "venture",
    "name": {"zh-CN": "合伙项目", "en": "Venture"},
    "schema": {
      "type": "object",
      "properties": {
        "start": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "开始日期", "en": "Start"}}},
        "end": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "结束日期", "en": "End"}}},
        "owners": {"type": "array", "x-formloom": {"type": "subform", "label": {"zh-CN": "股东", "en": "Owners"}},
          "items": {"type": "object", "properties": {
            "name": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "姓名", "en": "Name"}}},
            "share": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "占比", "en": "Share"}}}}}}
      },
      "x-formloom": {"rules": [
        {"expr": "end == '' || start == '' || end >= start", "field": "end", "message": {"zh-CN": "结束日期不能早于开始日期", "en": "The end cannot be before the start"}},
        {"expr": "COUNT(owners) == 0 || SUM(owners.share) == 100", "field": "owners", "message": {"zh-CN": "股东占比之和必须等于 100", "en": "The shares must add up to 100"}}
      ]}
    }
  }]
}`

func rulesWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+rulesApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	st, body = a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps/"+v["app"]+"/forms/venture/records", `{"start":"2026-01-01","end":"2026-02-01"}`)
	if st != 201 {
		t.Fatalf("record: %d %s", st, body)
	}
	v["rec"] = field(t, body, "id")
	return v
}

func TestCrossFieldRules(t *testing.T) {
	t.Parallel()
	records := "/api/v1/workspaces/{wsA}/apps/{app}/forms/venture/records"
	apitest.Run(t,
		apitest.Scenario{
			Name: "a record keeping the rules is stored", Method: "POST", URL: records, As: "ann@formloom.test", Setup: rulesWorkspace,
			Body:           `{"start":"2026-01-01","end":"2026-01-01","owners":[{"name":"a","share":60},{"name":"b","share":40}]}`,
			ExpectedStatus: 201,
		},
		apitest.Scenario{
			Name: "broken rules are refused on the fields they name, with their messages", Method: "POST", URL: records, As: "ann@formloom.test", Setup: rulesWorkspace,
			Body:    `{"start":"2026-03-01","end":"2026-01-01","owners":[{"name":"a","share":60},{"name":"b","share":30}]}`,
			Headers: map[string]string{"Accept-Language": "zh-CN"}, ExpectedStatus: 422,
			ExpectedContent: []string{`"/end":{"code":"rule","message":"结束日期不能早于开始日期"}`, `"/owners":{"code":"rule","message":"股东占比之和必须等于 100"}`},
		},
		apitest.Scenario{
			Name: "an update is held to the rules too", Method: "PATCH", URL: records + "/{rec}", As: "ann@formloom.test", Setup: rulesWorkspace,
			Body: `{"end":"2025-12-31"}`, Headers: map[string]string{"If-Match": `"1"`}, ExpectedStatus: 422,
			ExpectedContent: []string{`"/end":{"code":"rule","message":"The end cannot be before the start"}`},
		},
		apitest.Scenario{
			Name: "a rule that cannot be compiled is refused when the draft is saved, at its pointer", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft",
			Body: strings.Replace(strings.Replace(rulesApp, `end >= start", "field": "end"`, `end >= nowhere", "field": "finish"`, 1), `"message": {"zh-CN": "股东占比之和必须等于 100", "en": "The shares must add up to 100"}`, `"message": {}`, 1),
			As:   "ann@formloom.test", Setup: rulesWorkspace, ExpectedStatus: 422,
			ExpectedContent: []string{`"/forms/0/schema/x-formloom/rules/0/expr":{"code":"unknown_field"`, `"/forms/0/schema/x-formloom/rules/0/field":{"code":"unknown_field"`,
				`"/forms/0/schema/x-formloom/rules/1/message":{"code":"required"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				def, err := a.Apps.Definition(t.Context(), v["ann"], v["wsA"], v["app"], 0)
				if err != nil || strings.Contains(string(def), "nowhere") {
					t.Fatalf("a refused draft was stored: %v", err)
				}
			},
		},
	)
}

func TestRecordCheck(t *testing.T) {
	t.Parallel()
	check := "/api/v1/workspaces/{wsA}/apps/{app}/forms/venture/records/check"
	apitest.Run(t,
		apitest.Scenario{
			Name: "the server's verdict before submit: valid, nothing stored", Method: "POST", URL: check, As: "ann@formloom.test", Setup: rulesWorkspace,
			Body: `{"start":"2026-01-01","end":"2026-01-02"}`, ExpectedStatus: 200, ExpectedContent: []string{`{"valid":true}`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				_, body := a.Call(a.SignIn("ann@formloom.test"), "GET", "/api/v1/workspaces/"+v["wsA"]+"/apps/"+v["app"]+"/forms/venture/records", "")
				if strings.Count(body, `"id":`) != 1 {
					t.Fatalf("a checked record was stored: %s", body)
				}
			},
		},
		apitest.Scenario{
			Name: "the server's verdict before submit: the rule's message on its field", Method: "POST", URL: check, As: "ann@formloom.test", Setup: rulesWorkspace,
			Body: `{"start":"2026-01-03","end":"2026-01-02"}`, ExpectedStatus: 200,
			ExpectedContent: []string{`"valid":false`, `"status":422`, `"/end":{"code":"rule"`},
		},
		apitest.Scenario{
			Name: "a body that is not a record is still refused as a create would be", Method: "POST", URL: check, As: "ann@formloom.test", Setup: rulesWorkspace,
			Body: `{"start":`, ExpectedStatus: 400, NotExpectedContent: []string{`"valid"`},
		},
	)
}
