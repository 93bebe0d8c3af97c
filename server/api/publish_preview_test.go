package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/server/apitest"
)

// editDraft reads the app's draft, lets change edit it and saves it.
func editDraft(t *testing.T, a *apitest.TestApp, s apitest.Session, base string, change func(def map[string]any)) {
	t.Helper()
	st, body := a.Call(s, "GET", base+"/draft", "")
	if st != 200 {
		t.Fatalf("draft: %d %s", st, body)
	}
	var def map[string]any
	if err := json.Unmarshal([]byte(body), &def); err != nil {
		t.Fatal(err)
	}
	change(def)
	raw, _ := json.Marshal(def)
	if st, body := a.Call(s, "PUT", base+"/draft", string(raw)); st != 200 {
		t.Fatalf("save draft: %d %s", st, body)
	}
}

// TestPublishPreviewCountsRunsInProgress: before publishing, a designer learns what the
// draft changes, that it breaks the contract form (a field became required) and how many
// records that form holds, and how many runs are in progress — without anything being
// published. A member who does not design the app is refused.
func TestPublishPreviewCountsRunsInProgress(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contractWorkspace(t, a)
	ann, sam, sue := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test"), a.SignIn("sue@formloom.test")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	preview := func() apps.PublishPreview {
		t.Helper()
		st, body := a.Call(ann, "GET", base+"/publish-preview", "")
		if st != 200 {
			t.Fatalf("preview: %d %s", st, body)
		}
		var p apps.PublishPreview
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	if p := preview(); p.From != 1 || p.To != 2 || len(p.Changes) != 0 || p.Running != 0 || p.Breaking {
		t.Fatalf("unchanged draft: %+v", p)
	}

	// Two contracts enter the flow; one is approved by the supervisor and stays running,
	// a third is a plain draft that never entered it.
	var first string
	for i, title := range []string{"甲", "乙"} {
		st, body := a.Call(sam, "POST", v["contract"]+"/records", `{"title":"`+title+`","amount":1000}`)
		if st != 201 {
			t.Fatalf("create: %d %s", st, body)
		}
		if i == 0 {
			first = v["contract"] + "/records/" + field(t, body, "id")
		}
	}
	mustAct(t, a, sue, first, "approve", `{}`)
	if st, body := a.Call(sam, "POST", v["contract"]+"/records?draft=true", `{"title":"丙","amount":5}`); st != 201 {
		t.Fatalf("draft record: %d %s", st, body)
	}

	editDraft(t, a, ann, base, func(def map[string]any) {
		f := def["forms"].([]any)[0].(map[string]any)
		schema := f["schema"].(map[string]any)
		schema["required"] = []any{"title", "amount", "margin"}
		p := def["pipelines"].([]any)[0].(map[string]any)
		for _, n := range p["nodes"].([]any) {
			if m := n.(map[string]any); m["key"] == "director" {
				m["name"] = map[string]any{"zh-CN": "总经理审批", "en": "General manager"}
			}
		}
	})
	p := preview()
	kinds := map[string]bool{}
	for _, c := range p.Changes {
		kinds[c.Kind] = true
	}
	if !kinds["required_added"] || !kinds["pipeline_changed"] || !p.Breaking {
		t.Errorf("changes %+v", p.Changes)
	}
	if p.Running != 2 {
		t.Errorf("running = %d, want 2", p.Running)
	}
	if p.Affected["contract"] != 3 {
		t.Errorf("affected = %v, want contract: 3", p.Affected)
	}

	// Nothing was published.
	if st, body := a.Call(ann, "GET", base+"/versions", ""); st != 200 || strings.Count(body, `"number":`) != 1 {
		t.Errorf("versions after preview: %d %s", st, body)
	}
	if st, body := a.Call(sam, "GET", base+"/publish-preview", ""); st != 403 && st != 404 {
		t.Errorf("a member previews: %d %s", st, body)
	}
}

// The count of runs in progress selects an app's records by their form ID's prefix: the
// same on the MongoDB engine.
func TestPublishPreviewCountsRunsInProgressOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestPublishPreviewCountsRunsInProgress)
}
