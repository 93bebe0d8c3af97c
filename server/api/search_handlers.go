package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/search"
)

// searchRoutes registers the search across apps (r is the /workspaces group).
func (s *server) searchRoutes(r fiber.Router) {
	r.Get("/:ws/search", s.search)
}

// search answers GET /workspaces/{ws}/search?q=&app=&from=&to=&limit=.
func (s *server) search(c *fiber.Ctx) error {
	if s.searcher == nil {
		return fault.ErrNotFound()
	}
	q := search.Query{Q: c.Query("q"), App: c.Query("app")}
	var err error
	if q.From, err = timeParam(c, "from"); err != nil {
		return err
	}
	if q.To, err = timeParam(c, "to"); err != nil {
		return err
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > search.MaxLimit {
			return badQueryParam("limit", fault.Problem("bad_value.search_limit").Fill("max", search.MaxLimit))
		}
		q.Limit = n
	}
	res, err := s.searcher.Search(c.UserContext(), actor(c), c.Params("ws"), q)
	if err != nil {
		return err
	}
	return c.JSON(res)
}
