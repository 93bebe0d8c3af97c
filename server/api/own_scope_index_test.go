package api_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// TestOwnScopeListPage: a member whose role reads only their own leads lists them filtered
// by a select field, newest first: the page holds exactly their leads with that value, in
// order, without the hidden fields; and (on SQLite) the form has the list index that
// makes this page a range of the member's records with that value, while a form no role
// reads with the own scope has none.
func TestOwnScopeListPage(t *testing.T) {
	ctx := context.Background()
	a := apitest.New(t)
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces", `{"name":"own"}`)
	if st != 201 {
		t.Fatalf("workspace: %d %s", st, body)
	}
	ws := field(t, body, "id")
	install := func(def string) (string, string) {
		st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+ws+"/apps", `{"definition":`+def+`}`)
		if st != 201 {
			t.Fatalf("app: %d %s", st, body)
		}
		id := field(t, body, "id")
		return id, "/api/v1/workspaces/" + ws + "/apps/" + id
	}
	scopedID, app := install(scopedLeads)
	plainID, plain := install(strings.Replace(benchLeads, `"bench-leads"`, `"plain-leads"`, 1))
	rep := a.User("rep@formloom.test")
	if _, err := a.Org.InviteMember(ctx, a.User("ann@formloom.test").ID, ws, org.Invite{Email: rep.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	if st, out := a.Call(ann, "POST", app+"/roles/rep/assignees", `{"user":"`+rep.ID+`"}`); st != 201 {
		t.Fatalf("assign: %d %s", st, out)
	}
	repS := a.SignIn(rep.Email)
	url := app + "/forms/lead/records"
	statuses := []string{"new", "won", "lost"}
	for i := range 30 {
		s, body := ann, fmt.Sprintf(benchLead, i, statuses[i%3])
		if i%2 == 0 {
			s, body = repS, fmt.Sprintf(scopedRepLead, i, statuses[i%3])
		}
		if st, out := a.Call(s, "POST", url, body); st != http.StatusCreated {
			t.Fatalf("create %d: %d %s", i, st, out)
		}
	}
	if st, out := a.Call(ann, "POST", plain+"/forms/lead/records", fmt.Sprintf(benchLead, 0, "new")); st != http.StatusCreated {
		t.Fatalf("plain create: %d %s", st, out)
	}
	filter := strings.ReplaceAll(`{"field":"status","op":"eq","value":"new"}`, `"`, "%22")
	st, body = a.Call(repS, "GET", url+"?limit=3&sort=-_created&filter="+filter, "")
	if st != http.StatusOK {
		t.Fatalf("list: %d %s", st, body)
	}
	// Rep's leads are the even ones; "new" are those divisible by 3: 24, 18, 12 newest first.
	for _, want := range []string{"24", "18", "12"} {
		if !strings.Contains(body, "华东区采购意向 "+want+`"`) {
			t.Errorf("the page lacks rep's new lead %s: %s", want, body)
		}
	}
	if strings.Index(body, "意向 24") > strings.Index(body, "意向 18") || strings.Index(body, "意向 18") > strings.Index(body, "意向 12") {
		t.Errorf("not newest first: %s", body)
	}
	for _, hidden := range []string{`"budget"`, `"region"`, `"qty"`, `"total"`, `"won"`, `"lost"`} {
		if strings.Contains(body, hidden) {
			t.Errorf("the page holds %s: %s", hidden, body)
		}
	}
	if a.Cfg.MongoURI != "" {
		return
	}
	if !hasIndex(t, a.Cfg.DataDir, "own_"+strings.ToLower(scopedID)+"_") {
		t.Error("no own-scope list index for the form the rep role reads with the own scope")
	}
	if hasIndex(t, a.Cfg.DataDir, "own_"+strings.ToLower(plainID)+"_") {
		t.Error("an own-scope list index for a form no role reads with the own scope")
	}
}

// hasIndex tells whether the SQLite database in dir has a records index whose name holds
// part.
func hasIndex(t *testing.T, dir, part string) bool {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "formloom.db")+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND instr(name, ?) > 0`, part).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}
