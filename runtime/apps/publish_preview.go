package apps

import (
	"context"

	"github.com/formloom/formloom/builder/template"
)

// PublishPreview is what publishing the saved draft would change, asked before publishing
// so the designer can say it in words: the version in use and the one the draft would
// become, each change and whether any breaks the records of the old version.
type PublishPreview struct {
	From     int               `json:"from"`
	To       int               `json:"to"`
	Changes  []template.Change `json:"changes"`
	Breaking bool              `json:"breaking"`
	// Running counts the records whose pipeline run is in progress (running or returned to
	// the submitter): they keep the version they started with. Filled by the caller, which
	// asks the records domain.
	Running int64 `json:"running"`
	// Affected counts the live records of each form that has a breaking change; filled by
	// the caller like Running.
	Affected map[string]int64 `json:"affected"`
}

// PreviewPublish diffs the saved draft against the latest published version without
// publishing anything. A draft the checker refuses is refused the same way Publish would.
// Designers only.
func (s *Service) PreviewPublish(ctx context.Context, actor, ws, id string) (PublishPreview, error) {
	if err := s.appDesigner(ctx, ws, actor, id); err != nil {
		return PublishPreview{}, err
	}
	_, a, err := s.load(ctx, ws, id)
	if err != nil {
		return PublishPreview{}, err
	}
	prev, err := s.Version(ctx, id, a.Published)
	if err != nil {
		return PublishPreview{}, err
	}
	draft, err := s.draft(ctx, id)
	if err != nil {
		return PublishPreview{}, err
	}
	next, err := s.checker.Check(draft)
	if err != nil {
		return PublishPreview{}, prefixed(err, "", true)
	}
	changes := template.Diff(prev.Template, next)
	if changes == nil {
		changes = []template.Change{}
	}
	return PublishPreview{From: a.Published, To: a.Published + 1, Changes: changes, Breaking: template.Breaking(changes), Affected: map[string]int64{}}, nil
}
