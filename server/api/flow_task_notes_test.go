package api_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/server/apitest"
)

// TestTaskNotificationsComeFromOpenToDos: a new to-do's notification is stored when its
// assignee reads the bell, once, dated when the to-do came; a to-do closed before she
// looked leaves none; marking all read covers to-dos not listed yet; and the to-do's
// e-mail goes out once, when it is assigned, not again when its notification is stored.
func TestTaskNotificationsComeFromOpenToDos(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{ManualSchedule: true}, twoStep(""))
	in, port := startInbox(t)
	smtpJSON := `{"smtp":{"host":"127.0.0.1","port":` + strconv.Itoa(port) + `,"security":"none","user":"mailer","password":"s3cret-pass","from":"Formloom <noreply@formloom.test>"}}`
	if st, body := e.a.Call(e.s("ann"), "PUT", "/api/v1/workspaces/"+e.v["wsA"]+"/notify/settings", smtpJSON); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	bell := func(query string) flow.NotificationPage { return e.bell("p1", query) }
	idOf := func(rec string) string { return rec[strings.LastIndex(rec, "/")+1:] }

	first := e.create("sam", `{"title":"报销单","amount":100}`)
	drainOutbox(t, e.a.Scheduler)
	if n := len(in.to("p1@formloom.test")); n != 1 {
		t.Fatalf("p1 got %d mails for her to-do", n)
	}
	var todo flow.InboxPage
	if err := json.Unmarshal([]byte(e.inbox("p1", "todo")), &todo); err != nil || len(todo.Items) != 1 {
		t.Fatalf("p1's to-dos: %+v %v", todo, err)
	}
	got := bell("")
	if len(got.Items) != 1 || got.Unread != 1 || got.Items[0].Kind != "task" || got.Items[0].Record != idOf(first) || got.Items[0].Read ||
		!got.Items[0].Created.Equal(todo.Items[0].Created) || got.Items[0].Title != "报销单" {
		t.Fatalf("p1's bell after one to-do: %+v (the to-do came at %v)", got, todo.Items[0].Created)
	}
	if again := bell(""); len(again.Items) != 1 || again.Items[0].ID != got.Items[0].ID {
		t.Fatalf("p1's bell read again: %+v", again)
	}
	drainOutbox(t, e.a.Scheduler)
	if n := len(in.to("p1@formloom.test")); n != 1 {
		t.Fatalf("p1 got %d mails once her notification was stored", n)
	}

	// A to-do p1 closed before she looked at the bell no longer waits for her: no notification.
	second := e.create("sam", `{"title":"差旅费","amount":200}`)
	e.must("p1", second, "approve", `{}`)
	if after := bell(""); len(after.Items) != 1 || after.Items[0].Record != idOf(first) {
		t.Fatalf("p1's bell after a to-do she closed at once: %+v", after)
	}

	// "Mark all read" also covers a to-do the bell has not listed yet.
	third := e.create("sam", `{"title":"办公用品","amount":30}`)
	if st, body := e.a.Call(e.s("p1"), "POST", e.ws()+"/notifications/read", `{}`); st != 200 || !strings.Contains(body, `"marked":2`) {
		t.Fatalf("mark all read: %d %s", st, body)
	}
	if unread := bell("?unread=true"); len(unread.Items) != 0 || unread.Unread != 0 {
		t.Fatalf("p1's unread after marking all: %+v", unread)
	}
	all := bell("")
	if len(all.Items) != 2 || all.Items[0].Record != idOf(third) || !all.Items[0].Read || !all.Items[1].Read {
		t.Fatalf("p1's bell after marking all: %+v", all)
	}
	drainOutbox(t, e.a.Scheduler)
	if n := len(in.to("p1@formloom.test")); n != 3 {
		t.Fatalf("p1 got %d mails for three to-dos", n)
	}

	// Several reads of the bell at once (two tabs, a phone) store each new to-do's once,
	// two of them together.
	e.create("sam", `{"title":"投影仪","amount":8}`)
	fourth := e.create("sam", `{"title":"会议室","amount":5}`)
	var wg sync.WaitGroup
	fails := make(chan string, 6)
	for range 6 {
		wg.Go(func() {
			if st, body := e.a.Call(e.s("p1"), "GET", e.ws()+"/notifications", ""); st != 200 {
				fails <- strconv.Itoa(st) + " " + body
			}
		})
	}
	wg.Wait()
	close(fails)
	for f := range fails {
		t.Errorf("a read of the bell at once with others: %s", f)
	}
	if got := bell(""); len(got.Items) != 4 || got.Unread != 2 || got.Items[0].Record != idOf(fourth) {
		t.Fatalf("p1's bell after reads at once: %+v", got)
	}

	// A record returned to its submitter opens her to-do at the start: the return tells
	// her, once; it is not a new to-do's notification besides.
	back := e.create("sam", `{"title":"缺附件","amount":3}`)
	e.must("p1", back, "return", `{"comment":"补材料"}`)
	e.inboxHas("sam", "todo", back, true)
	var kinds []string
	for _, n := range e.bell("sam", "").Items {
		if n.Record == idOf(back) {
			kinds = append(kinds, n.Kind)
		}
	}
	if len(kinds) != 1 || kinds[0] != "returned" {
		t.Fatalf("sam's notifications of the record returned to her: %v", kinds)
	}
}

// TestMineBoxFollowsTheRun: the submitter's own runs show the stage each is at and when
// its work there is due, read from the record, while the box keeps the order of
// submission until a run changes status (its entry is not rewritten by every step).
func TestMineBoxFollowsTheRun(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, `{"key": "p", "form": "req", "nodes": [
	  {"key": "start", "type": "start"},
	  {"key": "first", "type": "approval", "stage": "初审", "assignees": [{"type": "role", "role": "first"}], "deadline": {"after": {"hours": 2}}},
	  {"key": "second", "type": "approval", "stage": "复审", "assignees": [{"type": "role", "role": "director"}], "deadline": {"after": {"days": 3}}},
	  {"key": "end", "type": "end"}],
	  "edges": [{"from": "start", "to": "first"}, {"from": "first", "to": "second"}, {"from": "second", "to": "end"}]}`)
	mine := func() []flow.InboxItem {
		t.Helper()
		var p flow.InboxPage
		if err := json.Unmarshal([]byte(e.inbox("sam", "mine")), &p); err != nil {
			t.Fatal(err)
		}
		return p.Items
	}
	idOf := func(rec string) string { return rec[strings.LastIndex(rec, "/")+1:] }
	r1 := e.create("sam", `{"title":"一","amount":1}`)
	r2 := e.create("sam", `{"title":"二","amount":2}`)
	before := mine()
	if len(before) != 2 || before[0].Record != idOf(r2) || before[1].Stage != "初审" || before[1].Due == nil {
		t.Fatalf("sam's runs: %+v", before)
	}
	e.must("p1", r1, "approve", `{}`)
	after := mine()
	if len(after) != 2 || after[0].Record != idOf(r2) || after[1].Record != idOf(r1) {
		t.Fatalf("sam's runs after r1 moved on: %+v", after)
	}
	if got := after[1]; got.Stage != "复审" || got.Due == nil || !got.Due.After(*before[1].Due) || got.State != "running" || !got.Updated.Equal(before[1].Updated) {
		t.Fatalf("r1 after its first approval: %+v (before: %+v)", got, before[1])
	}
	e.must("dan", r1, "approve", `{}`)
	ended := mine()
	if len(ended) != 2 || ended[0].Record != idOf(r1) || ended[0].State != "approved" || ended[0].Due != nil {
		t.Fatalf("sam's runs after r1 ended: %+v", ended)
	}
}

// TestHandledToDoLeavesTheBell: once a to-do is handled — from its record, from the
// inbox's bulk action, or by another approver of an "any one" step — its stored
// "有新的待办" is read when the bell is next read: the bell does not keep announcing work
// that is done. A to-do still open keeps its notification unread.
func TestHandledToDoLeavesTheBell(t *testing.T) {
	t.Parallel()
	idOf := func(rec string) string { return rec[strings.LastIndex(rec, "/")+1:] }
	unreadOf := func(p flow.NotificationPage, rec string) int {
		n := 0
		for _, it := range p.Items {
			if it.Record == idOf(rec) && !it.Read {
				n++
			}
		}
		return n
	}

	e := fmSetup(t, apitest.Options{}, twoStep(""))
	handled := e.create("sam", `{"title":"报销单","amount":100}`)
	bulked := e.create("sam", `{"title":"差旅费","amount":200}`)
	waiting := e.create("sam", `{"title":"办公用品","amount":30}`)
	if got := e.bell("p1", ""); got.Unread != 3 {
		t.Fatalf("p1's bell with three to-dos: %+v", got)
	}
	e.must("p1", handled, "approve", `{}`)
	items := `[{"app":"` + e.v["app"] + `","form":"req","record":"` + idOf(bulked) + `"}]`
	if st, body := e.a.Call(e.s("p1"), "POST", e.ws()+"/inbox/actions", `{"action":"approve","items":`+items+`}`); st != 200 || !strings.Contains(body, `"status":200`) {
		t.Fatalf("bulk approve: %d %s", st, body)
	}
	got := e.bell("p1", "")
	if got.Unread != 1 || unreadOf(got, waiting) != 1 || unreadOf(got, handled) != 0 || unreadOf(got, bulked) != 0 || len(got.Items) != 3 {
		t.Fatalf("p1's bell after handling two of three: %+v", got)
	}
	// The director's to-dos came with the approvals and are still open: unread.
	if dan := e.bell("dan", ""); dan.Unread != 2 {
		t.Fatalf("dan's bell: %+v", dan)
	}

	// 或签: p1 approves for the three approvers; p2's and p3's to-dos end with it.
	any := fmSetup(t, apitest.Options{}, modeApp("any"))
	rec := any.create("sam", `{"title":"投影仪","amount":8}`)
	for _, who := range []string{"p1", "p2", "p3"} {
		if got := any.bell(who, ""); got.Unread != 1 {
			t.Fatalf("%s's bell before the approval: %+v", who, got)
		}
	}
	any.must("p1", rec, "approve", `{}`)
	for _, who := range []string{"p1", "p2", "p3"} {
		if got := any.bell(who, ""); got.Unread != 0 || len(got.Items) != 1 || !got.Items[0].Read {
			t.Fatalf("%s's bell after p1 approved for all: %+v", who, got)
		}
	}
}
