package records

import (
	"context"
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
	if e.Action == EventCreated && e.Node == "" {
		// A creation's values are the record's own until it changes; History derives them
		// (see InitRec).
		e.InitRec, e.Changes = true, nil
	}
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

// History returns the timeline of a record (deleted ones too), oldest first. limit and
// cursor are the URL parameters.
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
	page, err := s.history.Find(ctx, store.Query{
		Filter: store.Eq("record", id),
		Sort:   []store.SortKey{{Field: store.PathCreated}, {Field: store.PathID}},
		Limit:  n, After: cursor,
	})
	if err != nil {
		return HistoryPage{}, domainErr("read history", cursorErr(err))
	}
	out := HistoryPage{Items: make([]Event, 0, len(page.Docs)), Next: page.Next}
	for _, d := range page.Docs {
		e, err := store.Decode[eventDoc](d)
		if err != nil {
			return HistoryPage{}, err
		}
		if e.InitRec {
			if e.Init, err = s.initialValues(ctx, l, d); err != nil {
				return HistoryPage{}, err
			}
		}
		changes := e.changes()
		if len(grant.Hidden) > 0 {
			changes = slices.DeleteFunc(slices.Clone(changes), func(c Change) bool { return grant.Hidden[c.Field] })
		}
		if changes == nil {
			changes = []Change{}
		}
		out.Items = append(out.Items, Event{ID: d.ID, Action: e.Action, Actor: e.Actor, At: d.Created, Version: e.Version,
			FormVersion: e.FormVersion, FromFormVersion: e.FromFormVersion, Changes: changes, Node: e.Node, Comment: e.Comment, Detail: e.Detail})
	}
	return out, nil
}

// initialValues derives the values a record was created with, its creation entry being
// created: the record's fields now, with the changes of every entry after the creation
// undone, newest first.
func (s *Service) initialValues(ctx context.Context, l loaded, created store.Document) (map[string]any, error) {
	vals, err := l.fields()
	if err != nil {
		return nil, err
	}
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
			break
		}
		after = page.Next
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
	return vals, nil
}
