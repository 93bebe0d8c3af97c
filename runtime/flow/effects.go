package flow

import (
	"context"
	"errors"
	"fmt"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// Inbox entry kinds.
const (
	kindTodo = "todo"
	kindCC   = "cc"
	kindMine = "mine"
)

// taskDoc is one inbox entry: a person's task on a record, a copy sent to them, or a run
// they started. It mirrors the record's state and is written with it.
type taskDoc struct {
	Workspace string        `json:"ws"`
	App       string        `json:"app"`
	Form      string        `json:"form"`
	Record    string        `json:"record"`
	Node      string        `json:"node,omitempty"`
	NodeName  pipeline.Text `json:"nodeName,omitempty"`
	Stage     string        `json:"stage,omitempty"`
	Assignee  string        `json:"assignee"`
	Kind      string        `json:"kind"`
	State     string        `json:"state"`
	Due       string        `json:"due,omitempty"`
	ActedAt   string        `json:"actedAt,omitempty"`
	Initiator string        `json:"initiator"`
	// Note is the kind of the notification the to-do's assignee gets when the bell next
	// reads it (task_notes.go): "task" for a to-do whose step announced it so. A to-do
	// told otherwise (the submitter's own start, an escalation) has none.
	Note string `json:"note,omitempty"`
}

// Notification kinds.
const (
	noteTask      = "task"      // a task waits for you
	noteCC        = "cc"        // a copy was sent to you
	noteReturned  = "returned"  // your record was returned to you
	noteFinished  = "finished"  // your record's run ended
	noteReminder  = "reminder"  // a task of yours is due soon
	noteOverdue   = "overdue"   // a task of yours is overdue
	noteEscalated = "escalated" // an overdue task was escalated to you
	noteAutomated = "automation"
	noteUrged     = "urged"   // the initiator urges you to act
	noteMention   = "mention" // a comment on the record mentions you
)

type note struct {
	user, kind, node string
	text             pipeline.Text
}

type noteDoc struct {
	User      string        `json:"user"`
	Workspace string        `json:"ws"`
	App       string        `json:"app"`
	Form      string        `json:"form"`
	Record    string        `json:"record"`
	Kind      string        `json:"kind"`
	Node      string        `json:"node,omitempty"`
	NodeName  pipeline.Text `json:"nodeName,omitempty"`
	Text      pipeline.Text `json:"text,omitempty"`
	Read      bool          `json:"read"`
	// At is when a to-do's notification was due (its entry's creation), for one stored
	// later than that; Announced says its channels were told when it was due.
	At        string `json:"at,omitempty"`
	Announced bool   `json:"announced,omitempty"`
}

func (m *machine) notify(user, kind string, n *pipeline.Node) {
	if user == "" {
		return
	}
	node := ""
	if n != nil {
		node = n.Key
	}
	m.notes = append(m.notes, note{user: user, kind: kind, node: node})
}

// effects writes what the machine decided besides the record, in the step's transaction:
// inbox entries, notifications, schedules and automation jobs.
func (m *machine) effects(ctx context.Context, rec records.Record, stage string) error {
	var entries inboxWrites
	for _, tt := range m.touched {
		d := m.taskDoc(tt, stage)
		if m.announces(tt) {
			d.Note = noteTask
		}
		entries.add(d, rec.ID+"."+tt.task.ID, !m.known[tt.task.ID])
	}
	if m.st.Initiator == "" {
		if err := m.svc.putTasks(ctx, entries); err != nil {
			return err
		}
		return m.svc.queueAutomations(ctx, m.version, m.ws, m.form, rec, m.st.Initiator, m.triggers)
	}
	mine := taskDoc{Workspace: m.ws, App: m.app, Form: m.form, Record: rec.ID, Stage: stage, Assignee: m.st.Initiator,
		Kind: kindMine, State: m.st.Status, Initiator: m.st.Initiator}
	if due, _ := m.st.earliestDue(); due != nil {
		mine.Due = querylang.FormatDatetime(*due)
	}
	// The submitter's entry follows the run's status; the stage the run is at and when its
	// work there is due are read from the record when the box is listed (Inbox). A step
	// that moves the run on without changing its status (most approvals) leaves the
	// entry as it is: one write of four less for an approval that opens two reviews.
	if !m.known["run"] || m.st.Status != m.status {
		entries.add(mine, rec.ID+".run", !m.known["run"])
	}
	if err := m.svc.putTasks(ctx, entries); err != nil {
		return err
	}
	if len(m.cancels) > 0 {
		if err := m.svc.jobs.Cancel(ctx, m.cancels...); err != nil {
			return wrap("cancel schedule", err)
		}
	}
	if len(m.deadlines) > 0 {
		jobs, err := m.deadlineJobs(rec.ID)
		if err != nil {
			return err
		}
		// Deadline jobs are keyed by an activity, new with it: nothing to re-arm.
		if err := m.svc.jobs.Add(ctx, jobs...); err != nil {
			return wrap("schedule", err)
		}
	}
	var docs, announced []store.Document
	for _, n := range m.notes {
		d := noteDoc{User: n.user, Workspace: m.ws, App: m.app, Form: m.form, Record: rec.ID, Kind: n.kind, Node: n.node, Text: n.text}
		if node := m.graph.Node(n.node); node != nil {
			d.NodeName = node.Name
		}
		if n.kind == noteTask {
			// A new to-do's notification is kept by its inbox entry, written just above,
			// and stored when its assignee next reads the bell (taskNotes): here it is
			// only announced to the assignee's channels.
			if entry, ok := m.openEntry(rec.ID, n); ok {
				doc, err := store.NewDocument(taskNoteID(entry), d)
				if err != nil {
					return err
				}
				announced = append(announced, doc)
				continue
			}
		}
		doc, err := store.NewDocument("", d)
		if err != nil {
			return err
		}
		docs = append(docs, doc)
	}
	if err := m.svc.putNotes(ctx, docs); err != nil {
		return wrap("notify", err)
	}
	if err := m.svc.announce(ctx, announced); err != nil {
		return wrap("notify", err)
	}
	return m.svc.queueAutomations(ctx, m.version, m.ws, m.form, rec, m.st.Initiator, m.triggers)
}

func (m *machine) taskDoc(tt touchedTask, stage string) taskDoc {
	d := taskDoc{Workspace: m.ws, App: m.app, Form: m.form, Record: m.rec.ID, Node: tt.node, Stage: stage,
		Assignee: tt.task.Assignee, Kind: tt.kind, State: tt.task.Status, Initiator: m.st.Initiator}
	if n := m.graph.Node(tt.node); n != nil {
		d.NodeName = n.Name
	}
	if tt.task.ActedAt != nil {
		d.ActedAt = querylang.FormatDatetime(*tt.task.ActedAt)
	}
	for _, a := range m.st.Active {
		if a.Node == tt.node && a.Due != nil {
			d.Due = querylang.FormatDatetime(*a.Due)
		}
	}
	return d
}

// inboxWrite is an inbox entry a step writes.
type inboxWrite struct {
	doc   taskDoc
	id    string
	fresh bool
}

type inboxWrites []inboxWrite

func (w *inboxWrites) add(d taskDoc, id string, fresh bool) {
	*w = append(*w, inboxWrite{doc: d, id: id, fresh: fresh})
}

// putTasks writes a step's inbox entries. Where the store can write several documents
// whole in one statement, the entries that mirror the record's state (all but copies,
// which stay as first sent) are written in one: a step writes several (an approval four),
// and each statement costs about as much as the index work it does.
func (s *Service) putTasks(ctx context.Context, w inboxWrites) error {
	if _, ok := s.tasks.(store.Putter); !ok || len(w) < 2 {
		for _, e := range w {
			if err := s.putTask(ctx, e.doc, e.id, e.fresh); err != nil {
				return err
			}
		}
		return nil
	}
	docs := make([]store.Document, 0, len(w))
	for _, e := range w {
		if e.doc.Kind == kindCC {
			if err := s.putTask(ctx, e.doc, e.id, e.fresh); err != nil {
				return err
			}
			continue
		}
		doc, err := store.NewDocument(e.id, e.doc)
		if err != nil {
			return err
		}
		docs = append(docs, doc)
	}
	if err := store.Put(ctx, s.tasks, docs...); err != nil {
		return fmt.Errorf("flow: inbox entries: %w", err)
	}
	return nil
}

// openEntry is the ID of the inbox entry of the open to-do that note n tells its user of.
func (m *machine) openEntry(record string, n note) (string, bool) {
	for _, tt := range m.touched {
		if tt.opens(n.user, n.node) {
			return record + "." + tt.task.ID, true
		}
	}
	return "", false
}

// announces reports whether the step tells the assignee of to-do tt that it waits for them.
func (m *machine) announces(tt touchedTask) bool {
	for _, n := range m.notes {
		if n.kind == noteTask && tt.opens(n.user, n.node) {
			return true
		}
	}
	return false
}

// opens reports whether tt is user's open to-do on node.
func (tt touchedTask) opens(user, node string) bool {
	return tt.kind == kindTodo && tt.node == node && tt.task.Assignee == user && tt.task.Status == TaskOpen
}

// putNotes stores a step's new notifications: together where the collection can (a step
// often tells several people, an approval at a split two), one by one otherwise.
func (s *Service) putNotes(ctx context.Context, docs []store.Document) error {
	if p, ok := s.notes.(store.Putter); ok && len(docs) > 1 {
		return p.Put(ctx, docs...)
	}
	for _, d := range docs {
		if _, err := s.notes.Insert(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// putTask writes an inbox entry, replacing the one with the same ID; fresh says it is
// most likely new (so the insert is tried first, saving a statement either way).
func (s *Service) putTask(ctx context.Context, d taskDoc, id string, fresh bool) error {
	doc, err := store.NewDocument(id, d)
	if err != nil {
		return err
	}
	// The entry mirrors the record's state, which the step decides whole: it is
	// replaced, not read first.
	replace := func() error {
		_, err := store.Replace(ctx, s.tasks, doc)
		return err
	}
	if fresh {
		_, err = s.tasks.Insert(ctx, doc)
		if errors.Is(err, store.ErrExists) && d.Kind != kindCC { // a copy stays as it was
			err = replace()
		} else if errors.Is(err, store.ErrExists) {
			err = nil
		}
	} else if d.Kind != kindCC {
		err = replace()
		if errors.Is(err, store.ErrNotFound) {
			_, err = s.tasks.Insert(ctx, doc)
		}
	}
	if err != nil {
		return fmt.Errorf("flow: inbox entry %s: %w", id, err)
	}
	return nil
}
