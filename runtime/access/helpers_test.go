package access

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// auditedLead is a fresh database with the access collections, and app1's version 1, whose
// role "audit" reads form "lead", with member u1's read request of it in workspace ws1.
func auditedLead(t *testing.T) (store.Store, records.AccessRequest) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "a.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	c := &apps.Compiled{AppID: "app1", Version: 1, Template: &template.Template{
		Forms:       []template.Form{{Key: "lead"}},
		Roles:       []template.Role{{Key: "audit"}},
		Permissions: []template.Permission{{Role: "audit", Form: "lead", Actions: []string{"read"}}},
	}}
	return st, records.AccessRequest{Member: org.Member{UserID: "u1", Role: org.RoleMember}, Workspace: "ws1", App: c, Form: "lead", Action: records.ActionRead}
}
