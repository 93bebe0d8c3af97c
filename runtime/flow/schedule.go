package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/runtime/records"
)

// KindSchedule is the scheduler kind of automations that run on a schedule.
const KindSchedule = "flow.schedule"

// maxScheduledRecords bounds how many records one occurrence of a scheduled automation
// looks at; past it the rest wait for the next occurrence (and it is logged).
const maxScheduledRecords = 10000

func scheduleJobID(appID, key string) string { return KindSchedule + ":" + appID + ":" + key }

type schedulePayload struct {
	Workspace  string `json:"ws"`
	App        string `json:"app"`
	Automation string `json:"automation"`
	As         string `json:"as"` // the member who published: lookups run as them
}

// Published arms the scheduled automations of the app's latest version, so that they run
// from their next occurrence. Call it after an app is created, published or upgraded.
// Automations removed since are dropped when their next occurrence finds them gone.
func (s *Service) Published(ctx context.Context, actor, ws, appID string) error {
	_, c, err := s.apps.Latest(ctx, actor, ws, appID)
	if err != nil {
		return err
	}
	d, err := s.definitions(c)
	if err != nil {
		return err
	}
	loc, err := s.cal.Location(ctx, ws)
	if err != nil {
		return wrap("calendar", err)
	}
	for _, au := range d.automations {
		a := au.a
		if a.Disabled || a.On.Event != pipeline.OnSchedule {
			continue
		}
		b, err := json.Marshal(schedulePayload{Workspace: ws, App: appID, Automation: a.Key, As: actor})
		if err != nil {
			return wrap("arm schedule", err)
		}
		next := nextOccurrence(a.On, s.now(), loc)
		if err := s.jobs.Enqueue(ctx, scheduleJobID(appID, a.Key), KindSchedule, next, b); err != nil {
			return wrap("arm schedule", err)
		}
	}
	return nil
}

// nextOccurrence is the first time after now of a trigger that fires every Every from At
// (a time of day in loc; default midnight). A period under an hour is taken as an hour.
func nextOccurrence(tr pipeline.Trigger, now time.Time, loc *time.Location) time.Time {
	every := 24 * time.Hour
	if e := tr.Every; e != nil {
		every = time.Duration((e.Hours+e.WorkingHours)*float64(time.Hour)) + time.Duration((e.Days+e.WorkingDays)*24*float64(time.Hour))
	}
	every = max(every, time.Hour)
	h, m := 0, 0
	if tr.At != "" {
		if _, err := fmt.Sscanf(tr.At, "%d:%d", &h, &m); err != nil {
			h, m = 0, 0
		}
	}
	local := now.In(loc)
	t := time.Date(local.Year(), local.Month(), local.Day(), h, m, 0, 0, loc)
	for t.After(now) {
		t = t.Add(-every)
	}
	for !t.After(now) {
		t = t.Add(every)
	}
	return t
}

// HandleSchedule runs one occurrence of a scheduled automation (a scheduler job of
// KindSchedule): it queues the automation on every live record of its form (the
// automation's condition is checked on each when its job runs), then arms the next
// occurrence.
func (s *Service) HandleSchedule(ctx context.Context, payload json.RawMessage) error {
	var p schedulePayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return wrap("read schedule job", err)
	}
	_, c, err := s.apps.Latest(ctx, p.As, p.Workspace, p.App)
	if err != nil {
		if isGone(err) {
			return nil // the app, or its publisher's membership, is gone: the schedule ends
		}
		return err
	}
	d, err := s.definitions(c)
	if err != nil {
		return err
	}
	var a *pipeline.Automation
	for _, au := range d.automations {
		if au.a.Key == p.Automation && !au.a.Disabled && au.a.On.Event == pipeline.OnSchedule {
			a = au.a
		}
	}
	if a == nil {
		return nil // removed or changed since: not re-armed
	}
	now := s.now()
	after, n := "", 0
	for {
		ids, next, err := s.records.ScanIDs(ctx, records.SystemRef{Workspace: p.Workspace, App: p.App, Form: a.Form}, after, 200)
		if err != nil {
			return err
		}
		for _, id := range ids {
			ap := automationPayload{Workspace: p.Workspace, App: p.App, Version: c.Version, Form: a.Form, Record: id, Automation: a.Key, Event: pipeline.OnSchedule, As: p.As}
			if err := s.enqueueAutomation(ctx, ap, fmt.Sprintf("%s:%s:%s:s%d", KindAutomation, id, a.Key, now.UnixMilli())); err != nil {
				return err
			}
			n++
		}
		if next == "" {
			break
		}
		if n >= maxScheduledRecords {
			s.log.WarnContext(ctx, "scheduled automation stopped at its record limit", "app", p.App, "automation", a.Key, "limit", maxScheduledRecords)
			break
		}
		after = next
	}
	loc, err := s.cal.Location(ctx, p.Workspace)
	if err != nil {
		return wrap("calendar", err)
	}
	// Re-arm this job (the scheduler lets a handler re-arm its own item).
	return s.jobs.Enqueue(ctx, scheduleJobID(p.App, a.Key), KindSchedule, nextOccurrence(a.On, now, loc), payload)
}
