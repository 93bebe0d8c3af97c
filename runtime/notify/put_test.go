package notify_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/notify"
	"github.com/formloom/formloom/store"
)

// TestPutNotesFannedOutEach: notifications a step stores together (store.Put, one
// statement on SQLite) are each stored and each fanned out to its recipient after the
// commit, once; stored together in a transaction that rolls back, none is kept or sent.
func TestPutNotesFannedOutEach(t *testing.T) {
	ctx := context.Background()
	st, sch, svc, mb := mailingService(t)
	for _, u := range []string{"lin", "fay"} {
		d, err := store.NewDocument(u, map[string]string{"email": u + "@example.com", "name": u})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Collection("users").Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	notes := svc.Watch(st).Collection(notify.NotificationsCollection)
	putter, ok := notes.(store.Putter)
	if !ok {
		t.Fatal("the watched notifications cannot store several at once")
	}
	note := func(user, record string) store.Document {
		d, err := store.NewDocument("", map[string]any{"user": user, "ws": "ws1", "app": "a1", "form": "contract", "record": record, "kind": "task",
			"nodeName": map[string]string{"zh-CN": "法务审核", "en": "Legal review"}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	failed := errors.New("the step failed after its notifications")
	if err := st.WithTx(ctx, func(ctx context.Context) error {
		if err := putter.Put(ctx, note("lin", "r-rolled-back"), note("fay", "r-rolled-back")); err != nil {
			return err
		}
		return failed
	}); !errors.Is(err, failed) {
		t.Fatalf("rolled-back step: %v", err)
	}
	if err := st.WithTx(ctx, func(ctx context.Context) error {
		return putter.Put(ctx, note("lin", "r-split"), note("fay", "r-split"))
	}); err != nil {
		t.Fatal(err)
	}
	stored, err := st.Collection(notify.NotificationsCollection).Find(ctx, store.Query{})
	if err != nil || len(stored.Docs) != 2 {
		t.Fatalf("stored notifications: %d %v", len(stored.Docs), err)
	}
	for range 4 {
		if _, err := sch.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	mb.mu.Lock()
	defer mb.mu.Unlock()
	var to []string
	for _, m := range mb.msgs {
		to = append(to, m.to)
		if body := decodeQP(string(m.data)); !strings.Contains(body, "/records/r-split") {
			t.Errorf("message to %s:\n%s", m.to, body)
		}
	}
	slices.Sort(to)
	if !slices.Equal(to, []string{"fay@example.com", "lin@example.com"}) {
		t.Errorf("mailed to %v, want fay and lin once each", to)
	}
}
