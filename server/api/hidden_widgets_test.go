package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestWidgetsOverHiddenFieldsStayHidden: a dashboard widget grouping by a field hidden from
// the collector (priorityScore) is neither in the app's runtime definition nor in the
// dashboard's data for her — its name and its numbers stay with the roles that see the field.
func TestWidgetsOverHiddenFieldsStayHidden(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "col", "mgr")
	a := f.a
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "GET", f.base+"/draft", "")
	if st != 200 {
		t.Fatalf("draft: %d %s", st, body)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	dash := doc["dashboards"].([]any)[0].(map[string]any)
	dash["widgets"] = append(dash["widgets"].([]any), map[string]any{
		"key": "by_score", "name": map[string]any{"zh-CN": "按评分"}, "form": "lead", "chart": "bar",
		"aggregation": map[string]any{"groupBy": []any{map[string]any{"field": "priorityScore"}}, "metrics": []any{map[string]any{"op": "count", "as": "n"}}},
	})
	out, _ := json.Marshal(doc)
	if st, body := a.Call(ann, "PUT", f.base+"/draft", string(out)); st != 200 {
		t.Fatalf("save draft: %d %s", st, body)
	}
	if st, body := a.Call(ann, "POST", f.base+"/publish", ""); st != 201 && st != 200 {
		t.Fatalf("publish: %d %s", st, body)
	}
	f.roles(t, map[string][]string{"collector": {"col"}, "lead_manager": {"mgr"}})
	col, mgr := f.as("col"), f.as("mgr")

	for _, path := range []string{"/runtime", "/dashboards/lead_overview/data"} {
		got := mustCall(t, a, col, 200, "GET", f.base+path, "")
		if strings.Contains(got, "priorityScore") || strings.Contains(got, "by_score") {
			t.Errorf("the collector's %s names the hidden field's widget: %s", path, got)
		}
		if !strings.Contains(got, "by_channel") {
			t.Errorf("the collector's %s lost the other widgets: %s", path, got)
		}
		if full := mustCall(t, a, mgr, 200, "GET", f.base+path, ""); !strings.Contains(full, "by_score") {
			t.Errorf("the manager's %s lacks by_score: the test proves nothing", path)
		}
	}
}
