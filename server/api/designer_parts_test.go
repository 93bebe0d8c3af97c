package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// withViewsForRoles saves and publishes the sales app with two views: "sales_only", seen by
// the sales role only, and "everyone", seen by every reader of leads.
func withViewsForRoles(t *testing.T, a *apitest.TestApp, v apitest.Vars) {
	t.Helper()
	ann := a.SignIn("ann@formloom.test")
	base := strings.TrimSuffix(v["lead"], "/forms/lead")
	st, body := a.Call(ann, "GET", base+"/draft", "")
	if st != 200 {
		t.Fatalf("draft: %d %s", st, body)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	doc["views"] = []any{
		map[string]any{"key": "sales_only", "form": "lead", "name": map[string]any{"zh-CN": "销售视图"}, "columns": []any{"subject"}, "roles": []any{"sales"}},
		map[string]any{"key": "everyone", "form": "lead", "name": map[string]any{"zh-CN": "全部"}, "columns": []any{"subject"}},
	}
	out, _ := json.Marshal(doc)
	if st, body := a.Call(ann, "PUT", base+"/draft", string(out)); st != 200 {
		t.Fatalf("save draft: %d %s", st, body)
	}
	if st, body := a.Call(ann, "POST", base+"/publish", ""); st != 201 && st != 200 {
		t.Fatalf("publish: %d %s", st, body)
	}
}

// TestViewRoles: a view limited to roles is listed and served to their holders only
// (owners and admins see it too); a view naming an unknown role is refused at its pointer.
func TestViewRoles(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := accessWorkspace(t, a)
	withViewsForRoles(t, a, v)
	assign(t, a, v, "sales", `{"user":"`+v["sam"]+`"}`)
	assign(t, a, v, "inspector", `{"user":"`+v["ian"]+`"}`)
	base := strings.TrimSuffix(v["lead"], "/forms/lead")

	for _, c := range []struct {
		who      string
		sees     bool
		seesBase bool
	}{{"sam", true, true}, {"ian", false, true}, {"ann", true, true}} {
		s := a.SignIn(c.who + "@formloom.test")
		st, body := a.Call(s, "GET", base+"/views", "")
		if st != 200 || strings.Contains(body, `"key":"sales_only"`) != c.sees || !strings.Contains(body, `"key":"everyone"`) {
			t.Errorf("%s lists views: %d %s", c.who, st, body)
		}
		st, body = a.Call(s, "GET", base+"/views/sales_only/records", "")
		if want := map[bool]int{true: 200, false: 404}[c.sees]; st != want {
			t.Errorf("%s reads the sales view: %d %s, want %d", c.who, st, body, want)
		}
	}

	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "GET", base+"/draft", "")
	if st != 200 {
		t.Fatal(st, body)
	}
	bad := strings.Replace(body, `"roles":["sales"]`, `"roles":["sales","nobody"]`, 1)
	st, out := a.Call(ann, "PUT", base+"/draft", bad)
	if st != 422 || !strings.Contains(out, `"/views/0/roles/1":{"code":"unknown_role"`) {
		t.Fatalf("unknown view role: %d %s", st, out)
	}
	if _, after := a.Call(ann, "GET", base+"/draft", ""); after != body {
		t.Errorf("a refused draft changed what is stored")
	}
}

// TestDashboardReaderFilters: a dashboard's reader narrows every widget to a date range
// (on the creation time here) and to one member's records; bad dates are located.
func TestDashboardReaderFilters(t *testing.T) {
	t.Parallel()
	const ann = "ann@formloom.test"
	today := time.Now().UTC().Format("2006-01-02")
	apitest.Run(t,
		apitest.Scenario{
			Name: "a range around today keeps every record", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL:            "{base}/dashboards/sales/data?from=" + time.Now().UTC().AddDate(0, 0, -1).Format("2006-01-02") + "&to=" + time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02"),
			ExpectedStatus: 200, ExpectedContent: []string{`{"key":{"status":"won"},"values":{"n":2,"total":350}}`, `"groups":[{"key":{},"values":{"m":115}}]`},
		},
		apitest.Scenario{
			Name: "a range in the past keeps none", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL:            "{base}/dashboards/sales/data?from=2000-01-01&to=2000-12-31",
			ExpectedStatus: 200, ExpectedContent: []string{`"key":"by_status"`, `"groups":[]`},
			NotExpectedContent: []string{`"status":"won"`},
		},
		apitest.Scenario{
			Name: "the member filter keeps that member's records", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL: "{base}/dashboards/sales/data?to=" + today + "&member={carl}", ExpectedStatus: 200,
			ExpectedContent: []string{`"key":"by_status","name"`}, NotExpectedContent: []string{`"status":"won"`},
		},
		apitest.Scenario{
			Name: "the member filter with the records' owner keeps them", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL: "{base}/dashboards/sales/data?member={ann}", ExpectedStatus: 200,
			ExpectedContent: []string{`{"key":{"status":"won"},"values":{"n":2,"total":350}}`},
		},
		apitest.Scenario{
			Name: "the department filter keeps the records of its sub-departments' members", Method: "GET", As: ann, Setup: dealsDepartments,
			URL: "{base}/dashboards/sales/data?department={sales}", ExpectedStatus: 200,
			ExpectedContent: []string{`{"key":{"status":"won"},"values":{"n":2,"total":350}}`},
		},
		apitest.Scenario{
			Name: "the department filter of a department without the owners keeps none", Method: "GET", As: ann, Setup: dealsDepartments,
			URL: "{base}/dashboards/sales/data?department={support}", ExpectedStatus: 200,
			ExpectedContent: []string{`"key":"by_status"`, `"groups":[]`}, NotExpectedContent: []string{`"status":"won"`},
		},
		apitest.Scenario{
			Name: "department and member filters both apply", Method: "GET", As: ann, Setup: dealsDepartments,
			URL: "{base}/dashboards/sales/data?department={sales}&member={carl}", ExpectedStatus: 200,
			ExpectedContent: []string{`"key":"by_status"`}, NotExpectedContent: []string{`"status":"won"`},
		},
		apitest.Scenario{
			Name: "an unknown department is located", Method: "GET", As: ann, Setup: dealsDepartments,
			URL: "{base}/dashboards/sales/data?department=nope", ExpectedStatus: 422,
			ExpectedContent: []string{`"/department":{"code":"unknown_department"`},
		},
		apitest.Scenario{
			Name: "a bad date is located", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL: "{base}/dashboards/sales/data?from=2026-13-01", ExpectedStatus: 422,
			ExpectedContent: []string{`"/from":{"code":"bad_value"`},
		},
		apitest.Scenario{
			Name: "an end before the start is located", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL: "{base}/dashboards/sales/data?from=2026-02-01&to=2026-01-01", ExpectedStatus: 422,
			ExpectedContent: []string{`"/to":{"code":"bad_value"`},
		},
	)
}

// dealsDepartments is dealsWorkspace with a department tree: 销售部 (sales) above 华东组,
// where ann (the deals' owner) works, and 客服部 (support) where carl works.
func dealsDepartments(t testing.TB, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := dealsWorkspace(t, a)
	ctx := context.Background()
	dept := func(name, parent string) string {
		in := org.DepartmentInput{Name: &name}
		if parent != "" {
			in.Parent = &parent
		}
		d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], in)
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	v["sales"] = dept("销售部", "")
	east := dept("华东组", v["sales"])
	v["support"] = dept("客服部", "")
	for user, d := range map[string]string{v["ann"]: east, v["carl"]: v["support"]} {
		if _, err := a.Org.UpdateMember(ctx, v["ann"], v["wsA"], user, org.MemberChange{Departments: &[]string{d}}); err != nil {
			t.Fatal(err)
		}
	}
	return v
}
