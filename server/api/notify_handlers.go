package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/notify"
)

// notifyRoutes registers the workspace's notification channels and each member's
// preferences (r is the /workspaces group).
func (s *server) notifyRoutes(r fiber.Router) {
	r.Get("/:ws/notify/settings", s.getNotifySettings)
	r.Put("/:ws/notify/settings", s.putNotifySettings)
	r.Post("/:ws/notify/settings/test", s.testNotifySMTP)
	r.Get("/:ws/notify/deliveries", s.listNotifyDeliveries)
	r.Get("/:ws/notify/preferences", s.getNotifyPrefs)
	r.Put("/:ws/notify/preferences", s.putNotifyPrefs)
}

func (s *server) getNotifySettings(c *fiber.Ctx) error {
	if s.notifier == nil {
		return fault.ErrNotFound()
	}
	out, err := s.notifier.GetSettings(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *server) putNotifySettings(c *fiber.Ctx) error {
	if s.notifier == nil {
		return fault.ErrNotFound()
	}
	var in notify.Settings
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.notifier.PutSettings(c.UserContext(), actor(c), c.Params("ws"), in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *server) testNotifySMTP(c *fiber.Ctx) error {
	if s.notifier == nil {
		return fault.ErrNotFound()
	}
	if err := s.notifier.TestSMTP(c.UserContext(), actor(c), c.Params("ws"), c.Get(fiber.HeaderAcceptLanguage)); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"sent": true})
}

func (s *server) listNotifyDeliveries(c *fiber.Ctx) error {
	if s.notifier == nil {
		return fault.ErrNotFound()
	}
	out, err := s.notifier.Deliveries(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out})
}

func (s *server) getNotifyPrefs(c *fiber.Ctx) error {
	if s.notifier == nil {
		return fault.ErrNotFound()
	}
	out, err := s.notifier.GetPrefs(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *server) putNotifyPrefs(c *fiber.Ctx) error {
	if s.notifier == nil {
		return fault.ErrNotFound()
	}
	var in notify.Prefs
	if err := bind(c, &in); err != nil {
		return err
	}
	out, err := s.notifier.PutPrefs(c.UserContext(), actor(c), c.Params("ws"), in)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
