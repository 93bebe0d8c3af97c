package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// leaveApp counts a leave's working days on the workspace's business calendar.
const leaveApp = `{
  "key": "leave",
  "name": {"zh-CN": "请假", "en": "Leave"},
  "forms": [{
    "key": "leave",
    "name": {"zh-CN": "请假单", "en": "Leave request"},
    "schema": {
      "type": "object",
      "properties": {
        "start": {"type": "string", "format": "date", "title": "开始"},
        "end": {"type": "string", "format": "date", "title": "结束"},
        "extra": {"type": "integer", "title": "顺延"},
        "days": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "天数"}, "expr": "NETWORKDAYS(start, end)"}},
        "back": {"type": "string", "format": "date", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "返岗"}, "expr": "WORKDAY(end, 1)"}},
        "due": {"type": "string", "format": "date", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "截止"}, "expr": "WORKDAY(start, extra)"}}
      },
      "required": ["start", "end"]
    }
  }]
}`

// leaveWorkspace: ann's workspace A has the leave app; Monday 7 Dec 2026 is a holiday and,
// when makeUp, Saturday 5 Dec a make-up working day (调休).
func leaveWorkspace(makeUp bool) func(t testing.TB, a *apitest.TestApp) apitest.Vars {
	return func(t testing.TB, a *apitest.TestApp) apitest.Vars {
		v := twoWorkspaces(t, a)
		ann := a.SignIn("ann@formloom.test")
		extra := `[]`
		if makeUp {
			extra = `["2026-12-05"]`
		}
		if st, body := a.Call(ann, "PUT", "/api/v1/workspaces/"+v["wsA"]+"/calendar",
			`{"timezone":"Asia/Shanghai","workdays":[1,2,3,4,5],"holidays":["2026-12-07"],"extraWorkdays":`+extra+`}`); st != 200 {
			t.Fatalf("calendar: %d %s", st, body)
		}
		st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+leaveApp+`}`)
		if st != 201 {
			t.Fatalf("install: %d %s", st, body)
		}
		v["app"] = field(t, body, "id")
		return v
	}
}

func TestWorkingDayFormulas(t *testing.T) {
	t.Parallel()
	records := "/api/v1/workspaces/{wsA}/apps/{app}/forms/leave/records"
	apitest.Run(t,
		apitest.Scenario{
			Name:   "Fri 4 Dec – Tue 8 Dec with Monday a holiday is 2 working days; back at work on Wed 9 Dec",
			Method: "POST", URL: records, As: "ann@formloom.test", Setup: leaveWorkspace(false),
			Body:           `{"start":"2026-12-04","end":"2026-12-08","extra":1}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"days":2`, `"back":"2026-12-09"`, `"due":"2026-12-08"`},
		},
		apitest.Scenario{
			Name: "a make-up Saturday (调休) counts as a working day", Method: "POST", URL: records, As: "ann@formloom.test", Setup: leaveWorkspace(true),
			Body:           `{"start":"2026-12-04","end":"2026-12-08","extra":1}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"days":3`, `"due":"2026-12-05"`},
		},
		apitest.Scenario{
			Name: "end before start counts backwards; WORKDAY goes back over the holiday", Method: "POST", URL: records, As: "ann@formloom.test", Setup: leaveWorkspace(false),
			Body:           `{"start":"2026-12-08","end":"2026-12-04","extra":-1}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"days":-2`, `"due":"2026-12-04"`},
		},
		apitest.Scenario{
			Name: "a working-day formula with the wrong arguments is refused at its pointer", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft",
			Body: replaceOnce(leaveApp, `NETWORKDAYS(start, end)`, `NETWORKDAYS(start)`), As: "ann@formloom.test", Setup: leaveWorkspace(false),
			ExpectedStatus: 422, ExpectedContent: []string{`"/forms/0/schema/properties/days/x-formloom/expr":{"code":"bad_expr"`},
		},
	)
}

func replaceOnce(s, old, new string) string { return strings.Replace(s, old, new, 1) }

func TestFormPreview(t *testing.T) {
	t.Parallel()
	preview := "/api/v1/workspaces/{wsA}/apps/{app}/preview-form"
	schema := func(expr string) string {
		return `{"schema": {"type": "object", "properties": {
			"start": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "开始"}}},
			"end": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "结束"}}},
			"days": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "天数"}, "expr": "` + expr + `"}}}},
			"sample": {"start": "2026-12-04", "end": "2026-12-08"}}`
	}
	apitest.Run(t,
		apitest.Scenario{
			Name: "the designer previews a formula on sample values with the workspace's calendar", Method: "POST", URL: preview,
			Body: schema("NETWORKDAYS(start, end)"), As: "ann@formloom.test", Setup: leaveWorkspace(false),
			ExpectedStatus: 200, ExpectedContent: []string{`"problems":[]`, `"days":2`},
		},
		apitest.Scenario{
			Name: "a formula being typed gets the server's message at its pointer", Method: "POST", URL: preview,
			Body: schema("NETWORKDAYS(start, fin)"), As: "ann@formloom.test", Setup: leaveWorkspace(false),
			Headers: map[string]string{"Accept-Language": "zh-CN"}, ExpectedStatus: 200,
			ExpectedContent: []string{`{"pointer":"/properties/days/x-formloom/expr","code":"unknown_field"`}, NotExpectedContent: []string{`"values"`},
		},
		apitest.Scenario{
			Name: "a plain member may not preview", Method: "POST", URL: preview,
			Body: schema("1"), As: "carl@formloom.test", Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars {
				v := leaveWorkspace(false)(t, a)
				carl := a.User("carl@formloom.test")
				if _, err := a.Org.InviteMember(t.Context(), v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
					t.Fatal(err)
				}
				return v
			},
			ExpectedStatus: 403,
		},
	)
}
