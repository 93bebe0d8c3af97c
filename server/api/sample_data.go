package api

import (
	"context"

	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/templates"
)

// installedApp is the answer to an install with sample data: the app and how many sample
// records it got.
type installedApp struct {
	apps.App
	Samples int `json:"samples"`
}

// addSamples creates the sample records of the template app a came from, as actor, saved
// as drafts (no pipeline starts). A sample that fails is a bug in its samples file, which
// the tests rule out; here it is logged and the rest still go in. It returns how many
// records were created.
func (s *server) addSamples(ctx context.Context, actor string, a apps.App) int {
	if a.Source == "" || s.templates == nil || s.records == nil {
		return 0
	}
	samples, err := s.templates.Samples(a.Source)
	if err != nil {
		s.log.ErrorContext(ctx, "sample data not read", "template", a.Source, "err", err)
		return 0
	}
	n, created := 0, map[string][]string{}
	for _, form := range templates.SampleOrder(samples) {
		ref := records.Ref{Actor: actor, Workspace: a.WorkspaceID, App: a.ID, Form: form}
		for i, raw := range samples[form] {
			rec, err := templates.ResolveSample(raw, actor, created)
			if err == nil {
				var r records.Record
				if r, err = s.records.Create(ctx, ref, rec); err == nil {
					created[form] = append(created[form], r.ID)
					n++
					continue
				}
			}
			created[form] = append(created[form], "")
			s.log.ErrorContext(ctx, "sample record not created", "template", a.Source, "form", form, "index", i, "err", err)
		}
	}
	return n
}
