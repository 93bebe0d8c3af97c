package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
)

// calendarRoutes registers the workspace's business calendar (r is the /workspaces group).
func (s *server) calendarRoutes(r fiber.Router) {
	r.Get("/:ws/calendar", s.getCalendar)
	r.Put("/:ws/calendar", s.putCalendar)
}

func (s *server) getCalendar(c *fiber.Ctx) error {
	if s.calendar == nil {
		return fault.ErrNotFound()
	}
	_, def, err := s.calendar.GetFor(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(def)
}

func (s *server) putCalendar(c *fiber.Ctx) error {
	if s.calendar == nil {
		return fault.ErrNotFound()
	}
	var in pipeline.Calendar
	if err := bind(c, &in); err != nil {
		return err
	}
	_, def, err := s.calendar.Put(c.UserContext(), actor(c), c.Params("ws"), in)
	if err != nil {
		return err
	}
	return c.JSON(def)
}
