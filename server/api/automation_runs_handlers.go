package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
)

// automationRunRoutes are under an app ("/workspaces/:ws/apps").
func (s *server) automationRunRoutes(r fiber.Router) {
	if s.flow != nil {
		r.Get("/:app/automations/:automation/runs", s.automationRuns)
	}
}

// automationRuns serves GET …/apps/{app}/automations/{key}/runs: the automation's latest
// runs, newest first, with their outcome and errors in words. Those who design the app
// only (owners, admins, holders of manage); other members get 403, strangers 404.
func (s *server) automationRuns(c *fiber.Ctx) error {
	ctx, ws, appID := c.UserContext(), c.Params("ws"), c.Params("app")
	if _, err := s.apps.Get(ctx, actor(c), ws, appID); err != nil {
		return err
	}
	ok, err := s.apps.MayDesign(ctx, actor(c), ws, appID)
	if err != nil {
		return err
	}
	if !ok {
		return fault.ErrForbidden()
	}
	runs, err := s.flow.Runs(ctx, ws, appID, c.Params("automation"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(runs))
}
