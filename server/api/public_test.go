package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// withPublicLink is dealsWorkspace plus a public link on the deal form whose submissions
// are owned by carl. Vars: link (its id), token and public (its anonymous URL).
func withPublicLink(t testing.TB, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := dealsWorkspace(t, a)
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", v["deal"]+"/public-links", `{"owner":"`+v["carl"]+`"}`)
	if st != 201 {
		t.Fatalf("create link: %d %s", st, body)
	}
	v["link"], v["token"], v["public"] = field(t, body, "id"), field(t, body, "token"), field(t, body, "url")
	return v
}

// liveDeals counts the deals ann can list.
func liveDeals(t testing.TB, a *apitest.TestApp, v apitest.Vars, filter string) (int, string) {
	t.Helper()
	u := v["deal"] + "/records?total=true"
	if filter != "" {
		u += "&filter=" + q(filter)
	}
	st, body := a.Call(a.SignIn("ann@formloom.test"), "GET", u, "")
	if st != 200 {
		t.Fatalf("list: %d %s", st, body)
	}
	n, _ := decode(t, body)["total"].(float64)
	return int(n), body
}

func TestPublicLinkScenarios(t *testing.T) {
	t.Parallel()
	const ann = "ann@formloom.test"
	apitest.Run(t,
		apitest.Scenario{
			Name: "an owner creates a link", Method: "POST", URL: "{deal}/public-links", Body: `{"owner":"{carl}"}`, As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 201, ExpectedContent: []string{`"token":"`, `"url":"/api/v1/public/forms/`, `"owner":"{carl}"`},
		},
		apitest.Scenario{
			Name: "the owner must be a member", Method: "POST", URL: "{deal}/public-links", Body: `{"owner":"{bob}"}`, As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 422, ExpectedContent: []string{`"/owner":{"code":"not_member"`},
		},
		apitest.Scenario{
			Name: "unknown input is refused", Method: "POST", URL: "{deal}/public-links", Body: `{"owner":"{carl}","admin":true}`, As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"/admin":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "a plain member may not create links", Method: "POST", URL: "{deal}/public-links", Body: `{"owner":"{carl}"}`, As: "carl@formloom.test", Setup: dealsWorkspace,
			ExpectedStatus: 403,
		},
		apitest.Scenario{
			Name: "anonymous callers may not manage links", Method: "GET", URL: "{deal}/public-links", Setup: dealsWorkspace,
			ExpectedStatus: 401,
		},
		apitest.Scenario{
			Name: "links are listed", Method: "GET", URL: "{deal}/public-links", As: ann, Setup: withPublicLink,
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"{link}"`, `"token":"{token}"`, `"revoked":false`},
		},
		apitest.Scenario{
			Name: "anyone reads the published form", Method: "GET", URL: "{public}", Setup: withPublicLink,
			ExpectedStatus: 200, ExpectedContent: []string{`"name":{"zh-CN":"商机","en":"Deal"}`, `"schema":{`, `"honeypot":"_hp"`},
			NotExpectedContent: []string{"{wsA}", "{app}", "{carl}"},
		},
		apitest.Scenario{
			Name: "an unknown token is 404", Method: "GET", URL: "/api/v1/public/forms/nope", Setup: withPublicLink,
			ExpectedStatus: 404, ExpectedContent: []string{`"code":"not_found"`},
		},
		apitest.Scenario{
			Name: "an anonymous submission is stored as owned by the chosen member", Method: "POST", URL: "{public}", Setup: withPublicLink,
			Body: `{"title":"from the web","status":"new","amount":9,"_hp":""}`, ExpectedStatus: 201, ExpectedContent: []string{`"receipt":"`},
			NotExpectedContent: []string{"{carl}", "from the web", `"owner"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, body string) {
				n, list := liveDeals(t, a, v, `{"field":"title","op":"eq","value":"from the web"}`)
				if n != 1 || !strings.Contains(list, `"owner":"`+v["carl"]+`"`) || !strings.Contains(list, `"createdBy":"`+v["carl"]+`"`) || !strings.Contains(list, `"id":"`+field(t, body, "receipt")+`"`) {
					t.Fatalf("stored: %d %s", n, list)
				}
			},
		},
		apitest.Scenario{
			Name: "an invalid anonymous submission is 422 and stores nothing", Method: "POST", URL: "{public}", Setup: withPublicLink,
			Body: `{"status":"maybe"}`, ExpectedStatus: 422, ExpectedContent: []string{`"/title"`, `"/status"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if n, _ := liveDeals(t, a, v, ""); n != 5 {
					t.Fatalf("%d deals, want 5", n)
				}
			},
		},
		apitest.Scenario{
			Name: "a filled honeypot answers success and stores nothing", Method: "POST", URL: "{public}", Setup: withPublicLink,
			Body: `{"title":"spam","status":"new","_hp":"http://spam.example"}`, ExpectedStatus: 201, ExpectedContent: []string{`"receipt":"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if n, _ := liveDeals(t, a, v, ""); n != 5 {
					t.Fatalf("%d deals, want 5", n)
				}
			},
		},
		apitest.Scenario{
			Name: "a revoked link is 404", Method: "GET", URL: "{public}", Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars {
				v := withPublicLink(t, a)
				if st, body := a.Call(a.SignIn("ann@formloom.test"), "DELETE", v["deal"]+"/public-links/"+v["link"], ""); st != 204 {
					t.Fatalf("revoke: %d %s", st, body)
				}
				return v
			},
			ExpectedStatus: 404,
		},
	)
}

// TestPublicLinkJourney: an admin publishes a form, visitors submit until the per-address
// limit answers 429 with Retry-After, and once revoked the link neither renders nor stores.
func TestPublicLinkJourney(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := withPublicLink(t, a)
	anon := apitest.Session{}
	if st, body := a.Call(anon, "GET", v["public"], ""); st != 200 {
		t.Fatalf("render: %d %s", st, body)
	}
	stored := 0
	for i := 0; i < 10; i++ {
		st, body := a.Call(anon, "POST", v["public"], `{"title":"lead `+itoa(i)+`","status":"new"}`)
		if st != 201 {
			t.Fatalf("submission %d: %d %s", i, st, body)
		}
		stored++
	}
	resp := a.Do(a.Request(anon, "POST", v["public"], `{"title":"one too many","status":"new"}`))
	body := readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, `"code":"rate_limited"`) {
		t.Fatalf("over the limit: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	n, list := liveDeals(t, a, v, `{"field":"status","op":"eq","value":"new"}`)
	if n != 2+stored || strings.Contains(list, "one too many") {
		t.Fatalf("%d new deals, want %d", n, 2+stored)
	}
	// Revoked: the link lists as revoked and its token is unknown.
	ann := a.SignIn("ann@formloom.test")
	if st, body := a.Call(ann, "DELETE", v["deal"]+"/public-links/"+v["link"], ""); st != 204 {
		t.Fatalf("revoke: %d %s", st, body)
	}
	if st, body := a.Call(ann, "GET", v["deal"]+"/public-links", ""); st != 200 || !strings.Contains(body, `"revoked":true`) {
		t.Fatalf("list after revoke: %d %s", st, body)
	}
	if st, _ := a.Call(anon, "GET", v["public"], ""); st != 404 {
		t.Fatalf("revoked link renders: %d", st)
	}
	// Links of one form cannot be revoked through another workspace's routes.
	if st, _ := a.Call(a.SignIn("bob@formloom.test"), "DELETE", "/api/v1/workspaces/"+v["wsB"]+"/apps/"+v["app"]+"/forms/deal/public-links/"+v["link"], ""); st != 404 {
		t.Fatalf("bob revokes: %d", st)
	}
}
