package api_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/templates"
)

// sampleCounts reads a starter's samples file: records per form.
func sampleCounts(t *testing.T, key string) map[string]int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "templates", "starter", key+".samples.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string][]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	out := map[string]int{}
	for form, recs := range m {
		out[form] = len(recs)
	}
	return out
}

// listRecords returns a form's records as ann sees them.
func listRecords(t *testing.T, a *apitest.TestApp, s apitest.Session, base, app, form string) []map[string]any {
	t.Helper()
	body := mustCall(t, a, s, 200, "GET", base+"/apps/"+app+"/forms/"+form+"/records?limit=100", "")
	var page struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return page.Items
}

// TestEveryStarterInstallsWithSampleData installs each starter with sampleData: every
// sample record passes its form (the count answered and listed is the file's) and the
// server logged no failed sample (where they stand in their flows: sample_flow_test.go).
func TestEveryStarterInstallsWithSampleData(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, _ := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	for _, key := range templates.StarterKeys() {
		counts := sampleCounts(t, key)
		total := 0
		for _, n := range counts {
			total += n
		}
		if total == 0 {
			t.Fatalf("%s: no sample records", key)
		}
		body := mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "`+key+`", "sampleData": true}`)
		var got struct {
			ID      string `json:"id"`
			Source  string `json:"source"`
			Samples int    `json:"samples"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Samples != total || got.Source != key {
			t.Errorf("%s: %d samples created of %d: %s", key, got.Samples, total, body)
		}
		for form, n := range counts {
			// Automations a sample's step sets off (meeting minutes' one task per action
			// item) run as background jobs and may or may not have added their records by
			// now; those are created by the system, the samples by the installer.
			items := listRecords(t, a, ann, base, got.ID, form)
			samples := 0
			for _, it := range items {
				if it["createdBy"] != "system" {
					samples++
				}
			}
			if samples != n {
				t.Errorf("%s/%s: %d sample records listed, %d in the samples file", key, form, samples, n)
			}
		}
	}
	if logs := a.Logs(); strings.Contains(logs, "sample record not created") || strings.Contains(logs, "sample data not read") {
		t.Fatalf("a sample failed:\n%s", logs)
	}
}

func TestInstallWithoutSampleDataAddsNoRecords(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, _ := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	for _, body := range []string{`{"template": "lead-management"}`, `{"template": "lead-management", "sampleData": false}`} {
		got := mustCall(t, a, ann, 201, "POST", base+"/apps", body)
		if strings.Contains(got, `"samples"`) {
			t.Errorf("%s: %s", body, got)
		}
		for form := range sampleCounts(t, "lead-management") {
			if items := listRecords(t, a, ann, base, field(t, got, "id"), form); len(items) != 0 {
				t.Errorf("%s: %d %s records", body, len(items), form)
			}
		}
	}
}

// TestSampleDataOfAWorkspaceTemplateIsNone: a saved template has no samples, so the install
// answers samples 0.
func TestSampleDataOfAWorkspaceTemplateIsNone(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, _ := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	mustCall(t, a, ann, 201, "POST", base+"/templates", importable)
	got := mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "visits", "sampleData": true}`)
	if !strings.Contains(got, `"samples":0`) {
		t.Fatalf("%s", got)
	}
	if items := listRecords(t, a, ann, base, field(t, got, "id"), "visit"); len(items) != 0 {
		t.Fatalf("%d records", len(items))
	}
}
