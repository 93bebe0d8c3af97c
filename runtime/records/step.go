package records

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// maxStepTries bounds how often Step re-reads a record that another write changed under
// it. Each retry re-runs the engine's decision on the fresh record, so a lost race costs
// a retry, never an approval.
const maxStepTries = 50

// StepRef addresses a record for the pipeline engine. The engine has already decided
// that Actor may act; Step does no role check. As is a member of the workspace used for
// lookups when Actor is not one (the scheduler acting on a deadline); empty means Actor.
type StepRef struct {
	Workspace string
	App       string
	Form      string // the form's key
	ID        string
	Actor     string
	As        string
}

// StepInput is a record as the engine sees it: everything, nothing hidden.
type StepInput struct {
	Record      Record
	Fields      map[string]any
	State       json.RawMessage // the engine's state; nil before the first step
	People      json.RawMessage // the run's participants, kept apart from State
	FormVersion int
	Deleted     bool
}

// Step is what the engine changes on a record in one atomic write.
type Step struct {
	State   json.RawMessage // the engine's new state
	People  json.RawMessage // participants → fields hidden from them (never sent to clients)
	Stage   string
	Status  string
	Due     *time.Time
	Overdue bool
	// Patch sets fields (null clears); only keys in Editable may appear, others are
	// refused with 403 at their pointer. Required fields must hold a value afterwards.
	Patch    map[string]any
	Editable map[string]bool
	Required []string
	// The timeline entry: its action, comment, node and details (no field values).
	Event   string
	Comment string
	Node    string
	Detail  map[string]any
	// After makes further writes (tasks, schedules) in the same transaction; rec is the
	// record as written.
	After func(ctx context.Context, rec Record) error
}

// Step applies the step fn decides to record ref.ID as one compare-and-set: when another
// write changed the record between the read and the write, it reads it again and asks fn
// again. fn must be a pure decision over its input (it may run several times). An error
// from fn is returned as it is.
func (s *Service) Step(ctx context.Context, ref StepRef, fn func(StepInput) (Step, error)) (Record, error) {
	as := ref.As
	if as == "" {
		as = ref.Actor
	}
	t := &target{Ref: Ref{Actor: as, Workspace: ref.Workspace, App: ref.App, Form: ref.Form}, storedForm: formID(ref.App, ref.Form)}
	// A step on the record its own create just wrote, in the create's transaction, starts
	// from what was written: nothing else can have changed it since.
	w := takeWritten(ctx, ref.ID)
	for try := 0; ; try++ {
		if try > 0 && w != nil && w.pending != nil && !w.pending.stored {
			return Record{}, errors.New("records: step on a record not stored yet cannot retry")
		}
		var first loaded
		var p *pendingCreate
		if w != nil && try == 0 {
			first, p = w.l, w.pending
		}
		rec, err := s.stepOnce(ctx, t, ref, first, w != nil && try == 0, p, fn)
		// Inside a caller's transaction a try's writes are not undone before the next one
		// (a nested transaction joins the outer one): the conflict goes back to the caller,
		// whose whole transaction rolls back.
		if errors.Is(err, store.ErrVersionConflict) && try < maxStepTries && !store.InTx(ctx, s.st) {
			continue
		}
		if err != nil {
			return Record{}, writeErr("pipeline step", err)
		}
		return rec, nil
	}
}

// stepOnce reads the record (or takes l, when fresh) and applies fn's step to it. p, when
// not nil, is the create of l not stored yet: the step stores it.
func (s *Service) stepOnce(ctx context.Context, t *target, ref StepRef, l loaded, fresh bool, p *pendingCreate, fn func(StepInput) (Step, error)) (Record, error) {
	if !fresh {
		var err error
		if l, err = s.load(ctx, t, ref.ID); err != nil {
			return Record{}, err
		}
	}
	prev, err := l.fields()
	if err != nil {
		return Record{}, err
	}
	in := StepInput{Record: l.public(), Fields: prev, State: l.rec.WF, People: l.rec.People, FormVersion: l.rec.FormVersion, Deleted: l.rec.Deleted}
	st, err := fn(in)
	if err != nil {
		return Record{}, err
	}
	if l.rec.Deleted {
		return Record{}, errDeleted()
	}
	out := prev
	var f *form.Form
	if fresh && len(st.Patch) == 0 {
		// The record was prepared by its create a moment ago in this transaction: with
		// nothing to merge, validating it again would give the same fields, so only the
		// node's required fields are left to check.
		if err := checkRequired(prev, st.Required); err != nil {
			return Record{}, err
		}
	} else if len(st.Patch) > 0 || len(st.Required) > 0 {
		c, err := s.apps.Version(ctx, ref.App, l.rec.FormVersion)
		if err != nil {
			return Record{}, domainErr("load form version", err)
		}
		t.latest = c
		var ok bool
		if f, _, ok = c.Form(ref.Form); !ok || f == nil {
			return Record{}, fault.ErrNotFound()
		}
		if out, err = s.applyStepPatch(ctx, t, f, prev, st); err != nil {
			return Record{}, err
		}
	}
	changes := diff(prev, out)
	sd := l.rec
	sd.UpdatedBy = ref.Actor
	sd.WF, sd.People, sd.Stage, sd.FlowStatus, sd.Overdue = st.State, st.People, st.Stage, st.Status, st.Overdue
	sd.Due = ""
	if st.Due != nil {
		sd.Due = querylang.FormatDatetime(*st.Due)
	}
	fields := l.rec.F
	if f != nil && len(changes) > 0 {
		fields = f.AppendJSON(nil, out)
		if p != nil {
			p.text = nil // gathered from the fields as created, which the step changed
		}
	}
	data, err := sd.encode(fields)
	if err != nil {
		return Record{}, err
	}
	var saved store.Document
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		next := store.Document{ID: ref.ID, Version: l.doc.Version, Data: data}
		switch tk, ok := s.records.(textKeeper); {
		case p != nil:
			// One write for the create and its step, as the version the step makes.
			saved, err = s.storeCreated(ctx, p, store.Document{ID: ref.ID, Data: data}, l.doc.Version+1)
		case ok && len(changes) == 0:
			saved, err = tk.UpdateKeepingText(ctx, next)
		default:
			saved, err = s.records.Update(ctx, next)
		}
		if err != nil {
			return err
		}
		if f != nil && len(changes) > 0 {
			if err := s.claimFiles(ctx, f, ref.ID, out, prev); err != nil {
				return err
			}
		}
		if st.Event != "" {
			if err := s.recordStepEvent(ctx, ref.ID, sd, ref.Actor, saved.Version, changes, st); err != nil {
				return err
			}
		}
		if st.After != nil {
			nl, err := decodeStored(saved)
			if err != nil {
				return err
			}
			return st.After(ctx, nl.public())
		}
		return nil
	})
	if err != nil {
		return Record{}, err
	}
	nl, err := decodeStored(saved)
	if err != nil {
		return Record{}, err
	}
	return nl.public(), nil
}

// applyStepPatch merges the step's patch over the record, refusing fields the node does
// not let the actor edit, validates the result with the record's form version and checks
// the node's required fields.
func (s *Service) applyStepPatch(ctx context.Context, t *target, f *form.Form, prev map[string]any, st Step) (map[string]any, error) {
	var bad *fault.Error
	for k := range st.Patch {
		if _, ok := f.Field(k); !ok {
			if bad == nil {
				bad = fault.Of("unknown_field")
			}
			bad.WithFieldOf("/"+escapeToken(k), "unknown_field.record")
		}
	}
	if bad != nil {
		return nil, bad
	}
	for k := range st.Patch {
		if !st.Editable[k] {
			if bad == nil {
				bad = fault.Of("readonly_field.step")
			}
			bad.WithFieldOf("/"+escapeToken(k), "readonly_field.step")
		}
	}
	if bad != nil {
		return nil, bad
	}
	merged := make(map[string]any, len(prev)+len(st.Patch))
	for k, v := range prev {
		merged[k] = v
	}
	for k, v := range st.Patch {
		if v == nil {
			delete(merged, k)
		} else {
			merged[k] = v
		}
	}
	loc, err := s.location(ctx, t)
	if err != nil {
		return nil, err
	}
	rel := s.newRelated(ctx, t.App)
	out, err := f.PrepareMap(merged, form.Update, form.Env{Now: s.now(), Location: loc, Calendar: s.workingDays(ctx, t), Previous: prev, Lookup: rel.lookup})
	if err != nil {
		return nil, err
	}
	if rel.err != nil {
		return nil, wrap("read related record", rel.err)
	}
	if err := s.checkReferences(ctx, t, f, out, prev, rel); err != nil {
		return nil, err
	}
	if err := checkRequired(out, st.Required); err != nil {
		return nil, err
	}
	return out, nil
}

// checkRequired refuses fields a node requires that hold no value.
func checkRequired(fields map[string]any, required []string) error {
	var bad *fault.Error
	for _, k := range required {
		if empty(fields[k]) {
			if bad == nil {
				bad = fault.Of("validation_failed")
			}
			bad.WithFieldOf("/"+escapeToken(k), "required.step")
		}
	}
	if bad != nil {
		return bad
	}
	return nil
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// textKeeper is a records collection that keeps a full-text index of the records' fields
// (runtime/search) and can leave it alone for a write that changes none of them: most
// pipeline steps (a submit, an approval) change only the run's state, and indexing the
// same text again would cost the write and the index's background work a record's text.
type textKeeper interface {
	UpdateKeepingText(ctx context.Context, d store.Document) (store.Document, error)
}

// View returns rec — a record of ref's form as Step returned it — as ref's actor sees it,
// without reading it again: not found when they may not read it, hidden fields left out.
func (s *Service) View(ctx context.Context, ref Ref, rec Record) (Record, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return Record{}, err
	}
	return s.readable(ctx, t, rec)
}

// writtenKey carries, inside a create's transaction, the record the create just wrote.
type writtenKey struct{}

// written is a record a create wrote, or is writing, for the first Step on it in the same
// transaction.
type written struct {
	id    string
	l     loaded
	taken bool
	// pending, when not nil, is the create not stored yet (insertThen): the first step
	// stores it.
	pending *pendingCreate
}

// pendingCreate is what storing a record created in insertThen needs.
type pendingCreate struct {
	t      *target
	f      *form.Form
	sd     storedDoc // as created, before any step
	rec    map[string]any
	text   GatheredText // rec's text for the search index, gathered before the transaction
	stored bool
	saved  store.Document
}

// takeWritten returns the record ctx carries when it is record id, once: after a step
// the stored record is newer, and any later read must go to the store.
func takeWritten(ctx context.Context, id string) *written {
	w, ok := ctx.Value(writtenKey{}).(*written)
	if !ok || w.taken || w.id != id {
		return nil
	}
	w.taken = true
	return w
}

// Peek reads record ref.ID as the pipeline engine sees it (everything, nothing hidden)
// without writing: for decisions that need the run's state but change nothing, such as
// whether the actor's open step lets them fill a field. Like Step, it does no role check.
func (s *Service) Peek(ctx context.Context, ref StepRef) (StepInput, error) {
	t := &target{Ref: Ref{Actor: ref.Actor, Workspace: ref.Workspace, App: ref.App, Form: ref.Form}, storedForm: formID(ref.App, ref.Form)}
	l, err := s.load(ctx, t, ref.ID)
	if err != nil {
		return StepInput{}, err
	}
	prev, err := l.fields()
	if err != nil {
		return StepInput{}, err
	}
	return StepInput{Record: l.public(), Fields: prev, State: l.rec.WF, People: l.rec.People, FormVersion: l.rec.FormVersion, Deleted: l.rec.Deleted}, nil
}
