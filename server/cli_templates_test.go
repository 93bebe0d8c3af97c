package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTemplatesList(t *testing.T) {
	code, out, errOut := runCLI(t, "templates", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"lead-management", "meeting-minutes", "contract-approval", "goal-tracking", "task-priority", "线索管理 / Lead management", "5 forms"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestTemplatesValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte(`{"key": "ok-one", "name": {"zh-CN": "好"}, "forms": [{"key": "f", "name": {"zh-CN": "表"},
		"schema": {"type": "object", "properties": {"a": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "甲"}}}}}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"key": "Bad", "name": {"zh-CN": "坏"}, "forms": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "templates", "validate", good, "../templates/starter/lead-management.json")
	if code != 0 || !strings.Contains(out, good+": ok") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "templates", "validate", good, bad)
	if code != 1 || !strings.Contains(out, bad+": /key: pattern: ") || !strings.Contains(out, bad+": /forms: minItems: ") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "templates", "validate"); code != 2 {
		t.Fatalf("no files: exit %d", code)
	}
	if code, _, _ := runCLI(t, "templates", "validate", filepath.Join(dir, "missing.json")); code != 1 {
		t.Fatalf("a missing file: exit %d", code)
	}
}

func TestTemplatesInstall(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	cfg, err := config.Load([]string{"-data-dir", dir}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, app.Options{Hash: account.TestHashParams})
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Accounts.CreateUser(ctx, "owner@formloom.test", "owner", "owner-password")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := a.Org.CreateWorkspace(ctx, u.ID, "CLI")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCLI(t, "templates", "install", "meeting_minutes", "--workspace", ws.ID, "--data-dir", dir, "-log-level", "error")
	if code != 0 || !strings.Contains(out, "installed meeting_minutes as app ") {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "templates", "install", "nope", "--workspace", ws.ID, "--data-dir", dir); code != 1 {
		t.Fatalf("an unknown template: exit %d %s", code, errOut)
	}
	if code, _, _ := runCLI(t, "templates", "install", "task-priority", "--workspace", "nope", "--data-dir", dir); code != 1 {
		t.Fatalf("an unknown workspace: exit %d", code)
	}
	if code, _, _ := runCLI(t, "templates", "install", "task-priority", "--data-dir", dir); code != 2 {
		t.Fatalf("no workspace: exit %d", code)
	}

	a, err = app.Open(ctx, cfg, app.Options{Hash: account.TestHashParams})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	list, err := a.Apps.List(ctx, u.ID, ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Key != "meeting-minutes" || list[0].Published != 1 {
		t.Fatalf("apps: %+v", list)
	}
}
