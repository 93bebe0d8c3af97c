package apps

import (
	"context"

	"github.com/formloom/formloom/fault"
)

// Trial returns version n of an app compiled for a designer to try (n = 0: the saved draft,
// checked and compiled afresh, never cached — the draft changes). Designers only. Nothing is
// stored: the flow designer's "try it" uses it to ask the engine which path a record would
// take.
func (s *Service) Trial(ctx context.Context, actor, ws, id string, n int) (*Compiled, error) {
	if err := s.appDesigner(ctx, ws, actor, id); err != nil {
		return nil, err
	}
	_, a, err := s.load(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	if n < 0 || n > a.Published {
		return nil, fault.Of("unknown_version").
			WithProblem("/version", fault.Problem("unknown_version.trial"))
	}
	if n > 0 {
		return s.Version(ctx, id, n)
	}
	def, err := s.draft(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.checker.Check(def)
	if err != nil {
		return nil, prefixed(err, "", true)
	}
	return compile(id, 0, t)
}
