package api_test

import (
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// memberRolesWorkspace is explainWorkspace with the member roles URL of sam, wes and olly.
func memberRolesWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	v := explainWorkspace(t, a)
	v["members"] = "/api/v1/workspaces/" + v["wsA"] + "/members/"
	return v
}

func TestMemberRolesScenarios(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name:   "a role held directly names the app and the role",
			Method: "GET", URL: "{members}{sam}/roles", As: "ann@formloom.test", Setup: memberRolesWorkspace,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"app":"{app}"`, `"role":"sales"`, `"via":"member"`, `"roleName":{"zh-CN":`, `"appName":{"zh-CN":`,
			},
			NotExpectedContent: []string{`"via":"department"`, `"supervisor"`},
		},
		apitest.Scenario{
			Name:   "a role held through a department names the department",
			Method: "GET", URL: "{members}{wes}/roles", As: "ann@formloom.test", Setup: memberRolesWorkspace,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"role":"sales"`, `"via":"department","department":"{west}"`},
			NotExpectedContent: []string{`"via":"member"`},
		},
		apitest.Scenario{
			Name:   "a member without roles has an empty list",
			Method: "GET", URL: "{members}{olly}/roles", As: "ann@formloom.test", Setup: memberRolesWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`{"items":[]}`},
		},
		apitest.Scenario{
			Name:   "a member who is not an admin is refused",
			Method: "GET", URL: "{members}{sam}/roles", As: "sam@formloom.test", Setup: memberRolesWorkspace,
			ExpectedStatus: 403, ExpectedContent: []string{`"code":"forbidden"`},
		},
		apitest.Scenario{
			Name:   "someone who is not a member is not found",
			Method: "GET", URL: "{members}nobody/roles", As: "ann@formloom.test", Setup: memberRolesWorkspace,
			ExpectedStatus: 404,
		},
	)
}
