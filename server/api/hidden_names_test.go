package api_test

import (
	"strings"
	"testing"
)

// TestHiddenFieldNamesStayHidden: the collector's role hides the lead's scoring fields.
// Their names appear nowhere the collector can read: not in the app's OpenAPI document, not
// in the views offered (a view filtered or sorted on the hidden score is not offered at all,
// and columns lose the hidden fields), not in the public form.
func TestHiddenFieldNamesStayHidden(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "col", "mgr")
	f.roles(t, map[string][]string{"collector": {"col"}, "lead_manager": {"mgr"}})
	a := f.a
	col, mgr := f.as("col"), f.as("mgr")

	doc := mustCall(t, a, col, 200, "GET", f.base+"/openapi.json", "")
	for _, name := range []string{"priorityScore", "riskAssessment", "riskLevel"} {
		if i := strings.Index(doc, name); i >= 0 {
			t.Errorf("the collector's OpenAPI document names %s: …%s…", name, doc[max(0, i-300):min(len(doc), i+100)])
		}
	}
	if !strings.Contains(doc, `"subject"`) {
		t.Fatal("the document lost the visible fields")
	}
	if full := mustCall(t, a, mgr, 200, "GET", f.base+"/openapi.json", ""); !strings.Contains(full, "priorityScore") {
		t.Fatal("the manager's document lacks priorityScore: the test proves nothing")
	}

	views := mustCall(t, a, col, 200, "GET", f.base+"/views", "")
	if strings.Contains(views, "high_priority") || strings.Contains(views, "priorityScore") || strings.Contains(views, `"budget"`) {
		t.Errorf("views offered to the collector: %s", views)
	}
	if !strings.Contains(views, "my_leads") {
		t.Errorf("my_leads is missing: %s", views)
	}
	if st, body := a.Call(col, "GET", f.base+"/views/high_priority/records", ""); st != 404 {
		t.Errorf("high_priority records for the collector: %d %s", st, body)
	}
	if mv := mustCall(t, a, mgr, 200, "GET", f.base+"/views", ""); !strings.Contains(mv, "high_priority") {
		t.Errorf("the manager lost high_priority: %s", mv)
	}
}
