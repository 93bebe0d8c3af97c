package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
)

// automationApp: a meeting's action items become tasks for their owners; a goal past its
// deadline is marked delayed every morning; every new meeting is sent to a webhook.
const automationApp = `{
  "key": "automation-demo",
  "name": {"zh-CN": "自动化", "en": "Automations"},
  "forms": [
    {"key": "meeting", "name": {"zh-CN": "会议", "en": "Meeting"},
     "schema": {"type": "object", "required": ["title"], "properties": {
       "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "会议名称", "en": "Title"}}},
       "items": {"type": "array", "items": {"type": "object", "required": ["item", "owner"], "properties": {
           "item": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "事项", "en": "Item"}}},
           "owner": {"type": "string", "x-formloom": {"type": "member", "label": {"zh-CN": "负责人", "en": "Owner"}}},
           "deadline": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "截止日期", "en": "Deadline"}}}}},
         "x-formloom": {"type": "subform", "label": {"zh-CN": "行动项", "en": "Action items"}}}
     }}},
    {"key": "task", "name": {"zh-CN": "任务", "en": "Task"},
     "schema": {"type": "object", "required": ["title"], "properties": {
       "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "任务", "en": "Task"}}},
       "owner": {"type": "string", "x-formloom": {"type": "member", "label": {"zh-CN": "负责人", "en": "Owner"}}},
       "deadline": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "截止日期", "en": "Deadline"}}},
       "status": {"type": "string", "enum": ["open", "done", "delayed"], "x-formloom": {"type": "select", "label": {"zh-CN": "状态", "en": "Status"},
         "options": [{"value": "open", "label": {"zh-CN": "进行中", "en": "Open"}}, {"value": "done", "label": {"zh-CN": "完成", "en": "Done"}}, {"value": "delayed", "label": {"zh-CN": "延期", "en": "Delayed"}}]}}
     }}}
  ],
  "automations": [
    {"key": "items_to_tasks", "form": "meeting", "on": {"event": "created"},
     "actions": [{"type": "createRecords", "form": "task", "forEach": "items", "owner": "owner",
                  "map": {"title": "item.item", "owner": "item.owner", "deadline": "item.deadline", "status": "\"open\""}}]},
    {"key": "mark_delayed", "form": "task", "on": {"event": "schedule", "every": {"days": 1}, "at": "08:00", "when": "status == \"open\" && deadline != nil && deadline < TODAY()"},
     "actions": [{"type": "setFields", "values": {"status": "\"delayed\""}}]},
    {"key": "announce", "form": "meeting", "on": {"event": "created"},
     "actions": [{"type": "webhook", "url": "WEBHOOK_URL", "fields": ["title"]}]}
  ]
}`

func TestAutomations(t *testing.T) {
	t.Parallel()
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	clock := &fakeClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, shanghai)}
	var (
		mu       sync.Mutex
		received []*http.Request
		bodies   []string
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		received, bodies = append(received, r), append(bodies, string(b))
		mu.Unlock()
	}))
	defer receiver.Close()
	a := apitest.NewWith(t, apitest.Options{Now: clock.Now, ManualSchedule: true}, func(c *config.Config) { c.WebhookAllowPrivate = true })
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	for _, name := range []string{"amy", "ben", "cat"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
	}
	ann := a.SignIn("ann@formloom.test")
	def := strings.Replace(automationApp, "WEBHOOK_URL", receiver.URL+"/hook", 1)
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+def+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	appID := field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + appID
	run := func() { drainOutbox(t, a.App.Scheduler) }

	meeting := `{"title":"周例会","items":[` +
		`{"item":"整理线索台账","owner":"` + v["amy"] + `","deadline":"2026-11-03"},` +
		`{"item":"回访重点客户","owner":"` + v["ben"] + `","deadline":"2026-11-20"},` +
		`{"item":"更新报价单","owner":"` + v["cat"] + `","deadline":"2026-11-04"}]}`
	if st, body := a.Call(ann, "POST", base+"/forms/meeting/records", meeting); st != 201 {
		t.Fatalf("meeting: %d %s", st, body)
	}
	run()
	_, tasks := a.Call(ann, "GET", base+"/forms/task/records?total=true", "")
	if !strings.Contains(tasks, `"total":3`) {
		t.Fatalf("three action items should give three tasks: %s", tasks)
	}
	for _, who := range []string{"amy", "ben", "cat"} {
		if !strings.Contains(tasks, `"owner":"`+v[who]+`","data"`) && !strings.Contains(tasks, `"owner":"`+v[who]+`"`) {
			t.Errorf("no task owned by %s: %s", who, tasks)
		}
	}
	run() // nothing more: each automation ran once
	if _, again := a.Call(ann, "GET", base+"/forms/task/records?total=true", ""); !strings.Contains(again, `"total":3`) {
		t.Fatalf("tasks created twice: %s", again)
	}

	// The webhook got the meeting, signed with the app's secret, with only the fields named.
	mu.Lock()
	if len(received) != 1 {
		t.Fatalf("webhook deliveries: %d", len(received))
	}
	r, b := received[0], bodies[0]
	mu.Unlock()
	secret, err := webhook.NewSecrets(a.App.Store).ForApp(ctx, appID)
	if err != nil {
		t.Fatal(err)
	}
	if err := webhook.Verify(secret, r.Header.Get(webhook.HeaderSignature), []byte(b), time.Now(), 5*time.Minute); err != nil {
		t.Errorf("signature: %v", err)
	}
	if r.Header.Get(webhook.HeaderEvent) != "created" || !strings.Contains(b, "周例会") || strings.Contains(b, "整理线索台账") {
		t.Errorf("delivery: %s %s", r.Header.Get(webhook.HeaderEvent), b)
	}

	// The next morning at 08:00 (Shanghai) the late task is marked delayed, the others not.
	clock.Set(time.Date(2026, 11, 4, 8, 0, 1, 0, shanghai))
	run()
	_, delayed := a.Call(ann, "GET", base+"/forms/task/records?total=true&filter="+urlQuery(`{"field":"status","op":"eq","value":"delayed"}`), "")
	if !strings.Contains(delayed, `"total":1`) || !strings.Contains(delayed, "整理线索台账") {
		t.Errorf("delayed tasks: %s", delayed)
	}
}

func urlQuery(s string) string { return url.QueryEscape(s) }
