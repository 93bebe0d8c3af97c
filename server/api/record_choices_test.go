package api_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestRelationChoicesOfferWhatTheMemberMayRead drives the relation picker's endpoint on the
// lead starter: the owner finds a sample lead by part of its title and names it by ID; a
// collector, who reads only the leads they submitted, is offered exactly the lead they
// created and cannot name the owner's by ID; bad parameters are refused at their names.
func TestRelationChoicesOfferWhatTheMemberMayRead(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, carl := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	app := base + "/apps/" + field(t, mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "lead-management", "sampleData": true}`), "id")
	type page struct {
		Items []struct {
			ID     string `json:"id"`
			Serial string `json:"serial"`
			Title  string `json:"title"`
		} `json:"items"`
	}
	choices := func(s apitest.Session, query string) page {
		t.Helper()
		var p page
		if err := json.Unmarshal([]byte(mustCall(t, a, s, 200, "GET", app+"/forms/lead/choices?"+query, "")), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	leads := listRecords(t, a, ann, base, strings.TrimPrefix(app, base+"/apps/"), "lead")
	sample := leads[0]
	data := sample["data"].(map[string]any)
	subject := data["subject"].(string)
	part := string([]rune(subject)[1:3])
	found := choices(ann, "q="+url.QueryEscape(part))
	hit := false
	for _, it := range found.Items {
		if it.ID == sample["id"] {
			hit = it.Title == subject && it.Serial == data["leadNo"]
		}
		if !strings.Contains(it.Title, part) && !strings.Contains(it.Serial, part) {
			t.Errorf("%q offered for %q", it.Title, part)
		}
	}
	if !hit {
		t.Errorf("the lead %q (%v) is not offered with its title and serial for %q: %+v", subject, data["leadNo"], part, found)
	}
	if all := choices(ann, ""); len(all.Items) != len(leads) {
		t.Errorf("without text: %d offered, want the %d leads", len(all.Items), len(leads))
	}
	named := choices(ann, "ids="+sample["id"].(string)+",nope")
	if len(named.Items) != 1 || named.Items[0].Title != subject {
		t.Errorf("by ID: %+v", named)
	}

	// A collector reads the leads they submitted only.
	mustCall(t, a, ann, 201, "POST", app+"/roles/collector/assignees", `{"user":"`+carl.UserID+`"}`)
	if got := choices(carl, ""); len(got.Items) != 0 {
		t.Errorf("the collector is offered leads they do not own: %+v", got)
	}
	mine := field(t, mustCall(t, a, carl, 201, "POST", app+"/forms/lead/records", `{"subject": "客户投诉产品质量", "channel": "complaint", "urgency": "urgent"}`), "id")
	if got := choices(carl, ""); len(got.Items) != 1 || got.Items[0].ID != mine || got.Items[0].Title != "客户投诉产品质量" {
		t.Errorf("the collector's choices: %+v, want their lead %s", got, mine)
	}
	if got := choices(carl, "ids="+sample["id"].(string)); len(got.Items) != 0 {
		t.Errorf("the collector names a lead they may not read: %+v", got)
	}

	for _, c := range []struct{ query, pointer string }{
		{"q=" + url.QueryEscape(strings.Repeat("长", 101)), "/q"},
		{"limit=0", "/limit"},
		{"limit=51", "/limit"},
		{"ids=" + strings.Repeat("x,", 101), "/ids"},
	} {
		st, body := a.Call(ann, "GET", app+"/forms/lead/choices?"+c.query, "")
		if st != 400 || !strings.Contains(body, `"`+c.pointer+`"`) {
			t.Errorf("%s: %d %s, want 400 at %s", c.query, st, body, c.pointer)
		}
	}
	if st, _ := a.Call(ann, "GET", app+"/forms/nope/choices", ""); st != 404 {
		t.Errorf("an unknown form: %d, want 404", st)
	}
}
