package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/records"
)

// viewRoutes registers saved views, aggregations and dashboards under
// /api/v1/workspaces/:ws/apps (r is that group).
func (s *server) viewRoutes(r fiber.Router) {
	r.Get("/:app/views", s.listViews)
	r.Get("/:app/views/:view/records", s.viewRecords)
	r.Get("/:app/views/:view/groups", s.viewGroups)
	r.Post("/:app/forms/:form/aggregate", s.aggregateRecords)
	r.Get("/:app/dashboards/:key/data", s.dashboardData)
}

func appRef(c *fiber.Ctx) records.AppRef {
	return records.AppRef{Actor: actor(c), Workspace: c.Params("ws"), App: c.Params("app")}
}

func (s *server) listViews(c *fiber.Ctx) error {
	vs, err := s.records.Views(c.UserContext(), appRef(c))
	if err != nil {
		return err
	}
	return c.JSON(listOf(vs))
}

func (s *server) viewRecords(c *fiber.Ctx) error {
	total, err := boolParam(c, "total")
	if err != nil {
		return err
	}
	page, err := s.records.ViewRecords(c.UserContext(), appRef(c), c.Params("view"), records.ViewQuery{
		ListQuery: records.ListQuery{Filter: c.Query("filter"), Sort: c.Query("sort"), Limit: c.Query("limit"), Cursor: c.Query("cursor"), Total: total},
		Group:     c.Query("group"),
	})
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (s *server) viewGroups(c *fiber.Ctx) error {
	gs, err := s.records.ViewGroups(c.UserContext(), appRef(c), c.Params("view"), c.Query("filter"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(gs))
}

func (s *server) aggregateRecords(c *fiber.Ctx) error {
	res, err := s.records.Aggregate(c.UserContext(), recordRef(c), c.Body())
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (s *server) dashboardData(c *fiber.Ctx) error {
	d, err := s.records.Dashboard(c.UserContext(), appRef(c), c.Params("key"), records.DashboardQuery{
		From: c.Query("from"), To: c.Query("to"), Member: c.Query("member"), Department: c.Query("department"),
	})
	if err != nil {
		return err
	}
	return c.JSON(d)
}
