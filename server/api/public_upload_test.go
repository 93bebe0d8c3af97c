package api_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/server/apitest"
)

// TestPublicUploadAndExpiry: a visitor of a lead-management public link attaches a photo of
// a business card to the lead she submits; the lead manager reads it. Fields the link does
// not expose take no files. A file uploaded and never submitted is gone a day later, while
// the attached one stays. Uploads are counted per address.
func TestPublicUploadAndExpiry(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "col", "mgr")
	f.roles(t, map[string][]string{"collector": {"col"}, "lead_manager": {"mgr"}})
	a, v := f.a, f.v
	public := field(t, mustCall(t, a, f.as("ann"), 201, "POST", f.base+"/forms/lead/public-links", `{"owner":"`+v["col"]+`"}`), "url")
	anon := apitest.Session{}
	calls := 0
	up := func(field, name, body string) (int, string) {
		calls++
		return uploadTo(t, a, anon, public, field, "", name, body)
	}

	st, out := up("attachments", "名片.png", pngBytes)
	if st != 201 || field(t, out, "name") != "名片.png" {
		t.Fatalf("upload: %d %s", st, out)
	}
	card := field(t, out, "id")
	for _, fd := range []string{"analysisReport", "subject", "nothing"} { // not exposed, no files, no such field
		if st, out := up(fd, "x.png", pngBytes); st != 404 {
			t.Errorf("upload to %s: %d %s", fd, st, out)
		}
	}
	calls++
	if st, _ := a.Call(anon, "POST", "/api/v1/public/forms/not-a-token/fields/attachments/files?filename=x.png", pngBytes); st != 404 {
		t.Errorf("unknown link: %d", st)
	}
	st, out = up("attachments", "草稿.png", pngBytes)
	if st != 201 {
		t.Fatalf("second upload: %d %s", st, out)
	}
	orphan := field(t, out, "id")

	out = mustCall(t, a, anon, 201, "POST", public, `{"subject":"展会咨询","channel":"complaint","urgency":"general","attachments":["`+card+`"]}`)
	lead := f.base + "/forms/lead/records/" + field(t, out, "receipt")
	if st, _, got := download(t, a, f.as("mgr"), lead+"/files/"+card); st != 200 || got != pngBytes {
		t.Fatalf("the manager reading the card: %d", st)
	}

	// A day later the file nobody submitted is gone; the card stays with its lead.
	f.clock.Set(f.clock.Now().Add(24*time.Hour + time.Second))
	f.runDue(t)
	if st, out := a.Call(anon, "POST", public, `{"subject":"迟到的提交","channel":"complaint","urgency":"general","attachments":["`+orphan+`"]}`); st != 422 || !strings.Contains(out, `"/attachments/0"`) {
		t.Errorf("submitting an expired file: %d %s", st, out)
	}
	if st, _, _ := download(t, a, f.as("mgr"), lead+"/files/"+card); st != 200 {
		t.Errorf("the attached card after a day: %d", st)
	}
	if n := countFiles(t, filepath.Join(a.Cfg.DataDir, "files")); n != 1 {
		t.Errorf("%d blobs in the data directory, want the card's alone", n)
	}

	// An address may upload 30 files a minute.
	for calls < 30 {
		if st, out := up("attachments", "more.png", pngBytes); st != 201 {
			t.Fatalf("upload %d: %d %s", calls, st, out)
		}
	}
	if st, out := up("attachments", "one-too-many.png", pngBytes); st != 429 || !strings.Contains(out, `"rate_limited"`) {
		t.Errorf("upload 31: %d %s", st, out)
	}
}
