package records

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/formloom/formloom/runtime/org"
	"iter"
	"maps"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// AnyVersion as ifMatch skips the version check (If-Match: *, or no header on delete).
const AnyVersion int64 = 0

func errStale() *fault.Error {
	return fault.Of("precondition_failed")
}

// FlowRunning is the pipeline status of a record whose run has not ended.
const FlowRunning = "running"

func errInPipeline() *fault.Error {
	return fault.Of("in_pipeline")
}

func errDeleted() *fault.Error {
	return fault.Of("record_deleted")
}

// Create validates input (a JSON object of field values) against the latest version of the
// form, fills serial numbers, lookups and formulas, checks what it refers to and stores it,
// owned by the actor.
func (s *Service) Create(ctx context.Context, ref Ref, input json.RawMessage) (Record, error) {
	return s.CreateThen(ctx, ref, input, nil)
}

// Then is work a create does in the record's own transaction (the pipeline's start): rec
// is the record as created, nothing hidden, its serial numbers taken. It is stored when
// then's first Step on it writes, as that step's version, or after then returns when
// then takes none (see insertThen). When ok, out is the record as then left it, nothing
// hidden either: the create shows it to the actor once the transaction has committed, so
// that the access check is not part of the store's writer's turn. An error undoes the
// record too.
type Then func(ctx context.Context, rec Record) (out Record, ok bool, err error)

// CreateThen is Create followed by then in the same transaction, so that the record and
// what then writes are stored together or not at all, and a Step then takes on the record
// starts from the record just written instead of reading it back.
func (s *Service) CreateThen(ctx context.Context, ref Ref, input json.RawMessage, then Then) (Record, error) {
	return s.createThen(ctx, ref, input, then, true)
}

// createThen is CreateThen; byActor says whether the actor is the person filling the form
// (the current user of fields that default to them), which a public link's owner is not.
func (s *Service) createThen(ctx context.Context, ref Ref, input json.RawMessage, then Then, byActor bool) (Record, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return Record{}, err
	}
	f, _, err := t.latestForm()
	if err != nil {
		return Record{}, err
	}
	grant, err := s.authorize(ctx, t, ActionCreate, nil)
	if err != nil {
		return Record{}, err
	}
	if err := refuseHidden(input, grant); err != nil {
		return Record{}, err
	}
	var out Record
	var done bool
	var in func(ctx context.Context, r Record) error
	if then != nil {
		in = func(ctx context.Context, r Record) error {
			var err error
			out, done, err = then(ctx, r)
			return err
		}
	}
	var who form.Creator
	if byActor {
		who = t.creator()
	}
	r, err := s.createIn(ctx, t, f, input, t.Actor, t.Actor, who, in)
	if err != nil {
		return Record{}, err
	}
	if done {
		v, err := s.readable(ctx, t, out)
		if !fault.Is(err, fault.NotFound) {
			return v, err
		}
		// Written, but the creator's roles do not let them read it as then left it (a
		// pipeline's stage they may not see): they get the record as they created it.
	}
	return grant.view(r)
}

// createIn validates input against form f of t's latest version and stores it, created by
// creator and owned by owner, and returns it as stored (nothing hidden). t.Actor is the
// member whose view of the workspace the checks take (lookups, references, timezone);
// who is the person filling the form, for fields defaulting to the current user.
// then, when not nil, runs in the record's transaction after the insert (see Then).
func (s *Service) createIn(ctx context.Context, t *target, f *form.Form, input json.RawMessage, owner, creator string, who form.Creator, then func(ctx context.Context, r Record) error) (Record, error) {
	loc, err := s.location(ctx, t)
	if err != nil {
		return Record{}, err
	}
	s.ensureForm(ctx, t.latest, t.Form, nil)
	now := s.now()
	rel := s.newRelated(ctx, t.App)
	rec, err := f.Prepare(input, form.Create, form.Env{Now: now, Location: loc, Calendar: s.workingDays(ctx, t), Lookup: rel.lookup, Creator: who})
	if err != nil {
		return Record{}, err
	}
	if rel.err != nil {
		return Record{}, wrap("read related record", rel.err)
	}
	if err := s.checkReferences(ctx, t, f, rec, nil, rel); err != nil {
		return Record{}, err
	}
	sd := storedDoc{Workspace: t.Workspace, Form: t.storedForm, FormVersion: t.latest.Version,
		Owner: owner, CreatedBy: creator, UpdatedBy: creator}
	// What can be done before the transaction is: the store's writer runs one at a time.
	text := s.gatherText(f, rec)
	id := store.NewID()
	var created Record
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if then != nil {
			var err error
			created, err = s.insertThen(ctx, t, f, sd, id, rec, text, now.In(loc), then)
			return err
		}
		saved, err := s.insertRecord(ctx, t, f, sd, id, rec, text, now.In(loc))
		if err != nil {
			return err
		}
		l, err := decodeStored(saved)
		if err != nil {
			return err
		}
		created = l.public()
		return nil
	})
	if err != nil {
		return Record{}, writeErr("create record", err)
	}
	return created, nil
}

// insertThen is insertRecord followed by then, in the caller's transaction. The record is
// not written before then runs: then's first step on it (a pipeline's start) writes it,
// changes and all, as the version that step makes (2), instead of inserting it and
// updating it at once; clients see the same versions and timeline. When then takes no
// step, the record is inserted as insertRecord does. It answers the record as created
// (version 1), which is what then is given.
func (s *Service) insertThen(ctx context.Context, t *target, f *form.Form, sd storedDoc, id string, rec map[string]any, text GatheredText, wall time.Time, then func(ctx context.Context, r Record) error) (Record, error) {
	// Serial numbers first: the step decides on the record as it will be stored.
	if err := s.allocateSerials(ctx, t.storedForm, f, rec, text, wall); err != nil {
		return Record{}, err
	}
	data, err := sd.encode(f.AppendJSON(nil, rec))
	if err != nil {
		return Record{}, err
	}
	now := store.Now()
	l, err := decodeStored(store.Document{ID: id, Version: 1, Created: now, Updated: now, Data: data})
	if err != nil {
		return Record{}, err
	}
	p := &pendingCreate{t: t, f: f, sd: sd, rec: rec, text: text}
	if err := then(context.WithValue(ctx, writtenKey{}, &written{id: id, l: l, pending: p}), l.public()); err != nil {
		return Record{}, err
	}
	if !p.stored {
		if _, err := s.storeCreated(ctx, p, store.Document{ID: id, Data: data}, 1); err != nil {
			return Record{}, err
		}
	}
	// As created: version 1, at the time the store gave it.
	l.doc.Created, l.doc.Updated = p.saved.Created, p.saved.Created
	return l.public(), nil
}

// storeCreated writes a new record (its fields already given their serial numbers) at
// version, with what goes with its creation: the files it claims and the written hook,
// told of the record as created (version 1).
func (s *Service) storeCreated(ctx context.Context, p *pendingCreate, d store.Document, version int64) (store.Document, error) {
	var saved store.Document
	var err error
	if g, ok := s.records.(textGatherer); ok && p.text != nil {
		saved, err = g.InsertGathered(ctx, d, version, p.sd.Workspace, p.sd.Form, p.text)
	} else {
		saved, err = store.InsertAt(ctx, s.records, d, version)
	}
	if err != nil {
		return store.Document{}, err
	}
	p.stored, p.saved = true, saved
	if err := s.claimFiles(ctx, p.f, d.ID, p.rec, nil); err != nil {
		return store.Document{}, err
	}
	// No timeline entry: History derives the creation's from the record.
	return saved, s.runWrittenHook(ctx, p.t, EventCreated, Record{ID: d.ID, Version: 1, Owner: p.sd.Owner, CreatedBy: p.sd.CreatedBy, UpdatedBy: p.sd.UpdatedBy})
}

// insertRecord writes a new record with everything that goes with it: serial numbers, the
// files it claims and the written hook (a creation's timeline entry is derived from the
// record, not stored). Call it inside a transaction, so that a failed insert takes its
// serial number back with it. text, when not nil, is rec's text gathered before the
// transaction (gatherText).
func (s *Service) insertRecord(ctx context.Context, t *target, f *form.Form, sd storedDoc, id string, rec map[string]any, text GatheredText, wall time.Time) (store.Document, error) {
	if err := s.allocateSerials(ctx, t.storedForm, f, rec, text, wall); err != nil {
		return store.Document{}, err
	}
	data, err := sd.encode(f.AppendJSON(nil, rec))
	if err != nil {
		return store.Document{}, err
	}
	return s.storeCreated(ctx, &pendingCreate{t: t, f: f, sd: sd, rec: rec, text: text}, store.Document{ID: id, Data: data}, 1)
}

// runWrittenHook passes a write on to Options.Written, in the write's transaction.
func (s *Service) runWrittenHook(ctx context.Context, t *target, event string, rec Record) error {
	if s.written == nil {
		return nil
	}
	return s.written(ctx, t.latest, t.Workspace, t.Form, event, rec)
}

// writeErr maps the errors of a record write.
func writeErr(op string, err error) error {
	if fe, ok := duplicateFault(err); ok {
		return fe
	}
	if errors.Is(err, store.ErrVersionConflict) {
		return errStale()
	}
	return domainErr(op, err)
}

// load reads a record of t's form; records of other workspaces, apps or forms are not found.
func (s *Service) load(ctx context.Context, t *target, id string) (loaded, error) {
	doc, err := s.records.Get(ctx, id)
	if err != nil {
		return loaded{}, domainErr("get record", err)
	}
	l, err := decodeStored(doc)
	if err != nil {
		return loaded{}, err
	}
	if l.rec.Workspace != t.Workspace || l.rec.App != t.App || l.rec.Form != t.storedForm {
		return loaded{}, fault.ErrNotFound()
	}
	return l, nil
}

// Get returns one record (a deleted one too, marked deleted).
func (s *Service) Get(ctx context.Context, ref Ref, id string) (Record, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return Record{}, err
	}
	l, err := s.load(ctx, t, id)
	if err != nil {
		return Record{}, err
	}
	return s.readable(ctx, t, l.public())
}

// readable returns rec as t's actor may read it: not found when they may not, hidden
// fields left out.
func (s *Service) readable(ctx context.Context, t *target, rec Record) (Record, error) {
	grant, err := s.authorize(ctx, t, ActionRead, &rec)
	if err != nil {
		return Record{}, err
	}
	return grant.view(rec)
}

// Update merges patch (field key → new value, null to clear) over the stored record and
// validates the result with the record's own form version. ifMatch is the version the
// client last read (AnyVersion: whatever is stored). A patch that changes nothing writes
// nothing.
func (s *Service) Update(ctx context.Context, ref Ref, id string, ifMatch int64, patch map[string]any) (Record, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return Record{}, err
	}
	l, err := s.load(ctx, t, id)
	if err != nil {
		return Record{}, err
	}
	cur := l.public()
	grant, err := s.authorize(ctx, t, ActionUpdate, &cur)
	if err != nil {
		return Record{}, err
	}
	if l.rec.Deleted {
		return Record{}, errDeleted()
	}
	if ifMatch != AnyVersion && l.doc.Version != ifMatch {
		return Record{}, errStale()
	}
	if l.rec.FlowStatus == FlowRunning && t.member.Role != org.RoleOwner && t.member.Role != org.RoleAdmin {
		return Record{}, errInPipeline()
	}
	c, f, err := s.formAt(ctx, t, l.rec.FormVersion)
	if err != nil {
		return Record{}, err
	}
	if err := checkPatchKeys(f, patch, grant); err != nil {
		return Record{}, err
	}
	s.ensureForm(ctx, t.latest, t.Form, c)
	loc, err := s.location(ctx, t)
	if err != nil {
		return Record{}, err
	}
	prev, err := l.fields()
	if err != nil {
		return Record{}, err
	}
	merged, err := l.fields() // a second copy: PrepareMap changes its input in place
	if err != nil {
		return Record{}, err
	}
	for k, v := range patch {
		if v == nil {
			delete(merged, k)
		} else {
			merged[k] = v
		}
	}
	rel := s.newRelated(ctx, t.App)
	out, err := f.PrepareMap(merged, form.Update, form.Env{Now: s.now(), Location: loc, Calendar: s.workingDays(ctx, t), Previous: prev, Lookup: rel.lookup})
	if err != nil {
		return Record{}, err
	}
	if rel.err != nil {
		return Record{}, wrap("read related record", rel.err)
	}
	if err := s.checkReferences(ctx, t, f, out, prev, rel); err != nil {
		return Record{}, err
	}
	changes := diff(prev, out)
	if len(changes) == 0 {
		return grant.view(cur)
	}
	sd := l.rec
	sd.UpdatedBy = t.Actor
	data, err := sd.encode(f.AppendJSON(nil, out))
	if err != nil {
		return Record{}, err
	}
	saved, err := s.write(ctx, id, l.doc.Version, data, func(ctx context.Context, v int64) error {
		if err := s.claimFiles(ctx, f, id, out, prev); err != nil {
			return err
		}
		if err := s.recordEvent(ctx, id, sd, EventUpdated, t.Actor, v, 0, changes); err != nil {
			return err
		}
		return s.runWrittenHook(ctx, t, EventUpdated, Record{ID: id, Version: v, Owner: sd.Owner, CreatedBy: sd.CreatedBy, UpdatedBy: sd.UpdatedBy})
	})
	if err != nil {
		return Record{}, writeErr("update record", err)
	}
	nl, err := decodeStored(saved)
	if err != nil {
		return Record{}, err
	}
	return grant.view(nl.public())
}

// checkPatchKeys refuses keys that are not top-level fields of the record's form version
// (or that the actor may not see), null ones included, before anything is merged.
func checkPatchKeys(f *form.Form, patch map[string]any, g Grant) error {
	unknown := func(k string) bool {
		if f == nil || g.Hidden[k] || strings.Contains(k, ".") {
			return true
		}
		_, ok := f.Field(k)
		return !ok
	}
	if err := refuseKeys(maps.Keys(patch), unknown, unknownKey); err != nil {
		return err
	}
	return refuseReadOnly(patch, g)
}

// refuseReadOnly refuses input that sets fields the actor may only read.
func refuseReadOnly(input map[string]any, g Grant) error {
	return refuseKeys(maps.Keys(input), func(k string) bool { return g.ReadOnly[k] }, readOnlyKey)
}

// refuseHidden refuses input that sets fields the actor may not see, as if they did not
// exist, or may only read. Without such fields it costs nothing; malformed input is left
// to the form.
func refuseHidden(input json.RawMessage, g Grant) error {
	if len(g.Hidden) == 0 && len(g.ReadOnly) == 0 {
		return nil
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(input, &top) != nil {
		return nil //nolint:nilerr // malformed input is the form's to report
	}
	if err := refuseKeys(maps.Keys(top), func(k string) bool { return g.Hidden[k] }, unknownKey); err != nil {
		return err
	}
	return refuseKeys(maps.Keys(top), func(k string) bool { return g.ReadOnly[k] }, readOnlyKey)
}

// keyRefusal is how refuseKeys names what is wrong: the error, and each field's problem.
type keyRefusal struct {
	fault func() *fault.Error
	field func(e *fault.Error, pointer string) *fault.Error
}

var (
	unknownKey = keyRefusal{
		func() *fault.Error { return fault.Of("unknown_field") },
		func(e *fault.Error, ptr string) *fault.Error { return e.WithFieldOf(ptr, "unknown_field.record") },
	}
	readOnlyKey = keyRefusal{
		func() *fault.Error { return fault.Of("readonly_field.not_yours") },
		func(e *fault.Error, ptr string) *fault.Error { return e.WithFieldOf(ptr, "readonly_field.not_yours") },
	}
)

// refuseKeys is the error naming, one field each, every key that refused says the input
// may not hold; nil when there is none.
func refuseKeys(keys iter.Seq[string], refused func(key string) bool, why keyRefusal) error {
	var bad *fault.Error
	for k := range keys {
		if !refused(k) {
			continue
		}
		if bad == nil {
			bad = why.fault()
		}
		bad = why.field(bad, "/"+escapeToken(k))
	}
	if bad == nil {
		return nil
	}
	return bad
}

func escapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// write replaces record id at version with data and records its timeline entry in the
// same transaction (event gets the record's new version).
func (s *Service) write(ctx context.Context, id string, version int64, data json.RawMessage, event func(ctx context.Context, v int64) error) (store.Document, error) {
	var saved store.Document
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if saved, err = s.records.Update(ctx, store.Document{ID: id, Version: version, Data: data}); err != nil {
			return err
		}
		return event(ctx, saved.Version)
	})
	return saved, err
}

// Delete moves a record to the trash (soft delete). Deleting a deleted record changes
// nothing. ifMatch AnyVersion deletes whatever version is stored.
func (s *Service) Delete(ctx context.Context, ref Ref, id string, ifMatch int64) error {
	_, err := s.setDeleted(ctx, ref, id, ifMatch, true)
	return err
}

// Restore takes a record out of the trash; 409 not_deleted when it is not in it, 409
// duplicate when a live record took one of its unique values meanwhile.
func (s *Service) Restore(ctx context.Context, ref Ref, id string, ifMatch int64) (Record, error) {
	return s.setDeleted(ctx, ref, id, ifMatch, false)
}

func (s *Service) setDeleted(ctx context.Context, ref Ref, id string, ifMatch int64, del bool) (Record, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return Record{}, err
	}
	for {
		l, err := s.load(ctx, t, id)
		if err != nil {
			return Record{}, err
		}
		cur := l.public()
		grant, err := s.authorize(ctx, t, ActionDelete, &cur)
		if err != nil {
			return Record{}, err
		}
		if ifMatch != AnyVersion && l.doc.Version != ifMatch {
			return Record{}, errStale()
		}
		switch {
		case del && l.rec.Deleted:
			return grant.view(cur)
		case !del && !l.rec.Deleted:
			return Record{}, fault.Of("not_deleted")
		}
		if c, _, err := s.formAt(ctx, t, l.rec.FormVersion); err == nil && !del {
			s.ensureForm(ctx, t.latest, t.Form, c) // restoring re-enters the unique indexes
		}
		sd := l.rec
		sd.UpdatedBy, sd.Deleted, sd.DeletedAt, sd.DeletedBy = t.Actor, del, "", ""
		action := EventRestored
		if del {
			sd.DeletedAt, sd.DeletedBy, action = querylang.FormatDatetime(s.now()), t.Actor, EventDeleted
		}
		data, err := sd.encode(l.rec.F)
		if err != nil {
			return Record{}, err
		}
		saved, err := s.write(ctx, id, l.doc.Version, data, func(ctx context.Context, v int64) error {
			return s.recordEvent(ctx, id, sd, action, t.Actor, v, 0, nil)
		})
		if errors.Is(err, store.ErrVersionConflict) && ifMatch == AnyVersion {
			if err := ctx.Err(); err != nil {
				return Record{}, err
			}
			continue // changed meanwhile, and the caller did not pin a version
		}
		if err != nil {
			return Record{}, writeErr("change record", err)
		}
		nl, err := decodeStored(saved)
		if err != nil {
			return Record{}, err
		}
		return grant.view(nl.public())
	}
}

// view leaves out the fields the grant hides.
func (g Grant) view(r Record) (Record, error) {
	if len(g.Hidden) == 0 {
		return r, nil
	}
	// One pass over the stored JSON (a list page does this for every row).
	b, err := withoutKeys(r.Data, g.Hidden)
	if err != nil {
		return r, wrap("hide fields", err)
	}
	r.Data = b
	return r, nil
}
