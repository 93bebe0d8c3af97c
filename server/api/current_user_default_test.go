package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// currentUserApp: a leave request's applicant starts as whoever creates it, its department
// as theirs, and its watchers as a list holding them. Requesters may create and read their
// own requests; the department is read-only for them and the watchers hidden.
const currentUserApp = `{
  "key": "leave",
  "name": {"zh-CN": "请假", "en": "Leave"},
  "forms": [{
    "key": "request",
    "name": {"zh-CN": "请假申请", "en": "Leave request"},
    "schema": {"type": "object", "required": ["applicant"], "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "事由", "en": "Reason"}}},
      "applicant": {"type": "string", "x-formloom": {"type": "member", "label": {"zh-CN": "申请人", "en": "Applicant"}, "default": "currentUser"}},
      "dept": {"type": "string", "x-formloom": {"type": "department", "label": {"zh-CN": "部门", "en": "Department"}, "default": "currentDepartment"}},
      "watchers": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "member", "multiple": true, "label": {"zh-CN": "关注人", "en": "Watchers"}, "default": "currentUser"}}
    }}
  }],
  "roles": [{"key": "requester", "name": {"zh-CN": "申请人", "en": "Requester"}}],
  "permissions": [
    {"role": "requester", "form": "request", "actions": ["create", "read", "import"], "scope": "own", "fields": {"dept": "read", "watchers": "hidden"}}
  ]
}`

// currentUserWorkspace: ann owns workspace A with the leave app; sam, of department 研发部
// (Vars: dept), holds requester. Vars: app, records and import (the request form's URLs).
func currentUserWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	name := "研发部"
	d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	v["dept"] = d.ID
	u := a.User("sam@formloom.test")
	if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember, Departments: []string{d.ID}}); err != nil {
		t.Fatal(err)
	}
	v["sam"] = u.ID
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+currentUserApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	if st, body := a.Call(ann, "POST", base+"/roles/requester/assignees", `{"user":"`+v["sam"]+`"}`); st != 201 {
		t.Fatalf("assign: %d %s", st, body)
	}
	v["records"] = base + "/forms/request/records"
	v["import"] = base + "/forms/request/import"
	return v
}

func TestCurrentUserDefaults(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name: "a record created without the fields starts as its creator, their department and a list holding them", Method: "POST", URL: "{records}",
			As: "sam@formloom.test", Setup: currentUserWorkspace, Body: `{"title":"年假"}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"applicant":"{sam}"`, `"dept":"{dept}"`},
			NotExpectedContent: []string{`"watchers"`}, // hidden from sam, filled all the same (below)
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, body string) {
				st, got := a.Call(a.SignIn("ann@formloom.test"), "GET", v["records"]+"/"+field(t, body, "id"), "")
				if st != 200 || !strings.Contains(got, `"watchers":["`+v["sam"]+`"]`) {
					t.Fatalf("the hidden watchers were not filled with the creator: %d %s", st, got)
				}
			},
		},
		apitest.Scenario{
			Name: "a value the client sends is kept", Method: "POST", URL: "{records}",
			As: "ann@formloom.test", Setup: currentUserWorkspace, Body: `{"title":"调休","applicant":"{sam}","watchers":[]}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"applicant":"{sam}"`, `"watchers":[]`}, NotExpectedContent: []string{`"applicant":"{ann}"`},
		},
		apitest.Scenario{
			Name: "a creator in no department leaves the department empty", Method: "POST", URL: "{records}",
			As: "ann@formloom.test", Setup: currentUserWorkspace, Body: `{}`,
			ExpectedStatus: 201, ExpectedContent: []string{`"applicant":"{ann}"`, `"watchers":["{ann}"]`}, NotExpectedContent: []string{`"dept"`},
		},
		apitest.Scenario{
			Name: "the server's verdict on a new record counts the filled default", Method: "POST", URL: "{records}/check",
			As: "sam@formloom.test", Setup: currentUserWorkspace, Body: `{}`,
			ExpectedStatus: 200, ExpectedContent: []string{`{"valid":true}`},
		},
		apitest.Scenario{
			Name: "an imported row without the fields starts as the member importing it; a row naming the applicant keeps it", Method: "POST", URL: "{import}?format=csv",
			As: "sam@formloom.test", Setup: currentUserWorkspace, Headers: map[string]string{"Content-Type": "text/csv"},
			Body: "title,applicant\n病假,\n代请,ann@formloom.test\n", ExpectedStatus: 200, ExpectedContent: []string{`"stored":2`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				ann := a.SignIn("ann@formloom.test")
				for title, want := range map[string]string{"病假": `"applicant":"` + v["sam"] + `","dept":"` + v["dept"] + `"`, "代请": `"applicant":"` + v["ann"] + `"`} {
					st, got := a.Call(ann, "GET", v["records"]+"?filter="+q(`{"field":"title","op":"eq","value":"`+title+`"}`), "")
					if st != 200 || !strings.Contains(got, want) {
						t.Fatalf("%s: want %s in %d %s", title, want, st, got)
					}
				}
			},
		},
		apitest.Scenario{
			Name: "a public link's visitor is nobody's current user: the link's owner is not filled in", Method: "POST", URL: "{public}",
			Setup: func(t testing.TB, a *apitest.TestApp) apitest.Vars {
				v := currentUserWorkspace(t, a)
				st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", v["records"][:len(v["records"])-len("/records")]+"/public-links", `{"owner":"`+v["sam"]+`"}`)
				if st != 201 {
					t.Fatalf("create link: %d %s", st, body)
				}
				v["public"] = field(t, body, "url")
				return v
			},
			Body: `{"title":"访客"}`, ExpectedStatus: 422, ExpectedContent: []string{`"/applicant":{"code":"required"`}, NotExpectedContent: []string{"{sam}"},
		},
		apitest.Scenario{
			Name: "a current-user default on a text field is refused when the draft is saved, naming the field", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft",
			Body: strings.Replace(currentUserApp, `"label": {"zh-CN": "事由", "en": "Reason"}}`, `"label": {"zh-CN": "事由", "en": "Reason"}, "default": "currentUser"}`, 1),
			As:   "ann@formloom.test", Setup: currentUserWorkspace, Headers: map[string]string{"Accept-Language": "zh-CN"}, ExpectedStatus: 422,
			ExpectedContent: []string{`"/forms/0/schema/properties/title/x-formloom/default":{"code":"not_allowed","message":"字段「事由」不是成员或部门字段，不能默认为当前用户或当前用户所在部门。"}`},
		},
		apitest.Scenario{
			Name: "a department default on a member field is refused, naming the field and the value it may take", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft",
			Body: strings.Replace(currentUserApp, `"en": "Applicant"}, "default": "currentUser"`, `"en": "Applicant"}, "default": "currentDepartment"`, 1),
			As:   "ann@formloom.test", Setup: currentUserWorkspace, ExpectedStatus: 422,
			ExpectedContent: []string{`"/forms/0/schema/properties/applicant/x-formloom/default":{"code":"bad_default","message":"The field \"Applicant\" can only start as \"currentUser\"."}`},
		},
	)
}
