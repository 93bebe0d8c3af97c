package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// withMember: twoWorkspaces, and carl is a plain member of A.
func withMember(t testing.TB, a *apitest.TestApp) apitest.Vars {
	v := twoWorkspaces(t, a)
	carl := a.User("carl@formloom.test")
	if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	return v
}

const nationalDay = `{"timezone":"Asia/Shanghai","workdays":[1,2,3,4,5],` +
	`"hours":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"18:00"}],` +
	`"holidays":["2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],` +
	`"extraWorkdays":["2026-09-27","2026-10-10"]}`

func TestCalendarScenarios(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name: "a workspace without a calendar has the default one", Method: "GET", URL: "/api/v1/workspaces/{wsA}/calendar", As: "carl@formloom.test", Setup: withMember,
			ExpectedStatus: 200, ExpectedContent: []string{`"timezone":"Asia/Shanghai"`, `"workdays":[1,2,3,4,5]`, `"hours":[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"18:00"}]`},
		},
		apitest.Scenario{
			Name: "the owner sets the calendar", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/calendar", Body: nationalDay, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 200, ExpectedContent: []string{`"extraWorkdays":["2026-09-27","2026-10-10"]`, `"2026-10-07"`},
		},
		apitest.Scenario{
			Name: "a plain member may not change it", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/calendar", Body: nationalDay, As: "carl@formloom.test", Setup: withMember,
			ExpectedStatus: 403, ExpectedContent: []string{`"code":"forbidden"`},
		},
		apitest.Scenario{
			Name: "someone else's workspace is not found", Method: "GET", URL: "/api/v1/workspaces/{wsB}/calendar", As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 404, ExpectedContent: []string{`"code":"not_found"`},
		},
		apitest.Scenario{
			Name: "nor may it be changed", Method: "PUT", URL: "/api/v1/workspaces/{wsB}/calendar", Body: nationalDay, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a bad timezone names the field", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/calendar", Body: `{"timezone":"Mars/Olympus"}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"code":"invalid_calendar"`, `"/timezone":{"code":"timezone"`},
		},
		apitest.Scenario{
			Name: "overlapping periods and bad dates name each place", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/calendar",
			Body: `{"hours":[{"start":"09:00","end":"12:00"},{"start":"11:00","end":"18:00"}],"holidays":["2026-10-32"],"workdays":[9]}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"/hours/1":{"code":"overlap"`, `"/holidays/0":{"code":"date"`, `"/workdays/0":{"code":"range"`},
		},
		apitest.Scenario{
			Name: "unknown fields are refused", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/calendar", Body: `{"weekends":[6,7]}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 400, ExpectedContent: []string{`"/weekends":{"code":"unknown_field"`},
		},
	)
}

// TestCalendarPutThenGet: what the owner stores is what members read, and a refused change
// leaves it as it was.
func TestCalendarPutThenGet(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := withMember(t, a)
	ann, carl := a.SignIn("ann@formloom.test"), a.SignIn("carl@formloom.test")
	url := "/api/v1/workspaces/" + v["wsA"] + "/calendar"
	if st, body := a.Call(ann, "PUT", url, nationalDay); st != 200 {
		t.Fatalf("put: %d %s", st, body)
	}
	if st, body := a.Call(ann, "PUT", url, `{"timezone":"Mars/Olympus"}`); st != 422 {
		t.Fatalf("bad put: %d %s", st, body)
	}
	if st, body := a.Call(carl, "PUT", url, `{"workdays":[1]}`); st != 403 {
		t.Fatalf("member put: %d %s", st, body)
	}
	st, body := a.Call(carl, "GET", url, "")
	if st != 200 || !strings.Contains(body, `"holidays":["2026-10-01"`) || !strings.Contains(body, `"extraWorkdays":["2026-09-27","2026-10-10"]`) {
		t.Fatalf("get: %d %s", st, body)
	}
}
