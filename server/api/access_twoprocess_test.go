package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/access"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
)

// TestRevokeReachesOtherInstance runs two app instances on one SQLite database (two store
// handles, two access services): a role revoked through the first is refused by the second
// within a second. This is the acceptance criterion of cross-instance revocation, so it is
// measured here with the test's clock.
func TestRevokeReachesOtherInstance(t *testing.T) {
	one := apitest.New(t)
	v := accessWorkspace(t, one)
	two := apitest.New(t, func(c *config.Config) { c.DataDir = one.Cfg.DataDir })
	ann := one.SignIn("ann@formloom.test")
	sam := one.SignIn("sam@formloom.test") // sessions live in the database: both instances know it
	list := v["lead"] + "/records"

	assign(t, one, v, "sales", `{"user":"`+v["sam"]+`"}`)
	// The grant reaches the second instance too (not timed: only the revocation is).
	for deadline := time.Now().Add(10 * time.Second); ; {
		st, body := two.Call(sam, "GET", list, "")
		if st == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the second instance never saw the grant: %d %s", st, body)
		}
		time.Sleep(20 * time.Millisecond)
	}

	st, body := one.Call(ann, "DELETE", v["roles"]+"/sales/assignees?user="+v["sam"], "")
	revoked := time.Now()
	if st != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", st, body)
	}
	if st, _ := one.Call(sam, "GET", list, ""); st != http.StatusForbidden {
		t.Fatalf("the first instance still grants: %d", st)
	}
	var refusedAfter time.Duration = -1
	for time.Since(revoked) < 1500*time.Millisecond {
		st, _ := two.Call(sam, "GET", list, "")
		since := time.Since(revoked)
		switch {
		case st == http.StatusForbidden && refusedAfter < 0:
			refusedAfter = since
		case st/100 == 2 && since > time.Second:
			t.Fatalf("the second instance granted %v after the revoke", since)
		case st/100 == 2 && refusedAfter >= 0:
			t.Fatalf("the second instance granted again after refusing (%v)", since)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if refusedAfter < 0 || refusedAfter > time.Second {
		t.Fatalf("the second instance refused only after %v", refusedAfter)
	}
	t.Logf("refused by the other instance %v after the revoke", refusedAfter)
}

// TestManageRole: a role granted manage designs the app (draft, publish, role assignment)
// like an admin, for that app only; RoleMembers and AppManagers name who holds what.
func TestManageRole(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := accessWorkspace(t, a)
	ann, sam := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test")
	base := v["lead"][:len(v["lead"])-len("/forms/lead")]
	draft := func(s apitest.Session) int {
		st, _ := a.Call(s, "GET", base+"/draft", "")
		return st
	}
	if st := draft(sam); st != http.StatusForbidden {
		t.Fatalf("sam reads the draft before managing: %d", st)
	}
	// Publish a version with an app-level manage permission for a new role.
	def := publishDesignerRole(t, a, ann, base)
	// eve is in a sub-department of East.
	ctx := context.Background()
	name, east := "华东一组", v["east"]
	sub, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &name, Parent: &east})
	if err != nil {
		t.Fatal(err)
	}
	eve := a.User("eve@formloom.test")
	if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: eve.Email, Role: org.RoleMember, Departments: []string{sub.ID}}); err != nil {
		t.Fatal(err)
	}
	v["eve"] = eve.ID
	// The role is given to the East department: sam (in East) and eve (below it) manage
	// the app.
	assign(t, a, v, "designer", `{"department":"`+v["east"]+`"}`)
	if st := draft(a.SignIn("eve@formloom.test")); st != 200 {
		t.Fatalf("eve (a sub-department of East) reads the draft: %d", st)
	}
	if st := draft(sam); st != 200 {
		t.Fatalf("sam reads the draft as a manager: %d", st)
	}
	if st, body := a.Call(sam, "PUT", base+"/draft", mustJSON(def)); st != 200 {
		t.Fatalf("sam saves the draft: %d %s", st, body)
	}
	if st, body := a.Call(sam, "POST", v["roles"]+"/sales/assignees", `{"user":"`+v["wes"]+`"}`); st != 201 {
		t.Fatalf("sam assigns a role: %d %s", st, body)
	}
	if st := draft(a.SignIn("wes@formloom.test")); st != http.StatusForbidden {
		t.Fatalf("wes (West) manages: %d", st)
	}
	// Managing the app does not make sam a workspace admin.
	if st, _ := a.Call(sam, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+salesApp+`}`); st != http.StatusForbidden {
		t.Fatalf("sam creates an app: %d", st)
	}

	acc := access.New(a.Store, a.Org, a.Apps, access.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	appID := base[len(base)-len(v["app"]):]
	managers, err := acc.AppManagers(ctx, v["wsA"], appID)
	if err != nil {
		t.Fatal(err)
	}
	// East holds the role: sam, sid, sue and olly are in East.
	for _, who := range []string{"ann", "sam", "sid", "sue", "olly", "eve"} {
		if !slices.Contains(managers, v[who]) {
			t.Fatalf("managers %v lack %s", managers, who)
		}
	}
	if slices.Contains(managers, v["wes"]) || slices.Contains(managers, v["ian"]) || !slices.IsSorted(managers) {
		t.Fatalf("managers %v", managers)
	}
	sales, err := acc.RoleMembers(ctx, v["wsA"], appID, "sales")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sales, []string{v["wes"]}) {
		t.Fatalf("sales holders %v, want wes", sales)
	}
}
