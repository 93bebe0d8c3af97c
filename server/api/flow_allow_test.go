package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// allowWorkspace is the contract workspace with action switches on some nodes, published
// as version 2: allows maps node keys to their "allow" objects.
func allowWorkspace(t *testing.T, a *apitest.TestApp, allows map[string]map[string]any) apitest.Vars {
	t.Helper()
	v := contractWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	editDraft(t, a, ann, base, func(def map[string]any) {
		p := def["pipelines"].([]any)[0].(map[string]any)
		for _, n := range p["nodes"].([]any) {
			m := n.(map[string]any)
			if allow, ok := allows[m["key"].(string)]; ok {
				m["allow"] = allow
			}
		}
	})
	if st, body := a.Call(ann, "POST", base+"/publish", ""); st != 201 {
		t.Fatalf("publish: %d %s", st, body)
	}
	return v
}

// submitContract creates a contract as sam (it enters the flow) and answers its URL.
func submitContract(t *testing.T, a *apitest.TestApp, v apitest.Vars) string {
	t.Helper()
	st, body := a.Call(a.SignIn("sam@formloom.test"), "POST", v["contract"]+"/records", `{"title":"框架协议","amount":120000}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	return v["contract"] + "/records/" + field(t, body, "id")
}

// refusedAs checks that an action is refused as not offered, naming it.
func refusedAs(t *testing.T, st int, body, action string) {
	t.Helper()
	if st != 409 || !strings.Contains(body, `"action_not_offered"`) || !strings.Contains(body, action) {
		t.Errorf("%s: %d %s, want 409 action_not_offered naming it", action, st, body)
	}
}

// TestNodeSwitchesOffTransfer: legal does not offer transfer (the member's runtime says so
// and the engine refuses it); finance, which says nothing, still does.
func TestNodeSwitchesOffTransfer(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := allowWorkspace(t, a, map[string]map[string]any{"legal": {"transfer": false}})
	sue, lea, fin := a.SignIn("sue@formloom.test"), a.SignIn("lea@formloom.test"), a.SignIn("fin@formloom.test")
	rec := submitContract(t, a, v)
	mustAct(t, a, sue, rec, "approve", `{}`)

	st, body := act(t, a, lea, rec, "transfer", `{"to":"`+v["dan"]+`"}`)
	refusedAs(t, st, body, "transfer")
	if st, body := a.Call(lea, "GET", rec+"/runtime", ""); st != 200 || !strings.Contains(body, `"allow":{"transfer":false}`) {
		t.Errorf("legal's runtime does not carry the switch: %d %s", st, body)
	}
	mustAct(t, a, fin, rec, "transfer", `{"to":"`+v["dan"]+`"}`)
}

// TestNodeSwitchesOffAddApprover: the supervisor cannot add an approver.
func TestNodeSwitchesOffAddApprover(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := allowWorkspace(t, a, map[string]map[string]any{"supervisor": {"addApprover": false}})
	rec := submitContract(t, a, v)
	st, body := act(t, a, a.SignIn("sue@formloom.test"), rec, "addApprover", `{"member":"`+v["dan"]+`","position":"after"}`)
	refusedAs(t, st, body, "addApprover")
}

// TestNodeSwitchesReturn: finance offers no return; legal returns only to the previous
// step (the supervisor), which is also where a return naming no node goes.
func TestNodeSwitchesReturn(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := allowWorkspace(t, a, map[string]map[string]any{"finance": {"return": false}, "legal": {"returnTo": "previous"}})
	sue, lea, fin := a.SignIn("sue@formloom.test"), a.SignIn("lea@formloom.test"), a.SignIn("fin@formloom.test")
	rec := submitContract(t, a, v)
	mustAct(t, a, sue, rec, "approve", `{}`)

	st, body := act(t, a, fin, rec, "return", `{}`)
	refusedAs(t, st, body, "return")
	if st, body := act(t, a, lea, rec, "return", `{"to":"start"}`); st != 422 || !strings.Contains(body, `"/to"`) {
		t.Errorf("return to the start from legal: %d %s", st, body)
	}
	body = mustAct(t, a, lea, rec, "return", `{}`)
	if got := taskPeople(flowState(t, body), "supervisor"); len(got) != 1 || got[0] != v["sue"] {
		t.Errorf("after legal's return the supervisor has %v", got)
	}
}

// TestNodeSwitchesOffWithdrawAndCC: while the contract waits at the supervisor, the
// submitter can neither withdraw it nor copy it (without the switches both work:
// TestContractApprovalEndToEnd and the cc tests).
func TestNodeSwitchesOffWithdrawAndCC(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := allowWorkspace(t, a, map[string]map[string]any{"supervisor": {"withdraw": false, "cc": false}})
	sam := a.SignIn("sam@formloom.test")
	rec := submitContract(t, a, v)
	st, body := act(t, a, sam, rec, "withdraw", `{}`)
	refusedAs(t, st, body, "withdraw")
	st, body = act(t, a, sam, rec, "cc", `{"members":["`+v["dan"]+`"]}`)
	refusedAs(t, st, body, "cc")
}
