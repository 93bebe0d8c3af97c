package audit_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/runtime/audit"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// owners lets every reader list the log.
type owners struct{}

func (owners) Membership(context.Context, string, string) (org.Member, error) {
	return org.Member{Role: org.RoleOwner}, nil
}

func openLog(t *testing.T) (store.Store, *audit.Service) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "audit.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range audit.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	return st, audit.New(st, owners{})
}

// An armed entry is written by the creation it records, in that creation's transaction:
// kept with it, gone with it, and only for the form it was armed for.
func TestArmedEntryIsWrittenWithTheCreation(t *testing.T) {
	st, log := openLog(t)
	ctx, armed := audit.Arm(context.Background(), audit.Entry{Workspace: "w1", Actor: "u1", Kind: "record.create"}, "crm", "leads")

	failed := errors.New("the creation fails")
	err := st.WithTx(ctx, func(ctx context.Context) error {
		if err := log.WriteArmed(ctx, "w1", "crm", "leads", "r1"); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("transaction: %v", err)
	}
	if page := list(t, log); len(page.Items) != 0 {
		t.Fatalf("a rolled-back creation left %d entries", len(page.Items))
	}

	if err := st.WithTx(ctx, func(ctx context.Context) error {
		if err := log.WriteArmed(ctx, "w1", "crm", "other", "x"); err != nil { // another form's record
			return err
		}
		return log.WriteArmed(ctx, "w1", "crm", "leads", "r2")
	}); err != nil {
		t.Fatal(err)
	}
	if !armed.Written() {
		t.Fatal("Written is false after the creation committed")
	}
	page := list(t, log)
	if len(page.Items) != 1 || page.Items[0].Target != "r2" || page.Items[0].Kind != "record.create" || page.Items[0].Actor != "u1" {
		t.Fatalf("entries: %+v, want one record.create of r2 by u1", page.Items)
	}
}

// Without an armed entry, a creation writes nothing to the log.
func TestWriteArmedWithoutAnArmedEntry(t *testing.T) {
	st, log := openLog(t)
	if err := st.WithTx(context.Background(), func(ctx context.Context) error {
		return log.WriteArmed(ctx, "w1", "crm", "leads", "r1")
	}); err != nil {
		t.Fatal(err)
	}
	if page := list(t, log); len(page.Items) != 0 {
		t.Fatalf("%d entries, want none", len(page.Items))
	}
}

func list(t *testing.T, log *audit.Service) audit.Page {
	t.Helper()
	page, err := log.List(context.Background(), "u1", "w1", audit.Filter{}, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return page
}
