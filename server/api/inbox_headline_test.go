package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// withSerial adds a serial number field ("REQ-0001") to flow_modes.json's form.
func withSerial(t *testing.T, def string) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(def), &d); err != nil {
		t.Fatal(err)
	}
	props := d["forms"].([]any)[0].(map[string]any)["schema"].(map[string]any)["properties"].(map[string]any)
	props["no"] = map[string]any{"type": "string", "readOnly": true, "x-formloom": map[string]any{
		"type": "serial", "label": map[string]any{"zh-CN": "编号", "en": "No."}, "pattern": "REQ-{seq:4}"}}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestInboxHeadlines: inbox items and notifications carry the record's serial number and
// title, read as the member may read the record — an approver picked in a member field, holding no role, whose
// step hides the title gets the serial only, and the title's text nowhere in the answer.
func TestInboxHeadlines(t *testing.T) {
	t.Parallel()
	pipeline := strings.Replace(assigneePipeline, "RULE", `{"type": "field", "field": "handler"}`, 1)
	pipeline = strings.Replace(pipeline, `"mode": "all"`, `"mode": "all", "fields": {"title": "hidden"}`, 1)
	e := fmSetup(t, apitest.Options{}, pipeline)
	// Reinstall with the serial field: fmSetup installed the form without one.
	st, body := e.a.Call(e.s("ann"), "POST", e.ws()+"/apps", `{"definition":`+withSerial(t, fmApp(t, pipeline))+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	e.base = e.ws() + "/apps/" + field(t, body, "id")
	e.req = e.base + "/forms/req"
	e.v["roles"] = e.base + "/roles"
	assign(t, e.a, e.v, "staff", `{"user":"`+e.v["sam"]+`"}`)

	rec := e.create("sam", `{"title":"采购笔记本电脑","amount":100,"handler":"`+e.v["out"]+`"}`)
	id := rec[strings.LastIndex(rec, "/")+1:]

	type item struct {
		Record, Serial, Title string
	}
	items := func(who, box string) []item {
		var p struct{ Items []item }
		raw := e.inbox(who, box)
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			t.Fatalf("inbox %s: %s", who, raw)
		}
		return p.Items
	}
	mine := items("sam", "mine")
	if len(mine) != 1 || mine[0].Record != id || mine[0].Serial != "REQ-0001" || mine[0].Title != "采购笔记本电脑" {
		t.Fatalf("sam's mine box: %+v", mine)
	}
	todo := items("out", "todo")
	if len(todo) != 1 || todo[0].Record != id || todo[0].Serial != "REQ-0001" || todo[0].Title != "" {
		t.Fatalf("out's to-do (title hidden at the step): %+v", todo)
	}
	if raw := e.inbox("out", "todo"); strings.Contains(raw, "采购笔记本电脑") {
		t.Fatalf("the hidden title leaks through the inbox: %s", raw)
	}

	// The bell names the record the same way: out's new-task notification carries the
	// serial number, and the title her step hides is not in it.
	var notes struct{ Items []item }
	raw := e.notes("out", "")
	if err := json.Unmarshal([]byte(raw), &notes); err != nil || len(notes.Items) == 0 {
		t.Fatalf("out's notifications: %s", raw)
	}
	if n := notes.Items[0]; n.Record != id || n.Serial != "REQ-0001" || n.Title != "" || strings.Contains(raw, "采购笔记本电脑") {
		t.Fatalf("out's notification (title hidden at the step): %s", raw)
	}
}

// TestInboxFiltersByApp: an approver with to-dos in two apps, holding no role in either,
// learns which apps her to-do box holds and how many of each (GET …/inbox/apps), narrows
// the box to one app with ?app=, pages through it without the other app's items, and gets
// an empty box for an app she has nothing in; the counts stay those of every app.
func TestInboxFiltersByApp(t *testing.T) {
	t.Parallel()
	pipeline := strings.Replace(assigneePipeline, "RULE", `{"type": "field", "field": "handler"}`, 1)
	e := fmSetup(t, apitest.Options{}, pipeline)
	first := e.base[strings.LastIndex(e.base, "/")+1:]
	for i := range 2 {
		e.create("sam", `{"title":"一号应用 `+string(rune('A'+i))+`","amount":1,"handler":"`+e.v["out"]+`"}`)
	}
	// The same app installed again: a second app whose to-dos land in the same inbox.
	st, body := e.a.Call(e.s("ann"), "POST", e.ws()+"/apps", `{"definition":`+fmApp(t, pipeline)+`}`)
	if st != 201 {
		t.Fatalf("install the second app: %d %s", st, body)
	}
	second := field(t, body, "id")
	e.base = e.ws() + "/apps/" + second
	e.req = e.base + "/forms/req"
	e.v["roles"] = e.base + "/roles"
	assign(t, e.a, e.v, "staff", `{"user":"`+e.v["sam"]+`"}`)
	e.create("sam", `{"title":"二号应用","amount":1,"handler":"`+e.v["out"]+`"}`)

	page := func(query string) (apps []string, next string) {
		t.Helper()
		st, body := e.a.Call(e.s("out"), "GET", e.ws()+"/inbox?box=todo"+query, "")
		if st != 200 {
			t.Fatalf("inbox%s: %d %s", query, st, body)
		}
		var p struct {
			Items []struct{ App string }
			Next  string
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			apps = append(apps, it.App)
		}
		return apps, p.Next
	}
	if all, _ := page(""); len(all) != 3 {
		t.Fatalf("every app's to-dos: %v, want 3", all)
	}
	if got, _ := page("&app=" + second); len(got) != 1 || got[0] != second {
		t.Fatalf("the second app's to-dos: %v", got)
	}
	// Paging one at a time stays within the app.
	got, next := page("&app=" + first + "&limit=1")
	more, last := page("&app=" + first + "&limit=1&cursor=" + next)
	if len(got) != 1 || got[0] != first || len(more) != 1 || more[0] != first || last != "" {
		t.Fatalf("the first app page by page: %v then %v (next %q)", got, more, last)
	}
	if none, _ := page("&app=no-such-app"); len(none) != 0 {
		t.Fatalf("an app with nothing for her: %v", none)
	}
	// The apps of her to-do box, most to-dos first, named though she holds no role in either.
	st, body = e.a.Call(e.s("out"), "GET", e.ws()+"/inbox/apps?box=todo", "")
	var boxApps struct {
		Items []struct {
			App   string
			Name  map[string]string
			Count int
		}
	}
	if err := json.Unmarshal([]byte(body), &boxApps); st != 200 || err != nil || len(boxApps.Items) != 2 {
		t.Fatalf("the to-do box's apps: %d %s", st, body)
	}
	if a, b := boxApps.Items[0], boxApps.Items[1]; a.App != first || a.Count != 2 || b.App != second || b.Count != 1 || a.Name["zh-CN"] == "" {
		t.Fatalf("the to-do box's apps: %s", body)
	}
	if _, body := e.a.Call(e.s("out"), "GET", e.ws()+"/inbox?box=todo&app="+second, ""); !strings.Contains(body, `"appName":{"zh-CN":"`+boxApps.Items[1].Name["zh-CN"]+`"`) {
		t.Fatalf("an item names its app: %s", body)
	}
	// The app a box is narrowed to is named though the box holds none of its items.
	st, body = e.a.Call(e.s("out"), "GET", e.ws()+"/inbox/apps?box=done&app="+second, "")
	if st != 200 || !strings.Contains(body, `{"app":"`+second+`","name":{"zh-CN":"`+boxApps.Items[1].Name["zh-CN"]+`"`) || !strings.Contains(body, `"count":0`) {
		t.Fatalf("the done box's apps, narrowed to the second: %d %s", st, body)
	}
	if _, body := e.a.Call(e.s("out"), "GET", e.ws()+"/inbox/apps?box=done&app=no-such-app", ""); body != `{"items":[]}` {
		t.Fatalf("an app that does not exist is not offered: %s", body)
	}
	if st, body := e.a.Call(e.s("out"), "GET", e.ws()+"/inbox/apps?box=nope", ""); st != 400 || !strings.Contains(body, `"/box"`) {
		t.Fatalf("an unknown box: %d %s", st, body)
	}
	st, body = e.a.Call(e.s("out"), "GET", e.ws()+"/inbox/counts", "")
	if st != 200 || !strings.Contains(body, `"todo":3,`) {
		t.Fatalf("counts: %d %s", st, body)
	}
}
