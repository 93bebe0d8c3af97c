package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// visitsApp has one form of customer visits with a date, a calendar view of them by that
// date, and a role that reads the visits without seeing the date.
const visitsApp = `{
  "key": "visits-test",
  "name": {"zh-CN": "拜访", "en": "Visits"},
  "forms": [{
    "key": "visit",
    "name": {"zh-CN": "拜访", "en": "Visit"},
    "schema": {"type": "object", "required": ["title"], "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "客户", "en": "Customer"}}},
      "on": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "拜访日期", "en": "Date"}}}
    }}
  }],
  "roles": [{"key": "blind", "name": {"zh-CN": "不看日期", "en": "No dates"}}],
  "permissions": [{"role": "blind", "form": "visit", "actions": ["read"], "scope": "all", "fields": {"on": "hidden"}}],
  "views": [
    {"key": "cal", "form": "visit", "name": {"zh-CN": "拜访日历", "en": "Visit calendar"}, "type": "calendar", "date": "on",
     "columns": ["title"]}
  ]
}`

// TestCalendarView: a calendar view answers its type and date field, and a month of it is
// the view's records whose date falls in that month (the client's filter ANDed with the
// view's); a member who may not see the date is not offered the view.
func TestCalendarView(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	call := func(s apitest.Session, method, u, body string) (int, []byte) {
		t.Helper()
		resp := a.Do(a.Request(s, method, u, body))
		defer resp.Body.Close()
		return resp.StatusCode, []byte(readBody(resp))
	}
	st, body := call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+visitsApp+`}`)
	if st != http.StatusCreated {
		t.Fatalf("install: %d %s", st, body)
	}
	app := field(t, string(body), "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + app
	for _, r := range []string{`{"title":"禾丰超市","on":"2026-12-03"}`, `{"title":"星河物流","on":"2026-12-28"}`, `{"title":"北方粮油","on":"2027-01-02"}`, `{"title":"未定日期"}`} {
		if st, body := call(ann, "POST", base+"/forms/visit/records", r); st != http.StatusCreated {
			t.Fatalf("create %s: %d %s", r, st, body)
		}
	}
	december := url.QueryEscape(`{"and":[{"field":"on","op":"gte","value":"2026-12-01"},{"field":"on","op":"lt","value":"2027-01-01"}]}`)
	st, body = call(ann, "GET", base+"/views/cal/records?filter="+december, "")
	if st != http.StatusOK {
		t.Fatalf("the calendar's December: %d %s", st, body)
	}
	var page struct {
		Type  string `json:"type"`
		Date  string `json:"date"`
		Items []struct {
			Data struct{ Title, On string } `json:"data"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range page.Items {
		got = append(got, it.Data.On+" "+it.Data.Title)
	}
	slices.Sort(got)
	if page.Type != "calendar" || page.Date != "on" || !slices.Equal(got, []string{"2026-12-03 禾丰超市", "2026-12-28 星河物流"}) {
		t.Fatalf("the calendar's December: type %q, date %q, records %v", page.Type, page.Date, got)
	}

	// Carl reads the visits but not their dates: a calendar would show them, so it is not his.
	carl := a.User("carl@formloom.test")
	if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	if st, body := call(ann, "POST", base+"/roles/blind/assignees", `{"user":"`+carl.ID+`"}`); st >= 300 {
		t.Fatalf("assign: %d %s", st, body)
	}
	carlS := a.SignIn("carl@formloom.test")
	if st, body := call(carlS, "GET", base+"/views/cal/records", ""); st != http.StatusNotFound {
		t.Fatalf("the calendar for a member who may not see its dates: %d %s", st, body)
	}
	st, body = call(carlS, "GET", base+"/views", "")
	var views struct {
		Items []struct{ Key string } `json:"items"`
	}
	if err := json.Unmarshal(body, &views); st != http.StatusOK || err != nil {
		t.Fatalf("views for carl: %d %s", st, body)
	}
	for _, vw := range views.Items {
		if vw.Key == "cal" {
			t.Fatalf("carl is offered the calendar: %s", body)
		}
	}
}
