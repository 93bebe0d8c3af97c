package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/server/apitest"
)

// requiredStartPipeline: the start node requires the amount, which the form itself leaves
// optional, so a create without it passes the form and fails the pipeline's start.
const requiredStartPipeline = `{"key": "p", "form": "req", "nodes": [
  {"key": "start", "type": "start", "fields": {"amount": "required"}},
  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]},
  {"key": "end", "type": "end"}],
  "edges": [{"from": "start", "to": "first"}, {"from": "first", "to": "end"}]}`

// TestCreateWhosePipelineStartFails: the record and its pipeline's start are one write, so
// a start that fails leaves no record, no task and no inbox entry, and answers the one
// error shape naming the field; a create that passes the start answers the running record.
func TestCreateWhosePipelineStartFails(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, requiredStartPipeline)
	st, body := e.a.Call(e.s("sam"), "POST", e.req+"/records", `{"title":"缺金额"}`)
	if st != 422 || !strings.Contains(body, `"code":"validation_failed"`) || !strings.Contains(body, `"/amount":{"code":"required"`) {
		t.Fatalf("create failing its start: %d %s", st, body)
	}
	st, body = e.a.Call(e.s("ann"), "GET", e.req+"/records?total=true", "")
	if st != 200 || !strings.Contains(body, `"total":0`) {
		t.Fatalf("a record stayed behind the failed start: %d %s", st, body)
	}
	if body := e.inbox("p1", "todo"); strings.Contains(body, `"record"`) {
		t.Errorf("a task stayed behind the failed start: %s", body)
	}
	if body := e.notes("p1", ""); strings.Contains(body, `"record"`) {
		t.Errorf("a notification stayed behind the failed start: %s", body)
	}

	rec := e.create("sam", `{"title":"有金额","amount":10}`)
	if s := e.want(rec, flow.StatusRunning, "first"); len(e.tasks(s, "first")) != 1 {
		t.Errorf("tasks of the started run: %v", e.tasks(s, "first"))
	}
	e.inboxHas("p1", "todo", rec, true)
	st, body = e.a.Call(e.s("ann"), "GET", e.req+"/records?total=true", "")
	if st != 200 || !strings.Contains(body, `"total":1`) {
		t.Errorf("records after one failed and one started create: %d %s", st, body)
	}
}
