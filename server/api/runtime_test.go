package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// runtimeForm is one form of GET …/apps/{app}/runtime, as far as these tests read it.
type runtimeForm struct {
	Key    string `json:"key"`
	Schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
	} `json:"schema"`
	ReadOnly []string        `json:"readOnly"`
	Actions  map[string]bool `json:"actions"`
}

func runtimeOf(t *testing.T, a *apitest.TestApp, s apitest.Session, url string) (int, []runtimeForm, string) {
	t.Helper()
	st, body := a.Call(s, "GET", url, "")
	var rt struct {
		Forms []runtimeForm `json:"forms"`
	}
	if st == http.StatusOK {
		if err := json.Unmarshal([]byte(body), &rt); err != nil {
			t.Fatalf("runtime: %s", body)
		}
	}
	return st, rt.Forms, body
}

// TestAppRuntimeCutToFieldRules checks that members read the published forms through the
// runtime endpoint cut to their field rules, with the actions their roles give them, and
// that a member without a grant finds neither the app nor its definition.
func TestAppRuntimeCutToFieldRules(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := accessWorkspace(t, a)
	assign(t, a, v, "sales", `{"user":"`+v["sam"]+`"}`)
	assign(t, a, v, "supervisor", `{"user":"`+v["sue"]+`"}`)
	assign(t, a, v, "inspector", `{"user":"`+v["ian"]+`"}`)
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	sam, sue, ian, olly := a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test"), a.SignIn("ian@formloom.test"), a.SignIn("olly@formloom.test")

	// sam's budget is hidden: absent from the schema, its label nowhere in the answer.
	st, forms, body := runtimeOf(t, a, sam, base+"/runtime")
	if st != 200 || len(forms) != 1 || forms[0].Key != "lead" {
		t.Fatalf("sam runtime: %d %s", st, body)
	}
	if _, ok := forms[0].Schema.Properties["budget"]; ok || strings.Contains(body, "预算") || strings.Contains(body, "Budget") {
		t.Fatalf("sam sees the hidden budget: %s", body)
	}
	if _, ok := forms[0].Schema.Properties["subject"]; !ok {
		t.Fatalf("sam lacks subject: %s", body)
	}
	if want := map[string]bool{"create": true, "read": true, "update": true, "delete": false, "export": true, "import": false}; !sameActions(forms[0].Actions, want) {
		t.Fatalf("sam actions %v, want %v", forms[0].Actions, want)
	}
	// sue reads budget but may not write it; she may not create.
	_, forms, body = runtimeOf(t, a, sue, base+"/runtime")
	if _, ok := forms[0].Schema.Properties["budget"]; !ok || strings.Join(forms[0].ReadOnly, ",") != "budget" || forms[0].Actions["create"] {
		t.Fatalf("sue runtime: %s", body)
	}
	if !strings.Contains(string(forms[0].Schema.Properties["budget"]), `"readOnly":true`) {
		t.Fatalf("sue's budget is not marked read-only: %s", forms[0].Schema.Properties["budget"])
	}
	// ian reads everything and does nothing else.
	_, forms, body = runtimeOf(t, a, ian, base+"/runtime")
	if _, ok := forms[0].Schema.Properties["budget"]; !ok || forms[0].Actions["update"] || !forms[0].Actions["read"] {
		t.Fatalf("ian runtime: %s", body)
	}

	// olly holds no grant: the app is not found, and not listed.
	for _, url := range []string{base + "/runtime", base} {
		if st, body := a.Call(olly, "GET", url, ""); st != http.StatusNotFound || !strings.Contains(body, `"code":"not_found"`) {
			t.Fatalf("olly GET %s: %d %s", url, st, body)
		}
	}
	if st, body := a.Call(olly, "GET", "/api/v1/workspaces/"+v["wsA"]+"/apps", ""); st != 200 || strings.Contains(body, v["app"]) {
		t.Fatalf("olly's app list: %d %s", st, body)
	}
	if st, body := a.Call(sam, "GET", "/api/v1/workspaces/"+v["wsA"]+"/apps", ""); st != 200 || !strings.Contains(body, v["app"]) {
		t.Fatalf("sam's app list: %d %s", st, body)
	}
	// The owner sees every field, and may do everything.
	_, forms, body = runtimeOf(t, a, a.SignIn("ann@formloom.test"), base+"/runtime")
	if _, ok := forms[0].Schema.Properties["budget"]; !ok || !forms[0].Actions["delete"] || !strings.Contains(body, `"designer":true`) {
		t.Fatalf("ann runtime: %s", body)
	}
}

func sameActions(got, want map[string]bool) bool {
	for k, w := range want {
		if got[k] != w {
			return false
		}
	}
	return true
}

// TestBulkApprovalFillsStepFields: legal approves two contracts waiting at its step in one
// request that fills the step's required fields once; without them both are refused and
// nothing changes.
func TestBulkApprovalFillsStepFields(t *testing.T) {
	t.Parallel()
	f := contractFlow(t)
	a := f.a
	var items []string
	var recs []string
	for _, title := range []string{"框架协议一", "框架协议二"} {
		id, rec := f.newContract(t, title)
		mustAct(t, a, f.as("sue"), rec, "approve", `{}`)
		items = append(items, `{"app":"`+f.v["app"]+`","form":"contract","record":"`+id+`"}`)
		recs = append(recs, rec)
	}
	bulk := "/api/v1/workspaces/" + f.v["wsA"] + "/inbox/actions"
	list := "[" + strings.Join(items, ",") + "]"
	if st, body := a.Call(f.as("lea"), "POST", bulk, `{"action":"approve","items":`+list+`}`); st != 200 || strings.Count(body, `"/legalOpinion"`) != 2 {
		t.Fatalf("bulk without the step's fields: %d %s", st, body)
	}
	st, body := a.Call(f.as("lea"), "POST", bulk, `{"action":"approve","data":{"legalRisk":"low","legalOpinion":"条款合规"},"items":`+list+`}`)
	if st != 200 || strings.Count(body, `"status":200`) != 2 {
		t.Fatalf("bulk with the step's fields: %d %s", st, body)
	}
	for _, rec := range recs {
		if got := mustCall(t, a, f.as("lea"), 200, "GET", rec, ""); !strings.Contains(got, `"legalOpinion":"条款合规"`) || strings.Contains(flowState(t, got).Status, "approved") {
			t.Fatalf("after bulk: %s", got)
		}
	}
	// A field the step does not let legal write is refused per record, naming it.
	id, rec := f.newContract(t, "框架协议三")
	mustAct(t, a, f.as("sue"), rec, "approve", `{}`)
	st, body = a.Call(f.as("lea"), "POST", bulk, `{"action":"approve","data":{"legalRisk":"low","legalOpinion":"ok","financeOpinion":"x"},"items":[{"app":"`+f.v["app"]+`","form":"contract","record":"`+id+`"}]}`)
	if st != 200 || !strings.Contains(body, `"status":403`) || !strings.Contains(body, `"/financeOpinion"`) {
		t.Fatalf("bulk writing another step's field: %d %s", st, body)
	}
}
