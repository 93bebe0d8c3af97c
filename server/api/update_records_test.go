package api_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/apitest"
)

// updateRecordsApp: a follow-up updates its customer (by the relation's ID); an order
// takes its quantity off its product's stock (target in values); a cancelled meeting
// cancels the tasks linked to it (match on a relation to several meetings). The task form
// has an automation of its own on "updated", which the meeting's writes must not set off.
const updateRecordsApp = `{
  "key": "update-records", "name": {"zh-CN": "修改数据", "en": "Update records"},
  "forms": [
    {"key": "customer", "name": {"zh-CN": "客户", "en": "Customer"}, "schema": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Name"}}},
      "lastAt": {"type": "string", "format": "date-time", "x-formloom": {"type": "datetime", "label": {"zh-CN": "最近跟进时间", "en": "Last followed up at"}}},
      "nextDate": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "下次跟进日期", "en": "Next follow-up"}}}
    }}},
    {"key": "followup", "name": {"zh-CN": "跟进", "en": "Follow-up"}, "schema": {"type": "object", "required": ["customer"], "properties": {
      "customer": {"type": "string", "x-formloom": {"type": "relation", "form": "customer", "label": {"zh-CN": "客户", "en": "Customer"}}},
      "at": {"type": "string", "format": "date-time", "x-formloom": {"type": "datetime", "label": {"zh-CN": "跟进时间", "en": "At"}}},
      "next": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "下次", "en": "Next"}}}
    }}},
    {"key": "product", "name": {"zh-CN": "产品", "en": "Product"}, "schema": {"type": "object", "properties": {
      "name": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Name"}}},
      "stock": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "库存", "en": "Stock"}}}
    }}},
    {"key": "order", "name": {"zh-CN": "订单", "en": "Order"}, "schema": {"type": "object", "properties": {
      "product": {"type": "string", "x-formloom": {"type": "relation", "form": "product", "label": {"zh-CN": "产品", "en": "Product"}}},
      "qty": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "数量", "en": "Quantity"}}}
    }}},
    {"key": "meeting", "name": {"zh-CN": "会议", "en": "Meeting"}, "schema": {"type": "object", "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}},
      "cancelled": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "已取消", "en": "Cancelled"}}}
    }}},
    {"key": "task", "name": {"zh-CN": "任务", "en": "Task"}, "schema": {"type": "object", "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "任务", "en": "Task"}}},
      "meetings": {"type": "array", "items": {"type": "string"}, "uniqueItems": true,
        "x-formloom": {"type": "relation", "form": "meeting", "multiple": true, "label": {"zh-CN": "会议", "en": "Meetings"}}},
      "status": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "状态", "en": "Status"}}},
      "touched": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "已改", "en": "Touched"}}}
    }}}
  ],
  "automations": [
    {"key": "to_customer", "form": "followup", "on": {"event": "created"},
     "actions": [{"type": "updateRecords", "form": "customer", "ids": "customer", "values": {"lastAt": "at", "nextDate": "next"}}]},
    {"key": "take_stock", "form": "order", "on": {"event": "created"},
     "actions": [{"type": "updateRecords", "form": "product", "ids": "product", "values": {"stock": "target.stock - qty"}}]},
    {"key": "cancel_tasks", "form": "meeting", "on": {"event": "updated", "when": "cancelled == true"},
     "actions": [{"type": "updateRecords", "form": "task", "match": {"meetings": "record.id"}, "values": {"status": "\"cancelled\""}}]},
    {"key": "task_touched", "form": "task", "on": {"event": "updated"},
     "actions": [{"type": "setFields", "values": {"touched": "true"}}]}
  ]
}`

// TestUpdateRecordsAutomation: automations write records of other forms — the customer of
// a new follow-up (with a timeline entry naming the automation and the follow-up), a
// product's stock from its current value, every task linked to a cancelled meeting but a
// deleted one — without setting off the target form's automations; a meeting with more
// tasks than one run may update fails its run and writes none of them.
func TestUpdateRecordsAutomation(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	a := apitest.NewWith(t, apitest.Options{Now: clock.Now, ManualSchedule: true})
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	body := mustCall(t, a, ann, 201, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+updateRecordsApp+`}`)
	appID := field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + appID
	forms := base + "/forms/"
	runDue := func() { drainOutbox(t, a.App.Scheduler) }
	runs := func(key string) []automationRun {
		t.Helper()
		var l runsList
		if err := json.Unmarshal([]byte(mustCall(t, a, ann, 200, "GET", base+"/automations/"+key+"/runs", "")), &l); err != nil {
			t.Fatal(err)
		}
		return l.Items
	}
	create := func(form, data string) string {
		t.Helper()
		return field(t, mustCall(t, a, ann, 201, "POST", forms+form+"/records", data), "id")
	}
	updated := func(r automationRun) int {
		if len(r.Actions) != 1 || r.Actions[0].Updated == nil {
			return -1
		}
		return *r.Actions[0].Updated
	}

	// (a) The parent by ID: the follow-up's customer gets its dates; the other customer not.
	acme := create("customer", `{"name":"华东精密"}`)
	other := create("customer", `{"name":"苏州精工"}`)
	fu := create("followup", `{"customer":"`+acme+`","at":"2026-11-02T08:30:00Z","next":"2026-11-09"}`)
	runDue()
	got := mustCall(t, a, ann, 200, "GET", forms+"customer/records/"+acme, "")
	if field(t, got, "data", "lastAt") != "2026-11-02T08:30:00.000Z" || field(t, got, "data", "nextDate") != "2026-11-09" {
		t.Fatalf("customer after its follow-up: %s", got)
	}
	if got := mustCall(t, a, ann, 200, "GET", forms+"customer/records/"+other, ""); strings.Contains(got, "lastAt") {
		t.Errorf("another customer was updated: %s", got)
	}
	if r := runs("to_customer"); len(r) != 1 || r[0].Outcome != "ok" || r[0].Actions[0].Type != "updateRecords" ||
		r[0].Actions[0].Outcome != "done" || updated(r[0]) != 1 {
		t.Errorf("follow-up run: %+v", r)
	}
	// The customer's timeline says the system changed it, by which automation, from which
	// follow-up.
	var hist struct {
		Items []struct {
			Action  string         `json:"action"`
			Actor   string         `json:"actor"`
			Detail  map[string]any `json:"detail"`
			Changes []struct {
				Field string `json:"field"`
			} `json:"changes"`
		} `json:"items"`
	}
	raw := mustCall(t, a, ann, 200, "GET", forms+"customer/records/"+acme+"/history", "")
	if err := json.Unmarshal([]byte(raw), &hist); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range hist.Items {
		if e.Action == "automation" && e.Actor == "system" && e.Detail["automation"] == "to_customer" &&
			e.Detail["sourceForm"] == "followup" && e.Detail["sourceRecord"] == fu && len(e.Changes) == 2 {
			found = true
		}
	}
	if !found {
		t.Errorf("no timeline entry of the automation: %s", raw)
	}

	// (c) The target's own values: two orders take 3 and 4 off a stock of 10.
	pen := create("product", `{"name":"钢笔","stock":10}`)
	create("order", `{"product":"`+pen+`","qty":3}`)
	create("order", `{"product":"`+pen+`","qty":4}`)
	runDue()
	if got := mustCall(t, a, ann, 200, "GET", forms+"product/records/"+pen, ""); !strings.Contains(got, `"stock":3}`) {
		t.Errorf("stock after two orders: %s", got)
	}

	// (b), (d) The children by match: the tasks linked to meeting m1 (alone or with m2)
	// are cancelled; m2's own task and a deleted task of m1 are left alone.
	m1 := create("meeting", `{"title":"周会"}`)
	m2 := create("meeting", `{"title":"月会"}`)
	t1 := create("task", `{"title":"整理纪要","meetings":["`+m1+`"]}`)
	t2 := create("task", `{"title":"订会议室","meetings":["`+m2+`","`+m1+`"]}`)
	t3 := create("task", `{"title":"准备报表","meetings":["`+m2+`"]}`)
	gone := create("task", `{"title":"已删除","meetings":["`+m1+`"]}`)
	mustCall(t, a, ann, 204, "DELETE", forms+"task/records/"+gone, "")
	runDue()
	if st, out := patchAs(t, a, ann, forms+"meeting/records/"+m1, `{"cancelled":true}`); st != 200 {
		t.Fatalf("cancel the meeting: %d %s", st, out)
	}
	runDue()
	for id, want := range map[string]string{t1: "cancelled", t2: "cancelled", t3: "", gone: ""} {
		got := mustCall(t, a, ann, 200, "GET", forms+"task/records/"+id, "")
		var rec struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal([]byte(got), &rec); err != nil {
			t.Fatal(err)
		}
		if s, _ := rec.Data["status"].(string); s != want {
			t.Errorf("task %s: status %q, want %q", id, s, want)
		}
		// Writing a task did not run the task form's own automation.
		if rec.Data["touched"] != nil {
			t.Errorf("task %s: the task form's automation ran on an automation's write: %s", id, got)
		}
	}
	if r := runs("cancel_tasks"); len(r) != 1 || r[0].Outcome != "ok" || updated(r[0]) != 2 {
		t.Errorf("cancel run: %+v", r)
	}
	if r := runs("task_touched"); len(r) != 0 {
		t.Errorf("the task form's automation ran: %+v", r)
	}

	// (e) More targets than a run may update: the run fails, saying how many in both
	// languages, and none of the 201 tasks is written.
	big := create("meeting", `{"title":"年会"}`)
	ref := records.Ref{Actor: v["ann"], Workspace: v["wsA"], App: appID, Form: "task"}
	for i := range 201 {
		if _, err := a.App.Records.Create(ctx, ref, json.RawMessage(`{"title":"任务 `+strconv.Itoa(i)+`","meetings":["`+big+`"]}`)); err != nil {
			t.Fatal(err)
		}
	}
	runDue()
	if st, out := patchAs(t, a, ann, forms+"meeting/records/"+big, `{"cancelled":true}`); st != 200 {
		t.Fatalf("cancel the big meeting: %d %s", st, out)
	}
	runDue()
	r := runs("cancel_tasks")
	if len(r) != 2 || r[0].Outcome != "failed" || r[0].FailedAction != 1 || r[0].Error == nil ||
		!strings.Contains(r[0].Error.EN, "201 records match") || !strings.Contains(r[0].Error.EN, "at most 200") ||
		!strings.Contains(r[0].Error.ZH, "201 条") || !strings.Contains(r[0].Error.ZH, "最多修改 200 条") {
		t.Fatalf("run over the limit: %+v", r)
	}
	cancelled := url.QueryEscape(`{"field":"status","op":"eq","value":"cancelled"}`)
	if got := mustCall(t, a, ann, 200, "GET", forms+"task/records?total=true&filter="+cancelled, ""); !strings.Contains(got, `"total":2`) {
		t.Errorf("tasks cancelled: want only m1's two: %s", got[:min(len(got), 400)])
	}
}

func TestUpdateRecordsAutomationOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestUpdateRecordsAutomation)
}
