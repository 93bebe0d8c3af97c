package flow

import (
	"context"
	"sort"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
)

// SimStep is one node a simulated run passes through, in the order the engine would enter
// them: who would be asked (resolved as the engine resolves them, fallback included), when
// it would be due if entered now, and for a condition the branch it takes.
type SimStep struct {
	Node      string        `json:"node"`
	Type      string        `json:"type"`
	Name      pipeline.Text `json:"name,omitempty"`
	From      string        `json:"from,omitempty"`
	Assignees []string      `json:"assignees,omitempty"`
	Fallback  bool          `json:"fallback,omitempty"`
	Mode      string        `json:"mode,omitempty"`
	Due       *time.Time    `json:"due,omitempty"`
	// Branch is the node a condition goes to; Else says it took its else edge.
	Branch string `json:"branch,omitempty"`
	Else   bool   `json:"else,omitempty"`
}

// Simulation is the path a record would take through a pipeline if every approval and
// task were approved or completed: the answer of the flow designer's "try it". Outcome is
// the end reached; when the run cannot go on (a condition that fails, nobody to act), Stop
// says why and the steps end there.
type Simulation struct {
	Pipeline string    `json:"pipeline"`
	Form     string    `json:"form"`
	Version  int       `json:"version"`
	Steps    []SimStep `json:"steps"`
	Outcome  string    `json:"outcome,omitempty"`
	Stop     *SimFault `json:"stop,omitempty"`
	Joined   []string  `json:"joined,omitempty"`
	Now      time.Time `json:"now"`
}

// SimFault is why a simulated run stopped, in both languages.
type SimFault struct {
	Code string `json:"code"`
	Node string `json:"node,omitempty"`
	EN   string `json:"en"`
	ZH   string `json:"zh"`
}

// SimInput is what to simulate: the pipeline (by key, or the one of Form), the sample
// record's fields, and who submits it (a member of the workspace).
type SimInput struct {
	Pipeline  string
	Fields    map[string]any
	Submitter string
}

// Simulate walks a pipeline of app version c for a sample record with the engine's own
// condition evaluation (the workspace's clock and timezone), assignee resolution and
// deadline computation, as if every approval were approved — creating, notifying and
// scheduling nothing.
func (s *Service) Simulate(ctx context.Context, c *apps.Compiled, ws string, in SimInput) (Simulation, error) {
	var p *pipeline.Pipeline
	for i, raw := range c.Template.Pipelines {
		q, err := pipeline.Parse(raw.JSON)
		if err != nil {
			return Simulation{}, wrap("parse pipeline", err)
		}
		if q.Key == in.Pipeline || (in.Pipeline == "" && i == 0) {
			p = q
			break
		}
	}
	if p == nil {
		return Simulation{}, fault.Of("unknown_pipeline").
			WithProblem("/pipeline", fault.Problem("unknown_pipeline.simulate"))
	}
	_, fi, ok := c.Form(p.Form)
	if !ok {
		return Simulation{}, fault.Of("unknown_form")
	}
	types := map[string]string{}
	for _, f := range c.Template.FormFields(fi).List {
		types[f.Key] = f.Type
	}
	keys := make([]string, 0, len(in.Fields))
	for k := range in.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if _, ok := types[k]; !ok {
			return Simulation{}, fault.Of("unknown_field.sample").
				WithProblem("/record/"+k, fault.Problem("unknown_field.simulate"))
		}
	}
	g, err := pipeline.Compile(p, types)
	if err != nil {
		return Simulation{}, wrap("compile pipeline", err)
	}
	if _, err := s.org.Membership(ctx, ws, in.Submitter); err != nil {
		return Simulation{}, fault.Of("unknown_member").
			WithProblem("/submitter", fault.Problem("unknown_member.simulate"))
	}
	m := &machine{svc: s, ctx: ctx, graph: g, version: c, types: types, ws: ws, app: c.AppID, form: p.Form,
		fields: withBlanks(types, in.Fields), now: s.now(),
		st: &State{Pipeline: p.Key, Version: c.Version, Initiator: in.Submitter, People: map[string][]string{}}}
	sim := &simulator{m: m, out: Simulation{Pipeline: p.Key, Form: p.Form, Version: c.Version, Steps: []SimStep{}, Now: m.now}, arrived: map[string]int{}}
	if err := sim.visit(g.Start().Key, ""); err != nil {
		f, ok := fault.As(err)
		if !ok {
			return Simulation{}, err
		}
		sim.out.Stop = &SimFault{Code: f.Code, Node: sim.last, EN: f.Text.EN, ZH: f.Text.ZH}
	}
	return sim.out, nil
}

type simulator struct {
	m       *machine
	out     Simulation
	arrived map[string]int
	last    string
	ended   bool
}

// visit mirrors machine.enter for a run where every approval and task is approved or
// completed at once.
func (sim *simulator) visit(key, from string) error {
	m := sim.m
	m.moves++
	if m.moves > maxMoves {
		return fault.Of("pipeline_loop")
	}
	if sim.ended {
		return nil
	}
	n := m.graph.Node(key)
	sim.last = key
	step := SimStep{Node: key, Type: n.Type, Name: n.Name, From: from}
	switch n.Type {
	case pipeline.NodeStart:
		step.Assignees = []string{m.st.Initiator}
	case pipeline.NodeTask, pipeline.NodeApproval, pipeline.NodeCC:
		people, fallback, err := m.resolve(n.Assignees)
		if err != nil {
			sim.out.Steps = append(sim.out.Steps, step)
			return err
		}
		if n.Type == pipeline.NodeApproval {
			step.Mode = n.Mode
			if step.Mode == "" {
				step.Mode = pipeline.ModeSingle
			}
			if step.Mode == pipeline.ModeSingle && !fallback && len(people) > 1 {
				people = people[:1]
			}
		}
		step.Assignees, step.Fallback = people, fallback
		if n.Type != pipeline.NodeCC {
			due, err := m.deadline(n)
			if err != nil {
				return err
			}
			step.Due = due
		}
	case pipeline.NodeCondition:
		loc, err := m.svc.cal.Location(m.ctx, m.ws)
		if err != nil {
			return wrap("calendar", err)
		}
		e, err := m.graph.ChooseAt(n.Key, m.fields, m.now, loc)
		if err != nil {
			sim.out.Steps = append(sim.out.Steps, step)
			return fault.Of("condition_failed").Fill("reason", err)
		}
		step.Branch, step.Else = e.To, e.Else
		sim.out.Steps = append(sim.out.Steps, step)
		return sim.visit(e.To, key)
	case pipeline.NodeJoin:
		sim.arrived[key]++
		if sim.arrived[key] < m.graph.InCount(key) {
			return nil
		}
		sim.out.Joined = append(sim.out.Joined, key)
	case pipeline.NodeEnd:
		sim.out.Steps = append(sim.out.Steps, step)
		sim.out.Outcome = n.Outcome
		if sim.out.Outcome == "" {
			sim.out.Outcome = pipeline.OutcomeApproved
		}
		sim.ended = true
		return nil
	}
	sim.out.Steps = append(sim.out.Steps, step)
	for _, e := range m.graph.Out(key) {
		if err := sim.visit(e.To, key); err != nil {
			return err
		}
	}
	return nil
}
