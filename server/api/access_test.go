package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// salesApp has one lead form and three roles: salespeople (own leads, budget hidden),
// supervisors (their department's leads, no create, budget read-only) and inspectors (every lead, read only).
const salesApp = `{
  "key": "sales-access",
  "name": {"zh-CN": "线索", "en": "Leads"},
  "forms": [{
    "key": "lead",
    "name": {"zh-CN": "线索", "en": "Lead"},
    "schema": {"type": "object", "required": ["subject"], "properties": {
      "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "主题", "en": "Subject"}}},
      "budget": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "预算", "en": "Budget"}}}
    }}
  }],
  "roles": [
    {"key": "sales", "name": {"zh-CN": "销售人员", "en": "Sales"}},
    {"key": "supervisor", "name": {"zh-CN": "销售主管", "en": "Supervisor"}},
    {"key": "inspector", "name": {"zh-CN": "监察", "en": "Inspector"}}
  ],
  "permissions": [
    {"role": "sales", "form": "lead", "actions": ["create", "read", "update", "export"], "scope": "own", "fields": {"budget": "hidden"}},
    {"role": "supervisor", "form": "lead", "actions": ["read", "update", "export"], "scope": "department", "fields": {"budget": "read"}},
    {"role": "inspector", "form": "lead", "actions": ["read"], "scope": "all"}
  ]
}`

// accessWorkspace: ann owns workspace A with the sales app and departments East and West.
// sam and sid are in East, wes in West, sue supervises East (she is in it), ian inspects,
// olly has no role. Vars: the users, wsA, app, east, west, lead (the form's URL prefix) and
// roles (the roles' URL prefix).
func accessWorkspace(t *testing.T, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	dept := func(name string) string {
		d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	v["east"], v["west"] = dept("华东"), dept("华西")
	for name, depts := range map[string][]string{"sam": {v["east"]}, "sid": {v["east"]}, "wes": {v["west"]}, "sue": {v["east"]}, "ian": nil, "olly": {v["east"]}} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember, Departments: depts}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
	}
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+salesApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	v["lead"], v["roles"] = base+"/forms/lead", base+"/roles"
	return v
}

func assign(t *testing.T, a *apitest.TestApp, v apitest.Vars, role, body string) {
	t.Helper()
	if st, out := a.Call(a.SignIn("ann@formloom.test"), "POST", v["roles"]+"/"+role+"/assignees", body); st != 201 {
		t.Fatalf("assign %s %s: %d %s", role, body, st, out)
	}
}

// publishDesignerRole publishes, as the admin session ann, a version of the app at base with
// a new role "designer" granted manage on the app, and returns the definition published.
func publishDesignerRole(t *testing.T, a *apitest.TestApp, ann apitest.Session, base string) map[string]any {
	t.Helper()
	st, body := a.Call(ann, "GET", base+"/draft", "")
	if st != 200 {
		t.Fatalf("draft: %d %s", st, body)
	}
	def := decode(t, body)
	if d, ok := def["definition"].(map[string]any); ok {
		def = d
	}
	def["roles"] = append(def["roles"].([]any), map[string]any{"key": "designer", "name": map[string]any{"zh-CN": "设计", "en": "Designer"}})
	def["permissions"] = append(def["permissions"].([]any), map[string]any{"role": "designer", "actions": []any{"manage"}})
	if st, body := a.Call(ann, "PUT", base+"/draft", mustJSON(def)); st != 200 {
		t.Fatalf("save draft: %d %s", st, body)
	}
	if st, body := a.Call(ann, "POST", base+"/publish", ""); st/100 != 2 {
		t.Fatalf("publish: %d %s", st, body)
	}
	return def
}

func createAs(t *testing.T, a *apitest.TestApp, v apitest.Vars, s apitest.Session, subject string) string {
	t.Helper()
	st, body := a.Call(s, "POST", v["lead"]+"/records", `{"subject":"`+subject+`"}`)
	if st != 201 {
		t.Fatalf("create %s: %d %s", subject, st, body)
	}
	return field(t, body, "id")
}

func patchAs(t *testing.T, a *apitest.TestApp, s apitest.Session, url, body string) (int, string) {
	t.Helper()
	req := a.Request(s, "PATCH", url, body)
	req.Header.Set("If-Match", "*")
	resp := a.Do(req)
	defer resp.Body.Close()
	return resp.StatusCode, readBody(resp)
}

// TestRolePermissions checks scopes, hidden fields and actions from the template's
// permissions through every read path, with roles held directly and through a department.
func TestRolePermissions(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := accessWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	sam, sid, wes := a.SignIn("sam@formloom.test"), a.SignIn("sid@formloom.test"), a.SignIn("wes@formloom.test")
	sue, ian, olly := a.SignIn("sue@formloom.test"), a.SignIn("ian@formloom.test"), a.SignIn("olly@formloom.test")

	// Without a role a member can do nothing with the form.
	if st, body := a.Call(sam, "POST", v["lead"]+"/records", `{"subject":"x"}`); st != http.StatusForbidden {
		t.Fatalf("sam before any role: %d %s", st, body)
	}
	// The owner designs the app and may do everything.
	annLead := createAs(t, a, v, ann, "ann-lead")

	// sam holds sales directly; sid gets it through East; wes holds it directly in West.
	assign(t, a, v, "sales", `{"user":"`+v["sam"]+`"}`)
	assign(t, a, v, "sales", `{"department":"`+v["west"]+`"}`)
	assign(t, a, v, "supervisor", `{"user":"`+v["sue"]+`"}`)
	assign(t, a, v, "inspector", `{"user":"`+v["ian"]+`"}`)
	if st, body := a.Call(ann, "GET", v["roles"]+"/sales/assignees", ""); st != 200 || !strings.Contains(body, v["sam"]) || !strings.Contains(body, `"department":"`+v["west"]+`"`) {
		t.Fatalf("assignees: %d %s", st, body)
	}
	if st, _ := a.Call(sam, "GET", v["roles"]+"/sales/assignees", ""); st != http.StatusForbidden {
		t.Fatalf("a member lists assignees: %d", st)
	}
	if st, _ := a.Call(ann, "POST", v["roles"]+"/nosuch/assignees", `{"user":"`+v["sam"]+`"}`); st != http.StatusNotFound {
		t.Fatalf("unknown role: %d", st)
	}
	// sid is in East, which holds no role yet.
	if st, _ := a.Call(sid, "POST", v["lead"]+"/records", `{"subject":"x"}`); st != http.StatusForbidden {
		t.Fatalf("sid without role: %d", st)
	}
	samLead := createAs(t, a, v, sam, "sam-lead")
	wesLead := createAs(t, a, v, wes, "wes-lead") // through the West department
	// The budget is hidden from salespeople, so writing it is refused; the owner sets it.
	if st, body := a.Call(sam, "POST", v["lead"]+"/records", `{"subject":"x","budget":1}`); st != 400 || !strings.Contains(body, `"/budget":{"code":"unknown_field"`) {
		t.Fatalf("sam writes the budget: %d %s", st, body)
	}
	for _, id := range []string{samLead, wesLead} {
		if st, body := patchAs(t, a, ann, v["lead"]+"/records/"+id, `{"budget":987654}`); st != 200 {
			t.Fatalf("ann sets a budget: %d %s", st, body)
		}
	}

	// A salesperson sees only their own leads and never the budget: get, list, export.
	st, body := a.Call(sam, "GET", v["lead"]+"/records", "")
	if st != 200 || !strings.Contains(body, samLead) || strings.Contains(body, annLead) || strings.Contains(body, wesLead) || strings.Contains(body, "budget") || strings.Contains(body, "987654") {
		t.Fatalf("sam lists: %d %s", st, body)
	}
	st, body = a.Call(sam, "GET", v["lead"]+"/records/"+samLead, "")
	if st != 200 || strings.Contains(body, "budget") || strings.Contains(body, "987654") {
		t.Fatalf("sam gets own: %d %s", st, body)
	}
	if st, _ := a.Call(sam, "GET", v["lead"]+"/records/"+wesLead, ""); st != http.StatusNotFound {
		t.Fatalf("sam gets wes's lead: %d", st)
	}
	if st, _ := patchAs(t, a, sam, v["lead"]+"/records/"+wesLead, `{"subject":"taken"}`); st != http.StatusNotFound {
		t.Fatalf("sam patches wes's lead: %d", st)
	}
	st, body = a.Call(sam, "GET", v["lead"]+"/export?format=csv", "")
	if st != 200 || !strings.Contains(body, "sam-lead") || strings.Contains(body, "ann-lead") || strings.Contains(body, "wes-lead") || strings.Contains(body, "987654") || strings.Contains(body, "预算") || strings.Contains(body, "Budget") {
		t.Fatalf("sam exports: %d %s", st, body)
	}
	if st, _ := a.Call(sam, "GET", v["lead"]+"/records/"+samLead+"/history", ""); st != 200 {
		t.Fatalf("sam reads own history: %d", st)
	}

	// The supervisor sees East's leads (sam's and her own department's), with the budget,
	// but not West's nor the owner's (ann is in no department); she may not create.
	st, body = a.Call(sue, "GET", v["lead"]+"/records", "")
	if st != 200 || !strings.Contains(body, samLead) || strings.Contains(body, wesLead) || strings.Contains(body, annLead) || !strings.Contains(body, "987654") {
		t.Fatalf("sue lists: %d %s", st, body)
	}
	if st, _ := a.Call(sue, "GET", v["lead"]+"/records/"+wesLead, ""); st != http.StatusNotFound {
		t.Fatalf("sue gets a West lead: %d", st)
	}
	if st, body := a.Call(sue, "POST", v["lead"]+"/records", `{"subject":"sue-lead"}`); st != http.StatusForbidden {
		t.Fatalf("sue creates: %d %s", st, body)
	}
	if st, body := patchAs(t, a, sue, v["lead"]+"/records/"+samLead, `{"subject":"sam-lead-checked"}`); st != 200 {
		t.Fatalf("sue updates sam's lead: %d %s", st, body)
	}
	// The budget is read-only for her: writing it is 403 naming the field, and nothing changes.
	if st, body := patchAs(t, a, sue, v["lead"]+"/records/"+samLead, `{"subject":"x","budget":1}`); st != http.StatusForbidden ||
		!strings.Contains(body, `"code":"readonly_field"`) || !strings.Contains(body, `"/budget":{"code":"readonly_field"`) {
		t.Fatalf("sue writes the read-only budget: %d %s", st, body)
	}
	if _, body := a.Call(sue, "GET", v["lead"]+"/records/"+samLead, ""); !strings.Contains(body, "sam-lead-checked") || !strings.Contains(body, "987654") {
		t.Fatalf("a refused write changed the lead: %s", body)
	}

	// The inspector reads everything and writes nothing.
	st, body = a.Call(ian, "GET", v["lead"]+"/records", "")
	if st != 200 || !strings.Contains(body, samLead) || !strings.Contains(body, wesLead) || !strings.Contains(body, annLead) {
		t.Fatalf("ian lists: %d %s", st, body)
	}
	if st, body := patchAs(t, a, ian, v["lead"]+"/records/"+samLead, `{"subject":"changed"}`); st != http.StatusForbidden {
		t.Fatalf("ian patches: %d %s", st, body)
	}
	if st, _ := a.Call(ian, "GET", v["lead"]+"/export?format=csv", ""); st != http.StatusForbidden {
		t.Fatalf("ian exports: %d", st)
	}

	// A member without roles finds nothing; a stranger to the workspace neither.
	if st, _ := a.Call(olly, "GET", v["lead"]+"/records/"+samLead, ""); st != http.StatusNotFound {
		t.Fatalf("olly gets: %d", st)
	}
	if st, _ := a.Call(olly, "GET", v["lead"]+"/records", ""); st != http.StatusForbidden {
		t.Fatalf("olly lists: %d", st)
	}
	if st, _ := a.Call(a.SignIn("bob@formloom.test"), "GET", v["lead"]+"/records/"+samLead, ""); st != http.StatusNotFound {
		t.Fatalf("bob gets: %d", st)
	}

	// A role given to East reaches sid; revoking roles takes effect at once.
	assign(t, a, v, "sales", `{"department":"`+v["east"]+`"}`)
	sidLead := createAs(t, a, v, sid, "sid-lead")
	if st, body := a.Call(sid, "GET", v["lead"]+"/records", ""); st != 200 || !strings.Contains(body, sidLead) || strings.Contains(body, samLead) {
		t.Fatalf("sid lists: %d %s", st, body)
	}
	if st, body := a.Call(ann, "DELETE", v["roles"]+"/sales/assignees?department="+v["east"], ""); st != http.StatusNoContent {
		t.Fatalf("revoke east: %d %s", st, body)
	}
	if st, _ := a.Call(sid, "GET", v["lead"]+"/records/"+sidLead, ""); st != http.StatusNotFound {
		t.Fatalf("sid after revoke: %d", st)
	}
	if st, body := a.Call(ann, "DELETE", v["roles"]+"/sales/assignees?user="+v["sam"], ""); st != http.StatusNoContent {
		t.Fatalf("revoke sam: %d %s", st, body)
	}
	if st, _ := a.Call(sam, "GET", v["lead"]+"/records", ""); st != http.StatusForbidden {
		t.Fatalf("sam after revoke: %d", st)
	}
	if st, _ := a.Call(ann, "DELETE", v["roles"]+"/sales/assignees?user="+v["sam"], ""); st != http.StatusNotFound {
		t.Fatalf("revoke twice: %d", st)
	}
}
