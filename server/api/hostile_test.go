package api_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// Hostile requests: each is a 4xx in the error shape naming what was wrong, and nothing
// stored changes.
func TestHostileRequestHeads(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ann := a.SignIn("ann@formloom.test")

	req := a.Request(ann, "GET", "/api/v1/auth/me", "")
	req.Header.Set("X-Padding", strings.Repeat("a", 9<<10))
	resp := a.Do(req)
	body := readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 431 || !strings.Contains(body, `"code":"headers_too_large"`) || !strings.Contains(body, `"status":431`) {
		t.Fatalf("9 KB header: %d %s", resp.StatusCode, body)
	}
	if resp.Header.Get("X-Request-ID") == "" {
		t.Error("9 KB header: no request id")
	}

	// Over the read buffer: fasthttp refuses it before any middleware, and the error
	// handler still answers in the error shape and logs a request id.
	req = a.Request(ann, "GET", "/api/v1/auth/me", "")
	req.Header.Set("X-Padding", strings.Repeat("b", 40<<10))
	resp = a.Do(req)
	body = readBody(resp)
	resp.Body.Close()
	id := resp.Header.Get("X-Request-ID")
	if resp.StatusCode != 431 || !strings.Contains(body, `"code":"headers_too_large"`) || id == "" {
		t.Fatalf("40 KB header: %d %q %s", resp.StatusCode, id, body)
	}
	if !strings.Contains(a.Logs(), id) {
		t.Errorf("request id %s not in the log", id)
	}

	st, body := a.Call(ann, "GET", "/api/v1/auth/me?q="+strings.Repeat("c", 10<<10), "")
	if st != 414 || !strings.Contains(body, `"code":"uri_too_long"`) {
		t.Fatalf("10 KB URL: %d %s", st, body)
	}
	if strings.Contains(a.Logs(), "internal error") {
		t.Errorf("an internal error was logged:\n%s", a.Logs())
	}
}

// bombApp has a long text field and a formula that copies it 250 times.
func bombApp() string {
	expr := "CONCAT(" + strings.TrimSuffix(strings.Repeat("notes, ", 250), ", ") + ")"
	return `{"key": "bomb", "name": {"zh-CN": "公式", "en": "Formula"}, "forms": [{"key": "note", "name": {"zh-CN": "笔记", "en": "Note"},
	  "schema": {"type": "object", "required": ["title"], "properties": {
	    "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}},
	    "notes": {"type": "string", "maxLength": 100000, "x-formloom": {"type": "textarea", "label": {"zh-CN": "备注", "en": "Notes"}}},
	    "echo": {"type": "string", "readOnly": true, "x-formloom": {"type": "formula", "expr": "` + expr + `", "label": {"zh-CN": "回声", "en": "Echo"}}}
	  }}}]}`
}

func TestFormulaBombIsRefused(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+bombApp()+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	notes := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id") + "/forms/note/records"

	st, body = a.Call(ann, "POST", notes, mustJSON(map[string]any{"title": "bomb", "notes": strings.Repeat("x", 60_000)}))
	if st != 422 || !strings.Contains(body, `"/echo":{"code":"formula_budget"`) {
		t.Fatalf("bomb: %d %.300s", st, body)
	}
	st, body = a.Call(ann, "POST", notes, `{"title": "ok", "notes": "ab"}`)
	if st != 201 || len(field(t, body, "data", "echo")) != 500 {
		t.Fatalf("small input: %d %.300s", st, body)
	}
	st, body = a.Call(ann, "GET", notes+"?total=true", "")
	if st != 200 || !strings.Contains(body, `"total":1`) {
		t.Fatalf("the refused record was stored: %s", body)
	}
}

func TestBadValuesAreRefused(t *testing.T) {
	t.Parallel()
	ann := "ann@formloom.test"
	unchanged := func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
		if n := countLeads(t, a, v); n != 1 {
			t.Errorf("%d leads stored, want 1", n)
		}
		st, body := a.Call(a.SignIn(ann), "GET", v["lead"]+"/records/"+v["rec"], "")
		if st != 200 || !strings.Contains(body, `"version":1`) || !strings.Contains(body, `"subject":"Acme"`) {
			t.Errorf("the lead changed: %s", body)
		}
	}
	apitest.Run(t,
		apitest.Scenario{
			Name: "a NUL in a text value", Method: "POST", URL: "{lead}/records", As: ann, Setup: withLead,
			Body:           strings.Replace(`{"subject":"Ac\u0000me","status":"new","budget":1,"items":[{"product":"A","qty":1}]}`, `\u0000`, `\u0000`, 1),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_value"`, `"/subject":{"code":"nul_character"`}, After: unchanged,
		},
		apitest.Scenario{
			Name: "a lone surrogate in a sub-form row", Method: "POST", URL: "{lead}/records", As: ann, Setup: withLead,
			Body:           `{"subject":"Acme","status":"new","budget":1,"items":[{"product":"A\ud800","qty":1}]}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"/items/0/product":{"code":"lone_surrogate"`}, After: unchanged,
		},
		apitest.Scenario{
			Name: "a number that underflows to 0", Method: "POST", URL: "{lead}/records", As: ann, Setup: withLead,
			Body:           `{"subject":"Acme","status":"new","budget":1e-400,"items":[{"product":"A","qty":1}]}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"/budget":{"code":"number_underflow"`}, After: unchanged,
		},
		apitest.Scenario{
			Name: "a NUL in a PATCH", Method: "PATCH", URL: "{lead}/records/{rec}", As: ann, Setup: withLead,
			Headers: map[string]string{"If-Match": `"1"`}, Body: `{"subject":"x\u0000"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"/subject":{"code":"nul_character"`}, After: unchanged,
		},
		apitest.Scenario{
			Name: "a malformed If-Match", Method: "PATCH", URL: "{lead}/records/{rec}", As: ann, Setup: withLead,
			Headers: map[string]string{"If-Match": `"1`}, Body: `{"subject":"Acme2"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_if_match"`}, After: unchanged,
		},
		apitest.Scenario{
			Name: "a signed If-Match", Method: "PATCH", URL: "{lead}/records/{rec}", As: ann, Setup: withLead,
			Headers: map[string]string{"If-Match": `+1`}, Body: `{"subject":"Acme2"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_if_match"`}, After: unchanged,
		},
		apitest.Scenario{
			Name: "a NUL in a filter value", Method: "GET", As: ann, Setup: withLead,
			URL:            `{lead}/records?filter=` + url.QueryEscape(`{"field":"subject","op":"contains","value":"\u0000"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_query"`, `"/filter/value":{"code":"bad_value"`},
		},
		apitest.Scenario{
			Name: "a lone surrogate in a filter value", Method: "GET", As: ann, Setup: withLead,
			URL:            `{lead}/records?filter=` + url.QueryEscape(`{"field":"subject","op":"contains","value":"\udc00x"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_query"`, `"code":"bad_value"`},
		},
	)
}
