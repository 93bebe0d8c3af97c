package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/notify"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store"
)

// owners makes everyone the owner of every workspace, in UTC.
type owners struct{}

func (owners) Membership(_ context.Context, _, user string) (org.Member, error) {
	return org.Member{UserID: user, Role: org.RoleOwner}, nil
}

func (owners) GetWorkspace(_ context.Context, _, ws string) (org.Workspace, error) {
	return org.Workspace{ID: ws, Timezone: "UTC"}, nil
}

// TestFanOutAfterCommit: a notification stored in a transaction that rolls back (a
// failing pipeline step) sends nothing; one that commits is fanned out after the commit
// and reaches the recipient's mailbox once, however often the outbox runs.
func TestFanOutAfterCommit(t *testing.T) {
	ctx := context.Background()
	st, sch, svc, mb := mailingService(t)
	user, err := store.NewDocument("sam", map[string]string{"email": "sam@example.com", "name": "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Collection("users").Insert(ctx, user); err != nil {
		t.Fatal(err)
	}
	notes := svc.Watch(st).Collection(notify.NotificationsCollection)
	note := func(record string) store.Document {
		d, err := store.NewDocument("", map[string]any{"user": "sam", "ws": "ws1", "app": "a1", "form": "contract", "record": record, "kind": "task",
			"nodeName": map[string]string{"zh-CN": "法务审核", "en": "Legal review"}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	failed := errors.New("the step failed after its notification")
	if err := st.WithTx(ctx, func(ctx context.Context) error {
		if _, err := notes.Insert(ctx, note("r-rolled-back")); err != nil {
			return err
		}
		return failed
	}); !errors.Is(err, failed) {
		t.Fatalf("rolled-back step: %v", err)
	}
	if err := st.WithTx(ctx, func(ctx context.Context) error {
		_, err := notes.Insert(ctx, note("r-committed"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// The committed step queued its fan-out only: nothing is decided or sent before it runs.
	pending, err := st.Collection(schedule.Collection).Find(ctx, store.Query{Filter: store.Eq("kind", notify.KindFanout)})
	if err != nil || len(pending.Docs) != 1 {
		t.Fatalf("fan-out items: %d %v", len(pending.Docs), err)
	}
	for range 4 { // the fan-out, then its delivery, then nothing
		if _, err := sch.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	mb.mu.Lock()
	defer mb.mu.Unlock()
	if len(mb.msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(mb.msgs))
	}
	if body := decodeQP(string(mb.msgs[0].data)); mb.msgs[0].to != "sam@example.com" || !strings.Contains(body, "/records/r-committed") {
		t.Errorf("message to %s:\n%s", mb.msgs[0].to, body)
	}
	var left []json.RawMessage
	if page, err := st.Collection(schedule.Collection).Find(ctx, store.Query{}); err == nil {
		for _, d := range page.Docs {
			left = append(left, d.Data)
		}
	}
	if len(left) != 0 {
		t.Errorf("outbox items left: %s", left)
	}
}
