package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

func TestAuthScenarios(t *testing.T) {
	t.Parallel()
	login := func(email, password string) string {
		return fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)
	}
	apitest.Run(t,
		apitest.Scenario{
			Name: "admin signs in", Method: "POST", URL: "/api/v1/auth/login",
			Body:               login(apitest.AdminEmail, apitest.AdminPassword),
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"email":"admin@formloom.test"`, `"admin":true`, `"csrfToken":"`},
			NotExpectedContent: []string{"passwordHash", "argon2"},
			After: func(t testing.TB, a *apitest.TestApp, _ apitest.Vars, _ string) {
				// The cookie is HttpOnly and SameSite.
				resp := a.Do(a.Request(apitest.Session{}, "POST", "/api/v1/auth/login", login(apitest.AdminEmail, apitest.AdminPassword)))
				defer resp.Body.Close()
				c := resp.Header.Get("Set-Cookie")
				for _, want := range []string{"formloom_session=", "HttpOnly", "SameSite=Lax"} {
					if !strings.Contains(c, want) {
						t.Errorf("Set-Cookie %q lacks %s", c, want)
					}
				}
			},
		},
		apitest.Scenario{
			Name: "e-mail is case-insensitive", Method: "POST", URL: "/api/v1/auth/login",
			Body: login("ADMIN@Formloom.Test", apitest.AdminPassword), ExpectedStatus: 200,
		},
		apitest.Scenario{
			Name: "wrong password is 401", Method: "POST", URL: "/api/v1/auth/login",
			Body:               login(apitest.AdminEmail, "wrong-password"),
			ExpectedStatus:     401,
			ExpectedContent:    []string{`{"error":{"status":401,"code":"invalid_credentials","message":"Wrong e-mail or password.","fields":{}}}`},
			NotExpectedContent: []string{"Set-Cookie"},
		},
		apitest.Scenario{
			Name: "unknown e-mail is the same 401", Method: "POST", URL: "/api/v1/auth/login",
			Body: login("nobody@formloom.test", "whatever-password"), ExpectedStatus: 401,
			ExpectedContent: []string{`"code":"invalid_credentials"`},
		},
		apitest.Scenario{
			Name: "messages follow Accept-Language", Method: "POST", URL: "/api/v1/auth/login",
			Body: login(apitest.AdminEmail, "wrong-password"), Headers: map[string]string{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"},
			ExpectedStatus: 401, ExpectedContent: []string{`"message":"邮箱或密码错误。"`},
		},
		apitest.Scenario{
			Name: "me without a session is 401", Method: "GET", URL: "/api/v1/auth/me",
			ExpectedStatus: 401, ExpectedContent: []string{`"code":"unauthenticated"`},
		},
		apitest.Scenario{
			Name: "me with a session", Method: "GET", URL: "/api/v1/auth/me", As: "ann@formloom.test",
			ExpectedStatus: 200, ExpectedContent: []string{`"email":"ann@formloom.test"`, `"admin":false`, `"csrfToken":"`},
		},
		apitest.Scenario{
			Name: "cookie POST without CSRF token is 403", Method: "POST", URL: "/api/v1/workspaces",
			Body: `{"name":"Sales"}`, As: "ann@formloom.test", NoCSRF: true,
			ExpectedStatus: 403, ExpectedContent: []string{`"code":"csrf_failed"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				ws, err := a.Org.ListWorkspaces(t.Context(), v["me"])
				if err != nil || len(ws) != 0 {
					t.Fatalf("nothing may be stored: %v %v", ws, err)
				}
			},
		},
		apitest.Scenario{
			Name: "cookie POST with a wrong CSRF token is 403", Method: "POST", URL: "/api/v1/workspaces",
			Body: `{"name":"Sales"}`, As: "ann@formloom.test", Headers: map[string]string{"X-CSRF-Token": "forged"},
			ExpectedStatus: 403, ExpectedContent: []string{`"code":"csrf_failed"`},
		},
		apitest.Scenario{
			Name: "logout ends the session", Method: "POST", URL: "/api/v1/auth/logout", As: "ann@formloom.test",
			ExpectedStatus: 204,
		},
	)
}

func TestLogoutRevokesTheCookie(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	s := a.SignIn("ann@formloom.test")
	if st, _ := a.Call(s, "POST", "/api/v1/auth/logout", ""); st != 204 {
		t.Fatalf("logout: %d", st)
	}
	if st, body := a.Call(s, "GET", "/api/v1/auth/me", ""); st != 401 {
		t.Fatalf("me after logout: %d %s", st, body)
	}
}

func TestFailedLoginsAreRateLimited(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	bad := fmt.Sprintf(`{"email":%q,"password":"wrong-password"}`, apitest.AdminEmail)
	for i := 0; i < 5; i++ {
		if st, body := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", bad); st != 401 {
			t.Fatalf("attempt %d: %d %s", i+1, st, body)
		}
	}
	resp := a.Do(a.Request(apitest.Session{}, "POST", "/api/v1/auth/login", bad))
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("6th attempt: %d, want 429", resp.StatusCode)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// Even the right password waits until the window passes: that is what stops guessing.
	good := fmt.Sprintf(`{"email":%q,"password":%q}`, apitest.AdminEmail, apitest.AdminPassword)
	if st, body := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", good); st != 429 || !strings.Contains(body, `"code":"too_many_attempts"`) {
		t.Fatalf("right password while locked: %d %s", st, body)
	}
	// Another account from the same address is not locked yet.
	a.User("bob@formloom.test")
	other := fmt.Sprintf(`{"email":"bob@formloom.test","password":%q}`, apitest.UserPassword)
	if st, body := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", other); st != 200 {
		t.Fatalf("other account: %d %s", st, body)
	}
}

func TestFailedLoginsAreRateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	// 20 failures spread over many accounts from one address lock the address.
	for i := 0; i < 20; i++ {
		body := fmt.Sprintf(`{"email":"user%d@formloom.test","password":"wrong-password"}`, i)
		if st, _ := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", body); st != 401 {
			t.Fatalf("attempt %d: %d", i, st)
		}
	}
	good := fmt.Sprintf(`{"email":%q,"password":%q}`, apitest.AdminEmail, apitest.AdminPassword)
	if st, _ := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", good); st != 429 {
		t.Fatalf("address not limited: %d", st)
	}
}

func TestBearerTokens(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	s := a.SignIn("ann@formloom.test")
	st, body := a.Call(s, "POST", "/api/v1/auth/tokens", `{"name":"CI import"}`)
	if st != 201 {
		t.Fatalf("create token: %d %s", st, body)
	}
	secret := field(t, body, "secret")
	id := field(t, body, "token", "id")
	if !strings.HasPrefix(secret, "fl_") {
		t.Fatalf("secret %q", secret)
	}

	bearer := func(method, url, body string) (int, string) {
		req := a.Request(apitest.Session{}, method, url, body)
		req.Header.Set("Authorization", "Bearer "+secret)
		resp := a.Do(req)
		defer resp.Body.Close()
		return resp.StatusCode, readBody(resp)
	}
	if st, body := bearer("GET", "/api/v1/auth/me", ""); st != 200 || !strings.Contains(body, `"email":"ann@formloom.test"`) {
		t.Fatalf("me with token: %d %s", st, body)
	}
	// No CSRF token needed: a bearer token is not sent by browsers on their own.
	if st, body := bearer("POST", "/api/v1/workspaces", `{"name":"Via token"}`); st != 201 {
		t.Fatalf("create with token: %d %s", st, body)
	}
	// The secret is never listed again.
	if _, list := a.Call(s, "GET", "/api/v1/auth/tokens", ""); strings.Contains(list, secret) || !strings.Contains(list, `"name":"CI import"`) {
		t.Fatalf("token list: %s", list)
	}
	if st, _ := a.Call(s, "DELETE", "/api/v1/auth/tokens/"+id, ""); st != 204 {
		t.Fatalf("revoke: %d", st)
	}
	if st, body := bearer("GET", "/api/v1/auth/me", ""); st != 401 {
		t.Fatalf("revoked token: %d %s", st, body)
	}
	// Someone else cannot revoke (or learn about) a token.
	st2, _ := a.Call(s, "POST", "/api/v1/auth/tokens", `{"name":"second"}`)
	if st2 != 201 {
		t.Fatal("second token")
	}
	_, list := a.Call(s, "GET", "/api/v1/auth/tokens", "")
	other := a.SignIn("eve@formloom.test")
	if st, _ := a.Call(other, "DELETE", "/api/v1/auth/tokens/"+field(t, list, "items", "0", "id"), ""); st != 404 {
		t.Fatalf("revoking another's token: %d", st)
	}
	if st, _ := bearer("GET", "/api/v1/auth/me", ""); st != 401 {
		t.Fatal("still revoked")
	}
	req := a.Request(apitest.Session{}, "GET", "/api/v1/auth/me", "")
	req.Header.Set("Authorization", "Basic YTpi")
	resp := a.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("basic auth: %d", resp.StatusCode)
	}
}
