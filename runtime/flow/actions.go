package flow

import (
	"slices"
	"strconv"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
)

// The actions people take on a record's run.
const (
	ActSubmit      = "submit"
	ActSave        = "save" // save the start node's fields without submitting (a draft)
	ActApprove     = "approve"
	ActComplete    = "complete" // a task node's "done"; the same as approve
	ActReject      = "reject"
	ActReturn      = "return"
	ActTransfer    = "transfer"
	ActAddApprover = "addApprover"
	ActWithdraw    = "withdraw"
	ActComment     = "comment"
	ActCC          = "cc"
	ActUrge        = "urge" // 催办: the initiator reminds the people whose turn it is
)

// UrgeEvery is how often a run may be urged.
const UrgeEvery = time.Hour

// Actions lists every action, for the API's error messages and documents.
var Actions = []string{ActSubmit, ActSave, ActApprove, ActComplete, ActReject, ActReturn, ActTransfer, ActAddApprover, ActWithdraw, ActComment, ActCC, ActUrge}

// ActionInput is one action's request.
type ActionInput struct {
	Node     string         `json:"node,omitempty"`    // which node's task, when the actor has several
	Comment  string         `json:"comment,omitempty"` // any action
	Data     map[string]any `json:"data,omitempty"`    // field values the actor's node lets them edit
	To       string         `json:"to,omitempty"`      // return: a node key (default the start); transfer: a member
	Member   string         `json:"member,omitempty"`  // addApprover
	Position string         `json:"position,omitempty"`
	Members  []string       `json:"members,omitempty"` // cc
	// Mentions are the members the action's comment @-mentions (any action): each is told
	// (notification kind "mention") and may read the record from then on, as a CC does.
	Mentions []string `json:"mentions,omitempty"`
}

// MaxComment bounds a comment's length in bytes; MaxCC how many members one cc copies.
const (
	MaxComment = 4000
	MaxCC      = 50
)

// outcome is what an action changed, for the timeline.
type outcome struct {
	event    string
	node     string
	detail   map[string]any
	patch    map[string]any
	editable map[string]bool
	required []string
}

func errNotYourTurn() error {
	return fault.Of("not_your_turn")
}

// act applies action name to the run, then tells the members its comment mentions (an
// approval's "@王磊 请付款" reaches 王磊 like a comment's). A bad mention refuses the action
// before anything changes.
func (m *machine) act(name string, in ActionInput) (outcome, error) {
	if err := m.checkMentions(in.Mentions); err != nil {
		return outcome{}, err
	}
	out, err := m.actOn(name, in)
	if err != nil || len(in.Mentions) == 0 {
		return out, err
	}
	m.mention(in.Mentions)
	if out.detail == nil {
		out.detail = map[string]any{}
	}
	out.detail["mentions"] = in.Mentions
	return out, nil
}

// checkMentions refuses more than MaxCC mentions, or one who is not a workspace member.
func (m *machine) checkMentions(mentions []string) error {
	if len(mentions) > MaxCC {
		return fault.FieldOf("/mentions", "invalid.mentions")
	}
	for i, p := range mentions {
		if !m.isMember(p) {
			return fault.FieldOf("/mentions/"+strconv.Itoa(i), "not_member.workspace")
		}
	}
	return nil
}

// actOn applies action name to the run.
func (m *machine) actOn(name string, in ActionInput) (outcome, error) {
	switch name {
	case ActSubmit, ActSave:
		return m.submit(name == ActSave, in)
	case ActApprove, ActComplete:
		return m.approve(in)
	case ActReject:
		return m.reject(in)
	case ActReturn:
		a, t := m.st.openTask(m.actor, in.Node)
		if t == nil || m.graph.Node(a.Node).Type != pipeline.NodeApproval && m.graph.Node(a.Node).Type != pipeline.NodeTask {
			return outcome{}, errNotYourTurn()
		}
		targets := m.graph.ReturnTargets(a.Node)
		if targets == nil {
			return outcome{}, errNotOffered(pipeline.AllowReturn)
		}
		to := in.To
		if to == "" {
			to = targets[0]
		}
		if !slices.Contains(targets, to) {
			return outcome{}, fault.FieldOf("/to", "invalid.return_to_named")
		}
		t.Status, t.ActedAt = TaskReturned, m.nowPtr()
		m.touch(a.Node, t)
		if err := m.returnTo(a, to); err != nil {
			return outcome{}, err
		}
		m.st.Acted = true
		return outcome{event: "flow.returned", node: a.Node, detail: map[string]any{"to": to}}, nil
	case ActTransfer:
		return m.transfer(in)
	case ActAddApprover:
		return m.addApprover(in)
	case ActWithdraw:
		return m.withdraw()
	case ActUrge:
		return m.urge()
	case ActComment:
		return outcome{event: "flow.commented"}, nil
	case ActCC:
		if !m.offered(pipeline.AllowCC) {
			return outcome{}, errNotOffered(pipeline.AllowCC)
		}
		if len(in.Members) == 0 || len(in.Members) > MaxCC {
			return outcome{}, fault.FieldOf("/members", "invalid.copy_members")
		}
		for i, p := range in.Members {
			if !m.isMember(p) {
				return outcome{}, fault.FieldOf("/members/"+strconv.Itoa(i), "not_member.workspace")
			}
		}
		m.cc(in.Members, nil)
		return outcome{event: "flow.cc", detail: map[string]any{"members": in.Members}}, nil
	}
	return outcome{}, fault.Of("unknown_action")
}

func (m *machine) nowPtr() *time.Time {
	now := m.now
	return &now
}

// submit starts the run, or resubmits it from the start node.
func (m *machine) submit(saveOnly bool, in ActionInput) (outcome, error) {
	start := m.graph.Start()
	editable := startEditable(m, start)
	if m.st.Status == "" || (m.st.Status == StatusDraft && m.st.activity(start.Key) == nil) { // never submitted
		m.st.Status = StatusDraft
		m.st.Initiator = m.actor
		m.st.Started = m.now
		m.addPerson(m.actor, start)
		if saveOnly {
			return outcome{event: "flow.saved", node: start.Key, patch: in.Data, editable: editable}, nil
		}
		m.st.Status = StatusRunning
		m.triggers = append(m.triggers, trigger{event: pipeline.OnNodeLeft, node: start.Key})
		if err := m.follow(start); err != nil {
			return outcome{}, err
		}
		return outcome{event: "flow.submitted", node: start.Key, patch: in.Data, editable: editable, required: requiredOf(start)}, nil
	}
	a, t := m.st.openTask(m.actor, start.Key)
	if t == nil {
		return outcome{}, errNotYourTurn()
	}
	if saveOnly {
		return outcome{event: "flow.saved", node: start.Key, patch: in.Data, editable: editable}, nil
	}
	t.Status, t.ActedAt = TaskDone, m.nowPtr()
	m.touch(start.Key, t)
	m.leave(a)
	m.st.Status = StatusRunning
	m.st.Acted = false
	ret := m.st.Returned
	m.st.Returned = nil
	if ret != nil && m.graph.Pipeline().Resubmit == pipeline.ResubmitReturner && len(ret.Nodes) > 0 {
		// Straight back to where it was returned from: the nodes then active, with the
		// branches that had already reached their join.
		m.st.Arrived = slices.Clone(ret.Arrived)
		for _, n := range ret.Nodes {
			if err := m.enter(n, ""); err != nil {
				return outcome{}, err
			}
		}
	} else if err := m.follow(start); err != nil {
		return outcome{}, err
	}
	return outcome{event: "flow.submitted", node: start.Key, patch: in.Data, editable: editable, required: requiredOf(start)}, nil
}

// startEditable is what the submitter may fill: every field the start node does not mark
// read or hidden.
func startEditable(m *machine, start *pipeline.Node) map[string]bool {
	out := map[string]bool{}
	for k := range m.types {
		switch start.Fields[k] {
		case pipeline.FieldRead, pipeline.FieldHidden:
		default:
			out[k] = true
		}
	}
	return out
}

func editableOf(n *pipeline.Node) map[string]bool {
	out := map[string]bool{}
	for k, r := range n.Fields {
		if r == pipeline.FieldEdit || r == pipeline.FieldRequired {
			out[k] = true
		}
	}
	return out
}

func requiredOf(n *pipeline.Node) []string {
	var out []string
	for k, r := range n.Fields {
		if r == pipeline.FieldRequired {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// approve records the actor's approval (or completion of a task node) and moves on when
// the node's mode is satisfied.
func (m *machine) approve(in ActionInput) (outcome, error) {
	a, t := m.st.openTask(m.actor, in.Node)
	if t == nil {
		return outcome{}, errNotYourTurn()
	}
	n := m.graph.Node(a.Node)
	if n.Type == pipeline.NodeStart {
		return outcome{}, errNotYourTurn()
	}
	out := outcome{event: "flow.approved", node: n.Key, patch: in.Data, editable: editableOf(n), required: requiredOf(n)}
	if n.Type == pipeline.NodeTask {
		out.event = "flow.completed"
		t.Status = TaskDone
	} else {
		t.Status = TaskApproved
	}
	t.ActedAt = m.nowPtr()
	m.touch(n.Key, t)
	m.st.Acted = true
	released := m.release(a, t)
	if t.Gate || released {
		return out, nil
	}
	done, failed := m.settled(a, n)
	switch {
	case failed:
		return out, m.rejectRun()
	case done:
		return out, m.complete(a)
	}
	return out, nil
}

// release opens the tasks waiting for t.
func (m *machine) release(a *Activity, t *Task) bool {
	released := false
	for _, o := range a.Tasks {
		if o.Status == TaskWaiting && o.After == t.ID {
			o.Status = TaskOpen
			m.touch(a.Node, o)
			m.notify(o.Assignee, noteTask, m.graph.Node(a.Node))
			released = true
		}
	}
	return released
}

// settled says whether activity a's node is approved (done) or can no longer be (failed),
// by its mode. Gates (approvers added before someone) do not count.
func (m *machine) settled(a *Activity, n *pipeline.Node) (done, failed bool) {
	approved, rejected, pending, total := 0, 0, 0, 0
	for _, t := range a.Tasks {
		if t.Gate {
			continue
		}
		switch t.Status {
		case TaskApproved, TaskDone:
			approved++
		case TaskRejected:
			rejected++
		case TaskOpen, TaskWaiting:
			pending++
		default:
			continue // transferred, cancelled
		}
		total++
	}
	mode := n.Mode
	if n.Type == pipeline.NodeTask {
		mode = pipeline.ModeAny
	}
	switch mode {
	case pipeline.ModeAll, pipeline.ModeSequential:
		return pending == 0 && rejected == 0, rejected > 0
	case pipeline.ModePercent:
		need := (n.Percent*total + 99) / 100
		return approved >= need, approved+pending < need
	default: // single, any
		return approved > 0, false
	}
}

// reject records the actor's rejection; under every mode but a percentage it rejects the
// run, which ends.
func (m *machine) reject(in ActionInput) (outcome, error) {
	a, t := m.st.openTask(m.actor, in.Node)
	if t == nil {
		return outcome{}, errNotYourTurn()
	}
	n := m.graph.Node(a.Node)
	if n.Type != pipeline.NodeApproval {
		return outcome{}, fault.Of("cannot_reject")
	}
	t.Status, t.ActedAt = TaskRejected, m.nowPtr()
	m.touch(n.Key, t)
	m.st.Acted = true
	out := outcome{event: "flow.rejected", node: n.Key}
	if n.Mode == pipeline.ModePercent {
		if t.Gate {
			// An approver added before someone said no: that someone still decides.
			m.release(a, t)
		}
		if done, failed := m.settled(a, n); !failed {
			if done {
				return out, m.complete(a)
			}
			return out, nil
		}
	}
	return out, m.rejectRun()
}

func (m *machine) rejectRun() error {
	m.leaveAll()
	m.st.Status = StatusRejected
	m.end()
	return nil
}

// returnTo sends the run back from activity a to node to (default the start node): every
// active node is left, and a return to the start remembers them for a resubmit that goes
// straight back.
func (m *machine) returnTo(a *Activity, to string) error {
	start := m.graph.Start()
	if to == "" {
		to = start.Key
	}
	target := m.graph.Node(to)
	if target == nil || !(to == start.Key || (m.graph.Before(to, a.Node) && (target.Type == pipeline.NodeApproval || target.Type == pipeline.NodeTask))) {
		return fault.FieldOf("/to", "invalid.return_to_earlier")
	}
	arrived := slices.Clone(m.st.Arrived)
	nodes := m.leaveAll()
	if to == start.Key {
		m.st.Returned = &Returned{By: m.actor, From: a.Node, Nodes: nodes, Arrived: arrived}
		m.st.Status = StatusReturned
		m.notify(m.st.Initiator, noteReturned, target)
	}
	return m.enter(to, "")
}

// transfer hands the actor's task to another member.
func (m *machine) transfer(in ActionInput) (outcome, error) {
	a, t := m.st.openTask(m.actor, in.Node)
	if t == nil {
		return outcome{}, errNotYourTurn()
	}
	if !m.graph.Node(a.Node).Offers(pipeline.AllowTransfer) {
		return outcome{}, errNotOffered(pipeline.AllowTransfer)
	}
	if in.To == "" || in.To == m.actor || !m.isMember(in.To) {
		return outcome{}, fault.FieldOf("/to", "invalid.transfer_to_other")
	}
	if onNode(a, in.To) {
		return outcome{}, fault.FieldOf("/to", "invalid.transfer_has_task")
	}
	n := m.graph.Node(a.Node)
	t.Status, t.ActedAt = TaskTransferred, m.nowPtr()
	m.touch(a.Node, t)
	nt := &Task{ID: m.st.nextID("t"), Assignee: in.To, Status: TaskOpen, After: t.After, Gate: t.Gate}
	a.Tasks = append(a.Tasks, nt)
	for _, o := range a.Tasks {
		if o.After == t.ID {
			o.After = nt.ID
		}
	}
	m.touch(a.Node, nt)
	m.addPerson(in.To, n)
	m.notify(in.To, noteTask, n)
	return outcome{event: "flow.transferred", node: a.Node, detail: map[string]any{"to": in.To}}, nil
}

// addApprover adds a member before the actor (they approve first, then the actor) or
// after (the actor approves, then they do).
func (m *machine) addApprover(in ActionInput) (outcome, error) {
	a, t := m.st.openTask(m.actor, in.Node)
	if t == nil {
		return outcome{}, errNotYourTurn()
	}
	n := m.graph.Node(a.Node)
	if n.Type != pipeline.NodeApproval {
		return outcome{}, fault.Of("cannot_add_approver")
	}
	if !n.Offers(pipeline.AllowAddApprover) {
		return outcome{}, errNotOffered(pipeline.AllowAddApprover)
	}
	if in.Member == "" || in.Member == m.actor || !m.isMember(in.Member) {
		return outcome{}, fault.FieldOf("/member", "invalid.add_other_member")
	}
	if onNode(a, in.Member) {
		return outcome{}, fault.FieldOf("/member", "invalid.add_has_task")
	}
	nt := &Task{ID: m.st.nextID("t"), Assignee: in.Member}
	switch in.Position {
	case "before":
		nt.Status, nt.Gate = TaskOpen, true
		t.Status, t.After = TaskWaiting, nt.ID
		m.touch(a.Node, t)
		m.notify(in.Member, noteTask, n)
	case "after", "":
		nt.Status, nt.After = TaskWaiting, t.ID
		in.Position = "after"
	default:
		return outcome{}, fault.FieldOf("/position", "invalid.position")
	}
	a.Tasks = append(a.Tasks, nt)
	m.touch(a.Node, nt)
	m.addPerson(in.Member, n)
	return outcome{event: "flow.approverAdded", node: a.Node, detail: map[string]any{"member": in.Member, "position": in.Position}}, nil
}

// withdraw takes a submitted run back to its start node, while nobody has acted on it.
func (m *machine) withdraw() (outcome, error) {
	if m.actor != m.st.Initiator || m.st.Status != StatusRunning {
		return outcome{}, fault.Of("cannot_withdraw.not_submitter")
	}
	if !m.offered(pipeline.AllowWithdraw) {
		return outcome{}, errNotOffered(pipeline.AllowWithdraw)
	}
	if m.st.Acted {
		return outcome{}, fault.Of("cannot_withdraw.acted")
	}
	m.leaveAll()
	m.st.Status = StatusDraft
	m.st.Returned = nil
	if err := m.enter(m.graph.Start().Key, ""); err != nil {
		return outcome{}, err
	}
	return outcome{event: "flow.withdrawn"}, nil
}

// errNotOffered refuses an action the node's settings switch off, naming it.
func errNotOffered(action string) error {
	return fault.Of("action_not_offered").Fill("action", action)
}

// offered tells whether a run-wide action (withdraw, cc) is offered where the run is: at
// the node of the actor's open task if they have one, else at every node being worked on.
func (m *machine) offered(action string) bool {
	if a, t := m.st.openTask(m.actor, ""); t != nil {
		return m.graph.Node(a.Node).Offers(action)
	}
	for _, a := range m.st.Active {
		if !m.graph.Node(a.Node).Offers(action) {
			return false
		}
	}
	return true
}

// onNode reports whether user has an open or waiting task in activity a.
func onNode(a *Activity, user string) bool {
	for _, t := range a.Tasks {
		if t.Assignee == user && (t.Status == TaskOpen || t.Status == TaskWaiting) {
			return true
		}
	}
	return false
}

// urge notifies everyone with an open task on the run, at most once per UrgeEvery.
func (m *machine) urge() (outcome, error) {
	if m.st.Status != StatusRunning {
		return outcome{}, fault.Of("cannot_urge.not_running")
	}
	if m.st.Urged != nil && m.now.Sub(*m.st.Urged) < UrgeEvery {
		return outcome{}, fault.Of("urged_recently")
	}
	var nodes []string
	for _, a := range m.st.Active {
		m.remindOpen(a, m.graph.Node(a.Node), noteUrged)
		nodes = append(nodes, a.Node)
	}
	m.st.Urged = m.nowPtr()
	return outcome{event: "flow.urged", detail: map[string]any{"nodes": nodes}}, nil
}
