package api_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestAggregateGroupsFollowStageAndOptionOrder installs the lead starter with its samples:
// grouped by stage, the groups come in the pipeline's order (the order of its stage board's
// columns), so a funnel reads from collection to archive; grouped by a select field, in the
// order the form lists the options; records without a value (drafts, at no stage) come last.
func TestAggregateGroupsFollowStageAndOptionOrder(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, _ := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	body := mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "lead-management", "sampleData": true}`)
	app := base + "/apps/" + field(t, body, "id")

	var board struct {
		Items []struct {
			Value any `json:"value"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(mustCall(t, a, ann, 200, "GET", app+"/views/stage_board/groups", "")), &board); err != nil {
		t.Fatal(err)
	}
	var stages []any
	for _, it := range board.Items {
		stages = append(stages, it.Value)
	}
	checkOrder(t, "_stage", mustCall(t, a, ann, 200, "POST", app+"/forms/lead/aggregate",
		`{"groupBy":[{"field":"_stage"}],"metrics":[{"op":"count","as":"n"}]}`), stages, 2)

	var draft struct {
		Forms []struct {
			Key    string `json:"key"`
			Schema struct {
				Properties map[string]struct {
					Enum []any `json:"enum"`
				} `json:"properties"`
			} `json:"schema"`
		} `json:"forms"`
	}
	if err := json.Unmarshal([]byte(mustCall(t, a, ann, 200, "GET", app+"/draft", "")), &draft); err != nil {
		t.Fatal(err)
	}
	var channels []any
	for _, f := range draft.Forms {
		if f.Key == "lead" {
			channels = f.Schema.Properties["channel"].Enum
		}
	}
	checkOrder(t, "channel", mustCall(t, a, ann, 200, "POST", app+"/forms/lead/aggregate",
		`{"groupBy":[{"field":"channel"}],"metrics":[{"op":"count","as":"n"}]}`), channels, 3)
}

// checkOrder fails unless the groups of answer, grouped by key, hold values in the order
// of want (at least min of them), followed by the group of no value if there is one.
func checkOrder(t *testing.T, key, answer string, want []any, min int) {
	t.Helper()
	var agg struct {
		Groups []struct {
			Key map[string]any `json:"key"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(answer), &agg); err != nil {
		t.Fatal(err)
	}
	last, seen := -1, 0
	for i, g := range agg.Groups {
		v := g.Key[key]
		if v == nil {
			if i != len(agg.Groups)-1 {
				t.Errorf("%s: the group of no value is not last: %s", key, answer)
			}
			continue
		}
		at := slices.Index(want, v)
		if at < 0 {
			t.Fatalf("%s: %v is not one of %v", key, v, want)
		}
		if at <= last {
			t.Errorf("%s: %v comes after %v, against the order %v: %s", key, v, want[last], want, answer)
		}
		last = at
		seen++
	}
	if seen < min {
		t.Errorf("%s: %d groups with a value, want at least %d: %s", key, seen, min, answer)
	}
}
