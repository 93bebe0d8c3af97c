package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/api"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/store"
)

// dealsApp has one form of deals with a table view of the open deals (largest first), a
// kanban board by status and a dashboard counting and summing deals by status.
const dealsApp = `{
  "key": "deals-test",
  "name": {"zh-CN": "商机", "en": "Deals"},
  "forms": [{
    "key": "deal",
    "name": {"zh-CN": "商机", "en": "Deal"},
    "schema": {"type": "object", "required": ["title", "status"], "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Title"}}},
      "amount": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "金额", "en": "Amount"}}},
      "margin": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "毛利", "en": "Margin"}}},
      "status": {"type": "string", "enum": ["new", "won", "lost"], "x-formloom": {"type": "select", "label": {"zh-CN": "状态", "en": "Status"},
        "options": [{"value": "new", "label": {"zh-CN": "新建", "en": "New"}},
                    {"value": "won", "label": {"zh-CN": "赢单", "en": "Won"}},
                    {"value": "lost", "label": {"zh-CN": "输单", "en": "Lost"}}]}}
    }}
  }],
  "views": [
    {"key": "open", "form": "deal", "name": {"zh-CN": "进行中", "en": "Open"}, "columns": ["title", "amount", "margin"],
     "filter": {"field": "status", "op": "ne", "value": "lost"}, "sort": ["-amount"]},
    {"key": "board", "form": "deal", "name": {"zh-CN": "看板", "en": "Board"}, "type": "kanban", "groupBy": "status",
     "columns": ["title", "amount"], "sort": ["amount"]}
  ],
  "dashboards": [{"key": "sales", "name": {"zh-CN": "销售", "en": "Sales"}, "widgets": [
    {"key": "by_status", "name": {"zh-CN": "各状态", "en": "By status"}, "form": "deal", "chart": "bar",
     "aggregation": {"groupBy": [{"field": "status"}], "metrics": [{"op": "count", "as": "n"}, {"op": "sum", "field": "amount", "as": "total"}]}},
    {"key": "margin", "name": {"zh-CN": "毛利", "en": "Margin"}, "form": "deal", "chart": "number",
     "aggregation": {"metrics": [{"op": "sum", "field": "margin", "as": "m"}]}}
  ]}]
}`

// dealsWorkspace is twoWorkspaces plus carl (a member of A) and the deals app in A with
// five deals by ann: a/new/100, b/won/300, c/lost/500, d/new/200, e/won/50. Vars: app,
// base (the app's URL) and deal (the form's URL).
func dealsWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	carl := a.User("carl@formloom.test")
	if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	v["carl"] = carl.ID
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+dealsApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	v["base"] = "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	v["deal"] = v["base"] + "/forms/deal"
	for _, d := range []string{
		`{"title":"a","status":"new","amount":100,"margin":10}`,
		`{"title":"b","status":"won","amount":300,"margin":30}`,
		`{"title":"c","status":"lost","amount":500,"margin":50}`,
		`{"title":"d","status":"new","amount":200,"margin":20}`,
		`{"title":"e","status":"won","amount":50,"margin":5}`,
	} {
		if st, body := a.Call(ann, "POST", v["deal"]+"/records", d); st != 201 {
			t.Fatalf("create deal: %d %s", st, body)
		}
	}
	return v
}

// titles lists the titles of a page's records in order.
func titles(t testing.TB, body string) string {
	t.Helper()
	items, _ := decode(t, body)["items"].([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		d, _ := it.(map[string]any)["data"].(map[string]any)
		s, _ := d["title"].(string)
		out = append(out, s)
	}
	return strings.Join(out, ",")
}

func q(s string) string { return url.QueryEscape(s) }

func TestViewScenarios(t *testing.T) {
	t.Parallel()
	const ann = "ann@formloom.test"
	apitest.Run(t,
		apitest.Scenario{
			Name: "list the saved views", Method: "GET", URL: "{base}/views", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"key":"open"`, `"key":"board"`, `"type":"kanban"`, `"groupBy":"status"`},
		},
		apitest.Scenario{
			Name: "a view applies its filter and sort and returns its columns", Method: "GET", URL: "{base}/views/open/records?total=true", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"columns":["title","amount","margin"]`, `"total":4`},
			After: func(t testing.TB, _ *apitest.TestApp, _ apitest.Vars, body string) {
				if got := titles(t, body); got != "b,d,a,e" {
					t.Errorf("open view order %s, want b,d,a,e", got)
				}
			},
		},
		apitest.Scenario{
			Name: "an ad-hoc filter narrows the view and ?sort overrides its order", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL:            "{base}/views/open/records?total=true&sort=title&filter=" + q(`{"field":"amount","op":"gte","value":100}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"total":3`},
			After: func(t testing.TB, _ *apitest.TestApp, _ apitest.Vars, body string) {
				if got := titles(t, body); got != "a,b,d" {
					t.Errorf("filtered view %s, want a,b,d", got)
				}
			},
		},
		apitest.Scenario{
			Name: "a bad ad-hoc filter is located", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL:            "{base}/views/open/records?filter=" + q(`{"field":"nope","op":"eq","value":1}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"/filter/field":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "an unknown view is 404", Method: "GET", URL: "{base}/views/nope/records", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "views of another workspace are 404", Method: "GET", URL: "{base}/views", As: "bob@formloom.test", Setup: dealsWorkspace,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a kanban column pages one option", Method: "GET", URL: "{base}/views/board/records?group=won", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"group":"won"`, `"columns":["title","amount"]`},
			After: func(t testing.TB, _ *apitest.TestApp, _ apitest.Vars, body string) {
				if got := titles(t, body); got != "e,b" {
					t.Errorf("won column %s, want e,b", got)
				}
			},
		},
		apitest.Scenario{
			Name: "a kanban group that is not an option is refused", Method: "GET", URL: "{base}/views/board/records?group=maybe", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"/group":{"code":"bad_value"`},
		},
		apitest.Scenario{
			Name: "kanban groups count every option", Method: "GET", URL: "{base}/views/board/groups", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{
				`{"value":"new","label":{"zh-CN":"新建","en":"New"},"count":2}`,
				`{"value":"won","label":{"zh-CN":"赢单","en":"Won"},"count":2}`,
				`{"value":"lost","label":{"zh-CN":"输单","en":"Lost"},"count":1}`,
			},
		},
		apitest.Scenario{
			Name: "kanban groups follow the ad-hoc filter", Method: "GET", As: ann, Setup: dealsWorkspace,
			URL:            "{base}/views/board/groups?filter=" + q(`{"field":"amount","op":"gte","value":200}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"value":"new","label":{"zh-CN":"新建","en":"New"},"count":1}`, `"value":"won","label":{"zh-CN":"赢单","en":"Won"},"count":1}`, `"value":"lost","label":{"zh-CN":"输单","en":"Lost"},"count":1}`},
		},
		apitest.Scenario{
			Name: "a table view has no groups", Method: "GET", URL: "{base}/views/open/groups", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"not_grouped"`},
		},
		apitest.Scenario{
			Name: "aggregate by status with count and sum", Method: "POST", URL: "{deal}/aggregate", As: ann, Setup: dealsWorkspace,
			Body:           `{"groupBy":[{"field":"status"}],"metrics":[{"op":"count","as":"n"},{"op":"sum","field":"amount","as":"total"}]}`,
			ExpectedStatus: 200, ExpectedContent: []string{
				`{"key":{"status":"new"},"values":{"n":2,"total":300}}`,
				`{"key":{"status":"won"},"values":{"n":2,"total":350}}`,
				`{"key":{"status":"lost"},"values":{"n":1,"total":500}}`,
			},
		},
		apitest.Scenario{
			Name: "an aggregation's filter applies", Method: "POST", URL: "{deal}/aggregate", As: ann, Setup: dealsWorkspace,
			Body:           `{"metrics":[{"op":"count","as":"n"}],"filter":{"field":"status","op":"eq","value":"won"}}`,
			ExpectedStatus: 200, ExpectedContent: []string{`"values":{"n":2}`},
		},
		apitest.Scenario{
			Name: "a bad aggregation is located", Method: "POST", URL: "{deal}/aggregate", As: ann, Setup: dealsWorkspace,
			Body:           `{"groupBy":[{"field":"status"}],"metrics":[{"op":"sum","field":"title","as":"x"}]}`,
			ExpectedStatus: 400, ExpectedContent: []string{`"/metrics/0/op":{"code":"bad_operator"`},
		},
		apitest.Scenario{
			Name: "dashboard data computes every widget", Method: "GET", URL: "{base}/dashboards/sales/data", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{
				`"key":"by_status"`, `{"key":{"status":"won"},"values":{"n":2,"total":350}}`,
				`"key":"margin"`, `"groups":[{"key":{},"values":{"m":115}}]`,
			},
		},
		apitest.Scenario{
			Name: "an unknown dashboard is 404", Method: "GET", URL: "{base}/dashboards/nope/data", As: ann, Setup: dealsWorkspace,
			ExpectedStatus: 404,
		},
	)
}

// marginHidden is an Access that shows carl only the deals he owns and never the margin.
type marginHidden struct{ restricted string }

func (m marginHidden) Authorize(_ context.Context, req records.AccessRequest) (records.Grant, error) {
	if req.Member.UserID != m.restricted {
		return records.Grant{}, nil
	}
	return records.Grant{Scope: store.Eq("owner", m.restricted), Hidden: map[string]bool{"margin": true}}, nil
}

// TestViewsUnderAccess checks that views, aggregations and dashboards keep to the caller's
// data scope and never group, sum or show a hidden field.
func TestViewsUnderAccess(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := dealsWorkspace(t, a)
	svc := records.New(a.Store, a.Apps, a.Org, records.Options{Access: marginHidden{restricted: v["carl"]}})
	h := api.New(api.Deps{Config: a.Cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), DB: a.Store,
		Accounts: a.Accounts, Org: a.Org, Apps: a.Apps, Records: svc})
	call := func(s apitest.Session, method, u, body string) (int, string) {
		t.Helper()
		resp, err := h.Test(a.Request(s, method, u, body), -1)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, readBody(resp)
	}
	carl := a.SignIn("carl@formloom.test")
	if st, body := call(carl, "POST", v["deal"]+"/records", `{"title":"f","status":"won","amount":70}`); st != 201 {
		t.Fatalf("carl creates: %d %s", st, body)
	}
	st, body := call(carl, "GET", v["base"]+"/views/open/records?total=true", "")
	if st != 200 || titles(t, body) != "f" || !strings.Contains(body, `"columns":["title","amount"]`) || strings.Contains(body, "margin") {
		t.Fatalf("carl's open view: %d %s", st, body)
	}
	st, body = call(carl, "GET", v["base"]+"/views/board/groups", "")
	if st != 200 || !strings.Contains(body, `"value":"won","label":{"zh-CN":"赢单","en":"Won"},"count":1}`) || !strings.Contains(body, `"value":"new","label":{"zh-CN":"新建","en":"New"},"count":0}`) {
		t.Fatalf("carl's board groups: %d %s", st, body)
	}
	st, body = call(carl, "POST", v["deal"]+"/aggregate", `{"groupBy":[{"field":"margin"}],"metrics":[{"op":"count","as":"n"}]}`)
	if st != http.StatusBadRequest || !strings.Contains(body, `"/groupBy/0/field":{"code":"unknown_field"`) {
		t.Fatalf("group by a hidden field: %d %s", st, body)
	}
	st, body = call(carl, "POST", v["deal"]+"/aggregate", `{"metrics":[{"op":"sum","field":"margin","as":"m"}]}`)
	if st != http.StatusBadRequest || !strings.Contains(body, `"/metrics/0/field":{"code":"unknown_field"`) {
		t.Fatalf("sum a hidden field: %d %s", st, body)
	}
	st, body = call(carl, "POST", v["deal"]+"/aggregate", `{"groupBy":[{"field":"status"}],"metrics":[{"op":"count","as":"n"},{"op":"sum","field":"amount","as":"total"}]}`)
	if st != 200 || !strings.Contains(body, `"groups":[{"key":{"status":"won"},"values":{"n":1,"total":70}}]`) {
		t.Fatalf("carl aggregates within his scope: %d %s", st, body)
	}
	st, body = call(carl, "GET", v["base"]+"/dashboards/sales/data", "")
	// The widget summing the hidden margin is not shown to him at all: neither its number
	// nor the field's name (it used to come back as a widget with an unknown_field error).
	if st != 200 || !strings.Contains(body, `{"key":{"status":"won"},"values":{"n":1,"total":70}}`) || strings.Contains(body, `"key":"margin"`) || strings.Contains(body, `"error"`) {
		t.Fatalf("carl's dashboard: %d %s", st, body)
	}
}
