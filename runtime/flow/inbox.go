package flow

import (
	"context"
	"fmt"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// Inbox boxes.
const (
	BoxTodo = "todo" // tasks waiting for me
	BoxDone = "done" // tasks I acted on
	BoxCC   = "cc"   // copies sent to me
	BoxMine = "mine" // runs I started
)

// Boxes lists the boxes in the order the counts show them.
var Boxes = []string{BoxTodo, BoxDone, BoxCC, BoxMine}

// InboxItem is one entry of a box.
type InboxItem struct {
	ID        string        `json:"id"`
	App       string        `json:"app"`
	Form      string        `json:"form"`
	Record    string        `json:"record"`
	Node      string        `json:"node,omitempty"`
	NodeName  pipeline.Text `json:"nodeName,omitempty"`
	Stage     string        `json:"stage,omitempty"`
	State     string        `json:"state"`
	Initiator string        `json:"initiator"`
	Created   time.Time     `json:"created"`
	Updated   time.Time     `json:"updated"`
	Due       *time.Time    `json:"due,omitempty"`
	Overdue   bool          `json:"overdue"`
	ActedAt   *time.Time    `json:"actedAt,omitempty"`
	// Serial and Title name the record as the member may read it (a hidden title field
	// leaves the serial only), so a list shows "HT-2026-0001 禾丰超市收银系统采购合同 · 法务审核"
	// without reading each record.
	Serial string `json:"serial,omitempty"`
	Title  string `json:"title,omitempty"`
	// AppName names the app: one inbox holds the items of every app, some of them of apps
	// the member holds no role in (an approver picked in a member field).
	AppName *template.Text `json:"appName,omitempty"`
}

// InboxPage is a page of a box.
type InboxPage struct {
	Items []InboxItem `json:"items"`
	Next  string      `json:"next"`
}

// Counts are the sizes of a member's boxes, and how many of their open tasks are overdue.
type Counts struct {
	Todo    int64 `json:"todo"`
	Overdue int64 `json:"overdue"`
	Done    int64 `json:"done"`
	CC      int64 `json:"cc"`
	Mine    int64 `json:"mine"`
}

// member checks that user belongs to the workspace.
func (s *Service) member(ctx context.Context, ws, user string) error {
	_, err := s.org.Membership(ctx, ws, user)
	return err
}

// boxFilter selects a box's entries; it is built from constants only.
func boxFilter(ws, user, box string) (store.Filter, error) {
	base := []store.Filter{store.Eq("assignee", user)}
	switch box {
	case BoxTodo, "":
		base = append(base, store.Eq("kind", kindTodo), store.Eq("state", TaskOpen))
	case BoxDone:
		base = append(base, store.Eq("kind", kindTodo), store.In("state", TaskApproved, TaskDone, TaskRejected, TaskReturned, TaskTransferred))
	case BoxCC:
		base = append(base, store.Eq("kind", kindCC))
	case BoxMine:
		base = append(base, store.Eq("kind", kindMine))
	default:
		return store.Filter{}, fault.Of("bad_parameter").
			WithProblem("/box", fault.Problem("invalid.box"))
	}
	return store.And(append(base, store.Eq("ws", ws))...), nil
}

// InboxQuery picks a page of a box of the inbox, as the API takes it.
type InboxQuery struct {
	Box string // todo when empty
	// App keeps the items of one app; empty: every app. A member with to-dos in several
	// apps narrows the list to the one she is working through.
	App    string
	Limit  string
	Cursor string // from the previous page of the same box and app
}

// Inbox lists a box of the actor's inbox in a workspace, newest first.
func (s *Service) Inbox(ctx context.Context, actor, ws string, q InboxQuery) (InboxPage, error) {
	if err := s.member(ctx, ws, actor); err != nil {
		return InboxPage{}, err
	}
	f, err := boxFilter(ws, actor, q.Box)
	if err != nil {
		return InboxPage{}, err
	}
	if q.App != "" {
		// The person's entries of the box are read by the inbox index; the app is a
		// filter on them, as it is on the records it names.
		f = store.And(f, store.Eq("app", q.App))
	}
	n, err := querylang.ParseLimit(q.Limit, "/limit")
	if err != nil {
		return InboxPage{}, err
	}
	page, err := s.tasks.Find(ctx, store.Query{Filter: f, Sort: []store.SortKey{{Field: store.PathUpdated, Desc: true}, {Field: store.PathID, Desc: true}}, Limit: n, After: q.Cursor})
	if err != nil {
		return InboxPage{}, domainErr("read inbox", err)
	}
	now := s.now()
	out := InboxPage{Items: make([]InboxItem, 0, len(page.Docs)), Next: page.Next}
	for _, d := range page.Docs {
		t, err := store.Decode[taskDoc](d)
		if err != nil {
			return InboxPage{}, err
		}
		it := InboxItem{ID: d.ID, App: t.App, Form: t.Form, Record: t.Record, Node: t.Node, NodeName: t.NodeName, Stage: t.Stage,
			State: t.State, Initiator: t.Initiator, Created: d.Created, Updated: d.Updated}
		if t.Due != "" {
			if due, err := time.Parse(time.RFC3339Nano, t.Due); err == nil {
				it.Due = &due
				it.Overdue = due.Before(now) && (t.State == TaskOpen || t.State == StatusRunning)
			}
		}
		if t.ActedAt != "" {
			if at, err := time.Parse(time.RFC3339Nano, t.ActedAt); err == nil {
				it.ActedAt = &at
			}
		}
		out.Items = append(out.Items, it)
	}
	if err := s.headlines(ctx, actor, ws, out.Items, q.Box == BoxMine); err != nil {
		return InboxPage{}, err
	}
	ids := make([]string, len(out.Items))
	for i, it := range out.Items {
		ids[i] = it.App
	}
	names := s.appNames(ctx, actor, ws, ids)
	for i := range out.Items {
		if n, ok := names[out.Items[i].App]; ok {
			out.Items[i].AppName = &n
		}
	}
	return out, nil
}

// headlines fills the items' serial numbers and titles, batched per form; for the
// submitter's own runs (mine) also the stage and due time, which their entries do not
// follow (effects).
func (s *Service) headlines(ctx context.Context, actor, ws string, items []InboxItem, mine bool) error {
	now := s.now()
	return fillHeadlines(ctx, s, actor, ws, items, func(it *InboxItem) records.HeadlineRef {
		return records.HeadlineRef{App: it.App, Form: it.Form, ID: it.Record}
	}, func(it *InboxItem, h records.Headline, ok bool) {
		it.Serial, it.Title = h.Serial, h.Title
		if mine && ok {
			it.Stage, it.Due = h.Stage, h.Due
			it.Overdue = h.Due != nil && h.Due.Before(now) && it.State == StatusRunning
		}
	})
}

// noteHeadlines fills the notifications' serial numbers and titles, batched per form.
func (s *Service) noteHeadlines(ctx context.Context, actor, ws string, items []Notification) error {
	return fillHeadlines(ctx, s, actor, ws, items, func(n *Notification) records.HeadlineRef {
		return records.HeadlineRef{App: n.App, Form: n.Form, ID: n.Record}
	}, func(n *Notification, h records.Headline, _ bool) {
		n.Serial, n.Title = h.Serial, h.Title
	})
}

// fillHeadlines names the record of each item (inbox entries, notifications) as actor may
// read it: ref is the item's record, set puts its headline in the item (ok is false for a
// record the actor may not read, or gone).
func fillHeadlines[T any](ctx context.Context, s *Service, actor, ws string, items []T, ref func(*T) records.HeadlineRef, set func(*T, records.Headline, bool)) error {
	if len(items) == 0 {
		return nil
	}
	refs := make([]records.HeadlineRef, len(items))
	for i := range items {
		refs[i] = ref(&items[i])
	}
	hs, err := s.records.Headlines(ctx, actor, ws, refs)
	if err != nil {
		return fmt.Errorf("flow: headlines: %w", err)
	}
	for i := range items {
		h, ok := hs[refs[i].ID]
		set(&items[i], h, ok)
	}
	return nil
}

// InboxCounts counts the actor's boxes in a workspace.
func (s *Service) InboxCounts(ctx context.Context, actor, ws string) (Counts, error) {
	if err := s.member(ctx, ws, actor); err != nil {
		return Counts{}, err
	}
	var c Counts
	for _, b := range []struct {
		box string
		n   *int64
	}{{BoxTodo, &c.Todo}, {BoxDone, &c.Done}, {BoxCC, &c.CC}, {BoxMine, &c.Mine}} {
		f, err := boxFilter(ws, actor, b.box)
		if err != nil {
			return Counts{}, err
		}
		if *b.n, err = s.tasks.Count(ctx, f); err != nil {
			return Counts{}, domainErr("count inbox", err)
		}
	}
	todo, _ := boxFilter(ws, actor, BoxTodo)
	over := store.And(todo, store.Filter{Field: "due", Op: store.OpLt, Value: querylang.FormatDatetime(s.now())}, store.Filter{Field: "due", Op: store.OpGt, Value: ""})
	n, err := s.tasks.Count(ctx, over)
	if err != nil {
		return Counts{}, domainErr("count overdue", err)
	}
	c.Overdue = n
	return c, nil
}

// Notification is one in-app notification.
type Notification struct {
	ID       string        `json:"id"`
	App      string        `json:"app"`
	Form     string        `json:"form"`
	Record   string        `json:"record"`
	Kind     string        `json:"kind"`
	Node     string        `json:"node,omitempty"`
	NodeName pipeline.Text `json:"nodeName,omitempty"`
	Text     pipeline.Text `json:"text,omitempty"`
	// Serial and Title name the record as the member may read it now, as an inbox item
	// does: a notification that says only "a new task" leaves them guessing which.
	Serial  string    `json:"serial,omitempty"`
	Title   string    `json:"title,omitempty"`
	Read    bool      `json:"read"`
	Created time.Time `json:"created"`
}

// NotificationPage is a page of notifications, newest first.
type NotificationPage struct {
	Items  []Notification `json:"items"`
	Next   string         `json:"next"`
	Unread int64          `json:"unread"`
}

// Notifications lists the actor's notifications in a workspace (only unread ones when
// unread is set).
func (s *Service) Notifications(ctx context.Context, actor, ws string, unread bool, limit, cursor string) (NotificationPage, error) {
	if err := s.member(ctx, ws, actor); err != nil {
		return NotificationPage{}, err
	}
	n, err := querylang.ParseLimit(limit, "/limit")
	if err != nil {
		return NotificationPage{}, err
	}
	if err := s.taskNotes(ctx, actor, ws); err != nil {
		return NotificationPage{}, err
	}
	mine := store.And(store.Eq("user", actor), store.Eq("ws", ws))
	f := mine
	if unread {
		f = store.And(mine, store.Eq("read", false))
	}
	page, err := s.notes.Find(ctx, store.Query{Filter: f, Sort: []store.SortKey{{Field: store.PathCreated, Desc: true}, {Field: store.PathID, Desc: true}}, Limit: n, After: cursor})
	if err != nil {
		return NotificationPage{}, domainErr("read notifications", err)
	}
	out := NotificationPage{Items: make([]Notification, 0, len(page.Docs)), Next: page.Next}
	for _, d := range page.Docs {
		nd, err := store.Decode[noteDoc](d)
		if err != nil {
			return NotificationPage{}, err
		}
		out.Items = append(out.Items, Notification{ID: d.ID, App: nd.App, Form: nd.Form, Record: nd.Record, Kind: nd.Kind, Node: nd.Node,
			NodeName: nd.NodeName, Text: nd.Text, Read: nd.Read, Created: noteTime(nd, d.Created)})
	}
	if err := s.noteHeadlines(ctx, actor, ws, out.Items); err != nil {
		return NotificationPage{}, err
	}
	if out.Unread, err = s.notes.Count(ctx, store.And(mine, store.Eq("read", false))); err != nil {
		return NotificationPage{}, domainErr("count notifications", err)
	}
	return out, nil
}

// MarkRead marks the actor's notifications read: those listed, or all when ids is empty.
func (s *Service) MarkRead(ctx context.Context, actor, ws string, ids []string) (int, error) {
	if err := s.member(ctx, ws, actor); err != nil {
		return 0, err
	}
	if len(ids) == 0 { // all of them, also those of to-dos not stored yet
		if err := s.taskNotes(ctx, actor, ws); err != nil {
			return 0, err
		}
	}
	f := store.And(store.Eq("user", actor), store.Eq("ws", ws), store.Eq("read", false))
	if len(ids) > 0 {
		if len(ids) > store.MaxLimit {
			return 0, fault.FieldOf("/ids", "too_many.ids")
		}
		in := make([]any, len(ids))
		for i, id := range ids {
			in[i] = id
		}
		f = store.And(f, store.In(store.PathID, in...))
	}
	page, err := s.notes.Find(ctx, store.Query{Filter: f, Limit: store.MaxLimit})
	if err != nil {
		return 0, domainErr("read notifications", err)
	}
	n := 0
	for _, d := range page.Docs {
		nd2, err := readNote(d)
		if err != nil {
			return n, err
		}
		if _, err := s.notes.Update(ctx, nd2); err != nil {
			continue // changed meanwhile: marked read by another request
		}
		n++
	}
	return n, nil
}
