package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestChangePassword: a person changes their own password from a session; the current one
// is asked for, every other session ends, and the new one signs in.
func TestChangePassword(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	a.User("ann@formloom.test")
	here := signInWithPassword(t, a, "ann@formloom.test", apitest.UserPassword)
	phone := signInWithPassword(t, a, "ann@formloom.test", apitest.UserPassword)
	change := func(current, next string) (int, string) {
		return a.Call(here, "POST", "/api/v1/auth/password", fmt.Sprintf(`{"current":%q,"password":%q}`, current, next))
	}

	for _, c := range []struct{ current, next, want string }{
		{"", "new-password-1", `"/current":{"code":"required"`},
		{"not-my-password", "new-password-1", `"/current":{"code":"wrong"`},
		{apitest.UserPassword, "short", `"/password":{"code":"too_short"`},
		{apitest.UserPassword, apitest.UserPassword, `"/password":{"code":"same"`},
	} {
		if st, body := change(c.current, c.next); st != 422 || !strings.Contains(body, c.want) {
			t.Fatalf("change(%q, %q): %d %s, want %s", c.current, c.next, st, body, c.want)
		}
	}
	// None of the refusals changed anything: both sessions and the old password still work.
	if st, _ := a.Call(phone, "GET", "/api/v1/auth/me", ""); st != 200 {
		t.Fatalf("other session after refusals: %d", st)
	}
	if st, body := change(apitest.UserPassword, "new-password-1"); st != 204 {
		t.Fatalf("change: %d %s", st, body)
	}
	if st, _ := a.Call(here, "GET", "/api/v1/auth/me", ""); st != 200 {
		t.Fatalf("the session that changed it ended: %d", st)
	}
	if st, _ := a.Call(phone, "GET", "/api/v1/auth/me", ""); st != 401 {
		t.Fatalf("another session survived the change: %d", st)
	}
	login := func(password string) int {
		st, _ := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", fmt.Sprintf(`{"email":"ann@formloom.test","password":%q}`, password))
		return st
	}
	if st := login(apitest.UserPassword); st != 401 {
		t.Fatalf("old password still signs in: %d", st)
	}
	if st := login("new-password-1"); st != 200 {
		t.Fatalf("new password: %d", st)
	}

	// An API token cannot change the password it was made under.
	_, body := a.Call(here, "POST", "/api/v1/auth/tokens", `{"name":"ci"}`)
	req := a.Request(apitest.Session{}, "POST", "/api/v1/auth/password", `{"current":"new-password-1","password":"new-password-2"}`)
	req.Header.Set("Authorization", "Bearer "+field(t, body, "secret"))
	resp := a.Do(req)
	defer resp.Body.Close()
	if got := readBody(resp); resp.StatusCode != 403 || !strings.Contains(got, `"code":"forbidden"`) {
		t.Fatalf("change with a token: %d %s", resp.StatusCode, got)
	}
}

// TestRenameMe: a person changes the name colleagues see; it may not be blank.
func TestRenameMe(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	s := a.SignIn("ann@formloom.test")
	if st, body := a.Call(s, "PATCH", "/api/v1/auth/me", `{"name":"   "}`); st != 422 || !strings.Contains(body, `"/name":{"code":"required"`) {
		t.Fatalf("blank name: %d %s", st, body)
	}
	if st, body := a.Call(s, "PATCH", "/api/v1/auth/me", `{"name":" 安妮 "}`); st != 200 || !strings.Contains(body, `"name":"安妮"`) {
		t.Fatalf("rename: %d %s", st, body)
	}
	if _, body := a.Call(s, "GET", "/api/v1/auth/me", ""); !strings.Contains(body, `"name":"安妮"`) {
		t.Fatalf("me after rename: %s", body)
	}
}

// TestResetLink: an owner or admin hands a member who forgot their password a one-time link
// (as invitations are handed over), within the limits of what they manage.
func TestResetLink(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	admin := a.SignIn(apitest.AdminEmail)
	newWorkspace := func(owner apitest.Session, name string) string {
		st, body := a.Call(owner, "POST", "/api/v1/workspaces", fmt.Sprintf(`{"name":%q}`, name))
		if st != 201 {
			t.Fatalf("workspace %s: %d %s", name, st, body)
		}
		return "/api/v1/workspaces/" + field(t, body, "id")
	}
	add := func(by apitest.Session, ws, email, role string) string {
		a.User(email)
		st, body := a.Call(by, "POST", ws+"/members", fmt.Sprintf(`{"email":%q,"role":%q}`, email, role))
		if st != 201 {
			t.Fatalf("add %s: %d %s", email, st, body)
		}
		return field(t, body, "member", "userId")
	}
	sales := newWorkspace(admin, "销售中心")
	ann := add(admin, sales, "ann@formloom.test", "member")
	add(admin, sales, "carl@formloom.test", "admin")
	dora := add(admin, sales, "dora@formloom.test", "member")
	bob := add(admin, sales, "bob@formloom.test", "member")
	annBefore := signInWithPassword(t, a, "ann@formloom.test", apitest.UserPassword)
	link := func(by apitest.Session, ws, user string) (int, string) {
		return a.Call(by, "POST", ws+"/members/"+user+"/setup-link", "")
	}

	// Carl, an admin of the workspace, resets Ann's password; the first link is voided by
	// the second.
	st, body := link(a.SignIn("carl@formloom.test"), sales, ann)
	if st != 201 || !strings.Contains(body, `"reset":true`) {
		t.Fatalf("reset link: %d %s", st, body)
	}
	first := field(t, body, "setup", "token")
	_, body = link(a.SignIn("carl@formloom.test"), sales, ann)
	token := field(t, body, "setup", "token")
	if url := field(t, body, "setup", "url"); url != "/setup/"+token {
		t.Fatalf("link url %q", url)
	}
	if st, _ := a.Call(apitest.Session{}, "GET", "/api/v1/auth/setup/"+first, ""); st != 404 {
		t.Fatalf("the earlier link still works: %d", st)
	}
	st, body = a.Call(apitest.Session{}, "GET", "/api/v1/auth/setup/"+token, "")
	if st != 200 || !strings.Contains(body, `"email":"ann@formloom.test"`) || !strings.Contains(body, `"reset":true`) || !strings.Contains(body, `"name":"销售中心"`) {
		t.Fatalf("reset link info: %d %s", st, body)
	}
	// Until the link is used, the old password works: a reset link locks nobody out.
	if st, _ := a.Call(annBefore, "GET", "/api/v1/auth/me", ""); st != 200 {
		t.Fatalf("session before the link is used: %d", st)
	}
	st, body = a.Call(apitest.Session{}, "POST", "/api/v1/auth/setup", fmt.Sprintf(`{"token":%q,"password":"ann-new-secret","name":"改名"}`, token))
	if st != 200 || !strings.Contains(body, `"name":"ann"`) {
		t.Fatalf("use the reset link: %d %s", st, body)
	}
	if st, _ := a.Call(annBefore, "GET", "/api/v1/auth/me", ""); st != 401 {
		t.Fatalf("a session from before the reset survived: %d", st)
	}
	annAfter := signInWithPassword(t, a, "ann@formloom.test", "ann-new-secret")
	if st, body := a.Call(annAfter, "POST", "/api/v1/auth/password", `{"current":"ann-new-secret","password":"ann-own-secret"}`); st != 204 {
		t.Fatalf("change after the reset: %d %s", st, body)
	}
	// Both are in the workspace's audit log, without a secret.
	_, trail := a.Call(admin, "GET", sales+"/audit", "")
	for _, want := range []string{`"kind":"member.setup_link","target":"` + ann, `"kind":"account.password","target":"` + ann} {
		if !strings.Contains(trail, want) {
			t.Errorf("audit log lacks %s: %s", want, trail)
		}
	}
	if strings.Contains(trail, "ann-own-secret") || strings.Contains(trail, token) {
		t.Errorf("audit log holds a secret: %s", trail)
	}
	if st, _ := a.Call(apitest.Session{}, "POST", "/api/v1/auth/setup", fmt.Sprintf(`{"token":%q,"password":"ann-newer-secret"}`, token)); st != 404 {
		t.Fatalf("reset link used twice: %d", st)
	}

	// A pending invitee gets the invitation again, not a reset.
	st, body = a.Call(admin, "POST", sales+"/members", `{"email":"eve@formloom.test","name":"伊娃"}`)
	if st != 201 {
		t.Fatalf("invite: %d %s", st, body)
	}
	eve, invitation := field(t, body, "member", "userId"), field(t, body, "setup", "token")
	if st, body = link(admin, sales, eve); st != 201 || !strings.Contains(body, `"reset":false`) {
		t.Fatalf("invitation again: %d %s", st, body)
	}
	if st, _ := a.Call(apitest.Session{}, "GET", "/api/v1/auth/setup/"+invitation, ""); st != 404 {
		t.Fatalf("the first invitation still works: %d", st)
	}

	// Refusals, each leaving the password as it was.
	newWorkspace(a.SignIn("dora@formloom.test"), "Dora 的工作区")
	owned := newWorkspace(a.SignIn("carl@formloom.test"), "Carl 的工作区")
	add(a.SignIn("carl@formloom.test"), owned, apitest.AdminEmail, "member")
	add(a.SignIn("carl@formloom.test"), owned, "bob@formloom.test", "member")
	adminID := admin.UserID
	for _, c := range []struct {
		name     string
		by       string
		ws, user string
		status   int
		want     string
	}{
		{"a plain member", "bob@formloom.test", sales, dora, 403, `"code":"forbidden"`},
		{"someone who is also in a workspace Carl does not manage", "carl@formloom.test", sales, dora, 403, "您不管理的工作区"},
		{"the server's administrator", "carl@formloom.test", owned, adminID, 403, "系统管理员的密码"},
		{"an owner, by an admin", "carl@formloom.test", sales, adminID, 403, `"code":"forbidden"`},
		{"someone not in the workspace", "carl@formloom.test", sales, "no-such-user", 404, `"code":"not_found"`},
	} {
		req := a.Request(a.SignIn(c.by), "POST", c.ws+"/members/"+c.user+"/setup-link", "")
		req.Header.Set("Accept-Language", "zh-CN")
		resp := a.Do(req)
		got := readBody(resp)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(got, c.want) {
			t.Errorf("%s: %d %s, want %d %s", c.name, resp.StatusCode, got, c.status, c.want)
		}
	}
	signInWithPassword(t, a, "dora@formloom.test", apitest.UserPassword)
	signInWithPassword(t, a, apitest.AdminEmail, apitest.AdminPassword)
	// Bob is in Carl's own workspace too, so Carl may reset his; the server's administrator
	// may reset anyone's.
	if st, body := link(a.SignIn("carl@formloom.test"), sales, bob); st != 201 {
		t.Errorf("Carl resets Bob: %d %s", st, body)
	}
	if st, body := link(admin, sales, dora); st != 201 {
		t.Errorf("the administrator resets Dora: %d %s", st, body)
	}
}
