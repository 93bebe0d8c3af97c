package flow

import (
	"context"
	"slices"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/records"
)

// maxMoves bounds how many nodes one action may pass through, so that a loop of
// conditions that never settles fails instead of spinning.
const maxMoves = 200

// machine applies one action to one run. It is built afresh for every try of a step, so
// everything it decides is thrown away when the write loses a race.
type machine struct {
	svc     *Service
	ctx     context.Context
	graph   *pipeline.Graph
	version *apps.Compiled    // the app version the run follows
	types   map[string]string // its form's top-level fields → type
	ws, app string
	form    string
	rec     records.Record
	fields  map[string]any
	st      *State
	now     time.Time
	actor   string
	moves   int
	known   map[string]bool // inbox entries that exist already (task IDs, "cc-"+member, "run")
	status  string          // the run's status before the step

	// Effects, written in the step's transaction (effects.go).
	touched   []touchedTask
	deadlines []*deadlineJobs
	cancels   []string
	notes     []note
	triggers  []trigger
	entered   []string
}

type touchedTask struct {
	node string
	task *Task
	kind string // kindTodo or kindCC
}

type trigger struct {
	event string
	node  string
	// outcome (finished) is how the run ended: the run's status, approved, rejected or done.
	outcome string
}

func (m *machine) touch(node string, t *Task) {
	m.touched = append(m.touched, touchedTask{node: node, task: t, kind: kindTodo})
}

// addPerson records that user takes part in the run, with the fields node hides.
func (m *machine) addPerson(user string, n *pipeline.Node) {
	hidden := m.st.People[user]
	if n != nil {
		for k, r := range n.Fields {
			if r == pipeline.FieldHidden && !slices.Contains(hidden, k) {
				hidden = append(hidden, k)
			}
		}
	}
	slices.Sort(hidden)
	if hidden == nil {
		hidden = []string{}
	}
	m.st.People[user] = hidden
}

// enter moves the run into node key, arriving from node from.
func (m *machine) enter(key, from string) error {
	m.moves++
	if m.moves > maxMoves {
		return fault.Of("pipeline_loop")
	}
	n := m.graph.Node(key)
	if n == nil {
		return wrap("enter node", fault.ErrNotFound())
	}
	m.entered = append(m.entered, key)
	switch n.Type {
	case pipeline.NodeStart:
		a := m.newActivity(n)
		t := &Task{ID: m.st.nextID("t"), Assignee: m.st.Initiator, Status: TaskOpen}
		a.Tasks = append(a.Tasks, t)
		m.touch(n.Key, t)
		m.addPerson(m.st.Initiator, n)
		return nil
	case pipeline.NodeTask, pipeline.NodeApproval:
		return m.enterWork(n)
	case pipeline.NodeCondition:
		loc, err := m.svc.cal.Location(m.ctx, m.ws)
		if err != nil {
			return wrap("calendar", err)
		}
		e, err := m.graph.ChooseAt(n.Key, m.fields, m.now, loc)
		if err != nil {
			return fault.Of("condition_failed").Fill("reason", err)
		}
		return m.enter(e.To, n.Key)
	case pipeline.NodeParallel:
		for _, e := range m.graph.Out(n.Key) {
			if err := m.enter(e.To, n.Key); err != nil {
				return err
			}
		}
		return nil
	case pipeline.NodeJoin:
		arrival := Arrival{Join: n.Key, From: from}
		if !slices.Contains(m.st.Arrived, arrival) {
			m.st.Arrived = append(m.st.Arrived, arrival)
		}
		got := 0
		for _, a := range m.st.Arrived {
			if a.Join == n.Key {
				got++
			}
		}
		if got < m.graph.InCount(n.Key) {
			return nil
		}
		m.st.Arrived = slices.DeleteFunc(m.st.Arrived, func(a Arrival) bool { return a.Join == n.Key })
		return m.follow(n)
	case pipeline.NodeAutomation:
		m.triggers = append(m.triggers, trigger{event: eventNodeActions, node: n.Key})
		return m.follow(n)
	case pipeline.NodeCC:
		people, fallback, err := m.resolve(n.Assignees)
		if err != nil {
			return err
		}
		if !fallback {
			m.cc(people, n)
		}
		return m.follow(n)
	case pipeline.NodeEnd:
		m.triggers = append(m.triggers, trigger{event: pipeline.OnNodeEntered, node: n.Key})
		return m.finish(n)
	}
	return wrap("enter node", fault.ErrNotFound())
}

// follow leaves node n by its outgoing edges.
func (m *machine) follow(n *pipeline.Node) error {
	for _, e := range m.graph.Out(n.Key) {
		if err := m.enter(e.To, n.Key); err != nil {
			return err
		}
	}
	return nil
}

func (m *machine) newActivity(n *pipeline.Node) *Activity {
	a := &Activity{ID: m.st.nextID("a"), Node: n.Key, Entered: m.now, Tasks: []*Task{}}
	m.st.Active = append(m.st.Active, a)
	m.triggers = append(m.triggers, trigger{event: pipeline.OnNodeEntered, node: n.Key})
	return a
}

// enterWork opens a task or approval node: its people, their tasks, its deadline.
func (m *machine) enterWork(n *pipeline.Node) error {
	people, fallback, err := m.resolve(n.Assignees)
	if err != nil {
		return err
	}
	a := m.newActivity(n)
	mode := n.Mode
	if n.Type == pipeline.NodeTask || mode == "" {
		mode = pipeline.ModeAny
		if n.Type == pipeline.NodeApproval && n.Mode == "" {
			mode = pipeline.ModeSingle
		}
	}
	if mode == pipeline.ModeSingle && !fallback && len(people) > 1 {
		people = people[:1]
	}
	prev := ""
	for _, p := range people {
		t := &Task{ID: m.st.nextID("t"), Assignee: p, Status: TaskOpen, Fallback: fallback}
		if mode == pipeline.ModeSequential && prev != "" {
			t.Status, t.After = TaskWaiting, prev
		}
		prev = t.ID
		a.Tasks = append(a.Tasks, t)
		m.touch(n.Key, t)
		m.addPerson(p, n)
		if t.Status == TaskOpen {
			m.notify(p, noteTask, n)
		}
	}
	due, err := m.deadline(n)
	if err != nil {
		return err
	}
	if due != nil {
		a.Due = due
		m.schedule(a, n)
	}
	return nil
}

// leave takes activity a out of the run: tasks not acted on are cancelled, its schedules
// dropped.
func (m *machine) leave(a *Activity) {
	for _, t := range a.Tasks {
		if t.Status == TaskOpen || t.Status == TaskWaiting {
			t.Status = TaskCancelled
			m.touch(a.Node, t)
		}
	}
	m.st.Active = slices.DeleteFunc(m.st.Active, func(x *Activity) bool { return x == a })
	// Only an activity with a deadline has jobs (schedule), which it may share with
	// activities still active.
	if key := a.jobKey(); a.Due != nil && !slices.ContainsFunc(m.st.Active, func(x *Activity) bool { return x.Due != nil && x.jobKey() == key }) {
		m.cancels = append(m.cancels, dueJobID(m.rec.ID, key), remindJobID(m.rec.ID, key))
	}
	m.triggers = append(m.triggers, trigger{event: pipeline.OnNodeLeft, node: a.Node})
}

// leaveAll leaves every active node and forgets branches already joined.
func (m *machine) leaveAll() []string {
	var nodes []string
	for len(m.st.Active) > 0 {
		a := m.st.Active[0]
		nodes = append(nodes, a.Node)
		m.leave(a)
	}
	m.st.Arrived = nil
	return nodes
}

// complete finishes activity a and moves on from its node.
func (m *machine) complete(a *Activity) error {
	m.leave(a)
	return m.follow(m.graph.Node(a.Node))
}

// finish ends the run at end node n.
func (m *machine) finish(n *pipeline.Node) error {
	m.leaveAll()
	switch n.Outcome {
	case pipeline.OutcomeRejected:
		m.st.Status = StatusRejected
	case pipeline.OutcomeDone:
		m.st.Status = StatusDone
	default:
		m.st.Status = StatusApproved
	}
	m.end()
	return nil
}

func (m *machine) end() {
	now := m.now
	m.st.Ended = &now
	m.triggers = append(m.triggers, trigger{event: pipeline.OnFinished, outcome: m.st.Status})
	// The submitter learns how it ended, not only that it did: 流程已结束：已驳回.
	if m.st.Initiator != "" {
		m.notes = append(m.notes, note{user: m.st.Initiator, kind: noteFinished, text: outcomeText(m.st.Status)})
	}
}

// outcomeText says how a run ended, in both languages, for the submitter's notification.
func outcomeText(status string) pipeline.Text {
	var t fault.Text
	switch status {
	case StatusRejected:
		t = fault.Notice("text.finished_rejected")
	case StatusDone:
		t = fault.Notice("text.finished_done")
	default:
		t = fault.Notice("text.finished_approved")
	}
	return pipeline.Text{"zh-CN": t.ZH, "en": t.EN}
}

// cc adds people to the run's CC list.
func (m *machine) cc(people []string, n *pipeline.Node) {
	for _, p := range people {
		if slices.Contains(m.st.CC, p) {
			continue
		}
		m.st.CC = append(m.st.CC, p)
		m.addPerson(p, n)
		node := ""
		if n != nil {
			node = n.Key
		}
		m.touched = append(m.touched, touchedTask{node: node, task: &Task{ID: "cc-" + p, Assignee: p, Status: TaskOpen}, kind: kindCC})
		m.notify(p, noteCC, n)
	}
}

// mention makes the people a comment mentions participants of the run (so they may read
// the record, as a CC may) and tells each of them.
func (m *machine) mention(people []string) {
	for _, p := range people {
		if p == m.actor {
			continue
		}
		if _, ok := m.st.People[p]; !ok {
			m.addPerson(p, nil)
		}
		m.notify(p, noteMention, nil)
	}
}

// stage is the label the record shows: the stage of the first active node, or of the
// end node reached.
func (m *machine) stage() string {
	for _, a := range m.st.Active {
		if n := m.graph.Node(a.Node); n != nil {
			return stageOf(n)
		}
	}
	for i := len(m.entered) - 1; i >= 0; i-- {
		if n := m.graph.Node(m.entered[i]); n != nil && n.Type == pipeline.NodeEnd {
			return stageOf(n)
		}
	}
	return m.st.Status
}

func stageOf(n *pipeline.Node) string {
	return n.StageLabel()
}

// recordStatus is what the record's flowStatus shows.
func (m *machine) recordStatus() string {
	return m.st.Status
}
