package api_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formloom/formloom/store/mongo/ferrettest"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
)

// fileApp has a ticket form with two attachment fields (photos: images up to 2 KB; scan:
// PDFs) and a note form with an attachment field of its own.
const fileApp = `{
  "key": "files-test",
  "name": {"zh-CN": "附件", "en": "Files"},
  "forms": [{
    "key": "ticket",
    "name": {"zh-CN": "工单", "en": "Ticket"},
    "schema": {"type": "object", "required": ["title"], "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}},
      "photos": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "attachment", "label": {"zh-CN": "照片", "en": "Photos"},
        "maxCount": 3, "maxSize": 2048, "accept": ["image/*"]}},
      "scan": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "attachment", "label": {"zh-CN": "扫描件", "en": "Scan"},
        "accept": ["application/pdf"]}}
    }}
  }, {
    "key": "note",
    "name": {"zh-CN": "笔记", "en": "Note"},
    "schema": {"type": "object", "properties": {
      "files": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "attachment", "label": {"zh-CN": "文件", "en": "Files"}}}
    }}
  }]
}`

var (
	pngBytes = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" + strings.Repeat("\x00", 100)
	pdfBytes = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)

// upload sends body as a file named name to field of the form at prefix.
func upload(t *testing.T, a *apitest.TestApp, s apitest.Session, prefix, field, name, body string) (int, string) {
	t.Helper()
	return uploadTo(t, a, s, prefix, field, "", name, body)
}

func download(t *testing.T, a *apitest.TestApp, s apitest.Session, u string) (int, http.Header, string) {
	t.Helper()
	resp := a.Do(a.Request(s, "GET", u, ""))
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header, readBody(resp)
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	attachmentJourney(t, a)
	// The embedded engine keeps the bytes under the data directory.
	if n := countFiles(t, filepath.Join(a.Cfg.DataDir, "files")); n != 4 {
		t.Fatalf("%d blobs in the data directory, want 4", n)
	}
}

// TestAttachmentsOnMongoEngine runs the same journey with FORMLOOM_MONGODB_URI pointing at
// FerretDB (in-process): the bytes go to GridFS, none to the data directory.
func TestAttachmentsOnMongoEngine(t *testing.T) {
	t.Parallel()
	uri := ferrettest.New(t)
	a := apitest.New(t, func(c *config.Config) {
		c.MongoURI = strings.TrimSuffix(uri, "/") + "/formloom_files"
	})
	if a.Store.Capabilities().Engine != "mongo" {
		t.Fatal("not on the mongo engine")
	}
	attachmentJourney(t, a)
	if n := countFiles(t, filepath.Join(a.Cfg.DataDir, "files")); n != 0 {
		t.Fatalf("%d blobs in the data directory on the mongo engine", n)
	}
}

func countFiles(t *testing.T, root string) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(root, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// attachmentJourney uploads, attaches and downloads files, and meets every refusal on the
// way. It stores four files; the refused ones leave nothing behind.
func attachmentJourney(t *testing.T, a *apitest.TestApp) {
	v := twoWorkspaces(t, a)
	carl := a.User("carl@formloom.test")
	if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	ann, bob, carlS := a.SignIn("ann@formloom.test"), a.SignIn("bob@formloom.test"), a.SignIn("carl@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+fileApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id") + "/forms/"
	ticket, note := base+"ticket", base+"note"

	// Uploads: a PNG and a PDF are stored with their sniffed types.
	st, body = upload(t, a, ann, ticket, "photos", "现场照片 1.png", pngBytes)
	if st != 201 || field(t, body, "contentType") != "image/png" || !strings.Contains(body, `"size":133`) || field(t, body, "name") != "现场照片 1.png" {
		t.Fatalf("upload png: %d %s", st, body)
	}
	png := field(t, body, "id")
	req := a.Request(ann, "POST", ticket+"/fields/scan/files", pdfBytes)
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Content-Disposition", `attachment; filename="contract.pdf"`)
	resp := a.Do(req)
	body = readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 201 || field(t, body, "contentType") != "application/pdf" || field(t, body, "name") != "contract.pdf" {
		t.Fatalf("upload pdf: %d %s", resp.StatusCode, body)
	}
	pdf := field(t, body, "id")

	// Refusals: too large for the field, a type the field does not accept, a name that
	// claims another type, a field that is not an attachment, a stranger.
	if st, body := upload(t, a, ann, ticket, "photos", "big.png", pngBytes+strings.Repeat("x", 2048)); st != 413 || !strings.Contains(body, `"/photos":{"code":"max_size"`) {
		t.Fatalf("too large: %d %s", st, body)
	}
	if st, body := upload(t, a, ann, ticket, "photos", "a.pdf", pdfBytes); st != 422 || !strings.Contains(body, `"/photos":{"code":"file_type"`) {
		t.Fatalf("pdf as photo: %d %s", st, body)
	}
	if st, body := upload(t, a, ann, ticket, "photos", "page.html", pngBytes); st != 422 || !strings.Contains(body, `"code":"file_type"`) {
		t.Fatalf("png named html: %d %s", st, body)
	}
	if st, _ := upload(t, a, ann, ticket, "title", "a.png", pngBytes); st != 404 {
		t.Fatalf("upload to a text field: %d", st)
	}
	if st, _ := upload(t, a, bob, ticket, "photos", "a.png", pngBytes); st != 404 {
		t.Fatalf("upload by another workspace's member: %d", st)
	}
	st, body = upload(t, a, ann, note, "files", "other.png", pngBytes)
	if st != 201 {
		t.Fatalf("upload to note: %d %s", st, body)
	}
	otherForm := field(t, body, "id")

	// Records: files of this field are attached; a file of another form is refused at its pointer.
	st, body = a.Call(ann, "POST", ticket+"/records", mustJSON(map[string]any{"title": "A", "photos": []string{otherForm}}))
	if st != 422 || !strings.Contains(body, `"/photos/0":{"code":"not_found"`) {
		t.Fatalf("file of another form: %d %s", st, body)
	}
	st, body = a.Call(ann, "POST", ticket+"/records", mustJSON(map[string]any{"title": "A", "photos": []string{pdf}}))
	if st != 422 || !strings.Contains(body, `"/photos/0":{"code":"not_found"`) {
		t.Fatalf("file of another field: %d %s", st, body)
	}
	st, body = a.Call(ann, "POST", ticket+"/records", mustJSON(map[string]any{"title": "A", "photos": []string{png}, "scan": []string{pdf}}))
	if st != 201 {
		t.Fatalf("create with files: %d %s", st, body)
	}
	rec := field(t, body, "id")
	st, body = a.Call(ann, "POST", ticket+"/records", mustJSON(map[string]any{"title": "B", "photos": []string{png}}))
	if st != 422 || !strings.Contains(body, `"/photos/0":{"code":"not_found"`) {
		t.Fatalf("file attached twice: %d %s", st, body)
	}
	// An update keeps the record's own files and attaches a new one.
	st, body = upload(t, a, ann, ticket, "photos", "second.png", pngBytes)
	if st != 201 {
		t.Fatalf("upload second: %d %s", st, body)
	}
	second := field(t, body, "id")
	req = a.Request(ann, "PATCH", ticket+"/records/"+rec, mustJSON(map[string]any{"photos": []string{png, second}}))
	req.Header.Set("If-Match", `"1"`)
	resp = a.Do(req)
	body = readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("update with files: %d %s", resp.StatusCode, body)
	}
	if st, _, got := download(t, a, ann, ticket+"/records/"+rec+"/files/"+second); st != 200 || got != pngBytes {
		t.Fatalf("download second: %d", st)
	}

	// Downloads: the record's readers get the bytes with safe headers.
	for _, s := range []apitest.Session{ann, carlS} {
		st, h, got := download(t, a, s, ticket+"/records/"+rec+"/files/"+png)
		if st != 200 || got != pngBytes || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Disposition"), "inline;") ||
			!strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87%201.png") {
			t.Fatalf("download: %d %v %q", st, h, got)
		}
	}
	if st, h, got := download(t, a, ann, ticket+"/records/"+rec+"/files/"+pdf); st != 200 || got != pdfBytes || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download pdf: %d %v", st, h)
	}
	// Not found: another workspace's member, a file not on the record, a record that is not its own.
	if st, _, _ := download(t, a, bob, ticket+"/records/"+rec+"/files/"+png); st != 404 {
		t.Fatalf("stranger downloads: %d", st)
	}
	if st, _, _ := download(t, a, ann, ticket+"/records/"+rec+"/files/"+otherForm); st != 404 {
		t.Fatalf("file not on the record: %d", st)
	}
	st, body = a.Call(ann, "POST", ticket+"/records", `{"title":"C"}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	if st, _, _ := download(t, a, ann, ticket+"/records/"+field(t, body, "id")+"/files/"+png); st != 404 {
		t.Fatalf("file through another record: %d", st)
	}
	if st, _, _ := download(t, a, ann, ticket+"/records/"+rec+"/files/..%2f..%2fformloom.db"); st != 404 {
		t.Fatalf("path in file id: %d", st)
	}
}
