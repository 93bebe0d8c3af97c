package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestRecordRuntimeForParticipant checks that a member with no role, made an approver through
// a member field, reads the record and its form through the record's runtime — without the
// field their node hides and with no form actions beyond reading — while a member who takes
// no part in the run finds neither.
func TestRecordRuntimeForParticipant(t *testing.T) {
	t.Parallel()
	e := fmSetup(t, apitest.Options{}, strings.NewReplacer(`RULE`, `{"type": "field", "field": "handler"}`,
		`"mode": "all"}`, `"mode": "all", "fields": {"amount": "hidden"}}`).Replace(assigneePipeline))
	rec := e.create("sam", `{"title":"trip","amount":120,"handler":"`+e.v["out"]+`"}`)

	st, body := e.a.Call(e.s("out"), "GET", rec, "")
	if st != 200 || !strings.Contains(body, `"trip"`) || strings.Contains(body, "amount") {
		t.Fatalf("approver reads the record: %d %s", st, body)
	}
	if st, body := e.a.Call(e.s("out"), "GET", e.base+"/runtime", ""); st != 404 {
		t.Errorf("app runtime for a member with no grant: %d %s", st, body)
	}
	st, forms, body := runtimeOf(t, e.a, e.s("out"), rec+"/runtime")
	if st != 200 || len(forms) != 1 || forms[0].Key != "req" {
		t.Fatalf("record runtime: %d %s", st, body)
	}
	if _, ok := forms[0].Schema.Properties["title"]; !ok {
		t.Errorf("title missing: %s", body)
	}
	if strings.Contains(body, "amount") || strings.Contains(body, "Amount") || strings.Contains(body, "金额") {
		t.Errorf("node-hidden field shown: %s", body)
	}
	for act, ok := range forms[0].Actions {
		if ok != (act == "read") {
			t.Errorf("action %s = %v", act, ok)
		}
	}
	if !strings.Contains(body, `"pipelines":[{`) {
		t.Errorf("the record's pipeline missing: %s", body)
	}

	// The step actions work from it: the approver approves.
	e.must("out", rec, "approve", `{}`)

	for _, url := range []string{rec, rec + "/runtime"} {
		if st, body := e.a.Call(e.s("boss"), "GET", url, ""); st != 404 {
			t.Errorf("stranger GET %s: %d %s", url, st, body)
		}
	}
}
