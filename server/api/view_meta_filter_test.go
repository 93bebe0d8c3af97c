package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestViewFilterOnFlowStatusAndStage: a view the designer saves may keep only the records
// whose flow is running at a stage (待审批), and the records a member reads through it are
// just those.
func TestViewFilterOnFlowStatusAndStage(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"template":"contract-approval"}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id")
	_, body = a.Call(ann, "GET", base+"/draft", "")
	def := decode(t, body)
	if d, ok := def["definition"].(map[string]any); ok {
		def = d
	}
	def["views"] = append(def["views"].([]any), map[string]any{
		"key": "waiting", "form": "contract", "name": map[string]any{"zh-CN": "待审批"},
		"filter": map[string]any{"and": []any{
			map[string]any{"field": "_flowStatus", "op": "eq", "value": "running"},
			map[string]any{"field": "_stage", "op": "in", "value": []any{"主管审核", "法务/财务审核"}},
			map[string]any{"field": "_created", "op": "gte", "value": "2020-01-01T00:00:00Z"},
		}},
	})
	if st, body := a.Call(ann, "PUT", base+"/draft", mustJSON(def)); st != 200 {
		t.Fatalf("save the view: %d %s", st, body)
	}
	if st, body := a.Call(ann, "POST", base+"/publish", ""); st/100 != 2 {
		t.Fatalf("publish: %d %s", st, body)
	}
	records := base + "/forms/contract/records"
	running := `{"title":"在审","type":"sales","counterparty":"甲","amount":1000,"startDate":"2026-01-01","endDate":"2026-12-31"}`
	st, body = a.Call(ann, "POST", records, running)
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	inFlow := field(t, body, "id")
	st, body = a.Call(ann, "POST", records+"?draft=true", strings.Replace(running, "在审", "草稿", 1))
	if st != 201 {
		t.Fatalf("draft: %d %s", st, body)
	}
	draft := field(t, body, "id")
	st, body = a.Call(ann, "GET", base+"/views/waiting/records", "")
	if st != 200 || !strings.Contains(body, inFlow) || strings.Contains(body, draft) {
		t.Fatalf("待审批 lists %d %s; want %s and not the draft %s", st, body, inFlow, draft)
	}
}
