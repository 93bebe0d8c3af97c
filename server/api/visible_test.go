package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// dealApp: convertedAt is shown only when converted is true.
const dealApp = `{"key": "deals", "name": {"zh-CN": "商机", "en": "Deals"}, "forms": [{"key": "deal", "name": {"zh-CN": "商机", "en": "Deal"},
  "schema": {"type": "object", "required": ["title"], "properties": {
    "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Title"}}},
    "converted": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "已转化", "en": "Converted"}}},
    "convertedAt": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "转化日期", "en": "Converted on"}}}
  }},
  "ui": {"fields": {"convertedAt": {"visibleWhen": {"properties": {"converted": {"const": true}}, "required": ["converted"]}}}}}]}`

func dealWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := twoWorkspaces(t, a)
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+dealApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	v["deal"] = "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"] + "/forms/deal"
	return v
}

func TestVisibleWhenOnTheServer(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := dealWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")

	st, body := a.Call(ann, "POST", v["deal"]+"/records", `{"title": "A", "convertedAt": "2026-03-01"}`)
	if st != 201 || strings.Contains(body, "convertedAt") {
		t.Fatalf("hidden value stored: %d %s", st, body)
	}
	id := field(t, body, "id")

	req := a.Request(ann, "PATCH", v["deal"]+"/records/"+id, `{"converted": true, "convertedAt": "2026-03-01"}`)
	req.Header.Set("If-Match", `"1"`)
	resp := a.Do(req)
	body = readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(body, `"convertedAt":"2026-03-01"`) {
		t.Fatalf("shown value: %d %s", resp.StatusCode, body)
	}
	// Hiding the field again clears its stored value.
	req = a.Request(ann, "PATCH", v["deal"]+"/records/"+id, `{"converted": false}`)
	req.Header.Set("If-Match", `"2"`)
	resp = a.Do(req)
	body = readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(body, "convertedAt") {
		t.Fatalf("hidden again: %d %s", resp.StatusCode, body)
	}

	st, body = a.Call(ann, "POST", v["deal"]+"/records", `{"title": "  "}`)
	if st != 422 || !strings.Contains(body, `"/title":{"code":"required"`) {
		t.Fatalf("blank title: %d %s", st, body)
	}
	st, body = a.Call(ann, "GET", v["deal"]+"/records?total=true", "")
	if st != 200 || !strings.Contains(body, `"total":1`) {
		t.Fatalf("the blank record was stored: %s", body)
	}
}
