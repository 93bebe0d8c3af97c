package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// linkageApp: a purchase request's supplier grade is filled from the supplier form where
// the supplier's name equals the request's supplier (数据联动), and its note from the
// supplier's secret, which buyers may not see; code matches on that secret. Buyers read only the suppliers they added.
const linkageApp = `{
  "key": "purchasing",
  "name": {"zh-CN": "采购", "en": "Purchasing"},
  "forms": [{
    "key": "supplier",
    "name": {"zh-CN": "供应商", "en": "Suppliers"},
    "schema": {"type": "object", "properties": {
      "name": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Name"}}},
      "grade": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "等级", "en": "Grade"}}},
      "secret": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "内部备注", "en": "Internal note"}}}
    }}
  }, {
    "key": "purchase",
    "name": {"zh-CN": "采购申请", "en": "Purchase request"},
    "schema": {"type": "object", "properties": {
      "supplier": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "供应商", "en": "Supplier"}}},
      "grade": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "供应商等级", "en": "Supplier grade"},
        "linked": {"form": "supplier", "match": [{"field": "name", "equals": "supplier"}], "value": "grade"}}},
      "note": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "备注", "en": "Note"},
        "linked": {"form": "supplier", "match": [{"field": "name", "equals": "supplier"}], "value": "secret"}}},
      "code": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "等级（按备注）", "en": "Grade by note"},
        "linked": {"form": "supplier", "match": [{"field": "secret", "equals": "supplier"}], "value": "grade"}}},
      "qty": {"type": "number", "default": 1, "x-formloom": {"type": "number", "label": {"zh-CN": "数量", "en": "Quantity"}}}
    }}
  }],
  "roles": [{"key": "buyer", "name": {"zh-CN": "采购员", "en": "Buyer"}}],
  "permissions": [
    {"role": "buyer", "form": "purchase", "actions": ["create", "read", "update"], "scope": "own"},
    {"role": "buyer", "form": "supplier", "actions": ["create", "read"], "scope": "own", "fields": {"secret": "hidden"}}
  ]
}`

// linkageWorkspace: ann owns workspace A with the purchasing app and added supplier Acme
// (grade A); sam, a member holding buyer, added supplier Beta (grade B); olly is a member
// without a role. Vars: linkage (the purchase form's linkage URL), app.
func linkageWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	for _, name := range []string{"sam", "olly"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
	}
	ann, sam := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+linkageApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	if st, body := a.Call(ann, "POST", base+"/roles/buyer/assignees", `{"user":"`+v["sam"]+`"}`); st != 201 {
		t.Fatalf("assign: %d %s", st, body)
	}
	for s, rec := range map[*apitest.Session]string{&ann: `{"name":"Acme","grade":"A","secret":"acme-secret"}`, &sam: `{"name":"Beta","grade":"B"}`} {
		if st, body := a.Call(*s, "POST", base+"/forms/supplier/records", rec); st != 201 {
			t.Fatalf("supplier: %d %s", st, body)
		}
	}
	if st, body := a.Call(ann, "POST", base+"/forms/supplier/records", `{"name":"Beta","grade":"B-old","secret":"beta-secret"}`); st != 201 {
		t.Fatalf("supplier: %d %s", st, body)
	}
	v["linkage"] = base + "/forms/purchase/linkage"
	return v
}

func TestLinkedDefaults(t *testing.T) {
	apitest.Run(t,
		apitest.Scenario{
			Name: "the grade of the matching supplier the member may read is filled", Method: "POST", URL: "{linkage}", As: "sam@formloom.test", Setup: linkageWorkspace,
			Body: `{"supplier":"Beta","qty":2}`, ExpectedStatus: 200, ExpectedContent: []string{`{"values":{"code":null,"grade":"B","note":null}}`},
		},
		apitest.Scenario{
			Name: "the owner reads every supplier: the newest match wins, hidden fields are hers to see", Method: "POST", URL: "{linkage}", As: "ann@formloom.test", Setup: linkageWorkspace,
			Body: `{"supplier":"Beta"}`, ExpectedStatus: 200, ExpectedContent: []string{`"grade":"B-old"`, `"note":"beta-secret"`},
		},
		apitest.Scenario{
			Name: "a member cannot pull a value from a supplier she cannot read", Method: "POST", URL: "{linkage}", As: "sam@formloom.test", Setup: linkageWorkspace,
			Body: `{"supplier":"Acme"}`, ExpectedStatus: 200, ExpectedContent: []string{`{"values":{"code":null,"grade":null,"note":null}}`},
			NotExpectedContent: []string{`"A"`, "acme-secret"},
		},
		apitest.Scenario{
			Name: "a member cannot match on a field hidden from her", Method: "POST", URL: "{linkage}", As: "sam@formloom.test", Setup: linkageWorkspace,
			Body: `{"supplier":"beta-secret"}`, ExpectedStatus: 200, ExpectedContent: []string{`{"values":{"code":null,"grade":null,"note":null}}`},
		},
		apitest.Scenario{
			Name: "who may see the field matches on it", Method: "POST", URL: "{linkage}", As: "ann@formloom.test", Setup: linkageWorkspace,
			Body: `{"supplier":"beta-secret"}`, ExpectedStatus: 200, ExpectedContent: []string{`"code":"B-old"`},
		},
		apitest.Scenario{
			Name: "an empty match field empties the linked fields", Method: "POST", URL: "{linkage}", As: "sam@formloom.test", Setup: linkageWorkspace,
			Body: `{"supplier":""}`, ExpectedStatus: 200, ExpectedContent: []string{`{"values":{"code":null,"grade":null,"note":null}}`},
		},
		apitest.Scenario{
			Name: "a member without a role on the form is refused", Method: "POST", URL: "{linkage}", As: "olly@formloom.test", Setup: linkageWorkspace,
			Body: `{"supplier":"Beta"}`, ExpectedStatus: 403, NotExpectedContent: []string{`"B"`},
		},
		apitest.Scenario{
			Name: "a body that is not an object is refused", Method: "POST", URL: "{linkage}", As: "sam@formloom.test", Setup: linkageWorkspace,
			Body: `["Beta"]`, ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_json"`},
		},
		apitest.Scenario{
			Name: "a field the form does not have is refused at its pointer", Method: "POST", URL: "{linkage}", As: "sam@formloom.test", Setup: linkageWorkspace,
			Body: `{"vendor":"Beta"}`, ExpectedStatus: 400, ExpectedContent: []string{`"/vendor":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "a match field holding a list is refused on the field, by its label", Method: "POST", URL: "{linkage}", As: "sam@formloom.test", Setup: linkageWorkspace,
			Headers: map[string]string{"Accept-Language": "zh-CN"},
			Body:    `{"supplier":["Beta"]}`, ExpectedStatus: 422, ExpectedContent: []string{`"/supplier":{"code":"type","message":"「供应商」必须是单个值，才能查找联动的数据。"}`},
		},
		apitest.Scenario{
			Name: "a linked default naming what does not exist is refused when the draft is saved, in words at its pointer", Method: "PUT", URL: "/api/v1/workspaces/{wsA}/apps/{app}/draft",
			Body: strings.Replace(strings.Replace(linkageApp, `"form": "supplier", "match": [{"field": "name", "equals": "supplier"}], "value": "grade"`,
				`"form": "vendor", "match": [{"field": "name", "equals": "supplier"}], "value": "grade"`, 1), `"value": "secret"`, `"value": "rank"`, 1),
			As: "ann@formloom.test", Setup: linkageWorkspace, ExpectedStatus: 422,
			ExpectedContent: []string{`"/forms/1/schema/properties/grade/x-formloom/linked/form":{"code":"unknown_form"`,
				`"/forms/1/schema/properties/note/x-formloom/linked/value":{"code":"unknown_field","message":"The form \"Suppliers\" has no field \"rank\"."}`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				def, err := a.Apps.Definition(t.Context(), v["ann"], v["wsA"], v["app"], 0)
				if err != nil || strings.Contains(string(def), "vendor") {
					t.Fatalf("a refused draft was stored: %v", err)
				}
			},
		},
	)
}
