package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
)

// checkRecord answers whether a new record would be accepted, without storing it: 200
// {"valid": true}, or 200 {"valid": false, "error": …} with the error a create would give
// (fields by JSON pointer). A verdict is the answer asked for, not a failed request: the
// form asks it while the member types, and a 422 there would be logged by the browser as
// a failed load at every keystroke. Anything else (no such form, no right to create, a
// body that is not JSON) is still the error status a create would give.
func (s *server) checkRecord(c *fiber.Ctx) error {
	err := s.records.Check(c.UserContext(), recordRef(c), json.RawMessage(c.Body()))
	if err == nil {
		return c.JSON(fiber.Map{"valid": true})
	}
	fe, ok := fault.As(err)
	if !ok || statusOf(fe) != fiber.StatusUnprocessableEntity {
		return err
	}
	return c.JSON(fiber.Map{"valid": false, "error": detailOf(fe, language(c.Get(fiber.HeaderAcceptLanguage)))})
}
