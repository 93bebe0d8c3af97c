package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"
)

// instance is the real binary's run() serving on a loopback port.
type instance struct {
	base   string
	cancel context.CancelFunc
	done   chan int
	stdout *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func start(t *testing.T, env map[string]string) *instance {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	in := &instance{base: "http://" + env["FORMLOOM_ADDR"], cancel: cancel, done: make(chan int, 1), stdout: &syncBuffer{}}
	go func() { in.done <- run(ctx, nil, func(k string) string { return env[k] }, in.stdout, io.Discard) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(in.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return in
			}
		}
		select {
		case code := <-in.done:
			t.Fatalf("server exited with %d; stdout: %s", code, in.stdout)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("server did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (in *instance) stop(t *testing.T) {
	t.Helper()
	in.cancel()
	select {
	case code := <-in.done:
		if code != 0 {
			t.Fatalf("exit code %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no graceful shutdown")
	}
}

type browser struct {
	t      *testing.T
	client *http.Client
	csrf   string
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

func (b *browser) call(method, url, body string) (int, map[string]any) {
	b.t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if b.csrf != "" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if tok, ok := out["csrfToken"].(string); ok {
		b.csrf = tok
	}
	return resp.StatusCode, out
}

// TestRestartKeepsEverything is the foundation's acceptance path on the real binary: the
// admin signs in, creates a workspace, a two-level department tree with heads, invites a
// member who signs in through the setup link; after a restart all of it is still there.
func TestRestartKeepsEverything(t *testing.T) {
	env := map[string]string{
		"FORMLOOM_ADDR":           freeAddr(t),
		"FORMLOOM_DATA_DIR":       t.TempDir(),
		"FORMLOOM_ADMIN_EMAIL":    "boss@formloom.test",
		"FORMLOOM_ADMIN_PASSWORD": "boss-password",
	}
	srv := start(t, env)
	admin := newBrowser(t)
	if st, body := admin.call("POST", srv.base+"/api/v1/auth/login", `{"email":"boss@formloom.test","password":"boss-password"}`); st != 200 {
		t.Fatalf("login: %d %v", st, body)
	}
	if st, me := admin.call("GET", srv.base+"/api/v1/auth/me", ""); st != 200 || me["user"].(map[string]any)["email"] != "boss@formloom.test" {
		t.Fatalf("me: %d %v", st, me)
	}
	_, ws := admin.call("POST", srv.base+"/api/v1/workspaces", `{"name":"总部"}`)
	base := srv.base + "/api/v1/workspaces/" + ws["id"].(string)
	_, inv := admin.call("POST", base+"/members", `{"email":"han.mei@formloom.test","name":"韩梅梅"}`)
	member := inv["member"].(map[string]any)["userId"].(string)
	setup := inv["setup"].(map[string]any)["token"].(string)
	_, root := admin.call("POST", base+"/departments", `{"name":"市场部"}`)
	st, child := admin.call("POST", base+"/departments", fmt.Sprintf(`{"name":"品牌组","parent":%q,"head":%q}`, root["id"], member))
	if st != 201 {
		t.Fatalf("child: %d %v", st, child)
	}
	invitee := newBrowser(t)
	if st, body := invitee.call("POST", srv.base+"/api/v1/auth/setup", fmt.Sprintf(`{"token":%q,"password":"han-mei-pass"}`, setup)); st != 200 {
		t.Fatalf("setup: %d %v", st, body)
	}
	srv.stop(t)

	srv = start(t, env)
	defer srv.stop(t)
	if strings.Contains(srv.stdout.String(), "Password:") {
		t.Fatal("a second start must not create another admin")
	}
	// The old session cookie still works after the restart: sessions live in the database.
	if st, body := admin.call("GET", base+"/departments", ""); st != 200 || len(body["items"].([]any)) != 2 {
		t.Fatalf("departments after restart: %d %v", st, body)
	}
	again := newBrowser(t)
	if st, _ := again.call("POST", srv.base+"/api/v1/auth/login", `{"email":"han.mei@formloom.test","password":"han-mei-pass"}`); st != 200 {
		t.Fatalf("member login after restart: %d", st)
	}
	st, list := again.call("GET", srv.base+"/api/v1/workspaces", "")
	if st != 200 || len(list["items"].([]any)) != 1 {
		t.Fatalf("member's workspaces: %d %v", st, list)
	}
}

func TestFirstStartPrintsAGeneratedPasswordOnce(t *testing.T) {
	env := map[string]string{"FORMLOOM_ADDR": freeAddr(t), "FORMLOOM_DATA_DIR": t.TempDir()}
	srv := start(t, env)
	out := srv.stdout.String()
	i := strings.Index(out, "Password:")
	if i < 0 {
		t.Fatalf("no password printed: %q", out)
	}
	password := strings.Fields(out[i+len("Password:"):])[0]
	b := newBrowser(t)
	if st, _ := b.call("POST", srv.base+"/api/v1/auth/login", fmt.Sprintf(`{"email":"admin@formloom.local","password":%q}`, password)); st != 200 {
		t.Fatalf("printed password does not sign in: %d", st)
	}
	srv.stop(t)
	srv = start(t, env)
	defer srv.stop(t)
	if strings.Contains(srv.stdout.String(), "Password:") {
		t.Fatal("password printed twice")
	}
}

func TestHealthcheckCommand(t *testing.T) {
	env := map[string]string{"FORMLOOM_ADDR": freeAddr(t), "FORMLOOM_DATA_DIR": t.TempDir(), "FORMLOOM_ADMIN_PASSWORD": "admin-password"}
	get := func(k string) string { return env[k] }
	if code := run(context.Background(), []string{"healthcheck"}, get, io.Discard, io.Discard); code == 0 {
		t.Fatal("healthcheck passed with no server")
	}
	srv := start(t, env)
	defer srv.stop(t)
	if code := run(context.Background(), []string{"healthcheck"}, get, io.Discard, io.Discard); code != 0 {
		t.Fatalf("healthcheck: %d", code)
	}
}
