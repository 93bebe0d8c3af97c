package api

import "github.com/gofiber/fiber/v2"

// memberRoles serves GET /workspaces/:ws/members/:user/roles (owners and admins): the app
// roles the member holds across the workspace's apps, directly or through a department.
func (s *server) memberRoles(c *fiber.Ctx) error {
	if s.access == nil {
		return fiber.ErrNotFound
	}
	rs, err := s.access.MemberRoles(c.UserContext(), actor(c), c.Params("ws"), c.Params("user"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(rs))
}
