package access

import (
	"context"
	"errors"
	"testing"

	"github.com/formloom/formloom/fault"
)

// TestSnapshotNotFilledFromARolledBackTx: an app version first seen inside a transaction is
// answered from what that transaction reads (here a role given in it), but what was read
// is not kept for everyone: once the transaction rolls back, the role was never given.
func TestSnapshotNotFilledFromARolledBackTx(t *testing.T) {
	ctx := context.Background()
	st, req := auditedLead(t)
	s := New(st, nil, nil, Options{})
	rollBack := errors.New("roll back")
	err := st.WithTx(ctx, func(ctx context.Context) error {
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
