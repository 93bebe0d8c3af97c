package flow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/store"
)

// runsColl holds the run history of automations.
const runsColl = "automation_runs"

// RunsKept is how many runs of each automation the history keeps: older ones are dropped
// as new ones are recorded, so the history stays small however busy an app is.
const RunsKept = 50

// Run outcomes.
const (
	RunOK      = "ok"      // every action ran (webhooks: delivered or still being delivered)
	RunFailed  = "failed"  // an action failed, or a webhook delivery did
	RunSkipped = "skipped" // the condition did not hold or the record is gone: nothing ran
)

// Action outcomes within a run.
const (
	ActionDone     = "done"     // ran
	ActionQueued   = "queued"   // a webhook waiting for its delivery
	ActionRetrying = "retrying" // a webhook delivery failed and will be tried again
	ActionFailed   = "failed"
)

// Words is a text in both languages (a run's error or skip reason).
type Words struct {
	EN string `json:"en"`
	ZH string `json:"zh-CN"`
}

// ActionRun is what became of one action of a run.
type ActionRun struct {
	Type    string `json:"type"`
	Outcome string `json:"outcome"`
	Error   *Words `json:"error,omitempty"`
	// Attempts counts a webhook's failed deliveries so far.
	Attempts int `json:"attempts,omitempty"`
	// Updated is how many records an updateRecords action wrote (absent for other types).
	Updated *int `json:"updated,omitempty"`
}

// Run is one run of an automation on a record.
type Run struct {
	ID         string      `json:"id"`
	Workspace  string      `json:"ws"`
	App        string      `json:"app"`
	Automation string      `json:"automation"` // its key; "node:<key>" for an automation node of a flow
	Form       string      `json:"form"`
	Record     string      `json:"record"`
	Event      string      `json:"event"` // the trigger: created, updated, nodeEntered, schedule…
	At         time.Time   `json:"at"`
	AtMs       int64       `json:"atMs"` // At as Unix milliseconds, for ordering on every engine
	TookMs     int64       `json:"tookMs"`
	Outcome    string      `json:"outcome"`
	Error      *Words      `json:"error,omitempty"`
	Failed     int         `json:"failedAction,omitempty"` // 1-based index of the failed action
	Attempt    int         `json:"attempt,omitempty"`      // the job's attempt (1 = first) of a failed run
	Retry      bool        `json:"retry,omitempty"`        // a failed run that will be tried again
	Actions    []ActionRun `json:"actions,omitempty"`
}

func runsSpec() store.CollectionSpec {
	return store.CollectionSpec{Name: runsColl, Indexes: []store.Index{
		{Name: "automation_at", Keys: []store.SortKey{{Field: "ws"}, {Field: "app"}, {Field: "automation"}, {Field: "atMs"}}},
	}}
}

func (s *Service) runs() store.Collection { return s.st.Collection(runsColl) }

// recordRun stores r and drops the automation's runs beyond the newest RunsKept.
func (s *Service) recordRun(ctx context.Context, r Run) error {
	r.AtMs = r.At.UnixMilli()
	doc, err := store.NewDocument(r.ID, r)
	if err != nil {
		return wrap("record run", err)
	}
	if _, err := s.runs().Insert(ctx, doc); err != nil {
		return wrap("record run", err)
	}
	of := store.And(store.Eq("ws", r.Workspace), store.Eq("app", r.App), store.Eq("automation", r.Automation))
	page, err := s.runs().Find(ctx, store.Query{Filter: of, Sort: []store.SortKey{{Field: "atMs", Desc: true}}, Limit: RunsKept + 1})
	if err != nil {
		return wrap("prune runs", err)
	}
	if len(page.Docs) <= RunsKept {
		return nil
	}
	oldest, err := store.Decode[Run](page.Docs[RunsKept])
	if err != nil {
		return wrap("prune runs", err)
	}
	if _, err := s.runs().DeleteMany(ctx, store.And(of, store.Cmp("atMs", store.OpLte, oldest.AtMs))); err != nil {
		return wrap("prune runs", err)
	}
	return nil
}

// Runs lists an automation's runs of an app, newest first (at most RunsKept). The caller
// checks that the actor may design the app.
func (s *Service) Runs(ctx context.Context, ws, appID, automation string) ([]Run, error) {
	f := store.And(store.Eq("ws", ws), store.Eq("app", appID), store.Eq("automation", automation))
	page, err := s.runs().Find(ctx, store.Query{Filter: f, Sort: []store.SortKey{{Field: "atMs", Desc: true}}, Limit: RunsKept})
	if err != nil {
		return nil, wrap("list runs", err)
	}
	out := make([]Run, 0, len(page.Docs))
	for _, d := range page.Docs {
		r, err := store.Decode[Run](d)
		if err != nil {
			return nil, wrap("list runs", err)
		}
		r.ID = d.ID
		out = append(out, r)
	}
	return out, nil
}

// runKey is the history's name of the automation a job runs.
func (p automationPayload) runKey() string {
	if p.Node != "" {
		return "node:" + p.Node
	}
	return p.Automation
}

// AutomationObserved records the failed runs of automation jobs: the job's transaction,
// and with it anything its actions wrote, was rolled back, so the run is stored here,
// after it. Successful and skipped runs were recorded by the job itself.
func (s *Service) AutomationObserved(ctx context.Context, o schedule.Outcome) {
	if o.Err == nil {
		return
	}
	var p automationPayload
	if err := json.Unmarshal(o.Item.Payload, &p); err != nil {
		return
	}
	r := Run{ID: store.NewID(), Workspace: p.Workspace, App: p.App, Automation: p.runKey(), Form: p.Form, Record: p.Record,
		Event: p.Event, At: s.now().UTC(), TookMs: o.Took.Milliseconds(), Outcome: RunFailed, Attempt: o.Item.Attempts + 1, Retry: !o.Final}
	var ae *actionError
	if errors.As(o.Err, &ae) {
		r.Failed = ae.index + 1
		r.Error = wordsOf(ae.err)
	} else {
		r.Error = wordsOf(o.Err)
	}
	if err := s.recordRun(ctx, r); err != nil {
		s.log.WarnContext(ctx, "automation run not recorded", "automation", r.Automation, "err", err)
	}
}

// WebhookObserved updates the run that queued a webhook delivery with how the delivery
// went: its event ID is the run's ID, a dot and the action's index.
func (s *Service) WebhookObserved(ctx context.Context, o schedule.Outcome) {
	runID, i, ok := runOfDelivery(o.Item.ID)
	if !ok {
		return
	}
	for range 3 { // the run may be updated by another delivery of the same run meanwhile
		d, err := s.runs().Get(ctx, runID)
		if err != nil {
			return // not a run's delivery, or the run was dropped from the history
		}
		r, err := store.Decode[Run](d)
		if err != nil || i >= len(r.Actions) {
			return
		}
		a := &r.Actions[i]
		switch {
		case o.Err == nil:
			a.Outcome, a.Error = ActionDone, nil
		case o.Final:
			a.Outcome, a.Error, a.Attempts = ActionFailed, wordsOf(o.Err), o.Item.Attempts+1
		default:
			a.Outcome, a.Error, a.Attempts = ActionRetrying, wordsOf(o.Err), o.Item.Attempts+1
		}
		r.Outcome, r.Error, r.Failed = RunOK, nil, 0
		for j, a := range r.Actions {
			if a.Outcome == ActionFailed || a.Outcome == ActionRetrying {
				r.Outcome, r.Error, r.Failed = RunFailed, a.Error, j+1
				break
			}
		}
		next, err := store.NewDocument(d.ID, r)
		if err != nil {
			return
		}
		next.Version, next.Created = d.Version, d.Created
		_, err = s.runs().Update(ctx, next)
		if errors.Is(err, store.ErrVersionConflict) {
			continue
		}
		if err != nil {
			s.log.WarnContext(ctx, "webhook outcome not recorded on its run", "run", runID, "err", err)
		}
		return
	}
}

// deliveryID names the webhook delivery of action i of run runID.
func deliveryID(runID string, i int) string { return runID + "." + strconv.Itoa(i) }

func runOfDelivery(itemID string) (string, int, bool) {
	id, ok := strings.CutPrefix(itemID, "webhook:")
	if !ok {
		return "", 0, false
	}
	dot := strings.LastIndexByte(id, '.')
	if dot <= 0 {
		return "", 0, false
	}
	i, err := strconv.Atoi(id[dot+1:])
	if err != nil || i < 0 {
		return "", 0, false
	}
	return id[:dot], i, true
}

// actionError is the failure of one action of an automation.
type actionError struct {
	key   string
	index int
	err   error
}

func (e *actionError) Error() string {
	return fmt.Sprintf("flow: automation %s action %d: %v", e.key, e.index, e.err)
}
func (e *actionError) Unwrap() error { return e.err }

// maxWords bounds an error text kept in the history.
const maxWords = 400

// wordsFor is a notice catalogue text as a run's words.
func wordsFor(t fault.Text) *Words {
	return &Words{EN: t.EN, ZH: t.ZH}
}

// wordsOf says an error in both languages: a fault's own texts (with its fields'), a
// webhook's answer or connection failure, else the error's text as it is.
func wordsOf(err error) *Words {
	var (
		w  Words
		ae *webhook.AnswerError
		ne net.Error
		oe *net.OpError
	)
	var tm *tooManyTargets
	if errors.As(err, &tm) {
		w = *wordsFor(fault.Notice("run.too_many_targets").Fill("count", tm.count).Fill("limit", tm.limit))
	} else if f, ok := fault.As(err); ok {
		w = Words{EN: f.Text.EN, ZH: f.Text.ZH}
		for ptr, fe := range f.Fields {
			w.EN += " " + ptr + ": " + fe.Text.EN
			w.ZH += " " + ptr + "：" + fe.Text.ZH
		}
	} else if errors.As(err, &ae) {
		w = *wordsFor(fault.Notice("run.webhook_answer").Fill("status", ae.Status).Fill("host", ae.Host))
	} else if errors.As(err, &oe) || errors.As(err, &ne) {
		w = *wordsFor(fault.Notice("run.webhook_unreachable").Fill("reason", err.Error()))
	} else {
		w = Words{EN: err.Error(), ZH: err.Error()}
	}
	w.EN, w.ZH = clip(w.EN), clip(w.ZH)
	return &w
}

func clip(s string) string {
	if r := []rune(s); len(r) > maxWords {
		return string(r[:maxWords]) + "…"
	}
	return s
}
