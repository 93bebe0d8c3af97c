package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/runtime/apps"
)

// previewForm compiles a draft form and computes its formulas over sample values, on the
// workspace's calendar and timezone (NETWORKDAYS and WORKDAY as records will see them).
func (s *server) previewForm(c *fiber.Ctx) error {
	var in apps.FormPreview
	if err := bind(c, &in); err != nil {
		return err
	}
	env := form.Env{Now: time.Now()}
	if s.calendar != nil {
		cal, _, err := s.calendar.GetFor(c.UserContext(), actor(c), c.Params("ws"))
		if err != nil {
			return err
		}
		env.Location, env.Calendar = cal.Location(), cal
	}
	out, err := s.apps.PreviewForm(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), in, env)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
