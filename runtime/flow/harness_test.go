package flow_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/store/sqlite"
)

// flowApp is the app every engine test installs: one form "req" and the roles the
// pipelines name. PIPELINE is replaced by the test's pipeline.
const flowApp = `{
  "key": "flow-table",
  "name": {"zh-CN": "请示", "en": "Requests"},
  "forms": [{
    "key": "req",
    "name": {"zh-CN": "请示", "en": "Request"},
    "schema": {"type": "object", "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}},
      "amount": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "金额", "en": "Amount"}}},
      "note": {"type": "string", "x-formloom": {"type": "textarea", "label": {"zh-CN": "备注", "en": "Note"}}}
    }}
  }],
  "roles": [
    {"key": "approvers", "name": {"zh-CN": "审批组", "en": "Approvers"}},
    {"key": "first", "name": {"zh-CN": "初审", "en": "First review"}},
    {"key": "second", "name": {"zh-CN": "复审", "en": "Second review"}},
    {"key": "director", "name": {"zh-CN": "总监", "en": "Director"}},
    {"key": "watchers", "name": {"zh-CN": "知会", "en": "Watchers"}}
  ],
  "pipelines": [PIPELINE]
}`

// people of every engine test: ann owns the workspace, sam submits, the rest hold the
// roles of roleHolders. out is a member with no role.
var people = []string{"sam", "p1", "p2", "p3", "dan", "fay", "gus", "out"}

var roleHolders = map[string][]string{
	"approvers": {"p1", "p2", "p3"},
	"first":     {"p1"},
	"second":    {"p2"},
	"director":  {"dan"},
	"watchers":  {"fay", "gus"},
}

// roles resolves app roles from roleHolders; the app's managers are ann.
type roles struct{ ids map[string]string }

func (r roles) RoleMembers(_ context.Context, _, _, role string) ([]string, error) {
	var out []string
	for _, name := range roleHolders[role] {
		out = append(out, r.ids[name])
	}
	return out, nil
}

func (r roles) AppManagers(context.Context, string, string) ([]string, error) {
	return []string{r.ids["ann"]}, nil
}

// wallCalendar counts every hour: deadlines are not what these tests are about.
type wallCalendar struct{}

func (wallCalendar) Add(_ context.Context, _ string, start time.Time, d pipeline.Duration) (time.Time, error) {
	h := d.Hours + d.WorkingHours + 24*(d.Days+d.WorkingDays)
	return start.Add(time.Duration(h * float64(time.Hour))), nil
}

func (wallCalendar) Location(context.Context, string) (*time.Location, error) { return time.UTC, nil }

// queue keeps the engine's jobs so that a test runs them when it chooses.
type queue struct {
	mu    sync.Mutex
	items map[string]queued
	order []string
	fail  error // when set, Add answers it
}

type queued struct {
	kind    string
	payload json.RawMessage
}

func (q *queue) Enqueue(_ context.Context, id, kind string, _ time.Time, payload json.RawMessage) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.items[id]; !ok {
		q.order = append(q.order, id)
	}
	q.items[id] = queued{kind: kind, payload: payload}
	return nil
}

func (q *queue) Add(ctx context.Context, jobs ...flow.Job) error {
	if q.fail != nil {
		return q.fail
	}
	for _, j := range jobs {
		if err := q.Enqueue(ctx, j.ID, j.Kind, j.Due, j.Payload); err != nil {
			return err
		}
	}
	return nil
}

func (q *queue) Cancel(_ context.Context, ids ...string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, id := range ids {
		delete(q.items, id)
	}
	q.order = slices.DeleteFunc(q.order, func(x string) bool { return slices.Contains(ids, x) })
	return nil
}

// peek returns the queued jobs of kind, oldest first, leaving them queued.
func (q *queue) peek(kind string) []json.RawMessage {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []json.RawMessage
	for _, id := range q.order {
		if it := q.items[id]; it.kind == kind {
			out = append(out, it.payload)
		}
	}
	return out
}

// take removes and returns the queued jobs of kind, oldest first.
func (q *queue) take(kind string) []json.RawMessage {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []json.RawMessage
	var keep []string
	for _, id := range q.order {
		if it := q.items[id]; it.kind == kind {
			out = append(out, it.payload)
			delete(q.items, id)
		} else {
			keep = append(keep, id)
		}
	}
	q.order = keep
	return out
}

type noWebhooks struct{}

func (noWebhooks) Enqueue(context.Context, string, string, string, webhook.Event) error { return nil }

// engine is a fresh embedded database with one workspace, its people, the test app with
// one pipeline, and the engine over it.
type engine struct {
	t     *testing.T
	ctx   context.Context
	flow  *flow.Service
	recs  *records.Service
	apps  *apps.Service
	jobs  *queue
	ids   map[string]string // name → user ID
	names map[string]string // user ID → name
	ws    string
	app   string
}

func newEngine(t *testing.T, pipelineJSON string) *engine {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "flow.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range slices.Concat(account.Collections(), org.Collections(), apps.Collections(), records.Collections(), flow.Collections()) {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	acc, err := account.New(st, account.Options{Hash: account.TestHashParams, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := acc.CreateUser(ctx, "ann@formloom.test", "ann", "ann-password")
	if err != nil {
		t.Fatal(err)
	}
	peopleSvc := org.New(st, acc, "UTC")
	w, err := peopleSvc.CreateWorkspace(ctx, ann.ID, "Flow")
	if err != nil {
		t.Fatal(err)
	}
	e := &engine{t: t, ctx: ctx, jobs: &queue{items: map[string]queued{}}, ws: w.ID,
		ids: map[string]string{"ann": ann.ID}, names: map[string]string{ann.ID: "ann"}}
	for _, name := range people {
		in, err := peopleSvc.InviteMember(ctx, ann.ID, w.ID, org.Invite{Email: name + "@formloom.test", Name: name})
		if err != nil {
			t.Fatal(err)
		}
		e.ids[name], e.names[in.Member.UserID] = in.Member.UserID, name
	}
	appSvc, err := apps.New(st, peopleSvc, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := appSvc.Create(ctx, ann.ID, w.ID, apps.NewApp{Definition: json.RawMessage(strings.Replace(flowApp, "PIPELINE", pipelineJSON, 1))})
	if err != nil {
		t.Fatalf("install: %v", err)
	}
	e.app, e.apps = a.ID, appSvc
	written := func(ctx context.Context, c *apps.Compiled, ws, form, event string, rec records.Record) error {
		return e.flow.RecordWritten(ctx, c, ws, form, event, rec)
	}
	e.recs = records.New(st, appSvc, peopleSvc, records.Options{Logger: quiet, Written: written})
	e.flow = flow.New(st, flow.Deps{Records: e.recs, Apps: appSvc, Org: peopleSvc, Roles: roles{ids: e.ids},
		Calendar: wallCalendar{}, Jobs: e.jobs, Webhooks: noWebhooks{}}, flow.Options{Logger: quiet})
	return e
}

func (e *engine) ref(who string) records.Ref {
	return records.Ref{Actor: e.ids[who], Workspace: e.ws, App: e.app, Form: "req"}
}

// create makes a record as who with data (not submitted) and returns its ID.
func (e *engine) create(who, data string) string {
	e.t.Helper()
	rec, err := e.recs.Create(e.ctx, e.ref(who), json.RawMessage(data))
	if err != nil {
		e.t.Fatalf("create: %v", err)
	}
	return rec.ID
}

// submitted makes a record as sam and submits it.
func (e *engine) submitted(data string) string {
	e.t.Helper()
	id := e.create("sam", data)
	e.must("sam", id, flow.ActSubmit, flow.ActionInput{})
	return id
}

func (e *engine) act(who, id, action string, in flow.ActionInput) error {
	_, err := e.flow.Act(e.ctx, e.ref(who), id, action, in, "")
	return err
}

func (e *engine) must(who, id, action string, in flow.ActionInput) {
	e.t.Helper()
	if err := e.act(who, id, action, in); err != nil {
		e.t.Fatalf("%s %s: %v", who, action, err)
	}
}

// state reads the record's run as its owner sees it.
func (e *engine) state(id string) *flow.State {
	e.t.Helper()
	rec, err := e.recs.Get(e.ctx, e.ref("ann"), id)
	if err != nil {
		e.t.Fatalf("get: %v", err)
	}
	st, err := flow.ReadState(rec.Flow)
	if err != nil {
		e.t.Fatal(err)
	}
	if st == nil {
		return &flow.State{}
	}
	return st
}

// fields reads the record's field values.
func (e *engine) fields(id string) map[string]any {
	e.t.Helper()
	rec, err := e.recs.Get(e.ctx, e.ref("ann"), id)
	if err != nil {
		e.t.Fatalf("get: %v", err)
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Data, &out); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// where describes a run as "status@node,node", the active nodes in order.
func where(st *flow.State) string {
	var nodes []string
	for _, a := range st.Active {
		nodes = append(nodes, a.Node)
	}
	return st.Status + "@" + strings.Join(nodes, ",")
}

// tasks lists the tasks of node as "name:status", in the order they were made.
func (e *engine) tasks(st *flow.State, node string) string {
	var out []string
	for _, a := range st.Active {
		if a.Node != node {
			continue
		}
		for _, t := range a.Tasks {
			out = append(out, e.names[t.Assignee]+":"+t.Status)
		}
	}
	return strings.Join(out, " ")
}

// ccNames lists the run's CC list by name.
func (e *engine) ccNames(st *flow.State) string {
	var out []string
	for _, id := range st.CC {
		out = append(out, e.names[id])
	}
	return strings.Join(out, " ")
}

// code is the error's stable code and the pointers of its fields ("" for nil).
func code(err error) string {
	if err == nil {
		return ""
	}
	fe, ok := fault.As(err)
	if !ok {
		return "internal: " + err.Error()
	}
	out := fe.Code
	var ptrs []string
	for p := range fe.Fields {
		ptrs = append(ptrs, p)
	}
	slices.Sort(ptrs)
	for _, p := range ptrs {
		out += " " + p
	}
	return out
}

// pipelineOf builds a pipeline over form "req" from node and edge lists.
func pipelineOf(extra, nodes, edges string) string {
	return `{"key": "p", "form": "req"` + extra + `, "nodes": [` + nodes + `], "edges": [` + edges + `]}`
}
