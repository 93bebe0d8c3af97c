package records

import (
	"context"
	"encoding/json"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
)

// RecordRuntime is the app as the actor may use it for one record they may read: only
// that record's form, cut to what the records API shows them of it (a pipeline
// participant without a role grant loses the fields their nodes hide), with its pipeline
// and no form actions beyond reading. Anyone who may not read the record gets not_found.
func (s *Service) RecordRuntime(ctx context.Context, ref Ref, id string) (AppRuntime, error) {
	a, latest, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return AppRuntime{}, err
	}
	m, err := s.org.Membership(ctx, ref.Workspace, ref.Actor)
	if err != nil {
		return AppRuntime{}, err
	}
	t := &target{Ref: ref, member: m, latest: latest, storedForm: formID(ref.App, ref.Form)}
	l, err := s.load(ctx, t, id)
	if err != nil {
		return AppRuntime{}, err
	}
	rec := l.public()
	grant, err := s.authorize(ctx, t, ActionRead, &rec)
	if err != nil {
		return AppRuntime{}, err
	}
	var f *template.Form
	for i := range t.latest.Template.Forms {
		if t.latest.Template.Forms[i].Key == ref.Form {
			f = &t.latest.Template.Forms[i]
		}
	}
	if f == nil {
		return AppRuntime{}, fault.ErrNotFound()
	}
	hidden := grant.Hidden
	rf, err := runtimeForm(*f, hidden, nil)
	if err != nil {
		return AppRuntime{}, wrap("cut form "+f.Key, err)
	}
	rf.Actions = FormActions{Read: true}
	out := AppRuntime{ID: a.ID, Key: a.Key, Name: a.Name, Version: latest.Version,
		Designer: m.Role == org.RoleOwner || m.Role == org.RoleAdmin,
		Forms:    []RuntimeForm{rf}, Pipelines: []json.RawMessage{}, Views: []template.View{}, Dashboards: []template.Dashboard{}}
	for _, raw := range latest.Template.Pipelines {
		p, ok, err := cutPipeline(raw, map[string]map[string]bool{f.Key: hidden})
		if err != nil {
			return AppRuntime{}, wrap("cut pipeline", err)
		}
		if ok {
			out.Pipelines = append(out.Pipelines, p)
		}
	}
	return out, nil
}
