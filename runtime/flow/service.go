package flow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/store"
)

// Collection names.
const (
	tasksColl         = "flow_tasks"
	notificationsColl = "notifications"
	idempotencyColl   = "flow_idempotency"
)

// Collections declares what the package stores.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: tasksColl, Indexes: []store.Index{
			// A box, newest change first.
			{Name: "inbox_updated", Keys: []store.SortKey{{Field: "assignee"}, {Field: "kind"}, {Field: "state"}, {Field: "ws"}, {Field: store.PathUpdated}, {Field: store.PathID}}},
			// The overdue count (due times in range) reads open tasks only, so only they are
			// in this index: every step rewrites several entries (an approval four), and a
			// closed task, a copy or a started run then costs it no write.
			{Name: "inbox_due", Keys: []store.SortKey{{Field: "assignee"}, {Field: "ws"}, {Field: "due"}},
				Partial: store.And(store.Eq("kind", kindTodo), store.Eq("state", TaskOpen))},
		}, Retire: []string{
			"record", // no query reads entries by record; each write paid for it
		}},
		{Name: notificationsColl, Indexes: []store.Index{
			{Name: "user", Keys: []store.SortKey{{Field: "user"}, {Field: "ws"}, {Field: "read"}, {Field: store.PathCreated}, {Field: store.PathID}}},
		}},
		{Name: idempotencyColl},
		runsSpec(),
	}
}

// Records is what flow needs of the records domain.
type Records interface {
	Step(ctx context.Context, ref records.StepRef, fn func(records.StepInput) (records.Step, error)) (records.Record, error)
	Peek(ctx context.Context, ref records.StepRef) (records.StepInput, error)
	Get(ctx context.Context, ref records.Ref, id string) (records.Record, error)
	View(ctx context.Context, ref records.Ref, rec records.Record) (records.Record, error)
	CreateAs(ctx context.Context, ref records.SystemRef, input json.RawMessage) (records.Record, error)
	ScanIDs(ctx context.Context, ref records.SystemRef, after string, limit int) ([]string, string, error)
	MatchIDs(ctx context.Context, ref records.SystemRef, f store.Filter, limit int) ([]string, int64, error)
	Headlines(ctx context.Context, actor, ws string, refs []records.HeadlineRef) (map[string]records.Headline, error)
}

// Apps is what flow needs of the app domain.
type Apps interface {
	Latest(ctx context.Context, actor, ws, app string) (apps.App, *apps.Compiled, error)
	Version(ctx context.Context, appID string, n int) (*apps.Compiled, error)
}

// Org is what flow needs of the org domain.
type Org interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
	ListDepartments(ctx context.Context, actor, ws string) ([]org.Department, error)
}

// Roles resolves app roles to people (runtime/access).
type Roles interface {
	RoleMembers(ctx context.Context, ws, appID, role string) ([]string, error)
	AppManagers(ctx context.Context, ws, appID string) ([]string, error)
}

// Calendar computes deadlines on the workspace's business calendar.
type Calendar interface {
	// Add returns start plus d on ws's calendar (working days and hours count only
	// working time; hours and days are wall-clock).
	Add(ctx context.Context, ws string, start time.Time, d pipeline.Duration) (time.Time, error)
	Location(ctx context.Context, ws string) (*time.Location, error)
}

// Jobs is the durable queue of due work (runtime/schedule): items are enqueued in the
// caller's transaction and run exactly once.
type Jobs interface {
	Enqueue(ctx context.Context, id, kind string, due time.Time, payload json.RawMessage) error
	// Add is Enqueue for IDs never used before (new activities' deadlines): one write for
	// all of them where the store has it (SQLite), one each elsewhere. An ID taken after
	// all is re-armed; on a MongoDB replica set the failed insert would abort the caller's
	// transaction, which is why only new IDs come here.
	Add(ctx context.Context, jobs ...Job) error
	// Cancel removes the items (absent ones are no error) in one write.
	Cancel(ctx context.Context, ids ...string) error
}

// Job is an item of due work for Jobs.Add.
type Job struct {
	ID, Kind string
	Due      time.Time
	Payload  json.RawMessage
}

// Webhooks queues signed webhook deliveries (runtime/webhook) in the caller's transaction.
type Webhooks interface {
	Enqueue(ctx context.Context, ws, appID, url string, event webhook.Event) error
}

// Options are the parts tests change.
type Options struct {
	Now    func() time.Time
	Logger *slog.Logger
}

// Service is the pipeline engine.
type Service struct {
	st       store.Store
	tasks    store.Collection
	notes    store.Collection
	idem     store.Collection
	records  Records
	apps     Apps
	org      Org
	roles    Roles
	cal      Calendar
	jobs     Jobs
	webhooks Webhooks
	now      func() time.Time
	log      *slog.Logger

	mu   sync.Mutex
	defs map[string]*def // appID/version → the app's pipelines and automations
}

// Deps are the services flow works with.
type Deps struct {
	Records  Records
	Apps     Apps
	Org      Org
	Roles    Roles
	Calendar Calendar
	Jobs     Jobs
	Webhooks Webhooks
}

// New returns the engine.
func New(st store.Store, d Deps, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = store.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Service{
		st: st, tasks: st.Collection(tasksColl), notes: st.Collection(notificationsColl), idem: st.Collection(idempotencyColl),
		records: d.Records, apps: d.Apps, org: d.Org, roles: d.Roles, cal: d.Calendar, jobs: d.Jobs, webhooks: d.Webhooks,
		now: opts.Now, log: opts.Logger, defs: map[string]*def{},
	}
}

// def is an app version's pipelines (by form) and automations, parsed and compiled once,
// with the forms' field types they are checked and evaluated against.
type def struct {
	app         *apps.Compiled
	types       map[string]map[string]string         // form key → top-level field key → type
	pipelines   map[string]*pipeline.Graph           // form key → graph
	nodeExprs   map[string]map[string]*pipeline.Expr // form key + "/" + automation node key → its compiled values
	automations []*automation
}

type automation struct {
	a     *pipeline.Automation
	when  *pipeline.Expr
	exprs map[string]*pipeline.Expr // action index/field → compiled value
}

const maxDefs = 256

// definitions returns the pipelines and automations of app version c.
func (s *Service) definitions(c *apps.Compiled) (*def, error) {
	key := fmt.Sprintf("%s/%d", c.AppID, c.Version)
	s.mu.Lock()
	d, ok := s.defs[key]
	s.mu.Unlock()
	if ok {
		return d, nil
	}
	d = &def{app: c, types: map[string]map[string]string{}, pipelines: map[string]*pipeline.Graph{}, nodeExprs: map[string]map[string]*pipeline.Expr{}}
	for i := range c.Template.Forms {
		types := map[string]string{}
		for _, f := range c.Template.FormFields(i).List {
			types[f.Key] = f.Type
		}
		d.types[c.Template.Forms[i].Key] = types
	}
	for i, raw := range c.Template.Pipelines {
		p, err := pipeline.Parse(raw.JSON)
		if err != nil {
			return nil, fmt.Errorf("flow: pipeline %d of app %s v%d: %w", i, c.AppID, c.Version, err)
		}
		g, err := pipeline.Compile(p, d.types[p.Form])
		if err != nil {
			return nil, fmt.Errorf("flow: pipeline %s of app %s v%d: %w", p.Key, c.AppID, c.Version, err)
		}
		d.pipelines[p.Form] = g
		for _, n := range p.Nodes {
			if n.Type != pipeline.NodeAutomation {
				continue
			}
			exprs := map[string]*pipeline.Expr{}
			if err := compileActions(d.types[p.Form], n.Actions, exprs); err != nil {
				return nil, fmt.Errorf("flow: node %s of pipeline %s of app %s v%d: %w", n.Key, p.Key, c.AppID, c.Version, err)
			}
			d.nodeExprs[p.Form+"/"+n.Key] = exprs
		}
	}
	for i, raw := range c.Template.Automations {
		a, err := pipeline.ParseAutomation(raw.JSON)
		if err != nil {
			return nil, fmt.Errorf("flow: automation %d of app %s v%d: %w", i, c.AppID, c.Version, err)
		}
		au, err := compileAutomation(d.types[a.Form], a)
		if err != nil {
			return nil, fmt.Errorf("flow: automation %s of app %s v%d: %w", a.Key, c.AppID, c.Version, err)
		}
		d.automations = append(d.automations, au)
	}
	s.mu.Lock()
	if len(s.defs) >= maxDefs {
		s.defs = map[string]*def{}
	}
	s.defs[key] = d
	s.mu.Unlock()
	return d, nil
}

// Pipeline returns the graph of a form's pipeline at app version c, nil when it has none.
func (s *Service) Pipeline(c *apps.Compiled, formKey string) (*pipeline.Graph, error) {
	d, err := s.definitions(c)
	if err != nil {
		return nil, err
	}
	return d.pipelines[formKey], nil
}

func wrap(op string, err error) error { return fmt.Errorf("flow: %s: %w", op, err) }

// domainErr passes faults through and wraps the rest.
func domainErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	if errors.Is(err, store.ErrNotFound) {
		return fault.ErrNotFound()
	}
	return wrap(op, err)
}
