package api_test

import (
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// explainWorkspace is accessWorkspace with sam holding sales directly, West (wes) holding it
// as a department, sue supervising, and a lead each by sam and by sid (sid holds sales too).
func explainWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	tt := t.(*testing.T)
	v := accessWorkspace(tt, a)
	assign(tt, a, v, "sales", `{"user":"`+v["sam"]+`"}`)
	assign(tt, a, v, "sales", `{"user":"`+v["sid"]+`"}`)
	assign(tt, a, v, "sales", `{"department":"`+v["west"]+`"}`)
	assign(tt, a, v, "supervisor", `{"user":"`+v["sue"]+`"}`)
	v["samLead"] = createAs(tt, a, v, a.SignIn("sam@formloom.test"), "sam's lead")
	v["sidLead"] = createAs(tt, a, v, a.SignIn("sid@formloom.test"), "sid's lead")
	v["explain"] = "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"] + "/explain"
	return v
}

func TestExplainScenarios(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name:   "a role held directly: allowed actions name the granting permission; the field is hidden",
			Method: "GET", URL: "{explain}?member={sam}&form=lead&field=budget", As: "ann@formloom.test", Setup: explainWorkspace,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"roles":[{"role":"sales","via":"direct"}]`,
				`{"action":"create","allowed":true,"reason":"allowed: sales (direct) via /permissions/0","grants":[{"role":"sales","via":"direct","permission":"/permissions/0","scope":"own"}]}`,
				`{"action":"delete","allowed":false,"reason":"denied: no role grants it"}`,
				`"field":{"key":"budget","access":"hidden"`,
				`{"permission":"/permissions/0","role":"sales","action":"read","rule":"hidden"}`,
			},
		},
		apitest.Scenario{
			Name:   "a role held through a department names the department",
			Method: "GET", URL: "{explain}?member={wes}&form=lead", As: "ann@formloom.test", Setup: explainWorkspace,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"roles":[{"role":"sales","via":"department","department":"{west}"}]`,
				`"grants":[{"role":"sales","via":"department","department":"{west}","permission":"/permissions/0","scope":"own"}]`,
				`"reason":"allowed: sales (through department {west}) via /permissions/0"`,
			},
		},
		apitest.Scenario{
			Name:   "a member without roles is denied everything",
			Method: "GET", URL: "{explain}?member={olly}&form=lead&field=subject", As: "ann@formloom.test", Setup: explainWorkspace,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`"roles":[]`,
				`{"action":"read","allowed":false,"reason":"denied: no role grants it"}`,
				`{"action":"import","allowed":false,"reason":"denied: no role grants it"}`,
				`"field":{"key":"subject","access":"hidden","reason":"hidden: no role grants read"}`,
			},
			NotExpectedContent: []string{`"allowed":true`},
		},
		apitest.Scenario{
			Name:   "the member's own record is in the own scope",
			Method: "GET", URL: "{explain}?member={sam}&form=lead&record={samLead}", As: "ann@formloom.test", Setup: explainWorkspace,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"action":"read","allowed":true`, `"recordInScope":true`},
			NotExpectedContent: []string{`"recordInScope":false`},
		},
		apitest.Scenario{
			Name:   "a colleague's record is outside the own scope",
			Method: "GET", URL: "{explain}?member={sam}&form=lead&record={sidLead}", As: "ann@formloom.test", Setup: explainWorkspace,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`{"action":"read","allowed":false,"reason":"denied for this record: it lies outside every granting data scope (own)"`, `"recordInScope":false`},
			NotExpectedContent: []string{`"recordInScope":true`},
		},
		apitest.Scenario{
			Name:   "the supervisor's department scope covers the colleague's record; budget is read-only",
			Method: "GET", URL: "{explain}?member={sue}&form=lead&record={sidLead}&field=budget", As: "ann@formloom.test", Setup: explainWorkspace,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"action":"update","allowed":true`, `"scope":"department"`, `"recordInScope":true`, `"access":"read"`},
		},
		apitest.Scenario{
			Name: "members may not ask", Method: "GET", URL: "{explain}?member={sam}&form=lead", As: "sam@formloom.test", Setup: explainWorkspace,
			ExpectedStatus: 403,
		},
		apitest.Scenario{
			Name: "an unknown form is named", Method: "GET", URL: "{explain}?member={sam}&form=nope", As: "ann@formloom.test", Setup: explainWorkspace,
			ExpectedStatus: 422, ExpectedContent: []string{`"/form"`, `"unknown_form"`},
		},
	)
}
