package app

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/runtime/calendar"
	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/runtime/webhook"
)

// jobs adapts the scheduler to what the pipeline engine enqueues.
type jobs struct{ sch *schedule.Scheduler }

func (j jobs) Enqueue(ctx context.Context, id, kind string, due time.Time, payload json.RawMessage) error {
	return j.sch.Enqueue(ctx, schedule.Item{ID: id, Kind: kind, Due: due, Payload: payload})
}

func (j jobs) Add(ctx context.Context, add ...flow.Job) error {
	items := make([]schedule.Item, len(add))
	for i, a := range add {
		items[i] = schedule.Item{ID: a.ID, Kind: a.Kind, Due: a.Due, Payload: a.Payload}
	}
	return j.sch.Add(ctx, items...)
}

func (j jobs) Cancel(ctx context.Context, ids ...string) error { return j.sch.Cancel(ctx, ids...) }

// workCalendar adapts the workspaces' business calendars to the engine's deadlines.
type workCalendar struct{ svc *calendar.Service }

func (w workCalendar) Add(ctx context.Context, ws string, start time.Time, d pipeline.Duration) (time.Time, error) {
	c, _, err := w.svc.Get(ctx, ws)
	if err != nil {
		return time.Time{}, err
	}
	return c.Add(start, d), nil
}

func (w workCalendar) Location(ctx context.Context, ws string) (*time.Location, error) {
	c, _, err := w.svc.Get(ctx, ws)
	if err != nil {
		return nil, err
	}
	return c.Location(), nil
}

// outbox queues automations' webhooks, signed with the app's secret.
type outbox struct {
	sch     *schedule.Scheduler
	secrets *webhook.Secrets
}

func (o outbox) Enqueue(ctx context.Context, ws, appID, url string, ev webhook.Event) error {
	secret, err := o.secrets.ForApp(ctx, appID)
	if err != nil {
		return err
	}
	return webhook.Enqueue(ctx, o.sch, url, secret, ev)
}

// registerJobs makes the scheduler run the engine's due work.
func registerJobs(sch *schedule.Scheduler, engine *flow.Service, sender *webhook.Sender) {
	handle := func(fn func(context.Context, json.RawMessage) error) schedule.Handler {
		return func(ctx context.Context, it schedule.Item) error { return fn(ctx, it.Payload) }
	}
	sch.Handle(flow.KindDue, handle(engine.HandleDue))
	sch.Handle(flow.KindRemind, handle(engine.HandleRemind))
	sch.Handle(flow.KindAutomation, handle(engine.HandleAutomation))
	sch.Handle(flow.KindSchedule, handle(engine.HandleSchedule))
	sender.Register(sch)
	// Automation runs and the webhooks they send end up in the automations' run history.
	sch.Observe(flow.KindAutomation, engine.AutomationObserved)
	sch.Observe(webhook.Kind, engine.WebhookObserved)
}

// background runs the scheduler until Close.
type background struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func startBackground(sch *schedule.Scheduler) *background {
	ctx, cancel := context.WithCancel(context.Background())
	b := &background{cancel: cancel}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		_ = sch.Run(ctx) // returns when ctx is cancelled; failures are logged by the scheduler
	}()
	return b
}

func (b *background) stop() {
	if b == nil {
		return
	}
	b.cancel()
	b.wg.Wait()
}
