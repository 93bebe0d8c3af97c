package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/store"
)

// eventNodeActions is the internal event of an automation node: its own actions run.
const eventNodeActions = "nodeActions"

// automationPayload is one automation job: which automation (or automation node) to run
// on which record, for which event.
type automationPayload struct {
	Workspace  string `json:"ws"`
	App        string `json:"app"`
	Version    int    `json:"version"`
	Form       string `json:"form"`
	Record     string `json:"record"`
	Automation string `json:"automation,omitempty"` // an automation's key
	Node       string `json:"node,omitempty"`       // an automation node's key
	Event      string `json:"event"`
	As         string `json:"as"` // a member for lookups (the run's initiator or the record's owner)
}

// compileAutomation compiles an automation's condition and values once; types are its
// form's fields.
func compileAutomation(types map[string]string, a *pipeline.Automation) (*automation, error) {
	au := &automation{a: a, exprs: map[string]*pipeline.Expr{}}
	names := exprNames(types)
	if a.On.When != "" {
		e, err := pipeline.CompileExpr(a.On.When, names)
		if err != nil {
			return nil, err
		}
		au.when = e
	}
	if err := compileActions(types, a.Actions, au.exprs); err != nil {
		return nil, err
	}
	return au, nil
}

func compileActions(types map[string]string, acts []pipeline.Action, into map[string]*pipeline.Expr) error {
	names := exprNames(types)
	for i, act := range acts {
		vals := act.Values
		scope := names
		if act.Type == pipeline.ActCreateRecords {
			vals = act.Map
			if act.ForEach != "" {
				scope = append(slices.Clone(names), "item")
			}
		}
		if act.Type == pipeline.ActUpdateRecords {
			scope = append(slices.Clone(names), "target")
			if err := compileFinders(names, i, act, into); err != nil {
				return err
			}
		}
		for k, src := range vals {
			e, err := pipeline.CompileExpr(src, scope)
			if err != nil {
				return fmt.Errorf("action %d value %s: %w", i, k, err)
			}
			into[exprKey(i, k)] = e
		}
	}
	return nil
}

func exprKey(i int, k string) string { return strconv.Itoa(i) + "/" + k }

func exprNames(types map[string]string) []string {
	var names []string
	for k := range types {
		names = append(names, k)
	}
	sort.Strings(names)
	return append(names, "record")
}

// queueAutomations enqueues, in the caller's transaction, a job for every automation of
// app version c that the events trigger on the record. Job IDs carry the record's version,
// so each event queues each automation once.
func (s *Service) queueAutomations(ctx context.Context, c *apps.Compiled, ws, formKey string, rec records.Record, as string, events []trigger) error {
	if len(events) == 0 {
		return nil
	}
	d, err := s.definitions(c)
	if err != nil {
		return err
	}
	for i, ev := range events {
		p := automationPayload{Workspace: ws, App: c.AppID, Version: c.Version, Form: formKey, Record: rec.ID, Event: ev.event, As: as}
		if ev.event == eventNodeActions {
			p.Node = ev.node
			if err := s.enqueueAutomation(ctx, p, fmt.Sprintf("%s:%s:n:%s:%d:%d", KindAutomation, rec.ID, ev.node, rec.Version, i)); err != nil {
				return err
			}
			continue
		}
		for _, au := range d.automations {
			a := au.a
			if a.Disabled || a.Form != formKey || a.On.Event != ev.event || (a.On.Node != "" && a.On.Node != ev.node) ||
				(a.On.Outcome != "" && a.On.Outcome != ev.outcome) {
				continue
			}
			p.Automation = a.Key
			if err := s.enqueueAutomation(ctx, p, fmt.Sprintf("%s:%s:%s:%d:%d", KindAutomation, rec.ID, a.Key, rec.Version, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) enqueueAutomation(ctx context.Context, p automationPayload, id string) error {
	b, err := json.Marshal(p)
	if err != nil {
		return wrap("queue automation", err)
	}
	if err := s.jobs.Enqueue(ctx, id, KindAutomation, s.now(), b); err != nil {
		return wrap("queue automation", err)
	}
	return nil
}

// RecordWritten queues the automations of a record created or updated outside a
// pipeline step (event pipeline.OnCreated or pipeline.OnUpdated). Call it in the write's
// transaction (records.Options.Written).
func (s *Service) RecordWritten(ctx context.Context, c *apps.Compiled, ws, formKey, event string, rec records.Record) error {
	return s.queueAutomations(ctx, c, ws, formKey, rec, rec.Owner, []trigger{{event: event}})
}

// HandleAutomation runs one automation job (a scheduler job of KindAutomation) in the
// scheduler's transaction: the automation's condition is checked on the record as it is
// now, then its actions run.
func (s *Service) HandleAutomation(ctx context.Context, payload json.RawMessage) error {
	var p automationPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return wrap("read automation job", err)
	}
	start := time.Now()
	run := Run{ID: store.NewID(), Workspace: p.Workspace, App: p.App, Automation: p.runKey(), Form: p.Form, Record: p.Record,
		Event: p.Event, At: s.now().UTC()}
	// done records the run in the job's transaction: it commits with what the actions did.
	done := func(outcome string, why *Words) error {
		run.Outcome, run.Error, run.TookMs = outcome, why, time.Since(start).Milliseconds()
		return s.recordRun(ctx, run)
	}
	c, err := s.apps.Version(ctx, p.App, p.Version)
	if err != nil {
		return domainErr("load app version", err)
	}
	d, err := s.definitions(c)
	if err != nil {
		return err
	}
	var (
		acts  []pipeline.Action
		exprs map[string]*pipeline.Expr
		when  *pipeline.Expr
		key   = p.Automation
	)
	if p.Node != "" {
		g := d.pipelines[p.Form]
		if g == nil || g.Node(p.Node) == nil {
			return nil
		}
		acts, exprs, key = g.Node(p.Node).Actions, d.nodeExprs[p.Form+"/"+p.Node], "node:"+p.Node
	} else {
		for _, au := range d.automations {
			if au.a.Key == p.Automation {
				acts, exprs, when = au.a.Actions, au.exprs, au.when
			}
		}
		if acts == nil {
			return nil
		}
	}
	in, err := s.peek(ctx, p)
	if err != nil {
		return err
	}
	if in == nil {
		return done(RunSkipped, wordsFor(fault.Notice("run.record_deleted")))
	}
	in.Fields = withBlanks(d.types[p.Form], in.Fields)
	env := exprEnv(in)
	loc, err := s.cal.Location(ctx, p.Workspace)
	if err != nil {
		return wrap("calendar", err)
	}
	now := s.now()
	if when != nil {
		v, err := when.RunAt(env, now, loc)
		if err != nil {
			s.log.WarnContext(ctx, "automation condition failed", "automation", key, "record", p.Record, "err", err)
			w := wordsOf(err)
			return done(RunFailed, wordsFor(fault.Notice("run.condition_failed").FillText("reason", fault.Text{EN: w.EN, ZH: w.ZH})))
		}
		if ok, _ := v.(bool); !ok {
			return done(RunSkipped, wordsFor(fault.Notice("run.condition_false")))
		}
	}
	for i, act := range acts {
		ar := ActionRun{Type: act.Type, Outcome: ActionDone}
		if err := s.runAction(ctx, p, c, in, env, i, act, exprs, now, loc, run.ID, &ar); err != nil {
			return &actionError{key: key, index: i, err: err}
		}
		if act.Type == pipeline.ActWebhook && s.webhooks != nil {
			ar.Outcome = ActionQueued
		}
		run.Actions = append(run.Actions, ar)
	}
	return done(RunOK, nil)
}

// peek reads a record as the engine sees it, nil when it is gone.
func (s *Service) peek(ctx context.Context, p automationPayload) (*records.StepInput, error) {
	var got *records.StepInput
	sref := records.StepRef{Workspace: p.Workspace, App: p.App, Form: p.Form, ID: p.Record, Actor: SystemActor, As: p.As}
	_, err := s.records.Step(ctx, sref, func(in records.StepInput) (records.Step, error) {
		got = &in
		return records.Step{}, errNothingToDo
	})
	switch {
	case err == nil, isNothingToDo(err):
		return got, nil
	case isGone(err):
		return nil, nil
	}
	return nil, err
}

func exprEnv(in *records.StepInput) map[string]any {
	env := make(map[string]any, len(in.Fields)+1)
	for k, v := range in.Fields {
		env[k] = v
	}
	env["record"] = map[string]any{"id": in.Record.ID, "createdBy": in.Record.CreatedBy, "owner": in.Record.Owner,
		"created": in.Record.Created.UTC().Format(time.RFC3339), "stage": in.Record.Stage}
	return env
}

// runAction runs action i; out is its entry in the run's history, for what it tells (how
// many records an update wrote).
func (s *Service) runAction(ctx context.Context, p automationPayload, c *apps.Compiled, in *records.StepInput, env map[string]any, i int, act pipeline.Action, exprs map[string]*pipeline.Expr, now time.Time, loc *time.Location, runID string, out *ActionRun) error {
	switch act.Type {
	case pipeline.ActSetFields:
		// The record is written through Step, which queues no automation of its form (an
		// "updated" automation setting a field would otherwise run itself forever);
		// updateRecords writes its targets by the same rule.
		d, err := s.definitions(c)
		if err != nil {
			return err
		}
		patch := map[string]any{}
		editable := map[string]bool{}
		for k := range act.Values {
			v, err := exprs[exprKey(i, k)].RunAt(env, now, loc)
			if err != nil {
				return err
			}
			patch[k], editable[k] = blankAsNil(d.types[p.Form], k, v), true
		}
		sref := records.StepRef{Workspace: p.Workspace, App: p.App, Form: p.Form, ID: p.Record, Actor: SystemActor, As: p.As}
		_, err = s.records.Step(ctx, sref, func(cur records.StepInput) (records.Step, error) {
			return records.Step{State: cur.State, People: cur.People, Stage: cur.Record.Stage, Status: statusOf(cur), Due: cur.Record.Due, Overdue: cur.Record.Overdue,
				Patch: patch, Editable: editable, Event: "automation", Detail: map[string]any{"automation": p.Automation}}, nil
		})
		return err
	case pipeline.ActCreateRecords:
		return s.createRecords(ctx, p, c, in, env, i, act, exprs, now, loc)
	case pipeline.ActUpdateRecords:
		n, err := s.updateRecords(ctx, p, c, env, i, act, exprs, now, loc)
		out.Updated = &n
		return err
	case pipeline.ActWebhook:
		if s.webhooks == nil {
			return nil
		}
		data, err := webhookData(c, p.Form, in, act.Fields)
		if err != nil {
			return err
		}
		ev := webhook.Event{ID: deliveryID(runID, i), Type: p.Event, Workspace: p.Workspace, App: p.App, Form: p.Form, Record: p.Record, At: now, Data: data}
		return s.webhooks.Enqueue(ctx, p.Workspace, p.App, act.URL, ev)
	case pipeline.ActNotify:
		m := &machine{svc: s, ctx: ctx, version: c, ws: p.Workspace, app: p.App, form: p.Form, rec: in.Record, fields: in.Fields,
			st: &State{Initiator: p.As, People: map[string][]string{}}, now: now, actor: SystemActor}
		people, _, err := m.resolve(act.To)
		if err != nil {
			return err
		}
		for _, u := range people {
			doc, err := store.NewDocument("", noteDoc{User: u, Workspace: p.Workspace, App: p.App, Form: p.Form, Record: p.Record, Kind: noteAutomated, Text: act.Message})
			if err != nil {
				return err
			}
			if _, err := s.notes.Insert(ctx, doc); err != nil {
				return wrap("notify", err)
			}
		}
	}
	return nil
}

// createRecords runs a create-records action: one record per row of its ForEach sub-form
// (or a single one), each started in its form's flow as the automation's actor.
func (s *Service) createRecords(ctx context.Context, p automationPayload, c *apps.Compiled, in *records.StepInput, env map[string]any, i int, act pipeline.Action, exprs map[string]*pipeline.Expr, now time.Time, loc *time.Location) error {
	d, err := s.definitions(c)
	if err != nil {
		return err
	}
	rows := []any{nil}
	if act.ForEach != "" {
		list, _ := in.Fields[act.ForEach].([]any)
		rows = list
	}
	for _, row := range rows {
		renv := env
		if act.ForEach != "" {
			renv = make(map[string]any, len(env)+1)
			for k, v := range env {
				renv[k] = v
			}
			renv["item"] = row
		}
		input := map[string]any{}
		for k := range act.Map {
			v, err := exprs[exprKey(i, k)].RunAt(renv, now, loc)
			if err != nil {
				return err
			}
			if v := blankAsNil(d.types[act.Form], k, v); v != nil {
				input[k] = v
			}
		}
		owner := in.Record.Owner
		if act.Owner != "" {
			if ids := idsIn(input[act.Owner]); len(ids) > 0 {
				owner = ids[0]
			}
		}
		b, err := json.Marshal(input)
		if err != nil {
			return err
		}
		ref := records.SystemRef{Workspace: p.Workspace, App: p.App, Form: act.Form, Actor: SystemActor, As: p.As, Owner: owner}
		created, err := s.records.CreateAs(ctx, ref, b)
		if err != nil {
			return err
		}
		if err := s.startAs(ctx, c, p.Workspace, act.Form, created, owner); err != nil {
			return err
		}
	}
	return nil
}

func statusOf(in records.StepInput) string {
	st, err := decodeState(in.State, nil)
	if err != nil || st == nil {
		return ""
	}
	return st.Status
}

// startAs starts the pipeline of a record an automation created, as its owner, when its
// form's pipeline starts by itself.
func (s *Service) startAs(ctx context.Context, c *apps.Compiled, ws, formKey string, rec records.Record, owner string) error {
	has, auto, err := s.HasPipeline(c, formKey)
	if err != nil || !has || !auto {
		return err
	}
	sref := records.StepRef{Workspace: ws, App: c.AppID, Form: formKey, ID: rec.ID, Actor: owner}
	_, err = s.records.Step(ctx, sref, func(in records.StepInput) (records.Step, error) {
		m, err := s.machineFor(ctx, ws, c.AppID, formKey, owner, in)
		if err != nil {
			return records.Step{}, err
		}
		if m.st.Status != "" {
			return records.Step{}, errNothingToDo
		}
		out, err := m.act(ActSubmit, ActionInput{})
		if err != nil {
			return records.Step{}, err
		}
		return m.step(out, "", "", ActSubmit)
	})
	if isNothingToDo(err) {
		return nil
	}
	return err
}

// webhookData is the record sent by a webhook: the fields named, or every field no
// permission of the template hides.
func webhookData(c *apps.Compiled, formKey string, in *records.StepInput, fields []string) (json.RawMessage, error) {
	out := map[string]any{}
	if len(fields) > 0 {
		for _, k := range fields {
			if v, ok := in.Fields[k]; ok {
				out[k] = v
			}
		}
	} else {
		hidden := map[string]bool{}
		for _, p := range c.Template.Permissions {
			if p.Form != formKey {
				continue
			}
			for k, r := range p.Fields {
				if r == template.FieldHidden {
					hidden[k] = true
				}
			}
		}
		for k, v := range in.Fields {
			if !hidden[k] {
				out[k] = v
			}
		}
	}
	return json.Marshal(map[string]any{"id": in.Record.ID, "version": in.Record.Version, "stage": in.Record.Stage, "fields": out})
}
