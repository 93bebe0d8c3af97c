package apitest

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
	"github.com/formloom/formloom/store/mongo/ferrettest"
)

// Credentials of the admin every TestApp starts with, and the password of users made by User.
const (
	AdminEmail    = "admin@formloom.test"
	AdminPassword = "admin-password"
	UserPassword  = "user-password"
)

// TestApp is a Formloom over a fresh database in a temporary directory.
type TestApp struct {
	*app.App
	T      testing.TB
	Cfg    config.Config
	logs   *lockedWriter
	addr   string
	client *http.Client
}

// Logs returns everything the server has logged so far.
func (a *TestApp) Logs() string {
	a.logs.mu.Lock()
	defer a.logs.mu.Unlock()
	return a.logs.buf.String()
}

// Config returns the configuration tests run with: defaults, a temporary data directory and
// a small body limit so that the oversize case is cheap to provoke.
func Config(t testing.TB) config.Config {
	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	cfg.BodyLimit = 64 << 10
	cfg.AdminEmail, cfg.AdminPassword = AdminEmail, AdminPassword
	if uri := mongoServer(t); uri != "" {
		cfg.MongoURI = freshMongoDatabase(t, uri)
	}
	return cfg
}

// MongoEnv names the variable that moves every TestApp onto the MongoDB engine: a
// connection string without a database; each TestApp gets a fresh database on that server,
// dropped when its test ends. Unset: the embedded SQLite engine. For example
//
//	FORMLOOM_TEST_APP_MONGODB_URI='mongodb://localhost:27017/?replicaSet=rs0' go test ./server/api/
//
// runs the whole HTTP suite on a replica set; OnMongo runs one test on FerretDB.
const MongoEnv = "FORMLOOM_TEST_APP_MONGODB_URI"

// freshMongoDatabase returns uri naming a database of its own for this test.
func freshMongoDatabase(t testing.TB, uri string) string {
	name := "apitest_" + strings.ToLower(store.NewID())
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatalf("%s: %v", MongoEnv, err)
	}
	u.Path = "/" + name
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		st, err := mongo.Open(ctx, mongo.Options{URI: u.String()})
		if err != nil {
			return
		}
		defer st.Close()
		_ = st.DropDatabase(ctx)
	})
	return u.String()
}

// OnMongo runs test on the MongoDB engine: on the server of FORMLOOM_TEST_APP_MONGODB_URI
// when it is set, else on a FerretDB started for this test. Every TestApp the test starts
// then uses a fresh database there.
func OnMongo(t *testing.T, test func(t *testing.T)) {
	t.Helper()
	if os.Getenv(MongoEnv) == "" {
		name := t.Name()
		ferretByTest.Store(name, ferrettest.New(t))
		t.Cleanup(func() { ferretByTest.Delete(name) })
	}
	test(t)
}

// ferretByTest holds the FerretDB URI OnMongo started, by the name of the test it started
// it for. A table rather than t.Setenv: a test that sets the environment may not run in
// parallel, and the tests OnMongo wraps do.
var ferretByTest sync.Map

// mongoServer returns the MongoDB server t's TestApps use: MongoEnv's when set, else the
// FerretDB OnMongo started for t or a test it belongs to; "" means the SQLite engine.
func mongoServer(t testing.TB) string {
	if uri := os.Getenv(MongoEnv); uri != "" {
		return uri
	}
	for name := t.Name(); ; {
		if uri, ok := ferretByTest.Load(name); ok {
			return uri.(string)
		}
		i := strings.LastIndex(name, "/")
		if i < 0 {
			return ""
		}
		name = name[:i]
	}
}

// New starts a TestApp with the first admin created; edit changes the configuration first.
func New(t testing.TB, edit ...func(*config.Config)) *TestApp {
	t.Helper()
	return NewWith(t, Options{}, edit...)
}

// Options are the start-up choices a test makes beyond the configuration.
type Options struct {
	// Now is the clock of records, pipelines and the scheduler; nil: the real one.
	Now func() time.Time
	// ManualSchedule: due work runs only when the test calls App.Scheduler.RunDue.
	ManualSchedule bool
	// UI is the built web UI to serve; nil serves the placeholder page.
	UI fs.FS
}

// NewWith starts a TestApp like New, with opts.
func NewWith(t testing.TB, opts Options, edit ...func(*config.Config)) *TestApp {
	t.Helper()
	cfg := Config(t)
	for _, e := range edit {
		e(&cfg)
	}
	logs := &lockedWriter{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, app.Options{Logger: log, Hash: account.TestHashParams, Now: opts.Now, ManualSchedule: opts.ManualSchedule, UI: opts.UI})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if _, _, err := a.Accounts.EnsureAdmin(ctx, cfg.AdminEmail, cfg.AdminPassword); err != nil {
		t.Fatal(err)
	}
	ta := &TestApp{App: a, T: t, Cfg: cfg, logs: logs}
	ta.listen()
	return ta
}

// Do sends a request over loopback to the real server, so that everything from the socket
// up (body limits, timeouts, headers) is what clients meet.
func (a *TestApp) Do(req *http.Request) *http.Response {
	a.T.Helper()
	req.URL.Scheme, req.URL.Host, req.Host, req.RequestURI = "http", a.addr, a.addr, ""
	resp, err := a.client.Do(req)
	if err != nil {
		a.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return resp
}

// listen serves the app on a free loopback port until the test ends.
func (a *TestApp) listen() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.T.Fatal(err)
	}
	a.addr = ln.Addr().String()
	go func() { _ = a.HTTP.Listener(ln) }()
	a.client = &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	a.T.Cleanup(func() {
		a.client.CloseIdleConnections()
		_ = a.HTTP.Shutdown()
	})
}

// Session is a signed-in browser: its cookie and CSRF token.
type Session struct {
	Cookie string
	CSRF   string
	UserID string
}

// User creates (or finds) an active user with UserPassword.
func (a *TestApp) User(email string) account.User {
	a.T.Helper()
	ctx := context.Background()
	if u, err := a.Accounts.FindByEmail(ctx, email); err == nil {
		return u
	}
	u, err := a.Accounts.CreateUser(ctx, email, strings.Split(email, "@")[0], UserPassword)
	if err != nil {
		a.T.Fatal(err)
	}
	return u
}

// SignIn opens a session for the user with that e-mail (creating the user if needed).
func (a *TestApp) SignIn(email string) Session {
	a.T.Helper()
	u := a.User(email)
	p, secret, err := a.Accounts.OpenSession(context.Background(), u.ID, "127.0.0.1")
	if err != nil {
		a.T.Fatal(err)
	}
	return Session{Cookie: secret, CSRF: p.CSRF, UserID: u.ID}
}

// Request builds a request signed in as s (zero Session: anonymous), sending the CSRF token.
func (a *TestApp) Request(s Session, method, url, body string) *http.Request {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, url, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.Cookie != "" {
		req.AddCookie(&http.Cookie{Name: "formloom_session", Value: s.Cookie})
		req.Header.Set("X-CSRF-Token", s.CSRF)
	}
	return req
}

// Call sends a request as s and returns the status and body.
func (a *TestApp) Call(s Session, method, url, body string) (int, string) {
	a.T.Helper()
	resp := a.Do(a.Request(s, method, url, body))
	defer resp.Body.Close()
	return resp.StatusCode, readAll(resp.Body)
}

func readAll(r io.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}
