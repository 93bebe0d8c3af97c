package flow

import (
	"encoding/json"
	"fmt"
	"time"
)

// Run statuses (State.Status; also the record's flowStatus).
const (
	StatusDraft     = "draft"    // at the start node, not submitted (withdrawn, or before the first submit)
	StatusReturned  = "returned" // returned to the start node: the submitter fixes and resubmits
	StatusRunning   = "running"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusDone      = "done"
	StatusWithdrawn = "withdrawn"
)

// Task statuses.
const (
	TaskOpen        = "open"
	TaskWaiting     = "waiting" // its turn has not come (sequential approval, added approvers)
	TaskApproved    = "approved"
	TaskDone        = "done" // completed a task node or submitted the start node
	TaskRejected    = "rejected"
	TaskReturned    = "returned"
	TaskTransferred = "transferred"
	TaskCancelled   = "cancelled" // the node finished without them, or the run moved on
)

// State is a record's pipeline run, as stored in the record and shown to clients.
type State struct {
	Pipeline  string     `json:"pipeline"`
	Version   int        `json:"version"` // the app version the run follows
	Status    string     `json:"status"`
	Initiator string     `json:"initiator"`
	Started   time.Time  `json:"started"`
	Ended     *time.Time `json:"ended,omitempty"`
	Seq       int        `json:"seq"` // numbers activities and tasks
	// Acted is set once someone other than the initiator acted since the last submit:
	// from then on the initiator can no longer withdraw.
	Acted    bool        `json:"acted,omitempty"`
	Active   []*Activity `json:"active"`
	Arrived  []Arrival   `json:"arrived,omitempty"`
	Returned *Returned   `json:"returned,omitempty"`
	// People are everyone the run involves (initiator, assignees past and present, CC),
	// each with the fields their nodes hide from them. The record keeps them apart from
	// the state clients see (field names hidden from someone are not shown to anyone);
	// package records reads them to let these people see the record.
	People map[string][]string `json:"-"`
	CC     []string            `json:"cc,omitempty"`
	Urged  *time.Time          `json:"urged,omitempty"` // when the run was last urged
}

// Activity is one node being worked on.
type Activity struct {
	ID        string     `json:"id"`
	Node      string     `json:"node"`
	Entered   time.Time  `json:"entered"`
	Due       *time.Time `json:"due,omitempty"`
	Reminded  bool       `json:"reminded,omitempty"`
	Overdue   bool       `json:"overdue,omitempty"`
	Escalated bool       `json:"escalated,omitempty"`
	// Job is the activity whose deadline jobs this one shares (deadlineJobs); empty when
	// they are its own.
	Job   string  `json:"job,omitempty"`
	Tasks []*Task `json:"tasks"`
}

// jobKey is the ID the activity's deadline jobs are keyed by.
func (a *Activity) jobKey() string {
	if a.Job != "" {
		return a.Job
	}
	return a.ID
}

// Task is one person's part in an activity.
type Task struct {
	ID       string     `json:"id"`
	Assignee string     `json:"assignee"`
	Status   string     `json:"status"`
	ActedAt  *time.Time `json:"actedAt,omitempty"`
	// After is the task that must finish before this one opens (sequential approval, an
	// approver added after someone). Gate marks an approver added before someone: their
	// approval only lets that someone act.
	After    string `json:"after,omitempty"`
	Gate     bool   `json:"gate,omitempty"`
	Fallback bool   `json:"fallback,omitempty"` // nobody resolved; the app's managers stand in
	Escalate bool   `json:"escalated,omitempty"`
}

// Arrival is a parallel branch that reached its join.
type Arrival struct {
	Join string `json:"join"`
	From string `json:"from"`
}

// Returned remembers where a record was returned from, for a resubmit that goes straight
// back (ResubmitReturner): the nodes that were active and the branches already joined.
type Returned struct {
	By      string    `json:"by"`   // the member who returned it
	From    string    `json:"from"` // the node they returned it from
	Nodes   []string  `json:"nodes"`
	Arrived []Arrival `json:"arrived,omitempty"`
}

func decodeState(raw, people json.RawMessage) (*State, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var st State
	if err := json.Unmarshal(raw, &st); err != nil {
		return nil, fmt.Errorf("flow: decode state: %w", err)
	}
	if len(people) > 0 {
		if err := json.Unmarshal(people, &st.People); err != nil {
			return nil, fmt.Errorf("flow: decode people: %w", err)
		}
	}
	if st.People == nil {
		st.People = map[string][]string{}
	}
	return &st, nil
}

// encode returns the state as clients see it and the people apart.
func (st *State) encode() (state, people json.RawMessage, err error) {
	if st.Active == nil {
		st.Active = []*Activity{}
	}
	if state, err = json.Marshal(st); err != nil {
		return nil, nil, fmt.Errorf("flow: encode state: %w", err)
	}
	if people, err = json.Marshal(st.People); err != nil {
		return nil, nil, fmt.Errorf("flow: encode people: %w", err)
	}
	return state, people, nil
}

// ended reports whether the run is over.
func (st *State) ended() bool {
	switch st.Status {
	case StatusApproved, StatusRejected, StatusDone:
		return true
	}
	return false
}

func (st *State) nextID(prefix string) string {
	st.Seq++
	return fmt.Sprintf("%s%d", prefix, st.Seq)
}

// activity returns the active activity of node key, or nil.
func (st *State) activity(node string) *Activity {
	for _, a := range st.Active {
		if a.Node == node {
			return a
		}
	}
	return nil
}

// openTask finds user's open task, in the activity of node when node is not empty.
func (st *State) openTask(user, node string) (*Activity, *Task) {
	for _, a := range st.Active {
		if node != "" && a.Node != node {
			continue
		}
		for _, t := range a.Tasks {
			if t.Assignee == user && t.Status == TaskOpen {
				return a, t
			}
		}
	}
	return nil, nil
}

// earliestDue is the soonest due time of the active nodes, and whether any is overdue.
func (st *State) earliestDue() (*time.Time, bool) {
	var due *time.Time
	overdue := false
	for _, a := range st.Active {
		if a.Overdue {
			overdue = true
		}
		if a.Due != nil && (due == nil || a.Due.Before(*due)) {
			d := *a.Due
			due = &d
		}
	}
	return due, overdue
}
