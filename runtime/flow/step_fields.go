package flow

import (
	"context"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/runtime/records"
)

// StepFields lists the top-level fields the actor's open steps on record id let them fill:
// those an approval or task node marks edit or required, and, at the start node of a run
// returned to them, every field that node does not mark read or hidden. It is empty when
// the record has no run or the actor holds no open step on it, and not found when they
// may not see the record. Uploads ask it, so that whoever a step asks for a file (the
// recorder adding the meeting's material) may send one without a role that creates records.
func (s *Service) StepFields(ctx context.Context, ref records.Ref, id string) (map[string]bool, error) {
	in, err := s.records.Peek(ctx, records.StepRef{Workspace: ref.Workspace, App: ref.App, Form: ref.Form, ID: id, Actor: ref.Actor})
	if err != nil {
		return nil, err
	}
	if _, err := s.records.View(ctx, ref, in.Record); err != nil {
		return nil, err
	}
	if in.Deleted || len(in.State) == 0 {
		return nil, nil
	}
	m, err := s.machineFor(ctx, ref.Workspace, ref.App, ref.Form, ref.Actor, in)
	if isCode(err, "no_pipeline") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, a := range m.st.Active {
		if _, t := m.st.openTask(ref.Actor, a.Node); t == nil {
			continue
		}
		n := m.graph.Node(a.Node)
		fields := editableOf(n)
		if n.Type == pipeline.NodeStart {
			fields = startEditable(m, n)
		}
		for k := range fields {
			out[k] = true
		}
	}
	return out, nil
}
