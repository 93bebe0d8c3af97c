package api_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// TestInboxOverdueCountFollowsTasks: the overdue count of the inbox counts a member's open
// tasks past their due time, and only those: a task acted on leaves it at once, a task in
// another member's box is not counted, and the submitter's runs (which carry the earliest
// due time of their tasks) are not tasks. The count reads an index holding open tasks
// only, which a task leaves when it is closed.
func TestInboxOverdueCountFollowsTasks(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)} // Monday
	a := apitest.NewWith(t, apitest.Options{Now: clock.Now, ManualSchedule: true})
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	for _, name := range []string{"hal", "kim"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
	}
	dept := func(name, head string) string {
		d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &name, Head: &head})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	halDept, kimDept := dept("客服部", v["hal"]), dept("销售部", v["kim"])
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+routingApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id")
	create := func(urgency, dept string) string {
		st, body := a.Call(ann, "POST", base+"/forms/lead/records", `{"subject":"投诉热线来电","urgency":"`+urgency+`","dept":"`+dept+`"}`)
		if st != 201 {
			t.Fatalf("create: %d %s", st, body)
		}
		return base + "/forms/lead/records/" + field(t, body, "id")
	}
	first := create("urgent", halDept) // due Tuesday
	create("urgent", halDept)          // due Tuesday
	create("general", halDept)         // due next Monday
	create("urgent", kimDept)          // kim's, due Tuesday
	hal, kim := a.SignIn("hal@formloom.test"), a.SignIn("kim@formloom.test")
	counts := func(s apitest.Session) flow.Counts {
		t.Helper()
		st, body := a.Call(s, "GET", "/api/v1/workspaces/"+v["wsA"]+"/inbox/counts", "")
		if st != 200 {
			t.Fatalf("counts: %d %s", st, body)
		}
		var c flow.Counts
		if err := json.Unmarshal([]byte(body), &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := counts(hal); c != (flow.Counts{Todo: 3}) {
		t.Errorf("hal before any deadline: %+v", c)
	}
	clock.Set(time.Date(2026, 11, 4, 2, 0, 0, 0, time.UTC)) // Wednesday: the urgent ones are late
	if c := counts(hal); c != (flow.Counts{Todo: 3, Overdue: 2}) {
		t.Errorf("hal after the urgent deadlines: %+v", c)
	}
	if c := counts(kim); c != (flow.Counts{Todo: 1, Overdue: 1}) {
		t.Errorf("kim: %+v", c)
	}
	if c := counts(ann); c != (flow.Counts{Mine: 4}) {
		t.Errorf("the submitter's runs counted as tasks: %+v", c)
	}
	mustAct(t, a, hal, first, "complete", `{"data":{"receivedAt":"2026-11-04T02:30:00Z"}}`)
	if c := counts(hal); c != (flow.Counts{Todo: 2, Overdue: 1, Done: 1}) {
		t.Errorf("hal after completing a late task: %+v", c)
	}
	clock.Set(time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)) // every deadline has passed
	if c := counts(hal); c != (flow.Counts{Todo: 2, Overdue: 2, Done: 1}) {
		t.Errorf("hal after every deadline: %+v", c)
	}
}
