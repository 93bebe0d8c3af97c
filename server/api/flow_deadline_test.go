package api_test

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

const routingApp = `{
  "key": "routing",
  "name": {"zh-CN": "线索流转", "en": "Lead routing"},
  "forms": [{
    "key": "lead",
    "name": {"zh-CN": "线索", "en": "Lead"},
    "schema": {"type": "object", "required": ["subject", "urgency", "dept"], "properties": {
      "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "主题", "en": "Subject"}}},
      "urgency": {"type": "string", "enum": ["urgent", "important", "general"], "x-formloom": {"type": "select", "label": {"zh-CN": "紧急程度", "en": "Urgency"},
        "options": [{"value": "urgent", "label": {"zh-CN": "紧急", "en": "Urgent"}}, {"value": "important", "label": {"zh-CN": "重要", "en": "Important"}}, {"value": "general", "label": {"zh-CN": "一般", "en": "General"}}]}},
      "dept": {"type": "string", "x-formloom": {"type": "department", "label": {"zh-CN": "责任部门", "en": "Responsible department"}}},
      "receivedAt": {"type": "string", "format": "date-time", "x-formloom": {"type": "datetime", "label": {"zh-CN": "签收时间", "en": "Received at"}}}
    }}
  }],
  "roles": [{"key": "lead_manager", "name": {"zh-CN": "线索管理员", "en": "Lead manager"}}],
  "pipelines": [{
    "key": "routing", "form": "lead",
    "nodes": [
      {"key": "start", "type": "start"},
      {"key": "receipt", "type": "task", "stage": "流转", "name": {"zh-CN": "签收确认", "en": "Confirm receipt"},
       "assignees": [{"type": "departmentHead", "field": "dept"}], "fields": {"receivedAt": "required"},
       "deadline": {"by": {"field": "urgency", "rules": {"urgent": {"workingDays": 1}, "important": {"workingDays": 3}}, "default": {"workingDays": 5}},
                    "remindBefore": {"workingHours": 2},
                    "onDue": {"action": "escalate", "escalateTo": [{"type": "role", "role": "lead_manager"}]}}},
      {"key": "end", "type": "end", "outcome": "done", "stage": "处理"}
    ],
    "edges": [{"from": "start", "to": "receipt"}, {"from": "receipt", "to": "end"}]
  }]
}`

// TestReceiptDeadlineAcrossHolidayWeek: a lead routed the day before the National Day
// week is due one working day later — on the first working day after the holiday, at the
// same hour, in the workspace's timezone. The reminder comes two working hours before; when the
// deadline passes the lead manager is brought in, the record is overdue, and each due item
// fires once however often the scheduler runs.
func TestReceiptDeadlineAcrossHolidayWeek(t *testing.T) {
	t.Parallel()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 9, 30, 10, 0, 0, 0, shanghai)} // Wednesday
	a := apitest.NewWith(t, apitest.Options{Now: clock.Now, ManualSchedule: true})
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	for _, name := range []string{"sam", "hal", "mia"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
	}
	name, head := "客服部", v["hal"]
	d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &name, Head: &head})
	if err != nil {
		t.Fatal(err)
	}
	ann := a.SignIn("ann@formloom.test")
	cal := `{"timezone":"Asia/Shanghai","holidays":["2026-10-01","2026-10-02","2026-10-03","2026-10-04","2026-10-05","2026-10-06","2026-10-07"],"extraWorkdays":["2026-09-27","2026-10-10"]}`
	if st, body := a.Call(ann, "PUT", "/api/v1/workspaces/"+v["wsA"]+"/calendar", cal); st != 200 {
		t.Fatalf("calendar: %d %s", st, body)
	}
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+routingApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id")
	v["roles"] = base + "/roles"
	assign(t, a, v, "lead_manager", `{"user":"`+v["mia"]+`"}`)

	st, body = a.Call(ann, "POST", base+"/forms/lead/records", `{"subject":"投诉热线来电","urgency":"urgent","dept":"`+d.ID+`"}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	rec := base + "/forms/lead/records/" + field(t, body, "id")
	// Wednesday 10:00 + 1 working day, over 1–7 October: Thursday 8 October 10:00 (+08:00).
	if got := field(t, body, "due"); got != "2026-10-08T02:00:00Z" {
		t.Fatalf("due = %s, want 2026-10-08T02:00:00Z (10:00 in Shanghai)", got)
	}
	hal, mia := a.SignIn("hal@formloom.test"), a.SignIn("mia@formloom.test")
	inboxHas(t, a, hal, v["wsA"], "todo", field(t, body, "id"), true)

	run := func() int {
		n, err := a.App.Scheduler.RunDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Two working hours before Thursday 10:00 are 09:00–10:00 that morning and 17:00–18:00
	// on Wednesday 30 September, the last working day before the holiday: the reminder
	// comes then, not during the holiday nor at 08:00 on the day.
	clock.Set(time.Date(2026, 9, 30, 16, 59, 0, 0, shanghai))
	if n := run(); n != 0 {
		t.Fatalf("%d items ran before the reminder's time", n)
	}
	clock.Set(time.Date(2026, 9, 30, 17, 0, 1, 0, shanghai))
	if n := run(); n != 1 {
		t.Fatalf("reminder: %d items ran", n)
	}
	clock.Set(time.Date(2026, 10, 5, 12, 0, 0, 0, shanghai)) // in the holiday: nothing is due
	if n := run(); n != 0 {
		t.Fatalf("%d items ran during the holiday", n)
	}
	if _, out := a.Call(hal, "GET", "/api/v1/workspaces/"+v["wsA"]+"/notifications?unread=true", ""); !strings.Contains(out, `"kind":"reminder"`) {
		t.Errorf("no reminder for the head: %s", out)
	}
	clock.Set(time.Date(2026, 10, 8, 10, 0, 1, 0, shanghai))
	if n := run(); n != 1 {
		t.Fatalf("deadline: %d items ran", n)
	}
	if n := run(); n != 0 {
		t.Fatalf("the deadline fired again: %d", n)
	}
	_, body = a.Call(ann, "GET", rec, "")
	if !strings.HasSuffix(body, `,"overdue":true}`) {
		t.Errorf("record not marked overdue: %s", body)
	}
	s := flowState(t, body)
	if len(s.Active) != 1 || !s.Active[0].Escalated || len(s.Active[0].Tasks) != 2 || s.Active[0].Tasks[1].Assignee != v["mia"] {
		t.Fatalf("escalation: %+v", s.Active)
	}
	// Overdue records are found by the view filter, and counted in the head's inbox.
	if _, out := a.Call(ann, "GET", base+"/forms/lead/records?filter="+url.QueryEscape(`{"field":"_overdue","op":"eq","value":true}`), ""); !strings.Contains(out, field(t, body, "id")) {
		t.Errorf("overdue filter misses the record: %s", out)
	}
	if _, out := a.Call(hal, "GET", "/api/v1/workspaces/"+v["wsA"]+"/inbox/counts", ""); !strings.Contains(out, `"overdue":1`) {
		t.Errorf("inbox counts: %s", out)
	}
	// The lead manager, brought in, confirms receipt; the run ends and nobody is left a task.
	mustAct(t, a, mia, rec, "complete", `{"data":{"receivedAt":"2026-10-08T02:30:00Z"}}`)
	inboxHas(t, a, hal, v["wsA"], "todo", field(t, body, "id"), false)
	_, body = a.Call(ann, "GET", rec, "")
	if s := flowState(t, body); s.Status != "done" || field(t, body, "stage") != "处理" {
		t.Errorf("after receipt: %s", body)
	}
}
