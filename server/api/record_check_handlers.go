package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"
)

// checkRecord answers whether a new record would be accepted, without storing it: 200
// {"valid": true}, or the 4xx a create would give, fields by JSON pointer.
func (s *server) checkRecord(c *fiber.Ctx) error {
	if err := s.records.Check(c.UserContext(), recordRef(c), json.RawMessage(c.Body())); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"valid": true})
}
