package api

import (
	"github.com/gofiber/fiber/v2"
)

// upgradeRoutes registers template upgrades of an app under /api/v1/workspaces/:ws/apps
// (r is that group): GET previews, POST applies.
func (s *server) upgradeRoutes(r fiber.Router) {
	r.Get("/:app/upgrade", s.previewUpgrade)
	r.Post("/:app/upgrade", s.upgradeApp)
}

// upgradeRequest is the body of POST …/upgrade. Version is the template version previewed;
// Resolve maps each conflict's pointer to "local" or "remote".
type upgradeRequest struct {
	Version string            `json:"version"`
	Publish bool              `json:"publish"`
	Resolve map[string]string `json:"resolve"`
}

func (s *server) previewUpgrade(c *fiber.Ctx) error {
	p, err := s.apps.UpgradePreview(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (s *server) upgradeApp(c *fiber.Ctx) error {
	var in upgradeRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	res, err := s.apps.Upgrade(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), in.Version, in.Publish, in.Resolve)
	if err != nil {
		return err
	}
	if in.Publish {
		s.prepareVersion(c, c.Params("app"))
	}
	return c.JSON(res)
}
