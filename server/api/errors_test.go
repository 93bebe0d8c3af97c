package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/server/api"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/store/sqlite"
)

func TestErrorShapeScenarios(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name: "malformed JSON is 400", Method: "POST", URL: "/api/v1/workspaces", Body: `{"name":`, As: "ann@formloom.test",
			ExpectedStatus: 400, ExpectedContent: []string{`{"error":{"status":400,"code":"invalid_json","message":"`, `"fields":{}`},
			NotExpectedContent: []string{"unexpected EOF", "json:"},
		},
		apitest.Scenario{
			Name: "trailing data is 400", Method: "POST", URL: "/api/v1/workspaces", Body: `{"name":"a"} {"name":"b"}`, As: "ann@formloom.test",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_json"`},
		},
		apitest.Scenario{
			Name: "empty body is 400", Method: "POST", URL: "/api/v1/auth/login", Body: "",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_json"`},
		},
		apitest.Scenario{
			Name: "unknown field is 400 naming it", Method: "POST", URL: "/api/v1/workspaces", Body: `{"name":"a","owner":"someone-else"}`, As: "ann@formloom.test",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"unknown_field"`, `"fields":{"/owner":{"code":"unknown_field"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if ws, _ := a.Org.ListWorkspaces(t.Context(), v["me"]); len(ws) != 0 {
					t.Fatal("a refused request stored a workspace")
				}
			},
		},
		apitest.Scenario{
			Name: "wrong type is 400 naming the field", Method: "POST", URL: "/api/v1/auth/login", Body: `{"email":42,"password":"x"}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_type"`, `"/email":{"code":"type"`},
		},
		apitest.Scenario{
			Name: "operator injection is just a wrong type", Method: "POST", URL: "/api/v1/auth/login", Body: `{"email":{"$gt":""},"password":{"$gt":""}}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_type"`},
		},
		apitest.Scenario{
			Name: "oversize body is 413", Method: "POST", URL: "/api/v1/workspaces", Body: `{"name":"` + strings.Repeat("x", 70<<10) + `"}`, As: "ann@formloom.test",
			ExpectedStatus: 413, ExpectedContent: []string{`{"error":{"status":413,"code":"body_too_large"`},
		},
		apitest.Scenario{
			Name: "unknown API route is 404 in the shape", Method: "GET", URL: "/api/v1/nope", As: "ann@formloom.test",
			ExpectedStatus: 404, ExpectedContent: []string{`{"error":{"status":404,"code":"not_found"`},
		},
		apitest.Scenario{
			Name: "unknown API route is 404 for anonymous callers too", Method: "DELETE", URL: "/api/v1/nope",
			ExpectedStatus: 404, ExpectedContent: []string{`"code":"not_found"`},
		},
		apitest.Scenario{
			Name: "healthz", Method: "GET", URL: "/healthz", ExpectedStatus: 200, ExpectedContent: []string{`"status":"ok"`},
			ExpectedHeaders: map[string]string{
				"X-Content-Type-Options": "nosniff",
				"X-Frame-Options":        "DENY",
			},
		},
		apitest.Scenario{
			Name: "readyz checks the database", Method: "GET", URL: "/readyz", ExpectedStatus: 200, ExpectedContent: []string{`"status":"ready"`},
		},
		apitest.Scenario{
			Name: "a sane request ID is echoed", Method: "GET", URL: "/healthz", Headers: map[string]string{"X-Request-ID": "abc-123"},
			ExpectedStatus: 200, ExpectedHeaders: map[string]string{"X-Request-ID": "abc-123"},
		},
	)
}

func TestSecurityHeadersAndRequestIDs(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	resp := a.Do(httptest.NewRequest("GET", "/api/v1/auth/me", nil))
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") {
		t.Fatalf("CSP %q", csp)
	}
	if id := resp.Header.Get("X-Request-ID"); len(id) < 16 {
		t.Fatalf("request id %q", id)
	}
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-ID", "<script>")
	resp = a.Do(req)
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-ID"); got == "<script>" {
		t.Fatal("unsafe request id echoed")
	}
	if !strings.Contains(a.Logs(), "msg=request") {
		t.Fatal("no access log line")
	}
}

// TestPanicBecomes500 runs the HTTP layer with the org service missing, so that a workspace
// route dereferences nil: the client gets the error shape and the server keeps serving.
func TestPanicBecomes500(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "t.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := apitest.Config(t)
	for _, spec := range account.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	accounts, err := account.New(st, account.Options{Hash: account.TestHashParams})
	if err != nil {
		t.Fatal(err)
	}
	u, err := accounts.CreateUser(ctx, "ann@formloom.test", "Ann", "password-ann")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := accounts.OpenSession(ctx, u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	app := api.New(api.Deps{Config: cfg, Logger: slog.New(slog.NewTextHandler(&logs, nil)), DB: st, Accounts: accounts})

	req := httptest.NewRequest("GET", "/api/v1/workspaces", nil)
	req.Header.Set("Cookie", "formloom_session="+secret)
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	want := `{"error":{"status":500,"code":"internal_error","message":"Something went wrong on our side. Please try again.","fields":{}}}`
	if resp.StatusCode != 500 || string(body) != want {
		t.Fatalf("panic answered %d %s", resp.StatusCode, body)
	}
	if strings.Contains(string(body), "nil pointer") || strings.Contains(string(body), "goroutine") {
		t.Fatal("panic details leaked")
	}
	if !strings.Contains(logs.String(), "panic") {
		t.Fatal("panic not logged")
	}
	resp, err = app.Test(httptest.NewRequest("GET", "/healthz", nil), -1)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("server stopped serving after a panic: %v %v", resp, err)
	}
	resp.Body.Close()
}
