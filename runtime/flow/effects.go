package flow

import (
	"context"
	"encoding/json"
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
	for _, tt := range m.touched {
		if err := m.svc.putTask(ctx, m.taskDoc(tt, stage), rec.ID+"."+tt.task.ID, !m.known[tt.task.ID]); err != nil {
			return err
		}
	}
	if m.st.Initiator == "" {
		return m.svc.queueAutomations(ctx, m.version, m.ws, m.form, rec, m.st.Initiator, m.triggers)
	}
	mine := taskDoc{Workspace: m.ws, App: m.app, Form: m.form, Record: rec.ID, Stage: stage, Assignee: m.st.Initiator,
		Kind: kindMine, State: m.st.Status, Initiator: m.st.Initiator}
	if due, _ := m.st.earliestDue(); due != nil {
		mine.Due = querylang.FormatDatetime(*due)
	}
	if err := m.svc.putTask(ctx, mine, rec.ID+".run", !m.known["run"]); err != nil {
		return err
	}
	if len(m.cancels) > 0 {
		if err := m.svc.jobs.Cancel(ctx, m.cancels...); err != nil {
			return wrap("cancel schedule", err)
		}
	}
	for _, j := range m.jobs {
		b, err := json.Marshal(j.payload)
		if err != nil {
			return wrap("schedule", err)
		}
		// Deadline jobs are keyed by their activity, new with it: nothing to re-arm.
		if err := m.svc.jobs.Add(ctx, j.id, j.kind, j.due, b); err != nil {
			return wrap("schedule", err)
		}
	}
	for _, n := range m.notes {
		d := noteDoc{User: n.user, Workspace: m.ws, App: m.app, Form: m.form, Record: rec.ID, Kind: n.kind, Node: n.node, Text: n.text}
		if node := m.graph.Node(n.node); node != nil {
			d.NodeName = node.Name
		}
		doc, err := store.NewDocument("", d)
		if err != nil {
			return err
		}
		if _, err := m.svc.notes.Insert(ctx, doc); err != nil {
			return wrap("notify", err)
		}
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
