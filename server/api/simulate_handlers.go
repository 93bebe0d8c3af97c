package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/flow"
)

// simulateRoutes are under an app ("/workspaces/:ws/apps").
func (s *server) simulateRoutes(r fiber.Router) {
	if s.flow != nil {
		r.Post("/:app/simulate", s.simulateFlow)
	}
}

// simulateInput is the body of POST …/apps/{app}/simulate.
type simulateInput struct {
	// Pipeline is the flow's key; empty: the app's first flow.
	Pipeline string `json:"pipeline"`
	// Version is the app version whose flow is tried; 0 or absent: the saved draft.
	Version int `json:"version"`
	// Record holds the sample record's fields.
	Record map[string]any `json:"record"`
	// Submitter is the member who would submit it; default the caller.
	Submitter string `json:"submitter"`
}

// simulateFlow answers the path a sample record would take through a flow and who would
// be asked at each step, from the engine itself; nothing is created. Designers only.
func (s *server) simulateFlow(c *fiber.Ctx) error {
	var in simulateInput
	if err := bind(c, &in); err != nil {
		return err
	}
	ctx, ws := c.UserContext(), c.Params("ws")
	compiled, err := s.apps.Trial(ctx, actor(c), ws, c.Params("app"), in.Version)
	if err != nil {
		return err
	}
	if in.Submitter == "" {
		in.Submitter = actor(c)
	}
	out, err := s.flow.Simulate(ctx, compiled, ws, flow.SimInput{Pipeline: in.Pipeline, Fields: in.Record, Submitter: in.Submitter})
	if err != nil {
		return err
	}
	return c.JSON(out)
}
