package app_test

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store/mongo/ferrettest"
)

// wireCounter is a TCP proxy in front of the MongoDB server that counts the commands
// clients send (one OP_MSG, one round trip), leaving out the driver's own heartbeats.
type wireCounter struct {
	mu   sync.Mutex
	cmds []string
}

func (w *wireCounter) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.cmds
	w.cmds = nil
	return out
}

// serve accepts on l and forwards every connection to target.
func (w *wireCounter) serve(l net.Listener, target string) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", target)
		if err != nil {
			c.Close()
			continue
		}
		go func() { _, _ = io.Copy(c, s); c.Close() }()
		go func() { w.forward(c, s); s.Close() }()
	}
}

// forward copies client messages to the server, noting each command's name.
func (w *wireCounter) forward(c, s net.Conn) {
	head := make([]byte, 16)
	for {
		if _, err := io.ReadFull(c, head); err != nil {
			return
		}
		n := int(binary.LittleEndian.Uint32(head))
		if n < 16 {
			return
		}
		body := make([]byte, n-16)
		if _, err := io.ReadFull(c, body); err != nil {
			return
		}
		// OP_MSG (2013): flags, then a kind-0 section whose document's first key is the command.
		if binary.LittleEndian.Uint32(head[12:]) == 2013 && len(body) > 10 && body[4] == 0 {
			doc := body[5:]
			if end := strings.IndexByte(string(doc[5:]), 0); end > 0 {
				name := string(doc[5 : 5+end])
				if v := doc[5+end+1:]; doc[4] == 2 && len(v) > 4 { // the collection, a string
					if n := int(binary.LittleEndian.Uint32(v)); n > 1 && 4+n <= len(v) {
						name += " " + string(v[4:4+n-1])
					}
				}
				if !slices.Contains([]string{"hello", "isMaster", "ismaster", "endSessions", "ping"}, strings.Fields(name)[0]) {
					w.mu.Lock()
					w.cmds = append(w.cmds, name)
					w.mu.Unlock()
				}
			}
		}
		if _, err := s.Write(append(head, body...)); err != nil {
			return
		}
	}
}

// TestMongoRoundTrips counts the commands (round trips) the MongoDB engine sends for the
// requests of issue 18: a plain create, a create whose pipeline starts, and a list page,
// each over HTTP with an API token, once the caches are warm. It fails if a change adds
// round trips beyond the numbers documented in docs/BENCHMARKS.md.
func TestMongoRoundTrips(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	u, err := url.Parse(ferrettest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	wc := &wireCounter{}
	go wc.serve(l, u.Host)
	u.Host = l.Addr().String()
	u.Path = "/formloom_roundtrips"

	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.MongoURI = u.String()
	a, err := app.Open(ctx, cfg, app.Options{Logger: slog.New(slog.DiscardHandler), Hash: account.TestHashParams, ManualSchedule: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
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
	plain, err := a.Apps.Create(ctx, admin.ID, ws.ID, apps.NewApp{Definition: json.RawMessage(strings.Replace(flowApp[:strings.Index(flowApp, `"pipelines"`)], `"key": "leave"`, `"key": "plain"`, 1) + `"roles": []}`)})
	if err != nil {
		t.Fatal(err)
	}
	flowed, err := a.Apps.Create(ctx, admin.ID, ws.ID, apps.NewApp{Definition: json.RawMessage(flowApp)})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := a.Accounts.CreateToken(ctx, admin.ID, "bench")
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path, body string, want int) {
		t.Helper()
		req := httptest.NewRequest(method, "/api/v1/workspaces/"+ws.ID+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "application/json")
		resp, err := a.HTTP.Test(req, -1)
		if err != nil || resp.StatusCode != want {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("%s %s: %v %d %s", method, path, err, resp.StatusCode, b)
		}
	}
	cases := []struct {
		name, method, path, body string
		want, max                int
	}{
		{"create, plain form", "POST", "/apps/" + plain.ID + "/forms/request/records", `{"reason":"家中有事"}`, 201, 6},
		{"create, pipeline starts", "POST", "/apps/" + flowed.ID + "/forms/request/records", `{"reason":"家中有事"}`, 201, 14},
		{"list page, newest first", "GET", "/apps/" + plain.ID + "/forms/request/records?limit=20", "", 200, 5},
	}
	for _, c := range cases {
		call(c.method, c.path, c.body, c.want) // warm the caches (app versions, indexes ensured)
		call(c.method, c.path, c.body, c.want)
		wc.take()
		call(c.method, c.path, c.body, c.want)
		cmds := wc.take()
		t.Logf("%s: %d round trips %v", c.name, len(cmds), cmds)
		if len(cmds) > c.max {
			t.Errorf("%s takes %d round trips, more than the %d documented: %v", c.name, len(cmds), c.max, cmds)
		}
	}
}
