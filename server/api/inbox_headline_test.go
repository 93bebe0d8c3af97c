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
