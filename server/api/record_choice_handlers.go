package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/records"
)

// recordChoices answers a relation picker: GET …/forms/{form}/choices?q=text&limit=n lists
// the newest records of the form whose serial number or title holds the text;
// ?ids=a,b names records already chosen. Either way only records the member may read.
func (s *server) recordChoices(c *fiber.Ctx) error {
	q := records.ChoiceQuery{Text: c.Query("q"), Limit: c.Query("limit")}
	if ids := c.Query("ids"); ids != "" {
		for _, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				q.IDs = append(q.IDs, id)
			}
		}
	}
	page, err := s.records.Choices(c.UserContext(), recordRef(c), q)
	if err != nil {
		return err
	}
	return c.JSON(page)
}
