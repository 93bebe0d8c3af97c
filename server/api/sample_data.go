package api

import (
	"context"

	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/templates"
)

// installedApp is the answer to an install with sample data: the app and how many sample
// records it got.
type installedApp struct {
	apps.App
	Samples int `json:"samples"`
}

// addSamples creates the sample records of the template app a came from, as actor, and
// takes the pipeline actions each lists (templates.SampleFlowKey) through the engine, as
// actor; a sample listing none stays a draft. A sample that fails is a bug in its samples file, which
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
			var steps []templates.SampleStep
			if err == nil {
				rec, steps, err = templates.SplitSample(rec)
			}
			if err == nil {
				var r records.Record
				if r, err = s.records.Create(ctx, ref, rec); err == nil {
					created[form] = append(created[form], r.ID)
					n++
					s.sampleSteps(ctx, ref, a.Source, r.ID, steps)
					continue
				}
			}
			created[form] = append(created[form], "")
			s.log.ErrorContext(ctx, "sample record not created", "template", a.Source, "form", form, "index", i, "err", err)
		}
	}
	return n
}

// sampleSteps takes a sample record's pipeline actions in order, as the installing member;
// the first that fails is logged and ends the record's steps.
func (s *server) sampleSteps(ctx context.Context, ref records.Ref, source, id string, steps []templates.SampleStep) {
	if s.flow == nil {
		return
	}
	for i, st := range steps {
		in := flow.ActionInput{Node: st.Node, Comment: st.Comment, Data: st.Data}
		if _, err := s.flow.Act(ctx, ref, id, st.Action, in, ""); err != nil {
			s.log.ErrorContext(ctx, "sample step not taken", "template", source, "form", ref.Form, "record", id, "step", i, "action", st.Action, "err", err)
			return
		}
	}
}
