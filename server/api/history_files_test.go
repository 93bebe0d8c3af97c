package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestHistoryNamesFiles: a record's timeline answers with the names of the files its
// changes name — also a file the record no longer holds, which the record's file list
// leaves out — and never with a file of a field the reader may not see.
func TestHistoryNamesFiles(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v, h := photosHiddenFromCarl(t, a)
	call := func(s apitest.Session, method, u, body string) string {
		t.Helper()
		req := a.Request(s, method, u, body)
		if strings.Contains(u, "/files") {
			req.Header.Set("Content-Type", "application/octet-stream")
		}
		if method == "PATCH" {
			req.Header.Set("If-Match", "*")
		}
		resp, err := h.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out := readBody(resp)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", method, u, resp.StatusCode, out)
		}
		return out
	}
	ann, carlS := a.SignIn("ann@formloom.test"), a.SignIn("carl@formloom.test")
	ticket := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+fileApp+`}`), "id") + "/forms/ticket"
	photo := field(t, call(ann, "POST", ticket+"/fields/photos/files?filename=现场照片.png", pngBytes), "id")
	first := field(t, call(ann, "POST", ticket+"/fields/scan/files?filename=合同初稿.pdf", pdfBytes), "id")
	rec := field(t, call(ann, "POST", ticket+"/records", mustJSON(map[string]any{"title": "A", "photos": []string{photo}, "scan": []string{first}})), "id")
	second := field(t, call(ann, "POST", ticket+"/fields/scan/files?filename=合同定稿.pdf", pdfBytes), "id")
	call(ann, "PATCH", ticket+"/records/"+rec, mustJSON(map[string]any{"scan": []string{second}}))

	named := func(s apitest.Session) []string {
		t.Helper()
		var page struct {
			Items []struct {
				Changes []struct {
					Field string `json:"field"`
				} `json:"changes"`
			} `json:"items"`
			Files []struct {
				ID, Name string
			} `json:"files"`
		}
		if err := json.Unmarshal([]byte(call(s, "GET", ticket+"/records/"+rec+"/history", "")), &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 {
			t.Fatalf("want the creation and the update, got %d events", len(page.Items))
		}
		var out []string
		for _, f := range page.Files {
			if f.ID != photo && f.ID != first && f.ID != second {
				t.Fatalf("a file no change names: %+v", f)
			}
			out = append(out, f.Name)
		}
		slices.Sort(out)
		return out
	}
	if got, want := named(ann), []string{"合同初稿.pdf", "合同定稿.pdf", "现场照片.png"}; !slices.Equal(got, want) {
		t.Fatalf("the timeline's files for ann: %v, want %v", got, want)
	}
	if got, want := named(carlS), []string{"合同初稿.pdf", "合同定稿.pdf"}; !slices.Equal(got, want) {
		t.Fatalf("the timeline's files for a reader who may not see the photos: %v, want %v", got, want)
	}
	// The record's own list names the files it holds now, not the one replaced.
	if list := call(ann, "GET", ticket+"/records/"+rec+"/files", ""); strings.Contains(list, first) || !strings.Contains(list, second) {
		t.Fatalf("record files: %s", list)
	}
}
