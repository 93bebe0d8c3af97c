package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/access"
)

// roleRoutes serve the members and departments holding an app role (owners and admins).
func (s *server) roleRoutes(r fiber.Router) {
	r.Get("/:app/roles/:role/assignees", s.listAssignees)
	r.Post("/:app/roles/:role/assignees", s.assignRole)
	r.Delete("/:app/roles/:role/assignees", s.revokeRole)
}

func (s *server) listAssignees(c *fiber.Ctx) error {
	if s.access == nil {
		return fiber.ErrNotFound
	}
	as, err := s.access.Assignees(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), c.Params("role"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(as))
}

// assignRole takes {"user": id} or {"department": id}.
func (s *server) assignRole(c *fiber.Ctx) error {
	if s.access == nil {
		return fiber.ErrNotFound
	}
	var in access.Assignee
	if err := bind(c, &in); err != nil {
		return err
	}
	if err := s.access.Assign(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), c.Params("role"), in); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(in)
}

// revokeRole names the assignee in the query: ?user=id or ?department=id.
func (s *server) revokeRole(c *fiber.Ctx) error {
	if s.access == nil {
		return fiber.ErrNotFound
	}
	in := access.Assignee{User: c.Query("user"), Department: c.Query("department")}
	if err := s.access.Revoke(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), c.Params("role"), in); err != nil {
		return err
	}
	return noContent(c)
}
