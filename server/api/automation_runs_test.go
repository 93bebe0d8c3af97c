package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
)

// runsApp: every new ticket is marked open (set fields), sent to a webhook, copied to a
// follow-up whose title comes from the ticket's note, and escalated only when urgent.
const runsApp = `{
  "key": "runs-demo",
  "name": {"zh-CN": "运行记录", "en": "Runs"},
  "forms": [
    {"key": "ticket", "name": {"zh-CN": "工单", "en": "Ticket"},
     "schema": {"type": "object", "required": ["title"], "properties": {
       "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}},
       "note": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "备注", "en": "Note"}}},
       "urgent": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "紧急", "en": "Urgent"}}},
       "status": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "状态", "en": "Status"}}}
     }}},
    {"key": "followup", "name": {"zh-CN": "跟进", "en": "Follow-up"},
     "schema": {"type": "object", "required": ["title"], "properties": {
       "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}}
     }}}
  ],
  "automations": [
    {"key": "mark_open", "form": "ticket", "on": {"event": "created"}, "actions": [{"type": "setFields", "values": {"status": "\"open\""}}]},
    {"key": "announce", "form": "ticket", "on": {"event": "created"}, "actions": [{"type": "webhook", "url": "WEBHOOK_URL", "fields": ["title"]}]},
    {"key": "follow_up", "form": "ticket", "on": {"event": "created"}, "actions": [{"type": "createRecords", "form": "followup", "map": {"title": "note"}}]},
    {"key": "escalate", "form": "ticket", "on": {"event": "created", "when": "urgent == true"}, "actions": [{"type": "setFields", "values": {"status": "\"escalated\""}}]}
  ]
}`

// runsList is a page of an automation's run history as the runs endpoint answers it.
type runsList struct {
	Items []automationRun `json:"items"`
}

type automationRun struct {
	ID           string `json:"id"`
	Automation   string `json:"automation"`
	Record       string `json:"record"`
	Event        string `json:"event"`
	At           string `json:"at"`
	Outcome      string `json:"outcome"`
	Retry        bool   `json:"retry"`
	FailedAction int    `json:"failedAction"`
	Error        *struct {
		EN string `json:"en"`
		ZH string `json:"zh-CN"`
	} `json:"error"`
	Actions []struct {
		Type     string `json:"type"`
		Outcome  string `json:"outcome"`
		Attempts int    `json:"attempts"`
		Updated  *int   `json:"updated"` // updateRecords: how many records it wrote
	} `json:"actions"`
}

// TestAutomationRuns: each run of an automation is kept with its outcome — a set-fields
// run ok, a webhook whose receiver answers 500 failed with the status in words, an action
// that fails failed (its effects rolled back) and retried, a condition that does not hold
// skipped — and only those who design the app may read the history.
func TestAutomationRuns(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	status := 500
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
	defer receiver.Close()
	a := apitest.NewWith(t, apitest.Options{Now: clock.Now, ManualSchedule: true}, func(c *config.Config) { c.WebhookAllowPrivate = true })
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	amy := a.User("amy@formloom.test")
	if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: amy.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	ann := a.SignIn("ann@formloom.test")
	def := strings.Replace(runsApp, "WEBHOOK_URL", receiver.URL+"/hook", 1)
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+def+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id")
	runDue := func() { drainOutbox(t, a.App.Scheduler) }
	runs := func(key string) runsList {
		t.Helper()
		st, body := a.Call(ann, "GET", base+"/automations/"+key+"/runs", "")
		if st != 200 {
			t.Fatalf("runs of %s: %d %s", key, st, body)
		}
		var l runsList
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			t.Fatal(err)
		}
		return l
	}

	st, body = a.Call(ann, "POST", base+"/forms/ticket/records", `{"title":"打印机坏了"}`)
	if st != 201 {
		t.Fatalf("ticket: %d %s", st, body)
	}
	ticket := field(t, body, "id")
	runDue()

	// set fields: ok, and the field is set.
	l := runs("mark_open")
	if len(l.Items) != 1 || l.Items[0].Outcome != "ok" || l.Items[0].Record != ticket || l.Items[0].Event != "created" ||
		len(l.Items[0].Actions) != 1 || l.Items[0].Actions[0].Type != "setFields" || l.Items[0].Actions[0].Outcome != "done" {
		t.Fatalf("set-fields run: %+v", l)
	}
	if !strings.HasPrefix(l.Items[0].At, "2026-11-02T09:00:00") {
		t.Errorf("run time: %s", l.Items[0].At)
	}
	if _, rec := a.Call(ann, "GET", base+"/forms/ticket/records/"+ticket, ""); !strings.Contains(rec, `"status":"open"`) {
		t.Errorf("set fields did not run: %s", rec)
	}

	// webhook answered 500: the run is failed, the status in words, a retry to come.
	l = runs("announce")
	if len(l.Items) != 1 || l.Items[0].Outcome != "failed" || l.Items[0].FailedAction != 1 || l.Items[0].Error == nil ||
		!strings.Contains(l.Items[0].Error.EN, "answered 500") || !strings.Contains(l.Items[0].Error.ZH, "返回了 500") ||
		l.Items[0].Actions[0].Outcome != "retrying" || l.Items[0].Actions[0].Attempts != 1 {
		t.Fatalf("failed webhook run: %+v", l)
	}
	// The receiver is fixed; the retry delivers and the same run turns ok.
	status = 200
	clock.Set(clock.Now().Add(time.Minute))
	runDue()
	l = runs("announce")
	if len(l.Items) != 1 || l.Items[0].Outcome != "ok" || l.Items[0].Error != nil || l.Items[0].Actions[0].Outcome != "done" {
		t.Fatalf("delivered webhook run: %+v", l)
	}

	// An action that fails (the follow-up's title is required, the note is empty): failed,
	// the action named, retried later, and nothing created.
	l = runs("follow_up")
	if len(l.Items) < 1 || l.Items[0].Outcome != "failed" || l.Items[0].FailedAction != 1 || l.Items[0].Error == nil || l.Items[0].Error.EN == "" {
		t.Fatalf("failed action run: %+v", l)
	}
	if !l.Items[len(l.Items)-1].Retry {
		t.Errorf("the first failure should be retried: %+v", l)
	}
	if _, got := a.Call(ann, "GET", base+"/forms/followup/records?total=true", ""); !strings.Contains(got, `"total":0`) {
		t.Errorf("a failed run left a record: %s", got)
	}

	// A condition that does not hold: skipped, in words.
	l = runs("escalate")
	if len(l.Items) != 1 || l.Items[0].Outcome != "skipped" || l.Items[0].Error == nil || l.Items[0].Error.ZH != "条件不满足，未执行。" {
		t.Fatalf("skipped run: %+v", l)
	}
	if len(runs("no_such_automation").Items) != 0 {
		t.Error("an unknown automation has no runs")
	}

	// Members who do not design the app may not read it; other workspaces do not see the app.
	if st, body := a.Call(a.SignIn("amy@formloom.test"), "GET", base+"/automations/mark_open/runs", ""); st != 403 || !strings.Contains(body, `"code"`) {
		t.Errorf("member: %d %s", st, body)
	}
	if st, _ := a.Call(a.SignIn("bob@formloom.test"), "GET", base+"/automations/mark_open/runs", ""); st != 404 && st != 403 {
		t.Errorf("stranger: %d", st)
	}
}

// TestAutomationRunsBounded: the history keeps the newest runs of an automation only.
func TestAutomationRunsBounded(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	a := apitest.NewWith(t, apitest.Options{Now: clock.Now, ManualSchedule: true})
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	// The app with its set-fields automation only.
	cut := strings.Index(runsApp, `,
    {"key": "announce"`)
	def := runsApp[:cut] + "\n  ]\n}"
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+def+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id")
	const kept = 50 // flow.RunsKept
	for i := 0; i < kept+3; i++ {
		if st, body := a.Call(ann, "POST", base+"/forms/ticket/records", `{"title":"t","urgent":true}`); st != 201 {
			t.Fatalf("ticket: %d %s", st, body)
		}
		clock.Set(clock.Now().Add(time.Second))
		for {
			n, err := a.App.Scheduler.RunDue(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
	}
	_, body = a.Call(ann, "GET", base+"/automations/mark_open/runs", "")
	var l runsList
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != kept {
		t.Fatalf("runs kept: %d, want %d", len(l.Items), kept)
	}
	if l.Items[0].At <= l.Items[kept-1].At {
		t.Errorf("newest first: %s … %s", l.Items[0].At, l.Items[kept-1].At)
	}
}
