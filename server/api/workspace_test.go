package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// twoWorkspaces: ann owns A, bob owns B.
func twoWorkspaces(t testing.TB, a *apitest.TestApp) apitest.Vars {
	ctx := context.Background()
	ann, bob := a.User("ann@formloom.test"), a.User("bob@formloom.test")
	wa, err := a.Org.CreateWorkspace(ctx, ann.ID, "A 销售部")
	if err != nil {
		t.Fatal(err)
	}
	wb, err := a.Org.CreateWorkspace(ctx, bob.ID, "B Legal")
	if err != nil {
		t.Fatal(err)
	}
	return apitest.Vars{"wsA": wa.ID, "wsB": wb.ID, "ann": ann.ID, "bob": bob.ID}
}

func TestWorkspaceScenarios(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name: "create a workspace, becoming its owner", Method: "POST", URL: "/api/v1/workspaces",
			Body: `{"name":"华东销售"}`, As: "ann@formloom.test",
			ExpectedStatus: 201, ExpectedContent: []string{`"name":"华东销售"`, `"role":"owner"`, `"timezone":"Asia/Shanghai"`},
		},
		apitest.Scenario{
			Name: "list mine only", Method: "GET", URL: "/api/v1/workspaces", As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"{wsA}"`, `"role":"owner"`}, NotExpectedContent: []string{"{wsB}", "B Legal"},
		},
		apitest.Scenario{
			Name: "empty name names the field", Method: "POST", URL: "/api/v1/workspaces", Body: `{"name":"  "}`, As: "ann@formloom.test",
			ExpectedStatus: 422, ExpectedContent: []string{`"code":"validation_failed"`, `"fields":{"/name":{"code":"required"`},
		},
		apitest.Scenario{
			Name: "rename", Method: "PATCH", URL: "/api/v1/workspaces/{wsA}", Body: `{"name":"A 华南销售"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"A 华南销售"`},
		},
		apitest.Scenario{
			Name: "a member of A gets 404 for B", Method: "GET", URL: "/api/v1/workspaces/{wsB}", As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 404, ExpectedContent: []string{`"code":"not_found"`}, NotExpectedContent: []string{"B Legal"},
		},
		apitest.Scenario{
			Name: "a member of A gets 404 for B's members", Method: "GET", URL: "/api/v1/workspaces/{wsB}/members", As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 404, NotExpectedContent: []string{"bob@"},
		},
		apitest.Scenario{
			Name: "a member of A gets 404 for B's departments", Method: "GET", URL: "/api/v1/workspaces/{wsB}/departments", As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a member of A cannot rename B", Method: "PATCH", URL: "/api/v1/workspaces/{wsB}", Body: `{"name":"mine"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a member of A cannot invite into B", Method: "POST", URL: "/api/v1/workspaces/{wsB}/members", Body: `{"email":"x@formloom.test"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a plain member cannot invite", Method: "POST", URL: "/api/v1/workspaces/{wsA}/members", Body: `{"email":"x@formloom.test"}`, As: "carl@formloom.test",
			Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars {
				v := twoWorkspaces(t, a)
				carl := a.User("carl@formloom.test")
				if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
					t.Fatal(err)
				}
				return v
			},
			ExpectedStatus: 403, ExpectedContent: []string{`"code":"forbidden"`},
		},
		apitest.Scenario{
			Name: "invite refuses an unknown department, naming the item", Method: "POST", URL: "/api/v1/workspaces/{wsA}/members",
			Body: `{"email":"x@formloom.test","role":"member","departments":["nope"]}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"/departments/0":{"code":"not_found"`},
		},
		apitest.Scenario{
			Name: "invite refuses a bad role", Method: "POST", URL: "/api/v1/workspaces/{wsA}/members",
			Body: `{"email":"x@formloom.test","role":"emperor"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"/role":{"code":"enum"`},
		},
		apitest.Scenario{
			Name: "invite refuses a bad e-mail", Method: "POST", URL: "/api/v1/workspaces/{wsA}/members",
			Body: `{"email":"not an address"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"/email":{"code":"email"`},
		},
		apitest.Scenario{
			Name: "inviting an existing user needs no setup link", Method: "POST", URL: "/api/v1/workspaces/{wsA}/members",
			Body: `{"email":"bob@formloom.test","role":"admin"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 201, ExpectedContent: []string{`"userId":"{bob}"`, `"role":"admin"`, `"status":"active"`}, NotExpectedContent: []string{`"setup"`},
		},
		apitest.Scenario{
			Name: "inviting twice is 409", Method: "POST", URL: "/api/v1/workspaces/{wsA}/members",
			Body: `{"email":"ann@formloom.test"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"already_member"`},
		},
		apitest.Scenario{
			Name: "the last owner cannot step down", Method: "PATCH", URL: "/api/v1/workspaces/{wsA}/members/{ann}",
			Body: `{"role":"member"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"last_owner"`},
		},
		apitest.Scenario{
			Name: "department parent must exist", Method: "POST", URL: "/api/v1/workspaces/{wsA}/departments",
			Body: `{"name":"华东区","parent":"nope"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"/parent":{"code":"not_found"`},
		},
		apitest.Scenario{
			Name: "department head must be a member", Method: "POST", URL: "/api/v1/workspaces/{wsA}/departments",
			Body: `{"name":"华东区","head":"{bob}"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"/head":{"code":"not_member"`},
		},
	)
}

// TestOrganisationJourney is the acceptance path through the API: an admin creates a
// workspace, a two-level department tree with heads, invites a member who signs in through
// the setup link.
func TestOrganisationJourney(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	admin := signInWithPassword(t, a, apitest.AdminEmail, apitest.AdminPassword)

	st, body := a.Call(admin, "POST", "/api/v1/workspaces", `{"name":"销售中心"}`)
	if st != 201 {
		t.Fatalf("create workspace: %d %s", st, body)
	}
	ws := field(t, body, "id")
	base := "/api/v1/workspaces/" + ws

	st, body = a.Call(admin, "POST", base+"/members", `{"email":"li.lei@formloom.test","name":"李雷","role":"member"}`)
	if st != 201 {
		t.Fatalf("invite: %d %s", st, body)
	}
	liID := field(t, body, "member", "userId")
	setupToken := field(t, body, "setup", "token")
	if url := field(t, body, "setup", "url"); url != "/setup/"+setupToken {
		t.Fatalf("setup url %q", url)
	}
	if !strings.Contains(body, `"status":"pending"`) {
		t.Fatalf("invitee should be pending: %s", body)
	}

	st, body = a.Call(admin, "POST", base+"/departments", fmt.Sprintf(`{"name":"销售部","head":%q}`, admin.UserID))
	if st != 201 {
		t.Fatalf("root department: %d %s", st, body)
	}
	root := field(t, body, "id")
	st, body = a.Call(admin, "POST", base+"/departments", fmt.Sprintf(`{"name":"华东区","parent":%q,"head":%q}`, root, liID))
	if st != 201 {
		t.Fatalf("child department: %d %s", st, body)
	}
	child := field(t, body, "id")
	if st, body = a.Call(admin, "PATCH", base+"/members/"+liID, fmt.Sprintf(`{"departments":[%q,%q]}`, root, child)); st != 200 {
		t.Fatalf("assign departments: %d %s", st, body)
	}
	// A department cannot move under its own child.
	if st, body = a.Call(admin, "PATCH", base+"/departments/"+root, fmt.Sprintf(`{"parent":%q}`, child)); st != 422 || !strings.Contains(body, `"/parent":{"code":"cycle"`) {
		t.Fatalf("cycle: %d %s", st, body)
	}
	// A department with children cannot be deleted.
	if st, _ = a.Call(admin, "DELETE", base+"/departments/"+root, ""); st != 409 {
		t.Fatalf("delete parent: %d", st)
	}

	// The invitee cannot sign in before setting a password.
	if st, _ := a.Call(apitest.Session{}, "POST", "/api/v1/auth/login", `{"email":"li.lei@formloom.test","password":"whatever-pass"}`); st != 401 {
		t.Fatalf("pending login: %d", st)
	}
	st, body = a.Call(apitest.Session{}, "GET", "/api/v1/auth/setup/"+setupToken, "")
	if st != 200 || !strings.Contains(body, `"email":"li.lei@formloom.test"`) || !strings.Contains(body, `"name":"销售中心"`) {
		t.Fatalf("setup info: %d %s", st, body)
	}
	if st, body = a.Call(apitest.Session{}, "POST", "/api/v1/auth/setup", fmt.Sprintf(`{"token":%q,"password":"short"}`, setupToken)); st != 422 || !strings.Contains(body, `"/password":{"code":"too_short"`) {
		t.Fatalf("short password: %d %s", st, body)
	}
	st, body = a.Call(apitest.Session{}, "POST", "/api/v1/auth/setup", fmt.Sprintf(`{"token":%q,"password":"li-lei-secret"}`, setupToken))
	if st != 200 {
		t.Fatalf("setup: %d %s", st, body)
	}
	// The link works once.
	if st, _ = a.Call(apitest.Session{}, "POST", "/api/v1/auth/setup", fmt.Sprintf(`{"token":%q,"password":"li-lei-secret2"}`, setupToken)); st != 404 {
		t.Fatalf("link reused: %d", st)
	}
	li := signInWithPassword(t, a, "li.lei@formloom.test", "li-lei-secret")
	st, body = a.Call(li, "GET", "/api/v1/workspaces", "")
	if st != 200 || !strings.Contains(body, `"name":"销售中心"`) || !strings.Contains(body, `"role":"member"`) {
		t.Fatalf("invitee's workspaces: %d %s", st, body)
	}
	st, body = a.Call(li, "GET", base+"/departments", "")
	if st != 200 || !strings.Contains(body, fmt.Sprintf(`"parent":%q,"head":%q`, root, liID)) {
		t.Fatalf("departments: %d %s", st, body)
	}
	// A plain member reads but does not change the tree.
	if st, _ = a.Call(li, "POST", base+"/departments", `{"name":"x"}`); st != 403 {
		t.Fatalf("member creates department: %d", st)
	}
	st, body = a.Call(admin, "GET", base+"/members", "")
	if st != 200 || !strings.Contains(body, fmt.Sprintf(`"departments":[%q,%q]`, root, child)) || !strings.Contains(body, `"status":"active"`) {
		t.Fatalf("members: %d %s", st, body)
	}
}

// signInWithPassword goes through POST /auth/login like a browser.
func signInWithPassword(t testing.TB, a *apitest.TestApp, email, password string) apitest.Session {
	t.Helper()
	resp := a.Do(a.Request(apitest.Session{}, "POST", "/api/v1/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)))
	defer resp.Body.Close()
	body := readBody(resp)
	if resp.StatusCode != 200 {
		t.Fatalf("login %s: %d %s", email, resp.StatusCode, body)
	}
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == "formloom_session" {
			cookie = c.Value
		}
	}
	return apitest.Session{Cookie: cookie, CSRF: field(t, body, "csrfToken"), UserID: field(t, body, "user", "id")}
}
