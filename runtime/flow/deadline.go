package flow

import (
	"encoding/json"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/pipeline"
)

// Job kinds of the scheduler.
const (
	KindDue        = "flow.due"
	KindRemind     = "flow.remind"
	KindAutomation = "flow.automation"
)

func dueJobID(record, activity string) string    { return KindDue + ":" + record + ":" + activity }
func remindJobID(record, activity string) string { return KindRemind + ":" + record + ":" + activity }

// duePayload addresses the activities whose deadline or reminder came. Activities one step
// enters with the same deadline and reminder share a job: an approval that opens legal's
// and finance's reviews, each due in two working days, arms one, and legal's approval
// leaves it to finance's review instead of cancelling it.
type duePayload struct {
	Workspace  string   `json:"ws"`
	App        string   `json:"app"`
	Form       string   `json:"form"`
	Record     string   `json:"record"`
	Activity   string   `json:"activity,omitempty"` // a job armed for one activity (before jobs were shared)
	Activities []string `json:"activities,omitempty"`
	Initiator  string   `json:"initiator"`
}

// activities lists the activities the job is for.
func (p duePayload) activities() []string {
	if len(p.Activities) == 0 && p.Activity != "" {
		return []string{p.Activity}
	}
	return p.Activities
}

// deadlineJobs are the due job, and the reminder job when there is one, that a step arms
// for the activities it enters with the same times; key is the first one's ID.
type deadlineJobs struct {
	key        string
	due        time.Time
	remind     *time.Time
	activities []string
}

// deadline computes when node n's work is due, entered now: a duration on the business
// calendar, a date or datetime held in a field (plus an offset), or a duration picked by
// a select field's value. nil when the node has none or the field is empty.
func (m *machine) deadline(n *pipeline.Node) (*time.Time, error) {
	d := n.Deadline
	if d == nil {
		return nil, nil
	}
	var (
		at  time.Time
		err error
	)
	switch {
	case d.After != nil:
		at, err = m.svc.cal.Add(m.ctx, m.ws, m.now, *d.After)
	case d.Field != "":
		s, _ := m.fields[d.Field].(string)
		if s == "" {
			return nil, nil
		}
		loc, lerr := m.svc.cal.Location(m.ctx, m.ws)
		if lerr != nil {
			return nil, wrap("calendar", lerr)
		}
		t, ok := fieldTime(s, loc)
		if !ok {
			return nil, nil
		}
		at = t
		if d.Plus != nil {
			at, err = m.svc.cal.Add(m.ctx, m.ws, t, *d.Plus)
		}
	case d.By != nil:
		v, _ := m.fields[d.By.Field].(string)
		dur, ok := d.By.Rules[v]
		if !ok {
			if d.By.Default == nil {
				return nil, nil
			}
			dur = *d.By.Default
		}
		at, err = m.svc.cal.Add(m.ctx, m.ws, m.now, dur)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, wrap("compute deadline", err)
	}
	return &at, nil
}

// fieldTime reads a date field (due at the end of that day in loc) or a datetime field.
func fieldTime(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.ParseInLocation(form.FormatDate, s, loc); err == nil {
		return t.Add(24*time.Hour - time.Second), true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// schedule arms activity a's deadline and reminder: with the jobs this step arms for
// another activity due at the same times, or jobs of its own.
func (m *machine) schedule(a *Activity, n *pipeline.Node) {
	var remind *time.Time
	if rb := n.Deadline.RemindBefore; rb != nil {
		if at, ok := m.remindAt(*a.Due, *rb); ok {
			remind = &at
		}
	}
	for _, g := range m.deadlines {
		if g.due.Equal(*a.Due) && ((g.remind == nil) == (remind == nil)) && (remind == nil || g.remind.Equal(*remind)) {
			g.activities = append(g.activities, a.ID)
			a.Job = g.key
			return
		}
	}
	m.deadlines = append(m.deadlines, &deadlineJobs{key: a.ID, due: *a.Due, remind: remind, activities: []string{a.ID}})
}

// deadlineJobs are the jobs of the deadlines this step armed.
func (m *machine) deadlineJobs(record string) ([]Job, error) {
	var out []Job
	for _, g := range m.deadlines {
		p, err := json.Marshal(duePayload{Workspace: m.ws, App: m.app, Form: m.form, Record: record, Activities: g.activities, Initiator: m.st.Initiator})
		if err != nil {
			return nil, wrap("schedule", err)
		}
		out = append(out, Job{ID: dueJobID(record, g.key), Kind: KindDue, Due: g.due, Payload: p})
		if g.remind != nil {
			out = append(out, Job{ID: remindJobID(record, g.key), Kind: KindRemind, Due: *g.remind, Payload: p})
		}
	}
	return out, nil
}

// remindAt is the time that lies rb before due, counted the way rb is (wall-clock, or
// working time on the calendar: two working hours before a 10:00 Monday deadline is 17:00
// the Friday before, after lunch breaks and nights). ok is false when that time has passed.
func (m *machine) remindAt(due time.Time, rb pipeline.Duration) (time.Time, bool) {
	if rb.WorkingDays == 0 && rb.WorkingHours == 0 {
		back := time.Duration(rb.Hours*float64(time.Hour)) + time.Duration(rb.Days*24*float64(time.Hour))
		at := due.Add(-back)
		return at, at.After(m.now)
	}
	// The calendar only adds; search [now, due] for the latest start whose deadline, rb
	// later, is not after due (Add is monotonic in its start). 40 halvings reach well
	// under a millisecond over any span the calendar covers.
	lo, hi := m.now, due
	if end, err := m.svc.cal.Add(m.ctx, m.ws, lo, rb); err != nil || end.After(due) {
		return time.Time{}, false
	}
	for range 40 {
		mid := lo.Add(hi.Sub(lo) / 2)
		end, err := m.svc.cal.Add(m.ctx, m.ws, mid, rb)
		if err != nil {
			return time.Time{}, false
		}
		if end.After(due) {
			hi = mid
		} else {
			lo = mid
		}
	}
	at := lo.Truncate(time.Second)
	return at, at.After(m.now)
}

// onDue acts on activity a whose deadline passed.
func (m *machine) onDue(a *Activity) error {
	n := m.graph.Node(a.Node)
	a.Overdue = true
	// The run was acted on (by the platform): the submitter can no longer withdraw it.
	m.st.Acted = true
	m.triggers = append(m.triggers, trigger{event: pipeline.OnDueEvent, node: a.Node})
	action := pipeline.DueRemind
	var od *pipeline.OnDue
	if n.Deadline != nil && n.Deadline.OnDue != nil {
		od = n.Deadline.OnDue
		action = od.Action
	}
	switch action {
	case pipeline.DueEscalate:
		people, _, err := m.resolve(od.EscalateTo)
		if err != nil {
			return err
		}
		for _, p := range people {
			if _, t := m.st.openTask(p, a.Node); t != nil {
				m.notify(p, noteOverdue, n)
				continue
			}
			t := &Task{ID: m.st.nextID("t"), Assignee: p, Status: TaskOpen, Escalate: true}
			a.Tasks = append(a.Tasks, t)
			m.touch(a.Node, t)
			m.addPerson(p, n)
			m.notify(p, noteEscalated, n)
		}
		a.Escalated = true
		m.remindOpen(a, n, noteOverdue)
	case pipeline.DueApprove:
		for _, t := range a.Tasks {
			if t.Status == TaskOpen || t.Status == TaskWaiting {
				t.Status = TaskApproved
				now := m.now
				t.ActedAt = &now
				m.touch(a.Node, t)
			}
		}
		return m.complete(a)
	case pipeline.DueReturn:
		to := ""
		if od != nil {
			to = od.ReturnTo
		}
		return m.returnTo(a, to)
	default:
		m.remindOpen(a, n, noteOverdue)
	}
	return nil
}

// remindOpen notifies everyone with an open task on a.
func (m *machine) remindOpen(a *Activity, n *pipeline.Node, kind string) {
	for _, t := range a.Tasks {
		if t.Status == TaskOpen {
			m.notify(t.Assignee, kind, n)
		}
	}
}
