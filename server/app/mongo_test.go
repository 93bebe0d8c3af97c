package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/FerretDB/FerretDB/ferretdb"

	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
)

// TestAppOnMongoEngine starts the whole app with FORMLOOM_MONGODB_URI pointing at FerretDB
// (in-process, a MongoDB wire-protocol server) and walks the organisation basics through
// the domain and the HTTP layer, then reopens the app to see that everything persisted.
// FerretDB has no transactions and loses concurrent updates, so this proves wiring and
// translation, not atomicity (the store conformance suite covers that on real MongoDB).
func TestAppOnMongoEngine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(t.TempDir()) + "/",
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); _ = f.Run(ctx) }()
	defer func() { cancel(); <-done }()

	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MongoURI = strings.TrimSuffix(f.MongoDBURI(), "/") + "/formloom_apptest"
	opts := app.Options{Logger: slog.New(slog.DiscardHandler), Hash: account.TestHashParams}

	a, err := app.Open(ctx, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Store.Capabilities().Engine; got != "mongo" {
		t.Fatalf("engine %q", got)
	}
	if _, _, err := a.Accounts.EnsureAdmin(ctx, "root@formloom.test", "root-password"); err != nil {
		t.Fatal(err)
	}
	admin, err := a.Accounts.FindByEmail(ctx, "root@formloom.test")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := a.Org.CreateWorkspace(ctx, admin.ID, "总部")
	if err != nil {
		t.Fatal(err)
	}
	name := "销售部"
	dept, err := a.Org.CreateDepartment(ctx, admin.ID, ws.ID, org.DepartmentInput{Name: &name, Head: &admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := a.Org.InviteMember(ctx, admin.ID, ws.ID, org.Invite{Email: "li@formloom.test", Departments: []string{dept.ID}})
	if err != nil || inv.SetupSecret == "" {
		t.Fatalf("invite: %+v %v", inv, err)
	}
	if _, _, err := a.Accounts.CompleteSetup(ctx, inv.SetupSecret, "li-password", "李", ""); err != nil {
		t.Fatal(err)
	}
	resp, err := a.HTTP.Test(httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(`{"email":"li@formloom.test","password":"li-password"}`)), -1)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("login on mongo: %v %v", resp.StatusCode, err)
	}
	if resp, _ := a.HTTP.Test(httptest.NewRequest("GET", "/readyz", nil), -1); resp.StatusCode != 200 {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	a, err = app.Open(ctx, cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	li, err := a.Accounts.FindByEmail(ctx, "li@formloom.test")
	if err != nil {
		t.Fatal(err)
	}
	members, err := a.Org.ListMembers(ctx, li.ID, ws.ID)
	if err != nil || len(members) != 2 {
		t.Fatalf("members after reopen: %+v %v", members, err)
	}
	for _, m := range members {
		if m.UserID == li.ID && (m.Status != account.StatusActive || len(m.Departments) != 1 || m.Departments[0] != dept.ID) {
			t.Fatalf("member after reopen: %+v", m)
		}
	}
}
