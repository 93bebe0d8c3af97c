package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/api"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/store"
)

// ownNotesHidden is an Access such as role permissions will compile to: one member (the
// restricted user) sees only records they own and never the notes field.
type ownNotesHidden struct{ restricted string }

func (o ownNotesHidden) Authorize(_ context.Context, req records.AccessRequest) (records.Grant, error) {
	if req.Member.UserID != o.restricted {
		return records.Grant{}, nil
	}
	if req.Record != nil && req.Record.Owner != o.restricted {
		return records.Grant{}, fault.ErrNotFound()
	}
	return records.Grant{Scope: store.Eq("owner", o.restricted), Hidden: map[string]bool{"notes": true}}, nil
}

// TestAccessSeam runs the API with a records service whose Access hides a field and
// narrows the data scope, as issue-5 permissions will.
func TestAccessSeam(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	svc := records.New(a.Store, a.Apps, a.Org, records.Options{Access: ownNotesHidden{restricted: v["carl"]}})
	h := api.New(api.Deps{Config: a.Cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), DB: a.Store,
		Accounts: a.Accounts, Org: a.Org, Apps: a.Apps, Records: svc})
	call := func(s apitest.Session, method, u, body string, hdr ...string) (int, string) {
		t.Helper()
		req := a.Request(s, method, u, body)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := h.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, readBody(resp)
	}
	ann, carl := a.SignIn("ann@formloom.test"), a.SignIn("carl@formloom.test")
	annLead := createLead(t, a, v, nil)
	st, body := call(carl, "POST", v["lead"]+"/records", lead(v, map[string]any{"phone": "13900000001"}))
	if st != 400 || !strings.Contains(body, `"/notes":{"code":"unknown_field"`) {
		t.Fatalf("carl sets notes: %d %s", st, body)
	}
	st, body = call(carl, "POST", v["lead"]+"/records", lead(v, map[string]any{"phone": "13900000001", "notes": nil}))
	if st != 201 || strings.Contains(body, `"notes"`) {
		t.Fatalf("carl creates: %d %s", st, body)
	}
	carlLead := field(t, body, "id")

	// Lists are scoped and hide the field; the hidden field cannot be filtered or sorted by.
	st, body = call(carl, "GET", v["lead"]+"/records?total=true", "")
	if st != 200 || !strings.Contains(body, carlLead) || strings.Contains(body, annLead) || strings.Contains(body, `"notes"`) || !strings.Contains(body, `"total":1`) {
		t.Fatalf("carl lists: %d %s", st, body)
	}
	st, body = call(carl, "GET", v["lead"]+"/records?filter="+url.QueryEscape(`{"field":"notes","op":"exists","value":true}`), "")
	if st != 400 || !strings.Contains(body, `"/filter/field":{"code":"unknown_field"`) {
		t.Fatalf("filter on a hidden field: %d %s", st, body)
	}
	st, body = call(carl, "GET", v["lead"]+"/records?sort=notes", "")
	if st != 400 || !strings.Contains(body, `"/sort/0":{"code":"unknown_field"`) {
		t.Fatalf("sort by a hidden field: %d %s", st, body)
	}
	// Records outside the scope are not found; the hidden field is neither shown nor writable.
	if st, _ := call(carl, "GET", v["lead"]+"/records/"+annLead, ""); st != http.StatusNotFound {
		t.Fatalf("carl reads ann's lead: %d", st)
	}
	if st, body := call(carl, "PATCH", v["lead"]+"/records/"+carlLead, `{"notes":"x"}`, "If-Match", "1"); st != 400 || !strings.Contains(body, `"/notes":{"code":"unknown_field"`) {
		t.Fatalf("carl writes notes: %d %s", st, body)
	}
	if st, body := call(carl, "GET", v["lead"]+"/records/"+carlLead+"/history", ""); st != 200 || strings.Contains(body, `"notes"`) || !strings.Contains(body, `"subject"`) {
		t.Fatalf("carl's history: %d %s", st, body)
	}
	// Others are not restricted.
	if st, body := call(ann, "GET", v["lead"]+"/records/"+annLead, ""); st != 200 || !strings.Contains(body, `"notes":"第一次接触"`) {
		t.Fatalf("ann reads her lead: %d %s", st, body)
	}
}
