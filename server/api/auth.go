package api

import (
	"crypto/subtle"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
)

const (
	sessionCookie  = "formloom_session"
	headerCSRF     = "X-CSRF-Token"
	localPrincipal = "principal"
	bearerPrefix   = "Bearer "
)

// authenticate resolves the caller from a bearer token or the session cookie, if any. It
// does not refuse anonymous requests; requireAuth does.
func (s *server) authenticate(c *fiber.Ctx) error {
	// One request reads a membership and an app's latest version once, however many
	// services check them (see org.WithMemo, apps.WithMemo).
	ctx := org.WithMemo(apps.WithMemo(c.UserContext()))
	c.SetUserContext(ctx)
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		secret, ok := strings.CutPrefix(h, bearerPrefix)
		if !ok {
			return fault.Of("unauthenticated")
		}
		p, err := s.accounts.AuthenticateToken(ctx, strings.TrimSpace(secret))
		if err != nil {
			return err
		}
		c.Locals(localPrincipal, p)
		return c.Next()
	}
	if secret := c.Cookies(sessionCookie); secret != "" {
		p, err := s.accounts.Authenticate(ctx, secret)
		if fault.Is(err, fault.Unauthenticated) {
			// A stale cookie is the same as none; clear it so the browser stops sending it.
			s.clearSessionCookie(c)
			return c.Next()
		}
		if err != nil {
			return err
		}
		c.Locals(localPrincipal, p)
	}
	return c.Next()
}

func principal(c *fiber.Ctx) (account.Principal, bool) {
	p, ok := c.Locals(localPrincipal).(account.Principal)
	return p, ok
}

// requireAuth refuses anonymous callers and, for cookie sessions, unsafe methods without the
// session's CSRF token.
func requireAuth(c *fiber.Ctx) error {
	p, ok := principal(c)
	if !ok {
		return fault.ErrUnauthenticated()
	}
	if err := checkCSRF(c, p); err != nil {
		return err
	}
	return c.Next()
}

func checkCSRF(c *fiber.Ctx, p account.Principal) error {
	if p.Via != account.ViaSession {
		return nil
	}
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return nil
	}
	got := c.Get(headerCSRF)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.CSRF)) != 1 {
		return fault.Of("csrf_failed")
	}
	return nil
}

func (s *server) setSessionCookie(c *fiber.Ctx, secret string) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    secret,
		Path:     "/",
		MaxAge:   int(s.sessionTTL.Seconds()),
		HTTPOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func (s *server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HTTPOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}
