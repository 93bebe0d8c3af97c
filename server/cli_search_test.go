package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/search"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
)

// TestSearchRebuild empties the index behind the server's back; `formloom search rebuild`
// makes the records findable again.
func TestSearchRebuild(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	cfg, err := config.Load([]string{"-data-dir", dir}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	open := func() *app.App {
		a, err := app.Open(ctx, cfg, app.Options{Hash: account.TestHashParams, ManualSchedule: true})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := open()
	u, err := a.Accounts.CreateUser(ctx, "owner@formloom.test", "owner", "owner-password")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := a.Org.CreateWorkspace(ctx, u.ID, "CLI")
	if err != nil {
		t.Fatal(err)
	}
	created, err := a.Apps.Create(ctx, u.ID, ws.ID, apps.NewApp{Definition: []byte(`{"key": "notes", "name": {"zh-CN": "笔记"}, "forms": [{"key": "note", "name": {"zh-CN": "笔记"},
		"schema": {"type": "object", "properties": {"text": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "内容"}}}}}}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Records.Create(ctx, records.Ref{Actor: u.ID, Workspace: ws.ID, App: created.ID, Form: "note"}, []byte(`{"text":"禾丰超市的订单"}`)); err != nil {
		t.Fatal(err)
	}
	found := func(a *app.App) int {
		t.Helper()
		res, err := a.Search.Search(ctx, u.ID, ws.ID, search.Query{Q: "禾丰"})
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Items)
	}
	if n := found(a); n != 1 {
		t.Fatalf("before: %d found", n)
	}
	if err := a.Store.WithTx(ctx, a.SearchIndex.Clear); err != nil {
		t.Fatal(err)
	}
	if n := found(a); n != 0 {
		t.Fatalf("after clearing: %d found", n)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCLI(t, "search", "rebuild", "--data-dir", dir, "-log-level", "error")
	if code != 0 || !strings.Contains(out, "1 records read") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if code, _, _ := runCLI(t, "search"); code != 2 {
		t.Fatalf("no subcommand: exit %d", code)
	}
	a = open()
	defer a.Close()
	if n := found(a); n != 1 {
		t.Fatalf("after rebuild: %d found", n)
	}
}
