package api

import (
	"slices"

	"github.com/gofiber/fiber/v2"
)

// previewPublish answers what publishing the saved draft would change (GET
// …/apps/{app}/publish-preview): the changes and whether they break, how many pipeline
// runs are in progress (they keep their version) and how many records each form with a
// breaking change holds. Nothing is published. Designers only.
func (s *server) previewPublish(c *fiber.Ctx) error {
	ctx, ws, app := c.UserContext(), c.Params("ws"), c.Params("app")
	p, err := s.apps.PreviewPublish(ctx, actor(c), ws, app)
	if err != nil {
		return err
	}
	if p.Running, err = s.records.RunsInProgress(ctx, ws, app); err != nil {
		return err
	}
	var broken []string
	for _, ch := range p.Changes {
		if ch.Breaking && ch.Form != "" && !slices.Contains(broken, ch.Form) {
			broken = append(broken, ch.Form)
		}
	}
	if p.Affected, err = s.records.LiveRecords(ctx, ws, app, broken); err != nil {
		return err
	}
	return c.JSON(p)
}
