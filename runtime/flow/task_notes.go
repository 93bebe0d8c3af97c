package flow

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// A new to-do's notification ("a task waits for you") is not written by the step that
// assigns the to-do: the step writes the to-do's inbox entry, which holds all the
// notification says and marks it ("note"), and announces it to the assignee's channels
// (e-mail, robots). The notification is stored when its assignee next reads or marks the
// bell, one for each marked open to-do that has none, under an ID derived from the
// entry's, so it is stored once. A to-do its assignee is told of otherwise (a record
// returned to its submitter, an escalation) carries no mark and gets no second one.
// An approval assigns two or more to-dos; leaving their notifications out of its
// transaction spares it a statement and a table's pages (docs/BENCHMARKS.md, "Tenth
// round: approvals"). A to-do closed before its assignee looked at the bell leaves no
// notification: it no longer waits for them; one stored before its to-do closed is marked
// read on the next read of the bell (readHandledNotes), not by the step that closed it.

// taskNoteScan bounds how many of a member's open to-dos, newest first, one read of the
// bell looks at for a missing notification.
const taskNoteScan = 200

// taskNoteID is the ID of the notification of the to-do whose inbox entry is entry.
func taskNoteID(entry string) string { return "task." + entry }

// announcer is the notifications collection of a store whose notifications go out to
// channels (notify.Service.Watch): it can announce notifications stored later.
type announcer interface {
	Announce(ctx context.Context, docs ...store.Document) error
}

// announce tells the channels of the notifications in docs, which are stored later.
func (s *Service) announce(ctx context.Context, docs []store.Document) error {
	a, ok := s.notes.(announcer)
	if !ok || len(docs) == 0 {
		return nil
	}
	return a.Announce(ctx, docs...)
}

// taskNotes stores the notification of each of actor's open to-dos in ws that has none.
func (s *Service) taskNotes(ctx context.Context, actor, ws string) error {
	f, err := boxFilter(ws, actor, BoxTodo)
	if err != nil {
		return err
	}
	open, err := s.tasks.Find(ctx, store.Query{Filter: f, Sort: []store.SortKey{{Field: store.PathUpdated, Desc: true}, {Field: store.PathID, Desc: true}}, Limit: taskNoteScan})
	if err != nil {
		return domainErr("read inbox", err)
	}
	if err := s.readHandledNotes(ctx, actor, ws, open.Docs, len(open.Docs) < taskNoteScan); err != nil {
		return err
	}
	if len(open.Docs) == 0 {
		return nil
	}
	ids := make([]any, len(open.Docs))
	for i, d := range open.Docs {
		ids[i] = taskNoteID(d.ID)
	}
	have, err := s.notes.Find(ctx, store.Query{Filter: store.In(store.PathID, ids...), Limit: len(ids)})
	if err != nil {
		return domainErr("read notifications", err)
	}
	stored := make(map[string]bool, len(have.Docs))
	for _, d := range have.Docs {
		stored[d.ID] = true
	}
	// Oldest first, so that the bell, newest first, lists them in the order they came.
	var missing []store.Document
	for _, d := range slices.Backward(open.Docs) {
		id := taskNoteID(d.ID)
		if stored[id] {
			continue
		}
		t, err := store.Decode[taskDoc](d)
		if err != nil {
			return err
		}
		if t.Note == "" {
			continue // told otherwise, or not at all (the submitter's own start)
		}
		doc, err := store.NewDocument(id, noteDoc{User: actor, Workspace: ws, App: t.App, Form: t.Form, Record: t.Record,
			Kind: t.Note, Node: t.Node, NodeName: t.NodeName, At: querylang.FormatDatetime(d.Created), Announced: true})
		if err != nil {
			return err
		}
		missing = append(missing, doc)
	}
	if err := s.insertNew(ctx, missing); err != nil {
		return domainErr("store notifications", err)
	}
	return nil
}

// insertNew stores notifications that another read of the bell may store meanwhile: in
// one statement where the collection can (a member assigned a trade show's hundred leads
// opens the bell once), else, or when one of them was stored meanwhile, one by one, each
// outside any transaction (a duplicate ends the transaction it happens in on MongoDB).
func (s *Service) insertNew(ctx context.Context, docs []store.Document) error {
	if ins, ok := s.notes.(store.Inserter); ok && len(docs) > 1 {
		err := ins.InsertAll(ctx, docs...)
		if !errors.Is(err, store.ErrExists) {
			return err
		}
	}
	for _, d := range docs {
		if _, err := s.notes.Insert(ctx, d); err != nil && !errors.Is(err, store.ErrExists) {
			return err
		}
	}
	return nil
}

// noteTime is when notification nd came: when it was due for one stored later, else
// when it was stored.
func noteTime(nd noteDoc, created time.Time) time.Time {
	if nd.At != "" {
		if at, err := time.Parse(time.RFC3339Nano, nd.At); err == nil {
			return at
		}
	}
	return created
}

// readHandledNotes marks read actor's unread to-do notifications whose to-do is no longer
// open: approved from the record or the inbox's bulk action, handed on, or ended by another
// approver of an "any one" step. The bell should not keep saying 有新的待办 for work that is
// done. It runs when the bell is read, not in the step that closes the to-do: that would
// cost every approval a read (goal 3 of docs/BENCHMARKS.md's side by side), for a
// notification most assignees never had stored. open are actor's newest open to-dos, which
// the bell's read has just listed, all of them when all is set; only a notification of none
// of them needs its entry read to know.
func (s *Service) readHandledNotes(ctx context.Context, actor, ws string, open []store.Document, all bool) error {
	unread, err := s.notes.Find(ctx, store.Query{Filter: store.And(store.Eq("user", actor), store.Eq("ws", ws), store.Eq("read", false), store.Eq("kind", noteTask)), Limit: store.MaxLimit})
	if err != nil {
		return domainErr("read notifications", err)
	}
	waiting := make(map[string]bool, len(open))
	for _, d := range open {
		waiting[taskNoteID(d.ID)] = true
	}
	var handled []store.Document
	var unsure []any
	for _, d := range unread.Docs {
		entry, ok := strings.CutPrefix(d.ID, taskNoteID(""))
		if !ok || waiting[d.ID] {
			continue
		}
		handled = append(handled, d)
		if !all {
			unsure = append(unsure, entry)
		}
	}
	if len(unsure) > 0 { // an open to-do older than the newest ones listed keeps its notification
		older, err := s.tasks.Find(ctx, store.Query{Filter: store.In(store.PathID, unsure...), Limit: len(unsure)})
		if err != nil {
			return domainErr("read inbox", err)
		}
		for _, d := range older.Docs {
			t, err := store.Decode[taskDoc](d)
			if err != nil {
				return err
			}
			waiting[taskNoteID(d.ID)] = t.Kind == kindTodo && t.State == TaskOpen
		}
	}
	for _, d := range handled {
		if waiting[d.ID] {
			continue
		}
		doc, err := readNote(d)
		if err != nil {
			return err
		}
		if _, err := s.notes.Update(ctx, doc); err != nil && !errors.Is(err, store.ErrVersionConflict) {
			return domainErr("mark notification read", err)
		}
	}
	return nil
}

// readNote is notification d marked read, at d's version: the update is a compare-and-set,
// lost to another request that marked or changed it meanwhile.
func readNote(d store.Document) (store.Document, error) {
	nd, err := store.Decode[noteDoc](d)
	if err != nil {
		return store.Document{}, err
	}
	nd.Read = true
	doc, err := store.NewDocument(d.ID, nd)
	if err != nil {
		return store.Document{}, err
	}
	doc.Version = d.Version
	return doc, nil
}
