package records

import (
	"context"
	"encoding/json"

	"github.com/formloom/formloom/builder/form"
)

// Check runs a new record through everything Create would check — field rules, the form's
// whole schema and formats, cross-field rules, formulas, references — without storing it,
// so that the browser can show the server's own verdict on a field before submitting.
// It returns nil when the record would be accepted, else the error Create would return.
func (s *Service) Check(ctx context.Context, ref Ref, input json.RawMessage) error {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return err
	}
	f, _, err := t.latestForm()
	if err != nil {
		return err
	}
	grant, err := s.authorize(ctx, t, ActionCreate, nil)
	if err != nil {
		return err
	}
	if err := refuseHidden(input, grant); err != nil {
		return err
	}
	loc, err := s.location(ctx, t)
	if err != nil {
		return err
	}
	rel := s.newRelated(ctx, t.App)
	rec, err := f.Prepare(input, form.Create, form.Env{Now: s.now(), Location: loc, Calendar: s.workingDays(ctx, t), Lookup: rel.lookup, Creator: t.creator()})
	if err != nil {
		return err
	}
	if rel.err != nil {
		return wrap("read related record", rel.err)
	}
	return s.checkReferences(ctx, t, f, rec, nil, rel)
}
