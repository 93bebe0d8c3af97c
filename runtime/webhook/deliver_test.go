package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// receiver is a webhook endpoint that answers 503 to its first down requests, then checks
// each delivery's signature and headers and counts deliveries per ID.
type receiver struct {
	t      *testing.T
	secret []byte
	down   int

	mu       sync.Mutex
	requests int
	got      map[string]int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.requests++
	if rc.requests <= rc.down {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if err := webhook.Verify(rc.secret, r.Header.Get(webhook.HeaderSignature), body, time.Now(), 5*time.Minute); err != nil {
		rc.t.Errorf("delivery with a bad signature: %v", err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var ev webhook.Event
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID != r.Header.Get(webhook.HeaderDelivery) || ev.Type != r.Header.Get(webhook.HeaderEvent) {
		rc.t.Errorf("delivery body %s does not match its headers %v (%v)", body, r.Header, err)
	}
	rc.got[ev.ID]++
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) deliveries() map[string]int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make(map[string]int, len(rc.got))
	for k, v := range rc.got {
		out[k] = v
	}
	return out
}

func openStore(t *testing.T, path string) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range schedule.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// A receiver that is down for its first 30 requests gets every one of 50 events exactly
// once, signed, with the store closed and reopened half-way.
func TestDeliveryRetriesUntilTheReceiverIsBack(t *testing.T) {
	secret := []byte("whsec-test")
	rc := &receiver{t: t, secret: secret, down: 30, got: map[string]int{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "webhook.db")
	clk := &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	sender := webhook.NewSender(webhook.SenderOptions{AllowPrivate: true}) // httptest listens on loopback
	start := func(st store.Store) *schedule.Scheduler {
		sch := schedule.New(st, schedule.Options{Now: clk.Now, Logger: slog.New(slog.DiscardHandler)})
		sender.Register(sch)
		return sch
	}
	ctx := context.Background()
	st := openStore(t, path)
	sch := start(st)
	for i := range 50 {
		ev := webhook.Event{ID: fmt.Sprintf("d%02d", i), Type: "record.created", Workspace: "w", App: "crm",
			Form: "lead", Record: fmt.Sprintf("r%02d", i), At: clk.Now(), Data: json.RawMessage(`{"name":"Ada"}`)}
		if err := webhook.Enqueue(ctx, sch, srv.URL+"/hook?token=abc", secret, ev); err != nil {
			t.Fatal(err)
		}
	}
	runPass := func() {
		for {
			n, err := sch.RunDue(ctx)
			if err != nil {
				t.Fatalf("RunDue: %v", err)
			}
			if n == 0 {
				return
			}
		}
	}
	runPass() // 30 refused, 20 delivered
	if got := len(rc.deliveries()); got != 20 {
		t.Fatalf("after the first pass %d events arrived, want 20", got)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = openStore(t, path)
	defer st.Close()
	sch = start(st)
	for round := 0; round < 20 && len(rc.deliveries()) < 50; round++ {
		clk.Advance(time.Minute)
		runPass()
	}
	got := rc.deliveries()
	if len(got) != 50 {
		t.Errorf("%d of 50 events arrived", len(got))
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("event %s arrived %d times", id, n)
		}
	}
	if n, err := st.Collection(schedule.Collection).Count(ctx, store.Filter{}); err != nil || n != 0 {
		t.Errorf("%d deliveries left in the outbox (%v)", n, err)
	}
}

// Without AllowPrivate a loopback URL is refused before sending, and a name that resolves
// to a loopback address is refused when connecting.
func TestPrivateAddressesAreRefused(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	sender := webhook.NewSender(webhook.SenderOptions{})
	ev := webhook.Event{ID: "d1", Type: "t"}
	err := sender.Deliver(context.Background(), srv.URL, []byte("k"), ev)
	if fe, ok := fault.As(err); !ok || fe.Code != "webhook_url_refused" {
		t.Errorf("loopback literal: %v", err)
	}

	host, err := os.Hostname()
	if err != nil {
		t.Skip("no hostname")
	}
	addrs, _ := net.LookupHost(host)
	loopback := false
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip != nil && ip.IsLoopback() {
			loopback = true
		}
	}
	if !loopback {
		t.Skipf("hostname %q does not resolve to loopback here (%v)", host, addrs)
	}
	u, _ := url.Parse(srv.URL)
	named := "http://" + net.JoinHostPort(host, u.Port()) + "/"
	if err := webhook.CheckURL(named, false); err != nil {
		t.Fatalf("a name passes CheckURL: %v", err)
	}
	err = sender.Deliver(context.Background(), named, []byte("k"), ev)
	if err == nil || hits != 0 {
		t.Fatalf("delivery to %s reached the server (err %v, hits %d)", named, err, hits)
	}
	if !errors.Is(err, webhook.ErrPrivateAddress) {
		t.Errorf("expected a connect-time refusal, got %v", err)
	}
	// The same name is fine when private addresses are allowed.
	if err := webhook.NewSender(webhook.SenderOptions{AllowPrivate: true}).Deliver(context.Background(), named, []byte("k"), ev); err != nil || hits != 1 {
		t.Errorf("allowed private delivery: err %v, hits %d", err, hits)
	}
}
