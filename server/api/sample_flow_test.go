package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/templates"
)

// TestStarterSamplesShowTheAppsAtWork installs every starter with its sample data: where a
// starter has a flow, its samples stand in at least two stages (driven there through the
// engine as the installing member, so their runs, history and inbox are real) and its stage
// board shows them; and a dashboard widget of every starter groups the samples into at
// least three buckets.
func TestStarterSamplesShowTheAppsAtWork(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, _ := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	type groups struct {
		Items []struct {
			Value any `json:"value"`
			Count int `json:"count"`
		} `json:"items"`
	}
	nonZero := func(g groups) int {
		n := 0
		for _, it := range g.Items {
			if it.Count > 0 {
				n++
			}
		}
		return n
	}
	for _, key := range templates.StarterKeys() {
		body := mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "`+key+`", "sampleData": true}`)
		app := base + "/apps/" + field(t, body, "id")
		var d struct {
			Pipelines []struct {
				Form string `json:"form"`
			} `json:"pipelines"`
			Views []struct {
				Key     string `json:"key"`
				GroupBy string `json:"groupBy"`
			} `json:"views"`
			Dashboards []struct {
				Key string `json:"key"`
			} `json:"dashboards"`
		}
		if err := json.Unmarshal([]byte(mustCall(t, a, ann, 200, "GET", app+"/draft", "")), &d); err != nil {
			t.Fatal(err)
		}
		for _, p := range d.Pipelines {
			var agg struct {
				Groups []struct {
					Key struct {
						Stage *string `json:"_stage"`
					} `json:"key"`
				} `json:"groups"`
			}
			got := mustCall(t, a, ann, 200, "POST", app+"/forms/"+p.Form+"/aggregate", `{"groupBy":[{"field":"_stage"}],"metrics":[{"op":"count","as":"count"}]}`)
			if err := json.Unmarshal([]byte(got), &agg); err != nil {
				t.Fatal(err)
			}
			stages := 0
			for _, g := range agg.Groups {
				if g.Key.Stage != nil && *g.Key.Stage != "" {
					stages++
				}
			}
			if stages < 2 {
				t.Errorf("%s/%s: samples in %d stages, want ≥ 2: %s", key, p.Form, stages, got)
			}
			// Some samples finished their flow, some are still drafts.
			var done, drafts int
			for _, it := range listRecords(t, a, ann, base, strings.TrimPrefix(app, base+"/apps/"), p.Form) {
				fl, _ := it["flow"].(map[string]any)
				switch fl["status"] {
				case "approved", "rejected", "done":
					done++
				case nil, "":
					drafts++
				}
			}
			if done == 0 || drafts == 0 {
				t.Errorf("%s/%s: %d finished and %d drafts among the samples", key, p.Form, done, drafts)
			}
		}
		for _, v := range d.Views {
			if v.GroupBy != "_stage" {
				continue
			}
			var g groups
			got := mustCall(t, a, ann, 200, "GET", app+"/views/"+v.Key+"/groups", "")
			if err := json.Unmarshal([]byte(got), &g); err != nil {
				t.Fatal(err)
			}
			if nonZero(g) < 2 {
				t.Errorf("%s: stage board %s has cards in %d columns, want ≥ 2: %s", key, v.Key, nonZero(g), got)
			}
		}
		best := 0
		for _, db := range d.Dashboards {
			var data struct {
				Widgets []struct {
					Groups []json.RawMessage `json:"groups"`
				} `json:"widgets"`
			}
			got := mustCall(t, a, ann, 200, "GET", app+"/dashboards/"+db.Key+"/data", "")
			if err := json.Unmarshal([]byte(got), &data); err != nil {
				t.Fatal(err)
			}
			for _, w := range data.Widgets {
				best = max(best, len(w.Groups))
			}
			if best < 3 {
				t.Logf("%s", got)
			}
		}
		if best < 3 {
			t.Errorf("%s: no dashboard widget has 3 buckets (best %d)", key, best)
		}
	}
	if logs := a.Logs(); strings.Contains(logs, "sample step not taken") || strings.Contains(logs, "sample record not created") {
		t.Fatalf("a sample failed:\n%s", logs)
	}
}
