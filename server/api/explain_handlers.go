package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/access"
)

// explainAccess serves GET …/apps/:app/explain?member=&form=&record=&field= (owners and
// admins): what the member may do with the form and why.
func (s *server) explainAccess(c *fiber.Ctx) error {
	if s.access == nil {
		return fiber.ErrNotFound
	}
	ex, err := s.access.Explain(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), access.Query{
		Member: c.Query("member"), Form: c.Query("form"), Record: c.Query("record"), Field: c.Query("field"),
	})
	if err != nil {
		return err
	}
	return c.JSON(ex)
}
