package access

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store/sqlite"
)

// TestSnapshotNotFilledFromARolledBackTx: an app version first seen inside a transaction is
// answered from what that transaction reads (here a role given in it), but what was read
// is not kept for everyone: once the transaction rolls back, the role was never given.
func TestSnapshotNotFilledFromARolledBackTx(t *testing.T) {
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
	s := New(st, nil, nil, Options{})
	c := &apps.Compiled{AppID: "app1", Version: 1, Template: &template.Template{
		Forms:       []template.Form{{Key: "lead"}},
		Roles:       []template.Role{{Key: "audit"}},
		Permissions: []template.Permission{{Role: "audit", Form: "lead", Actions: []string{"read"}}},
	}}
	req := records.AccessRequest{Member: org.Member{UserID: "u1", Role: org.RoleMember}, Workspace: "ws1", App: c, Form: "lead", Action: records.ActionRead}
	rollBack := errors.New("roll back")
	err = st.WithTx(ctx, func(ctx context.Context) error {
		rule := [][]string{groupingRule("ws1", "app1", "audit", Assignee{User: "u1"})}
		if err := s.adapter.AddPoliciesCtx(ctx, "g", rule, 0); err != nil {
			return err
		}
		if _, err := s.Authorize(ctx, req); err != nil {
			t.Errorf("inside the transaction that gives the role: %v", err)
		}
		return rollBack
	})
	if !errors.Is(err, rollBack) {
		t.Fatalf("transaction: %v", err)
	}
	if g, err := s.Authorize(ctx, req); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("after the roll-back, the role given in it still grants: %+v %v", g, err)
	}
}
