package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"
)

// formLinkage answers the linked defaults (数据联动) of a form for the values being
// filled: 200 {"values": {field: value or null}}. The browser asks again whenever a field
// a condition compares changes.
func (s *server) formLinkage(c *fiber.Ctx) error {
	l, err := s.records.Linkage(c.UserContext(), recordRef(c), json.RawMessage(c.Body()))
	if err != nil {
		return err
	}
	return c.JSON(l)
}
