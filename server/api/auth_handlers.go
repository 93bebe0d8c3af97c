package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/account"
)

func (s *server) authRoutes(r fiber.Router) {
	r.Post("/auth/login", s.login)
	r.Get("/auth/setup/:token", s.setupInfo)
	r.Post("/auth/setup", s.completeSetup)
	r.Post("/auth/logout", requireAuth, s.logout)
	r.Get("/auth/me", requireAuth, s.me)
	r.Patch("/auth/me", requireAuth, s.renameMe)
	r.Post("/auth/password", requireAuth, s.changePassword)
	r.Get("/auth/tokens", requireAuth, s.listTokens)
	r.Post("/auth/tokens", requireAuth, s.createToken)
	r.Delete("/auth/tokens/:id", requireAuth, s.revokeToken)
}

type sessionResponse struct {
	User      account.User `json:"user"`
	CSRFToken string       `json:"csrfToken,omitempty"`
}

func (s *server) login(c *fiber.Ctx) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	p, secret, err := s.accounts.Login(c.UserContext(), in.Email, in.Password, c.IP())
	if err != nil {
		return err
	}
	s.setSessionCookie(c, secret)
	return c.JSON(sessionResponse{User: p.User, CSRFToken: p.CSRF})
}

func (s *server) logout(c *fiber.Ctx) error {
	p, _ := principal(c)
	if p.Via == account.ViaSession {
		if err := s.accounts.Logout(c.UserContext(), c.Cookies(sessionCookie)); err != nil {
			return err
		}
		s.clearSessionCookie(c)
	}
	return noContent(c)
}

func (s *server) me(c *fiber.Ctx) error {
	p, _ := principal(c)
	return c.JSON(sessionResponse{User: p.User, CSRFToken: p.CSRF})
}

func (s *server) renameMe(c *fiber.Ctx) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	p, _ := principal(c)
	u, err := s.accounts.Rename(c.UserContext(), p.User.ID, in.Name)
	if err != nil {
		return err
	}
	return c.JSON(sessionResponse{User: u, CSRFToken: p.CSRF})
}

func (s *server) changePassword(c *fiber.Ctx) error {
	var in struct {
		Current  string `json:"current"`
		Password string `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	p, _ := principal(c)
	if err := s.accounts.ChangePassword(c.UserContext(), p, in.Current, in.Password, c.IP()); err != nil {
		return err
	}
	return noContent(c)
}

func (s *server) listTokens(c *fiber.Ctx) error {
	ts, err := s.accounts.ListTokens(c.UserContext(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(listOf(ts))
}

func (s *server) createToken(c *fiber.Ctx) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	t, secret, err := s.accounts.CreateToken(c.UserContext(), actor(c), in.Name)
	if err != nil {
		return err
	}
	return created(c, fiber.Map{"token": t, "secret": secret})
}

func (s *server) revokeToken(c *fiber.Ctx) error {
	if err := s.accounts.RevokeToken(c.UserContext(), actor(c), c.Params("id")); err != nil {
		return err
	}
	return noContent(c)
}

func (s *server) setupInfo(c *fiber.Ctx) error {
	ctx := c.UserContext()
	link, err := s.accounts.SetupInfo(ctx, c.Params("token"))
	if err != nil {
		return err
	}
	out := fiber.Map{"email": link.User.Email, "name": link.User.Name, "reset": link.Reset}
	if w, err := s.org.WorkspaceName(ctx, link.Context); err == nil {
		out["workspace"] = fiber.Map{"id": link.Context, "name": w}
	} else if !fault.Is(err, fault.NotFound) {
		return err
	}
	return c.JSON(out)
}

func (s *server) completeSetup(c *fiber.Ctx) error {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
		Name     string `json:"name"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	p, secret, err := s.accounts.CompleteSetup(c.UserContext(), strings.TrimSpace(in.Token), in.Password, in.Name, c.IP())
	if err != nil {
		return err
	}
	s.setSessionCookie(c, secret)
	return c.JSON(sessionResponse{User: p.User, CSRFToken: p.CSRF})
}
