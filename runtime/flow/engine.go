package flow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
)

// SystemActor is the actor of steps the engine takes by itself (deadlines, automations).
const SystemActor = "system"

// errAlreadyDone stops a step whose idempotency key was already used.
var errAlreadyDone = errors.New("flow: request already applied")

// errNothingToDo stops a step that finds nothing to do (a deadline of a node already left).
var errNothingToDo = errors.New("flow: nothing to do")

// idemDoc remembers an applied request by its idempotency key.
type idemDoc struct {
	Record string `json:"record"`
	Action string `json:"action"`
}

func idemID(ws, actor, key string) string {
	h := sha256.Sum256([]byte(ws + "\x00" + actor + "\x00" + key))
	return hex.EncodeToString(h[:])
}

// HasPipeline reports whether form has a pipeline in app version c, and whether it starts
// by itself when a record is created.
func (s *Service) HasPipeline(c *apps.Compiled, formKey string) (has, autoStart bool, err error) {
	g, err := s.Pipeline(c, formKey)
	if err != nil || g == nil {
		return false, false, err
	}
	p := g.Pipeline()
	return true, p.AutoStart == nil || *p.AutoStart, nil
}

// Act applies a person's action to a record's run and returns the record as they see it.
// key, when not empty, makes the request idempotent: the same key again returns the
// record without acting twice.
func (s *Service) Act(ctx context.Context, ref records.Ref, id, action string, in ActionInput, key string) (records.Record, error) {
	return s.act(ctx, ref, id, action, in, key, true)
}

// act is Act; visible false skips the check that the actor sees the record (the creator
// submitting the record they just created, which their roles may not let them read).
func (s *Service) act(ctx context.Context, ref records.Ref, id, action string, in ActionInput, key string, visible bool) (records.Record, error) {
	if !slices.Contains(Actions, action) {
		return records.Record{}, fault.Of("unknown_action")
	}
	if len(in.Comment) > MaxComment {
		return records.Record{}, fault.FieldOf("/comment", "too_long.comment")
	}
	if len(key) > 200 {
		return records.Record{}, fault.FieldOf("/Idempotency-Key", "too_long.idempotency_key")
	}
	_, latest, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return records.Record{}, err
	}
	if _, _, ok := latest.Form(ref.Form); !ok {
		return records.Record{}, fault.ErrNotFound()
	}
	member, err := s.org.Membership(ctx, ref.Workspace, ref.Actor)
	if err != nil {
		return records.Record{}, err
	}
	stepped, err := s.stepAs(ctx, ref, member, id, action, in, key, visible)
	switch {
	case errors.Is(err, errAlreadyDone):
		return s.records.Get(ctx, ref, id)
	case err != nil:
		return records.Record{}, err
	}
	return s.records.View(ctx, ref, stepped)
}

// stepAs takes action on record id as member (ref's actor) and returns the record as
// stored, nothing hidden; errAlreadyDone when key was used already.
func (s *Service) stepAs(ctx context.Context, ref records.Ref, member org.Member, id, action string, in ActionInput, key string, visible bool) (records.Record, error) {
	var idem string
	if key != "" {
		idem = idemID(ref.Workspace, ref.Actor, key)
	}
	sref := records.StepRef{Workspace: ref.Workspace, App: ref.App, Form: ref.Form, ID: id, Actor: ref.Actor}
	stepped, err := s.records.Step(ctx, sref, func(in0 records.StepInput) (records.Step, error) {
		// The actor must see the record (their roles, or their part in the run):
		// otherwise it does not exist for them. Checked on the record the step read, so
		// that an action reads it once.
		if visible {
			if _, err := s.records.View(ctx, ref, in0.Record); err != nil {
				return records.Step{}, err
			}
		}
		if idem != "" {
			if d, err := s.idem.Get(ctx, idem); err == nil {
				used, err := store.Decode[idemDoc](d)
				if err != nil {
					return records.Step{}, err
				}
				if used.Record != id || used.Action != action {
					return records.Step{}, fault.Of("idempotency_key_reused").
						WithProblem("/Idempotency-Key", fault.Problem("reused.idempotency_key"))
				}
				return records.Step{}, errAlreadyDone
			} else if !errors.Is(err, store.ErrNotFound) {
				return records.Step{}, err
			}
		}
		m, err := s.machineFor(ctx, ref.Workspace, ref.App, ref.Form, ref.Actor, in0)
		if err != nil {
			return records.Step{}, err
		}
		// The nodes the action moves into see the values it sends (a condition on the
		// review's verdict, a department head of the department just chosen). The record
		// step validates them; a value it refuses fails the whole action.
		m.fields = overlay(m.fields, in.Data)
		if m.st.Status == "" && action != ActSubmit && action != ActSave && action != ActComment {
			return records.Step{}, fault.Of("not_submitted")
		}
		// A run never submitted (none yet, or a draft only saved) is started by whom
		// mayStart allows: whoever submits or saves it becomes its initiator.
		neverSubmitted := m.st.Status == "" || (m.st.Status == StatusDraft && m.st.Initiator != "" && m.st.activity(m.graph.Start().Key) == nil)
		if neverSubmitted && !mayStart(member, in0.Record) {
			return records.Step{}, fault.ErrForbidden()
		}
		if m.st.ended() && action != ActComment {
			return records.Step{}, fault.Of("pipeline_ended")
		}
		if action == ActUrge && ref.Actor != m.st.Initiator && member.Role != org.RoleOwner && member.Role != org.RoleAdmin {
			return records.Step{}, fault.Of("cannot_urge.not_allowed")
		}
		if action == ActComment || action == ActCC {
			if _, ok := m.st.People[ref.Actor]; !ok && member.Role != org.RoleOwner && member.Role != org.RoleAdmin && action == ActCC {
				return records.Step{}, fault.ErrForbidden()
			}
		}
		out, err := m.act(action, in)
		if err != nil {
			return records.Step{}, err
		}
		return m.step(out, in.Comment, idem, action)
	})
	return stepped, err
}

// mayStart says whether member may submit a record never submitted: its owner or
// creator, or a workspace owner or admin.
func mayStart(m org.Member, r records.Record) bool {
	return m.UserID == r.Owner || m.UserID == r.CreatedBy || m.Role == org.RoleOwner || m.Role == org.RoleAdmin
}

// machineFor builds the machine for a record: its run's state and the pipeline of the
// version the run follows (the record's version for a run not yet started).
func (s *Service) machineFor(ctx context.Context, ws, appID, formKey, actor string, in records.StepInput) (*machine, error) {
	st, err := decodeState(in.State, in.People)
	if err != nil {
		return nil, err
	}
	version := in.FormVersion
	if st != nil && st.Version > 0 {
		version = st.Version
	}
	c, err := s.apps.Version(ctx, appID, version)
	if err != nil {
		return nil, domainErr("load app version", err)
	}
	d, err := s.definitions(c)
	if err != nil {
		return nil, err
	}
	g := d.pipelines[formKey]
	if g == nil {
		return nil, fault.Of("no_pipeline")
	}
	if st == nil {
		st = &State{Pipeline: g.Pipeline().Key, Version: version, People: map[string][]string{}}
	}
	known := map[string]bool{}
	for _, a := range st.Active {
		for _, t := range a.Tasks {
			known[t.ID] = true
		}
	}
	for _, p := range st.CC {
		known["cc-"+p] = true
	}
	if st.Initiator != "" {
		known["run"] = true
	}
	types := d.types[formKey]
	return &machine{svc: s, ctx: ctx, graph: g, version: c, types: types, ws: ws, app: appID, form: formKey, rec: in.Record, fields: withBlanks(types, in.Fields),
		st: st, now: s.now(), actor: actor, known: known, status: st.Status}, nil
}

// step turns the machine's result into the record's step.
func (m *machine) step(out outcome, comment, idem, action string) (records.Step, error) {
	raw, people, err := m.st.encode()
	if err != nil {
		return records.Step{}, err
	}
	if m.st.Status == "" {
		raw, people = nil, nil // a comment on a record never submitted starts nothing
	}
	due, overdue := m.st.earliestDue()
	stage := m.stage()
	detail := out.detail
	if len(m.entered) > 0 {
		if detail == nil {
			detail = map[string]any{}
		}
		detail["entered"] = m.entered
	}
	if detail != nil {
		detail["status"] = m.st.Status
	}
	return records.Step{
		State: raw, People: people, Stage: stage, Status: m.recordStatus(), Due: due, Overdue: overdue,
		Patch: out.patch, Editable: out.editable, Required: out.required,
		Event: out.event, Comment: comment, Node: out.node, Detail: detail,
		After: func(ctx context.Context, rec records.Record) error {
			if idem != "" {
				doc, err := store.NewDocument(idem, idemDoc{Record: rec.ID, Action: action})
				if err != nil {
					return err
				}
				if _, err := m.svc.idem.Insert(ctx, doc); err != nil {
					return wrap("idempotency key", err)
				}
			}
			return m.effects(ctx, rec, stage)
		},
	}, nil
}

// Starter submits records just created in one form whose pipeline starts by itself. What
// it needs to know besides the record (the app version, the creator's membership) is read
// when it is made, before the create's transaction opens: the transaction runs in the
// store's single writer's turn, which other writes wait for.
type Starter struct {
	s      *Service
	ref    records.Ref
	member org.Member
}

// StarterFor returns the starter of ref's form, or nil when the form has no pipeline or
// its pipeline does not start by itself.
func (s *Service) StarterFor(ctx context.Context, ref records.Ref) (*Starter, error) {
	_, c, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return nil, err
	}
	has, auto, err := s.HasPipeline(c, ref.Form)
	if err != nil || !has || !auto {
		return nil, err
	}
	member, err := s.org.Membership(ctx, ref.Workspace, ref.Actor)
	if err != nil {
		return nil, err
	}
	return &Starter{s: s, ref: ref, member: member}, nil
}

// Then submits rec, just created, in its create's transaction (it is a records.Then): ok
// and the record as stored, nothing hidden, which the create shows to the creator once
// the transaction has committed. The run follows the pipeline of the record's form
// version (machineFor), whatever was published since the starter was made: when that
// version has no pipeline (one published in between removed it), the record stays, not
// submitted, as a create in that version would leave it.
//
// Only a version without the pipeline leaves the record unsubmitted: any other error,
// a not-found from a write the step makes included, fails the create and rolls back
// the record with the step's writes, which share its transaction.
func (st *Starter) Then(ctx context.Context, rec records.Record) (records.Record, bool, error) {
	out, err := st.s.stepAs(ctx, st.ref, st.member, rec.ID, ActSubmit, ActionInput{}, "", false)
	if isCode(err, "no_pipeline") {
		return records.Record{}, false, nil
	}
	return out, err == nil, err
}

func isCode(err error, code string) bool {
	fe, ok := fault.As(err)
	return ok && fe.Code == code
}

// Start submits a record just created, when its form's pipeline starts by itself; ok
// reports whether it did.
func (s *Service) Start(ctx context.Context, ref records.Ref, id string) (rec records.Record, ok bool, err error) {
	_, c, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return records.Record{}, false, err
	}
	has, auto, err := s.HasPipeline(c, ref.Form)
	if err != nil || !has || !auto {
		return records.Record{}, false, err
	}
	rec, err = s.act(ctx, ref, id, ActSubmit, ActionInput{}, "", false)
	if fault.Is(err, fault.NotFound) {
		// Submitted, but the creator's roles do not let them read it back.
		return records.Record{}, false, nil
	}
	return rec, err == nil, err
}

// system runs a step the engine takes by itself on a record (deadlines, automations).
func (s *Service) system(ctx context.Context, ws, appID, formKey, id, as string, fn func(m *machine) (outcome, error)) error {
	sref := records.StepRef{Workspace: ws, App: appID, Form: formKey, ID: id, Actor: SystemActor, As: as}
	_, err := s.records.Step(ctx, sref, func(in records.StepInput) (records.Step, error) {
		m, err := s.machineFor(ctx, ws, appID, formKey, SystemActor, in)
		if err != nil {
			return records.Step{}, err
		}
		out, err := fn(m)
		if err != nil {
			return records.Step{}, err
		}
		return m.step(out, "", "", "")
	})
	if isNothingToDo(err) || isGone(err) {
		return nil // the record moved on, or is gone: nothing is due any more
	}
	return err
}

func isNothingToDo(err error) bool { return errors.Is(err, errNothingToDo) }

// isGone reports errors saying the record or its pipeline is no more.
func isGone(err error) bool {
	if fault.Is(err, fault.NotFound) {
		return true
	}
	fe, ok := fault.As(err)
	return ok && (fe.Code == "record_deleted" || fe.Code == "no_pipeline")
}

// HandleDue acts on a deadline that came (a scheduler job of KindDue).
func (s *Service) HandleDue(ctx context.Context, payload json.RawMessage) error {
	return s.handleDeadline(ctx, payload, false)
}

// HandleRemind sends the reminder before a deadline (a scheduler job of KindRemind).
func (s *Service) HandleRemind(ctx context.Context, payload json.RawMessage) error {
	return s.handleDeadline(ctx, payload, true)
}

func (s *Service) handleDeadline(ctx context.Context, payload json.RawMessage, remind bool) error {
	var p duePayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return wrap("read deadline job", err)
	}
	// Each activity in a step of its own, as if each had its own job: each step records
	// one event, and one done before a failure is not done again when the job is retried.
	for _, id := range p.activities() {
		if err := s.handleActivityDeadline(ctx, p, id, remind); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) handleActivityDeadline(ctx context.Context, p duePayload, activity string, remind bool) error {
	return s.system(ctx, p.Workspace, p.App, p.Form, p.Record, p.Initiator, func(m *machine) (outcome, error) {
		var a *Activity
		for _, x := range m.st.Active {
			if x.ID == activity {
				a = x
			}
		}
		if a == nil || m.st.ended() {
			return outcome{}, errNothingToDo
		}
		n := m.graph.Node(a.Node)
		if remind {
			if a.Reminded || a.Overdue {
				return outcome{}, errNothingToDo
			}
			a.Reminded = true
			m.remindOpen(a, n, noteReminder)
			return outcome{event: "flow.reminded", node: a.Node}, nil
		}
		if a.Overdue {
			return outcome{}, errNothingToDo
		}
		action := pipeline.DueRemind
		if n.Deadline != nil && n.Deadline.OnDue != nil {
			action = n.Deadline.OnDue.Action
		}
		if err := m.onDue(a); err != nil {
			return outcome{}, err
		}
		return outcome{event: "flow.overdue", node: a.Node, detail: map[string]any{"onDue": action}}, nil
	})
}

// ReadState decodes the state of a record's run (records.Record.Flow); nil when none.
func ReadState(raw json.RawMessage) (*State, error) { return decodeState(raw, nil) }

// overlay returns fields with patch applied (null clears), leaving fields as it was.
func overlay(fields, patch map[string]any) map[string]any {
	if len(patch) == 0 {
		return fields
	}
	out := make(map[string]any, len(fields)+len(patch))
	for k, v := range fields {
		out[k] = v
	}
	for k, v := range patch {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// blankText reports whether a field of type t holds a string, so that an empty one reads
// as "" in conditions and automations, as in formulas.
func blankText(t string) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.BlankText
}

// blankAsNil is the value an automation writes to field k of a form of types: "" — how
// expressions see a blank date, member, option or text — is written as nothing, so that a
// blank source field mapped to a date clears the date instead of failing the run on a
// date that is not one.
func blankAsNil(types map[string]string, k string, v any) any {
	if s, ok := v.(string); ok && s == "" && blankText(types[k]) {
		return nil
	}
	return v
}

// withBlanks returns the record's fields with "" for text fields that hold nothing, so
// that expressions compare them as formulas do.
func withBlanks(types map[string]string, fields map[string]any) map[string]any {
	out := make(map[string]any, len(fields)+8)
	for k, v := range fields {
		out[k] = v
	}
	for k, t := range types {
		if _, ok := out[k]; !ok && blankText(t) {
			out[k] = ""
		}
	}
	return out
}
