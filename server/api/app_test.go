package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// miniApp is a small valid template; {extra} lets tests add a property to the lead form.
const miniApp = `{
  "key": "mini-leads",
  "name": {"zh-CN": "线索", "en": "Leads"},
  "forms": [{
    "key": "lead",
    "name": {"zh-CN": "线索", "en": "Lead"},
    "schema": {
      "type": "object",
      "properties": {
        "subject": {"type": "string", "maxLength": 100, "x-formloom": {"type": "text", "label": {"zh-CN": "主题", "en": "Subject"}}},
        "qty": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "数量", "en": "Qty"}}},
        "price": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "单价", "en": "Price"}}},
        "total": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "合计", "en": "Total"}, "expr": "qty * FORMULA_OPERAND"}}
      },
      "required": ["subject"]
    }
  }]
}`

func app(operand string) string { return strings.Replace(miniApp, "FORMULA_OPERAND", operand, 1) }

// appWorkspace: ann owns workspace A with the mini app installed; carl is a plain member.
func appWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	v := twoWorkspaces(t, a)
	ctx := context.Background()
	carl := a.User("carl@formloom.test")
	if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+app("price")+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	return v
}

func TestAppScenarios(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{
			Name: "the meta-schema is published", Method: "GET", URL: "/api/v1/schemas/template.json",
			ExpectedStatus: 200, ExpectedContent: []string{`"$schema"`, `"forms"`},
		},
		apitest.Scenario{
			Name: "create an app from a definition publishes version 1", Method: "POST", URL: "/api/v1/workspaces/{wsA}/apps",
			Body: `{"definition":` + app("price") + `}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 201, ExpectedContent: []string{`"key":"mini-leads"`, `"published":1`, `"workspaceId":"{wsA}"`},
		},
		apitest.Scenario{
			Name: "a formula naming a missing field is refused at its pointer", Method: "POST", URL: "/api/v1/workspaces/{wsA}/apps",
			Body: `{"definition":` + app("discount") + `}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 422, ExpectedContent: []string{`"code":"invalid_template"`, `"/definition/forms/0/schema/properties/total/x-formloom/expr":{"code":"unknown_field"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if list, _ := a.Apps.List(t.Context(), v["ann"], v["wsA"]); len(list) != 0 {
					t.Fatal("a refused app was stored")
				}
			},
		},
		apitest.Scenario{
			Name: "template and definition together are refused", Method: "POST", URL: "/api/v1/workspaces/{wsA}/apps",
			Body: `{"template":"crm-leads","definition":` + app("price") + `}`, As: "ann@formloom.test", Setup: twoWorkspaces,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"ambiguous_source"`},
		},
		apitest.Scenario{
			Name: "a plain member cannot create apps", Method: "POST", URL: "/api/v1/workspaces/{wsA}/apps",
			Body: `{"definition":` + app("price") + `}`, As: "carl@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 403,
		},
		apitest.Scenario{
			Name: "a plain member lists apps", Method: "GET", URL: "/api/v1/workspaces/{wsA}/apps", As: "carl@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"{app}"`},
		},
		apitest.Scenario{
			Name: "a plain member cannot read the draft", Method: "GET", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft", As: "carl@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 403,
		},
		apitest.Scenario{
			Name: "another workspace's app is not found", Method: "GET", URL: "/api/v1/workspaces/{wsB}/apps/{app}", As: "bob@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "an invalid draft is refused and the stored one kept", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft",
			Body: app("nothing_here"), As: "ann@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 422, ExpectedContent: []string{`"/forms/0/schema/properties/total/x-formloom/expr":{"code":"unknown_field"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				def, err := a.Apps.Definition(t.Context(), v["ann"], v["wsA"], v["app"], 0)
				if err != nil || !strings.Contains(string(def), `qty * price`) {
					t.Fatalf("draft changed: %s %v", def, err)
				}
			},
		},
		apitest.Scenario{
			Name: "publishing an unchanged draft is 409", Method: "POST", URL: "/api/v1/workspaces/{wsA}/apps/{app}/publish", As: "ann@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"no_changes"`},
		},
		apitest.Scenario{
			Name: "export gives the published definition as a file", Method: "GET", URL: "/api/v1/workspaces/{wsA}/apps/{app}/export", As: "ann@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"key":"mini-leads"`}, ExpectedHeaders: map[string]string{"Content-Disposition": `attachment; filename="mini-leads.json"`},
		},
	)
}

func TestDraftPublishVersions(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := appWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	// v2: a required field added, qty removed: both breaking.
	v2 := strings.Replace(app("price"), `"required": ["subject"]`, `"required": ["subject", "region"]`, 1)
	v2 = strings.Replace(v2, `"qty": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "数量", "en": "Qty"}}},`,
		`"region": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "区域", "en": "Region"}}},`, 1)
	v2 = strings.Replace(v2, "qty * price", "price * 2", 1)
	if st, body := a.Call(ann, "PUT", base+"/draft", v2); st != 200 || !strings.Contains(body, `"published":1`) {
		t.Fatalf("save draft: %d %s", st, body)
	}
	// Saving a draft does not publish it.
	if _, body := a.Call(ann, "GET", base+"/versions/1", ""); !strings.Contains(body, `"qty"`) {
		t.Fatalf("version 1 changed: %s", body)
	}
	st, body := a.Call(ann, "POST", base+"/publish", "")
	if st != 201 || !strings.Contains(body, `"number":2`) || !strings.Contains(body, `"breaking":true`) ||
		!strings.Contains(body, `"field":"qty"`) || !strings.Contains(body, `"field":"region"`) {
		t.Fatalf("publish: %d %s", st, body)
	}
	st, body = a.Call(ann, "GET", base+"/versions", "")
	if st != 200 || strings.Index(body, `"number":2`) > strings.Index(body, `"number":1`) {
		t.Fatalf("versions newest first: %d %s", st, body)
	}
	if _, body = a.Call(ann, "GET", base, ""); !strings.Contains(body, `"published":2`) {
		t.Fatalf("app: %s", body)
	}
	if st, _ = a.Call(ann, "GET", base+"/versions/3", ""); st != 404 {
		t.Fatalf("missing version: %d", st)
	}
}
