package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// How a principal proved who it is.
const (
	ViaSession = "session"
	ViaToken   = "token"
)

// Principal is the authenticated caller of a request.
type Principal struct {
	User      User
	Via       string
	SessionID string // hash of the session secret, when Via is ViaSession
	CSRF      string // the session's CSRF token, when Via is ViaSession
	TokenID   string // when Via is ViaToken
}

type sessionDoc struct {
	UserID  string    `json:"userId"`
	CSRF    string    `json:"csrf"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	Addr    string    `json:"addr"`
}

// secretID is how a secret is stored: its SHA-256, so a copy of the database holds no
// usable session or token.
func secretID(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

func errBadCredentials() *fault.Error {
	return fault.Of("invalid_credentials")
}

// Login checks a password and opens a session. It returns the principal and the session
// secret for the cookie.
//
// Failures are throttled so that nobody can lock someone else out: an address that fails
// MaxFailures times for one account is refused for that account (429) until the window
// ends, an address that fails MaxIPFails times is refused for every account, and an account
// that fails more than MaxFailures times from anywhere is only slowed down (each attempt
// waits, doubling up to MaxSlowdown), so its owner still signs in from their own address.
func (s *Service) Login(ctx context.Context, email, password, addr string) (Principal, string, error) {
	now := s.now()
	email, err := NormalizeEmail("/email", email)
	if err != nil {
		return Principal{}, "", err
	}
	pair := email + "\x00" + addr
	for _, lk := range []struct {
		l   *limiter
		key string
	}{{s.byPair, pair}, {s.byAddress, addr}} {
		if blocked, wait := lk.l.blocked(lk.key, now); blocked {
			e := fault.Of("too_many_attempts")
			e.RetryAfter = wait
			return Principal{}, "", e
		}
	}
	if d := s.slowdown(s.byAccount.count(email, now)); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return Principal{}, "", ctx.Err()
		case <-t.C:
		}
	}
	fail := func() (Principal, string, error) {
		s.byAccount.fail(email, now)
		s.byPair.fail(pair, now)
		s.byAddress.fail(addr, now)
		return Principal{}, "", errBadCredentials()
	}
	doc, err := s.users.FindOne(ctx, store.Eq("email", email))
	if errors.Is(err, store.ErrNotFound) {
		_, _ = verifyPassword(s.dummyHash(), password)
		return fail()
	}
	if err != nil {
		return Principal{}, "", wrap("find user", err)
	}
	u, err := store.Decode[userDoc](doc)
	if err != nil {
		return Principal{}, "", err
	}
	if u.Status != StatusActive || u.PasswordHash == "" {
		_, _ = verifyPassword(s.dummyHash(), password)
		return fail()
	}
	ok, err := verifyPassword(u.PasswordHash, password)
	if err != nil {
		return Principal{}, "", wrap("verify password", err)
	}
	if !ok {
		return fail()
	}
	s.byPair.reset(pair)
	return s.openSession(ctx, u.user(doc.ID), addr)
}

func (s *Service) openSession(ctx context.Context, u User, addr string) (Principal, string, error) {
	secret, err := randomSecret(32)
	if err != nil {
		return Principal{}, "", err
	}
	csrf, err := randomSecret(24)
	if err != nil {
		return Principal{}, "", err
	}
	now := s.now()
	id := secretID(secret)
	doc, err := store.NewDocument(id, sessionDoc{UserID: u.ID, CSRF: csrf, Created: now, Expires: now.Add(s.opts.SessionTTL), Addr: addr})
	if err != nil {
		return Principal{}, "", err
	}
	if _, err := s.sessions.Insert(ctx, doc); err != nil {
		return Principal{}, "", wrap("insert session", err)
	}
	return Principal{User: u, Via: ViaSession, SessionID: id, CSRF: csrf}, secret, nil
}

// OpenSession signs a user in without a password: for tests and for completing setup.
func (s *Service) OpenSession(ctx context.Context, userID, addr string) (Principal, string, error) {
	u, err := s.GetUser(ctx, userID)
	if err != nil {
		return Principal{}, "", err
	}
	return s.openSession(ctx, u, addr)
}

// Authenticate resolves a session secret from a cookie.
func (s *Service) Authenticate(ctx context.Context, secret string) (Principal, error) {
	if secret == "" || len(secret) > 128 {
		return Principal{}, fault.ErrUnauthenticated()
	}
	id := secretID(secret)
	doc, err := s.sessions.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, fault.ErrUnauthenticated()
	}
	if err != nil {
		return Principal{}, wrap("get session", err)
	}
	sess, err := store.Decode[sessionDoc](doc)
	if err != nil {
		return Principal{}, err
	}
	if !s.now().Before(sess.Expires) {
		_ = s.sessions.Delete(ctx, id, 0)
		return Principal{}, fault.ErrUnauthenticated()
	}
	u, err := s.activeUser(ctx, sess.UserID)
	if err != nil {
		return Principal{}, err
	}
	return Principal{User: u, Via: ViaSession, SessionID: id, CSRF: sess.CSRF}, nil
}

func (s *Service) activeUser(ctx context.Context, id string) (User, error) {
	u, err := s.GetUser(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return User{}, fault.ErrUnauthenticated()
	}
	if err != nil {
		return User{}, err
	}
	if u.Status != StatusActive {
		return User{}, fault.ErrUnauthenticated()
	}
	return u, nil
}

// Logout ends the session with that secret; ending an unknown session is not an error.
func (s *Service) Logout(ctx context.Context, secret string) error {
	err := s.sessions.Delete(ctx, secretID(secret), 0)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return wrap("delete session", err)
	}
	return nil
}

// RevokeSessions ends every session of a user (password change, removal).
func (s *Service) RevokeSessions(ctx context.Context, userID string) error {
	return s.revokeOtherSessions(ctx, userID, "")
}

// slowdown is the wait before checking a password of an account with n recent failures:
// none up to MaxFailures, then 100 ms doubling with each failure, at most MaxSlowdown.
func (s *Service) slowdown(n int) time.Duration {
	over := n - s.opts.MaxFailures
	if over <= 0 {
		return 0
	}
	d := 100 * time.Millisecond
	for i := 1; i < over && d < s.opts.MaxSlowdown; i++ {
		d *= 2
	}
	return min(d, s.opts.MaxSlowdown)
}
