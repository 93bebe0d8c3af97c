package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// TestAttachmentPreviews: images and PDFs are served to be shown in place (inline), any
// other file to be downloaded (attachment), all with nosniff and a CSP that loads nothing
// (sandboxed, except PDFs, whose viewer a sandbox blocks); a
// record's file list gives each file's name, size and type for the record page.
func TestAttachmentPreviews(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := twoWorkspaces(t, a)
	ann, bob := a.SignIn("ann@formloom.test"), a.SignIn("bob@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+fileApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id") + "/forms/"
	ticket, note := base+"ticket", base+"note"
	ids := map[string]string{}
	for _, f := range []struct{ prefix, field, name, body string }{
		{ticket, "photos", "photo.png", pngBytes},
		{ticket, "scan", "quote.pdf", pdfBytes},
		{note, "files", "notes.txt", "plain words\n"},
		{note, "files", "<b>.html", "<html><script>alert(1)</script></html>"},
	} {
		st, body := upload(t, a, ann, f.prefix, f.field, f.name, f.body)
		if st != 201 {
			t.Fatalf("upload %s: %d %s", f.name, st, body)
		}
		ids[f.name] = field(t, body, "id")
	}
	ticketRec := field(t, mustCall(t, a, ann, 201, "POST", ticket+"/records", mustJSON(map[string]any{"title": "A", "photos": []string{ids["photo.png"]}, "scan": []string{ids["quote.pdf"]}})), "id")
	noteRec := field(t, mustCall(t, a, ann, 201, "POST", note+"/records", mustJSON(map[string]any{"files": []string{ids["notes.txt"], ids["<b>.html"]}})), "id")

	const sandboxed, pdfOnly = "default-src 'none'; sandbox", "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
	for _, c := range []struct{ url, disposition, contentType, csp string }{
		{ticket + "/records/" + ticketRec + "/files/" + ids["photo.png"], "inline;", "image/png", sandboxed},
		{ticket + "/records/" + ticketRec + "/files/" + ids["quote.pdf"], "inline;", "application/pdf", pdfOnly},
		{note + "/records/" + noteRec + "/files/" + ids["notes.txt"], "attachment;", "text/plain", sandboxed},
		{note + "/records/" + noteRec + "/files/" + ids["<b>.html"], "attachment;", "text/html", sandboxed},
	} {
		st, h, _ := download(t, a, ann, c.url)
		if st != 200 || !strings.HasPrefix(h.Get("Content-Disposition"), c.disposition) || !strings.HasPrefix(h.Get("Content-Type"), c.contentType) ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Security-Policy") != c.csp {
			t.Fatalf("%s: %d %v", c.url, st, h)
		}
	}

	// The record's files: names, sizes and types, in upload order.
	var list struct {
		Items []struct {
			ID, Name, ContentType string
			Size                  int64
		}
	}
	if err := json.Unmarshal([]byte(mustCall(t, a, ann, 200, "GET", ticket+"/records/"+ticketRec+"/files", "")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 2 || list.Items[0].Name != "photo.png" || list.Items[0].Size != int64(len(pngBytes)) ||
		list.Items[1].ContentType != "application/pdf" || list.Items[1].ID != ids["quote.pdf"] {
		t.Fatalf("the ticket's files: %+v", list.Items)
	}
	// Someone who may not read the record gets not found, not the list.
	if st, _ := a.Call(bob, "GET", ticket+"/records/"+ticketRec+"/files", ""); st != 404 {
		t.Fatalf("a stranger lists the files: %d", st)
	}
}
