package notify_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/runtime/notify"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// mailingService is a notification service on a fresh database whose workspace "ws1" mails
// through a real SMTP server on loopback (the returned mailbox), with the scheduler that
// runs its fan-out and a "users" collection for recipients.
func mailingService(t *testing.T) (store.Store, *schedule.Scheduler, *notify.Service, *mailbox) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "notify.db"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	specs := append(append(notify.Collections(), schedule.Collections()...), store.CollectionSpec{Name: "users"}, store.CollectionSpec{Name: notify.NotificationsCollection})
	for _, spec := range specs {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	vault, err := notify.OpenVault(filepath.Join(t.TempDir(), notify.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	sch := schedule.New(st, schedule.Options{Logger: slog.New(slog.DiscardHandler)})
	svc := notify.New(st, sch, vault, owners{}, notify.NewSender(notify.SenderOptions{AllowPrivate: true}), notify.Options{PublicURL: "https://formloom.example"})
	mb := &mailbox{user: "mailer", pass: "s3cret"}
	host, port := startSMTP(t, mb)
	if _, err := svc.PutSettings(ctx, "ann", "ws1", notify.Settings{SMTP: &notify.SMTPSettings{Host: host, Port: port, Security: notify.SecurityNone, User: mb.user, Password: mb.pass, From: "noreply@formloom.example"}}); err != nil {
		t.Fatal(err)
	}
	return st, sch, svc, mb
}
