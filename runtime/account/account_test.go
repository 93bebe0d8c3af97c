package account_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// clock is a time source a test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "account.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range account.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// newService is the account service on a fresh store, cheap hashes, the clock given.
func newService(t *testing.T, c *clock, opts account.Options) (*account.Service, store.Store) {
	t.Helper()
	st := openStore(t)
	return serviceOn(t, st, c, opts), st
}

func serviceOn(t *testing.T, st store.Store, c *clock, opts account.Options) *account.Service {
	t.Helper()
	if opts.Hash == (account.HashParams{}) {
		opts.Hash = account.TestHashParams
	}
	opts.Now = c.now
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := account.New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)} }

// code is the fault's code and field pointers, "" for nil.
func code(err error) string {
	if err == nil {
		return ""
	}
	fe, ok := fault.As(err)
	if !ok {
		return "internal: " + err.Error()
	}
	out := fe.Code
	for p := range fe.Fields {
		out += " " + p
	}
	return out
}

// TestCreateUserRules: what a new account's e-mail, name and password must be.
func TestCreateUserRules(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t, newClock(), account.Options{})
	ctx := context.Background()
	if _, err := svc.CreateUser(ctx, "Ann@Formloom.test ", "ann", "password-1"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, email, password, want string
	}{
		{"an address taken in another case", "ANN@formloom.test", "password-1", "email_taken /email"},
		{"not an address", "ann at formloom", "password-1", "validation_failed /email"},
		{"a display name with the address", "Ann <bob@formloom.test>", "password-1", "validation_failed /email"},
		{"a password under 8 characters", "bob@formloom.test", "short", "validation_failed /password"},
		{"a password over 256 bytes", "bob@formloom.test", strings.Repeat("密", 86), "validation_failed /password"},
		{"8 characters of Chinese", "carl@formloom.test", "密码密码密码密码", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := svc.CreateUser(ctx, c.email, "x", c.password)
			if got := code(err); got != c.want {
				t.Fatalf("error %q, want %q", got, c.want)
			}
		})
	}
	u, err := svc.FindByEmail(ctx, "ann@formloom.test")
	if err != nil || u.Email != "ann@formloom.test" || u.Status != account.StatusActive {
		t.Fatalf("stored as %+v, %v", u, err)
	}
}

// TestPasswordVerification: sign-in checks the password against its stored hash, and a
// hash made with other costs still verifies after the costs change.
func TestPasswordVerification(t *testing.T) {
	t.Parallel()
	c := newClock()
	svc, st := newService(t, c, account.Options{Hash: account.HashParams{Memory: 128, Time: 2, Threads: 1}})
	ctx := context.Background()
	if _, err := svc.CreateUser(ctx, "ann@formloom.test", "ann", "correct horse"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		email, password, want string
	}{
		{"ann@formloom.test", "correct horse", ""},
		{"ANN@formloom.test", "correct horse", ""},
		{"ann@formloom.test", "correct horse ", "invalid_credentials"},
		{"ann@formloom.test", "Correct horse", "invalid_credentials"},
		{"nobody@formloom.test", "correct horse", "invalid_credentials"},
		{"not an address", "correct horse", "validation_failed /email"},
	} {
		_, secret, err := svc.Login(ctx, tc.email, tc.password, "10.0.0.1")
		if got := code(err); got != tc.want {
			t.Errorf("login %s / %q: %q, want %q", tc.email, tc.password, got, tc.want)
		}
		if tc.want == "" && secret == "" {
			t.Errorf("login %s: no session secret", tc.email)
		}
	}
	// Other costs now: the stored hash carries its own.
	other := serviceOn(t, st, c, account.Options{Hash: account.TestHashParams})
	if _, _, err := other.Login(ctx, "ann@formloom.test", "correct horse", "10.0.0.1"); err != nil {
		t.Fatalf("after a cost change: %v", err)
	}
}

// TestLoginThrottle: an address that fails too often for one account is refused for it,
// an address that fails too often overall is refused for every account, the account itself
// still signs in from elsewhere, and the block lifts when the window passes.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	c := newClock()
	svc, _ := newService(t, c, account.Options{MaxFailures: 3, MaxIPFails: 5, FailWindow: time.Minute, MaxSlowdown: time.Millisecond})
	ctx := context.Background()
	for _, e := range []string{"ann@formloom.test", "bob@formloom.test"} {
		if _, err := svc.CreateUser(ctx, e, "x", "right-password"); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if _, _, err := svc.Login(ctx, "ann@formloom.test", "wrong-password", "10.0.0.1"); code(err) != "invalid_credentials" {
			t.Fatalf("wrong password: %v", err)
		}
	}
	_, _, err := svc.Login(ctx, "ann@formloom.test", "right-password", "10.0.0.1")
	fe, ok := fault.As(err)
	if !ok || fe.Code != "too_many_attempts" || fe.RetryAfter <= 0 {
		t.Fatalf("the same address after 3 failures: %v", err)
	}
	// Nobody locks ann out: from her own address she still signs in.
	if _, _, err := svc.Login(ctx, "ann@formloom.test", "right-password", "10.0.0.9"); err != nil {
		t.Fatalf("ann from another address: %v", err)
	}
	// Another account from the failing address is not blocked yet (3 of 5).
	if _, _, err := svc.Login(ctx, "bob@formloom.test", "right-password", "10.0.0.1"); err != nil {
		t.Fatalf("other account: %v", err)
	}
	for range 2 {
		_, _, _ = svc.Login(ctx, "bob@formloom.test", "wrong-password", "10.0.0.1")
	}
	if _, _, err := svc.Login(ctx, "bob@formloom.test", "right-password", "10.0.0.1"); code(err) != "too_many_attempts" {
		t.Fatalf("address over its limit: %v", err)
	}
	c.add(2 * time.Minute)
	if _, _, err := svc.Login(ctx, "ann@formloom.test", "right-password", "10.0.0.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// TestSessions: a session secret authenticates until it expires, is logged out, or the
// user's sessions are revoked; the store keeps only its hash.
func TestSessions(t *testing.T) {
	t.Parallel()
	c := newClock()
	svc, _ := newService(t, c, account.Options{SessionTTL: time.Hour})
	ctx := context.Background()
	u, err := svc.CreateUser(ctx, "ann@formloom.test", "ann", "right-password")
	if err != nil {
		t.Fatal(err)
	}
	p, secret, err := svc.Login(ctx, "ann@formloom.test", "right-password", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Via != account.ViaSession || p.CSRF == "" || p.SessionID == secret || p.User.ID != u.ID {
		t.Fatalf("principal %+v", p)
	}
	got, err := svc.Authenticate(ctx, secret)
	if err != nil || got.User.ID != u.ID || got.CSRF != p.CSRF {
		t.Fatalf("authenticate: %+v %v", got, err)
	}
	for _, bad := range []string{"", "not-a-session", strings.Repeat("x", 200), p.SessionID} {
		if _, err := svc.Authenticate(ctx, bad); code(err) != "unauthenticated" {
			t.Errorf("secret %.20q: %v", bad, err)
		}
	}
	c.add(time.Hour)
	if _, err := svc.Authenticate(ctx, secret); code(err) != "unauthenticated" {
		t.Fatalf("expired session: %v", err)
	}

	_, s1, _ := svc.Login(ctx, "ann@formloom.test", "right-password", "10.0.0.1")
	_, s2, _ := svc.Login(ctx, "ann@formloom.test", "right-password", "10.0.0.1")
	if err := svc.Logout(ctx, s1); err != nil {
		t.Fatal(err)
	}
	if err := svc.Logout(ctx, s1); err != nil {
		t.Fatalf("second logout: %v", err)
	}
	if _, err := svc.Authenticate(ctx, s1); code(err) != "unauthenticated" {
		t.Fatalf("logged out: %v", err)
	}
	if _, err := svc.Authenticate(ctx, s2); err != nil {
		t.Fatalf("other session ended too: %v", err)
	}
	if err := svc.RevokeSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, s2); code(err) != "unauthenticated" {
		t.Fatalf("revoked: %v", err)
	}
}

// TestTokens: API tokens authenticate by their secret, belong to one user, and stop
// working once revoked.
func TestTokens(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t, newClock(), account.Options{})
	ctx := context.Background()
	ann, _ := svc.CreateUser(ctx, "ann@formloom.test", "ann", "right-password")
	bob, _ := svc.CreateUser(ctx, "bob@formloom.test", "bob", "right-password")
	for _, c := range []struct{ name, want string }{
		{"  ", "validation_failed /name"},
		{strings.Repeat("名", 101), "validation_failed /name"},
	} {
		if _, _, err := svc.CreateToken(ctx, ann.ID, c.name); code(err) != c.want {
			t.Errorf("token name %.10q: %v, want %s", c.name, err, c.want)
		}
	}
	tok, secret, err := svc.CreateToken(ctx, ann.ID, " 导入脚本 ")
	if err != nil {
		t.Fatal(err)
	}
	if tok.Name != "导入脚本" || !strings.HasPrefix(secret, "fl_") {
		t.Fatalf("token %+v, secret %.5s…", tok, secret)
	}
	p, err := svc.AuthenticateToken(ctx, secret)
	if err != nil || p.User.ID != ann.ID || p.Via != account.ViaToken || p.TokenID != tok.ID {
		t.Fatalf("authenticate: %+v %v", p, err)
	}
	for _, bad := range []string{"", strings.TrimPrefix(secret, "fl_"), "fl_unknown", secret + "x"} {
		if _, err := svc.AuthenticateToken(ctx, bad); code(err) != "unauthenticated" {
			t.Errorf("secret %.8q: %v", bad, err)
		}
	}
	if list, err := svc.ListTokens(ctx, bob.ID); err != nil || len(list) != 0 {
		t.Fatalf("bob's tokens: %v %v", list, err)
	}
	if err := svc.RevokeToken(ctx, bob.ID, tok.ID); code(err) != "not_found" {
		t.Fatalf("revoking someone else's token: %v", err)
	}
	if err := svc.RevokeToken(ctx, ann.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AuthenticateToken(ctx, secret); code(err) != "unauthenticated" {
		t.Fatalf("revoked token: %v", err)
	}
}

// TestSetupLink: an invited user has no password until they use their one-time link.
func TestSetupLink(t *testing.T) {
	t.Parallel()
	c := newClock()
	svc, _ := newService(t, c, account.Options{SetupTTL: 24 * time.Hour})
	ctx := context.Background()
	u, err := svc.CreatePending(ctx, "new@formloom.test", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Login(ctx, "new@formloom.test", "", "10.0.0.1"); code(err) != "invalid_credentials" {
		t.Fatalf("pending user signed in: %v", err)
	}
	secret, err := svc.IssueSetup(ctx, u.ID, "ws1")
	if err != nil {
		t.Fatal(err)
	}
	link, err := svc.SetupInfo(ctx, secret)
	if err != nil || link.User.ID != u.ID || link.Context != "ws1" || link.Reset {
		t.Fatalf("setup info: %+v %v", link, err)
	}
	if _, _, err := svc.CompleteSetup(ctx, secret, "short", "", "10.0.0.1"); code(err) != "validation_failed /password" {
		t.Fatalf("short password: %v", err)
	}
	p, session, err := svc.CompleteSetup(ctx, secret, "chosen-password", " 新人 ", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if p.User.Status != account.StatusActive || p.User.Name != "新人" || session == "" {
		t.Fatalf("after setup: %+v", p.User)
	}
	if _, _, err := svc.CompleteSetup(ctx, secret, "another-password", "", "10.0.0.1"); code(err) != "setup_link_invalid" {
		t.Fatalf("link used twice: %v", err)
	}
	if _, _, err := svc.Login(ctx, "new@formloom.test", "chosen-password", "10.0.0.1"); err != nil {
		t.Fatalf("login after setup: %v", err)
	}
	// A link not used in time expires.
	v, _ := svc.CreatePending(ctx, "late@formloom.test", "late")
	late, _ := svc.IssueSetup(ctx, v.ID, "ws1")
	c.add(24 * time.Hour)
	if _, err := svc.SetupInfo(ctx, late); code(err) != "setup_link_invalid" {
		t.Fatalf("expired link: %v", err)
	}
}

// TestEnsureAdmin: the first start creates one admin (generating a password when none is
// given); later starts leave it.
func TestEnsureAdmin(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t, newClock(), account.Options{})
	ctx := context.Background()
	if _, _, err := svc.EnsureAdmin(ctx, "boss@formloom.test", "short"); code(err) != "validation_failed /adminPassword" {
		t.Fatalf("short admin password: %v", err)
	}
	created, generated, err := svc.EnsureAdmin(ctx, "Boss@Formloom.test", "")
	if err != nil || !created || len(generated) < 12 {
		t.Fatalf("first start: %v %q %v", created, generated, err)
	}
	p, _, err := svc.Login(ctx, "boss@formloom.test", generated, "10.0.0.1")
	if err != nil || !p.User.Admin || p.User.Name != "boss" {
		t.Fatalf("admin login: %+v %v", p.User, err)
	}
	created, generated, err = svc.EnsureAdmin(ctx, "other@formloom.test", "other-password")
	if err != nil || created || generated != "" {
		t.Fatalf("second start: %v %q %v", created, generated, err)
	}
}
