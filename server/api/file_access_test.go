package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/api"
	"github.com/formloom/formloom/server/apitest"
)

// photosHidden hides the photos field from one member, as a field rule of role permissions
// compiles to.
type photosHidden struct{ restricted string }

func (p photosHidden) Authorize(_ context.Context, req records.AccessRequest) (records.Grant, error) {
	if req.Member.UserID != p.restricted {
		return records.Grant{}, nil
	}
	return records.Grant{Hidden: map[string]bool{"photos": true}}, nil
}

// photosHiddenFromCarl sets up two workspaces, invites carl to ann's as a member and returns
// an API whose records hide the photos field from him.
func photosHiddenFromCarl(t *testing.T, a *apitest.TestApp) (map[string]string, *fiber.App) {
	t.Helper()
	v := twoWorkspaces(t, a)
	carl := a.User("carl@formloom.test")
	if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	svc := records.New(a.Store, a.Apps, a.Org, records.Options{Access: photosHidden{restricted: carl.ID}})
	return v, api.New(api.Deps{Config: a.Cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), DB: a.Store,
		Accounts: a.Accounts, Org: a.Org, Apps: a.Apps, Records: svc, Files: a.Files})
}

// TestAttachmentAccess: files follow the record's field rules; a reader who may not see the
// field neither uploads to it nor downloads its files, while the other fields' files stay
// reachable.
func TestAttachmentAccess(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v, h := photosHiddenFromCarl(t, a)
	call := func(s apitest.Session, method, u, body string) (int, string) {
		t.Helper()
		req := a.Request(s, method, u, body)
		if strings.Contains(u, "/files") {
			req.Header.Set("Content-Type", "application/octet-stream")
		}
		resp, err := h.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, readBody(resp)
	}
	ann, carlS := a.SignIn("ann@formloom.test"), a.SignIn("carl@formloom.test")
	st, body := call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+fileApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	ticket := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id") + "/forms/ticket"
	st, body = call(ann, "POST", ticket+"/fields/photos/files?filename=a.png", pngBytes)
	if st != 201 {
		t.Fatalf("upload: %d %s", st, body)
	}
	png := field(t, body, "id")
	st, body = call(ann, "POST", ticket+"/fields/scan/files?filename=a.pdf", pdfBytes)
	if st != 201 {
		t.Fatalf("upload: %d %s", st, body)
	}
	pdf := field(t, body, "id")
	st, body = call(ann, "POST", ticket+"/records", mustJSON(map[string]any{"title": "A", "photos": []string{png}, "scan": []string{pdf}}))
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	rec := field(t, body, "id")

	if st, body := call(carlS, "POST", ticket+"/fields/photos/files?filename=b.png", pngBytes); st != http.StatusNotFound {
		t.Fatalf("upload to a hidden field: %d %s", st, body)
	}
	if st, _ := call(carlS, "GET", ticket+"/records/"+rec+"/files/"+png, ""); st != http.StatusNotFound {
		t.Fatalf("download from a hidden field: %d", st)
	}
	if st, body := call(carlS, "GET", ticket+"/records/"+rec+"/files/"+pdf, ""); st != 200 || body != pdfBytes {
		t.Fatalf("download from a visible field: %d", st)
	}
	if st, body := call(ann, "GET", ticket+"/records/"+rec+"/files/"+png, ""); st != 200 || body != pngBytes {
		t.Fatalf("download by an unrestricted reader: %d", st)
	}
}
