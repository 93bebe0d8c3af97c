package records

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// The actions of the timeline.
const (
	EventCreated  = "created"
	EventUpdated  = "updated"
	EventDeleted  = "deleted"
	EventRestored = "restored"
	EventMigrated = "migrated"
)

// Change is one field's change: its key and the values before and after (null when absent).
type Change struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}

// Event is one entry of a record's timeline.
type Event struct {
	ID              string    `json:"id"`
	Action          string    `json:"action"`
	Actor           string    `json:"actor"`
	At              time.Time `json:"at"`
	Version         int64     `json:"version"`     // the record's version after the change
	FormVersion     int       `json:"formVersion"` // the app version the record is on after it
	FromFormVersion int       `json:"fromFormVersion,omitempty"`
	Changes         []Change  `json:"changes"`
	// Pipeline actions: the node acted on, the actor's comment and details such as the
	// node returned to or the member transferred to.
	Node    string         `json:"node,omitempty"`
	Comment string         `json:"comment,omitempty"`
	Detail  map[string]any `json:"detail,omitempty"`
}

type eventDoc struct {
	Record          string   `json:"record"`
	Workspace       string   `json:"ws"`
	Form            string   `json:"form"`
	Action          string   `json:"action"`
	Actor           string   `json:"actor"`
	Version         int64    `json:"version"`
	FormVersion     int      `json:"fv"`
	FromFormVersion int      `json:"fromFv,omitempty"`
	Changes         []Change `json:"changes,omitempty"`
	// Init holds a creation's changes compactly: the initial values by field (every
	// "from" is null). Entries written before it keep their changes.
	Init map[string]any `json:"init,omitempty"`
	// InitRec marks a creation that stores no values at all: they are the record's
	// current fields with every later entry's changes undone (every write of a record's
	// fields leaves an entry with its changes, in the write's transaction), so the
	// timeline does not keep a second copy of every record.
	InitRec bool           `json:"initRec,omitempty"`
	Node    string         `json:"node,omitempty"`
	Comment string         `json:"comment,omitempty"`
	Detail  map[string]any `json:"detail,omitempty"`
}

// changes answers the entry's changes, expanding a creation's initial values (in key order,
// as diff lists them).
func (e eventDoc) changes() []Change {
	if e.Init == nil {
		return e.Changes
	}
	keys := make([]string, 0, len(e.Init))
	for k := range e.Init {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]Change, 0, len(keys))
	for _, k := range keys {
		out = append(out, Change{Field: k, To: e.Init[k]})
	}
	return out
}

// diff lists the top-level fields that differ between two versions of a record's fields,
// in key order. Sub-forms and lists are compared whole.
func diff(from, to map[string]any) []Change {
	keys := make([]string, 0, len(from)+len(to))
	for k := range from {
		keys = append(keys, k)
	}
	for k := range to {
		if _, ok := from[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := []Change{}
	for _, k := range keys {
		a, b := from[k], to[k]
		if !form.JSONEqual(a, b) {
			out = append(out, Change{Field: k, From: a, To: b})
		}
	}
	return out
}

// recordEvent writes one timeline entry (inside the caller's transaction).
func (s *Service) recordEvent(ctx context.Context, id string, l storedDoc, action, actor string, version int64, fromFV int, changes []Change) error {
	if changes == nil {
		changes = []Change{}
	}
	return s.insertEvent(ctx, eventDoc{Record: id, Workspace: l.Workspace, Form: l.Form, Action: action, Actor: actor, Version: version, FormVersion: l.FormVersion, FromFormVersion: fromFV, Changes: changes})
}

// recordStepEvent writes the timeline entry of a pipeline step.
func (s *Service) recordStepEvent(ctx context.Context, id string, l storedDoc, actor string, version int64, changes []Change, st Step) error {
	return s.insertEvent(ctx, eventDoc{Record: id, Workspace: l.Workspace, Form: l.Form, Action: st.Event, Actor: actor, Version: version,
		FormVersion: l.FormVersion, Changes: changes, Node: st.Node, Comment: st.Comment, Detail: st.Detail})
}

func (s *Service) insertEvent(ctx context.Context, e eventDoc) error {
	doc, err := store.NewDocument("", e)
	if err != nil {
		return err
	}
	if _, err := s.history.Insert(ctx, doc); err != nil {
		return wrap("record history", err)
	}
	return nil
}

// HistoryPage is one page of a record's timeline, oldest first.
type HistoryPage struct {
	Items []Event `json:"items"`
	Next  string  `json:"next"`
}

// afterCreation is the cursor of the page after a first page that held only the derived
// creation entry: the stored entries from their start. It is no cursor the store makes.
const afterCreation = "created"

// History returns the timeline of a record (deleted ones too), oldest first. limit and
// cursor are the URL parameters.
//
// A record's creation is not stored as an entry: the entry is derived from the record (its
// creation time, creator and, with every later change undone, its initial values), so the
// timeline does not hold a document per record for it. Records created before keep their
// stored creation entry, and then none is derived.
func (s *Service) History(ctx context.Context, ref Ref, id, limit, cursor string) (HistoryPage, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return HistoryPage{}, err
	}
	l, err := s.load(ctx, t, id)
	if err != nil {
		return HistoryPage{}, err
	}
	rec := l.public()
	grant, err := s.authorize(ctx, t, ActionRead, &rec)
	if err != nil {
		return HistoryPage{}, err
	}
	n, err := querylang.ParseLimit(limit, "/limit")
	if err != nil {
		return HistoryPage{}, err
	}
	out := HistoryPage{Items: []Event{}}
	visible := func(changes []Change) []Change {
		if len(grant.Hidden) > 0 {
			changes = slices.DeleteFunc(slices.Clone(changes), func(c Change) bool { return grant.Hidden[c.Field] })
		}
		if changes == nil {
			changes = []Change{}
		}
		return changes
	}
	after := cursor
	if cursor == afterCreation {
		after = ""
	}
	if cursor == "" {
		first, err := s.history.Find(ctx, store.Query{Filter: store.Eq("record", id),
			Sort: []store.SortKey{{Field: store.PathCreated}, {Field: store.PathID}}, Limit: 1})
		if err != nil {
			return HistoryPage{}, domainErr("read history", err)
		}
		if len(first.Docs) == 0 || !storedCreation(first.Docs[0]) {
			e, err := s.creationEvent(ctx, l)
			if err != nil {
				return HistoryPage{}, err
			}
			e.Changes = visible(e.Changes)
			out.Items = append(out.Items, e)
			if n == 1 {
				if len(first.Docs) > 0 {
					out.Next = afterCreation
				}
				return out, nil
			}
			n--
		}
	}
	page, err := s.history.Find(ctx, store.Query{
		Filter: store.Eq("record", id),
		Sort:   []store.SortKey{{Field: store.PathCreated}, {Field: store.PathID}},
		Limit:  n, After: after,
	})
	if err != nil {
		return HistoryPage{}, domainErr("read history", cursorErr(err))
	}
	out.Next = page.Next
	for _, d := range page.Docs {
		e, err := store.Decode[eventDoc](d)
		if err != nil {
			return HistoryPage{}, err
		}
		if e.InitRec {
			later, err := s.laterEntries(ctx, l, d)
			if err != nil {
				return HistoryPage{}, err
			}
			e.Init = initialValues(l, later)
			if e.Init == nil {
				return HistoryPage{}, errUndecodable(l)
			}
		}
		out.Items = append(out.Items, Event{ID: d.ID, Action: e.Action, Actor: e.Actor, At: d.Created, Version: e.Version,
			FormVersion: e.FormVersion, FromFormVersion: e.FromFormVersion, Changes: visible(e.changes()), Node: e.Node, Comment: e.Comment, Detail: e.Detail})
	}
	return out, nil
}

// storedCreation reports whether d is a creation entry written when creations were still
// stored.
func storedCreation(d store.Document) bool {
	e, err := store.Decode[eventDoc](d)
	return err == nil && e.Action == EventCreated && e.Node == ""
}

// creationEvent derives the creation entry of a record that has none stored. Its ID is the
// record's (no entry has it); the form version is the one the first migration moved the
// record from, if any, since only migrations change it.
func (s *Service) creationEvent(ctx context.Context, l loaded) (Event, error) {
	later, err := s.laterEntries(ctx, l, store.Document{})
	if err != nil {
		return Event{}, err
	}
	init := initialValues(l, later)
	if init == nil {
		return Event{}, errUndecodable(l)
	}
	fv := l.rec.FormVersion
	for _, e := range later {
		if e.Action == EventMigrated && e.FromFormVersion != 0 {
			fv = e.FromFormVersion
			break
		}
	}
	return Event{ID: l.doc.ID, Action: EventCreated, Actor: l.rec.CreatedBy, At: l.doc.Created, Version: 1,
		FormVersion: fv, Changes: eventDoc{Init: init}.changes()}, nil
}

func errUndecodable(l loaded) error {
	return fmt.Errorf("records: decode fields of %s", l.doc.ID)
}

// laterEntries reads the record's stored entries after created (all of them when created
// is the zero document), oldest first.
func (s *Service) laterEntries(ctx context.Context, l loaded, created store.Document) ([]eventDoc, error) {
	var later []eventDoc
	after := ""
	for {
		page, err := s.history.Find(ctx, store.Query{
			Filter: store.Eq("record", l.doc.ID),
			Sort:   []store.SortKey{{Field: store.PathCreated}, {Field: store.PathID}},
			Limit:  store.MaxLimit, After: after,
		})
		if err != nil {
			return nil, domainErr("read history", err)
		}
		for _, d := range page.Docs {
			if d.Created.Before(created.Created) || (d.Created.Equal(created.Created) && d.ID <= created.ID) {
				continue
			}
			e, err := store.Decode[eventDoc](d)
			if err != nil {
				return nil, err
			}
			later = append(later, e)
		}
		if page.Next == "" {
			return later, nil
		}
		after = page.Next
	}
}

// initialValues derives the values a record was created with: its fields now, with the
// changes of every later entry undone, newest first. It is nil when the record's fields do
// not decode.
func initialValues(l loaded, later []eventDoc) map[string]any {
	vals, err := l.fields()
	if err != nil {
		return nil
	}
	for i := len(later) - 1; i >= 0; i-- {
		for _, c := range later[i].changes() {
			if c.From == nil {
				delete(vals, c.Field)
			} else {
				vals[c.Field] = c.From
			}
		}
	}
	for k, v := range vals {
		if v == nil {
			delete(vals, k)
		}
	}
	if vals == nil {
		vals = map[string]any{}
	}
	return vals
}
