package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Event kinds members choose channels for, and the pipeline notifications each covers.
var eventKinds = map[string][]string{
	"task":     {"task", "urged"},
	"returned": {"returned"},
	"overdue":  {"overdue", "escalated", "reminder"},
	"cc":       {"cc"},
	"mention":  {"mention"},
	"finished": {"finished"},
}

// EventKinds lists the kinds in the order settings show them.
var EventKinds = []string{"task", "returned", "overdue", "cc", "mention", "finished"}

// Channel kinds a member picks: e-mail to them, or a post by the app's group robot.
const (
	PickEmail = "email"
	PickRobot = "robot"
)

// Quiet is a daily window ("22:00"–"08:00", in the workspace's time zone) in which nothing
// is sent; what falls in it is sent when it ends.
type Quiet struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Prefs are a member's choices in a workspace. Digest gathers the day's e-mails into one,
// sent at 09:00.
type Prefs struct {
	Events map[string][]string `json:"events"`
	Quiet  *Quiet              `json:"quietHours,omitempty"`
	Digest bool                `json:"digest"`
	Lang   string              `json:"lang"`
}

// DefaultPrefs: e-mail for what asks for action (a task, a return, an overdue task, a
// mention), nothing else; no quiet hours; Chinese.
func DefaultPrefs() Prefs {
	return Prefs{Events: map[string][]string{"task": {PickEmail}, "returned": {PickEmail}, "overdue": {PickEmail}, "mention": {PickEmail}, "cc": {}, "finished": {}}, Lang: "zh-CN"}
}

func prefsID(ws, user string) string { return ws + ":" + user }

// GetPrefs returns the actor's preferences in ws (the defaults until they save some).
func (s *Service) GetPrefs(ctx context.Context, actor, ws string) (Prefs, error) {
	if _, err := s.org.Membership(ctx, ws, actor); err != nil {
		return Prefs{}, err
	}
	p, _, err := s.loadPrefs(ctx, ws, actor)
	return p, err
}

func (s *Service) loadPrefs(ctx context.Context, ws, user string) (Prefs, store.Document, error) {
	d, err := s.prefs.Get(ctx, prefsID(ws, user))
	if errors.Is(err, store.ErrNotFound) {
		return DefaultPrefs(), store.Document{}, nil
	}
	if err != nil {
		return Prefs{}, store.Document{}, fmt.Errorf("notify: read preferences: %w", err)
	}
	p, err := store.Decode[Prefs](d)
	return p, d, err
}

func parseClock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh > 23 || mm > 59 || hh < 0 || mm < 0 {
		return 0, false
	}
	return hh*60 + mm, true
}

// PutPrefs replaces the actor's preferences after checking them.
func (s *Service) PutPrefs(ctx context.Context, actor, ws string, in Prefs) (Prefs, error) {
	if _, err := s.org.Membership(ctx, ws, actor); err != nil {
		return Prefs{}, err
	}
	out := Prefs{Events: map[string][]string{}, Digest: in.Digest, Lang: in.Lang}
	for k, chans := range in.Events {
		if _, ok := eventKinds[k]; !ok {
			return Prefs{}, fault.FieldOf("/events/"+k, "unknown_event.events")
		}
		out.Events[k] = []string{}
		for i, c := range chans {
			if c != PickEmail && c != PickRobot {
				return Prefs{}, fault.FieldOf("/events/"+k+"/"+strconv.Itoa(i), "bad_value.events")
			}
			if !slices.Contains(out.Events[k], c) {
				out.Events[k] = append(out.Events[k], c)
			}
		}
	}
	for _, k := range EventKinds {
		if _, ok := out.Events[k]; !ok {
			out.Events[k] = []string{}
		}
	}
	if q := in.Quiet; q != nil {
		if _, ok := parseClock(q.From); !ok {
			return Prefs{}, fault.FieldOf("/quietHours/from", "bad_value.quiet_from")
		}
		if _, ok := parseClock(q.To); !ok {
			return Prefs{}, fault.FieldOf("/quietHours/to", "bad_value.quiet_to")
		}
		out.Quiet = &Quiet{From: q.From, To: q.To}
	}
	switch out.Lang {
	case "":
		out.Lang = "zh-CN"
	case "zh-CN", "en":
	default:
		return Prefs{}, fault.FieldOf("/lang", "bad_value.lang")
	}
	_, doc, err := s.loadPrefs(ctx, ws, actor)
	if err != nil {
		return Prefs{}, err
	}
	nd, err := store.NewDocument(prefsID(ws, actor), out)
	if err != nil {
		return Prefs{}, err
	}
	if doc.ID == "" {
		_, err = s.prefs.Insert(ctx, nd)
	} else {
		nd.Version = doc.Version
		_, err = s.prefs.Update(ctx, nd)
	}
	if err != nil {
		return Prefs{}, fmt.Errorf("notify: save preferences: %w", err)
	}
	return out, nil
}

// sendAt is when a message made at now may go out: now, or the end of the quiet window
// it falls in.
func sendAt(q *Quiet, now time.Time) time.Time {
	if q == nil {
		return now
	}
	from, ok1 := parseClock(q.From)
	to, ok2 := parseClock(q.To)
	if !ok1 || !ok2 || from == to {
		return now
	}
	min := now.Hour()*60 + now.Minute()
	in := (from < to && min >= from && min < to) || (from > to && (min >= from || min < to))
	if !in {
		return now
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	end := day.Add(time.Duration(to) * time.Minute)
	if !end.After(now) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

// digestAt is the next 09:00 after now.
func digestAt(now time.Time) time.Time {
	t := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, now.Location())
	if !t.After(now) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// deliveryDoc is one delivery's latest attempt, for admins.
type deliveryDoc struct {
	Workspace string `json:"ws"`
	Event     string `json:"event"`
	Channel   string `json:"channel"`
	To        string `json:"to,omitempty"`
	Title     string `json:"title"`
	Status    string `json:"status"` // sent, retrying, failed
	Attempts  int    `json:"attempts"`
	Error     string `json:"error,omitempty"`
}

// DeliveryInfo is what admins see of a delivery.
type DeliveryInfo struct {
	ID       string    `json:"id"`
	Event    string    `json:"event"`
	Channel  string    `json:"channel"`
	To       string    `json:"to,omitempty"`
	Title    string    `json:"title"`
	Status   string    `json:"status"`
	Attempts int       `json:"attempts"`
	Error    string    `json:"error,omitempty"`
	Updated  time.Time `json:"updated"`
}

// Attempt implements Log: the latest attempt of each delivery is kept.
func (s *Service) Attempt(ctx context.Context, d Delivery, attempt int, err error) {
	doc := deliveryDoc{Workspace: d.Workspace, Event: d.Event, Channel: d.Channel, To: d.To, Title: d.Message.Title, Status: DeliveryStatus(err), Attempts: attempt}
	if err != nil {
		doc.Error = err.Error()
	}
	id := ItemID(d.Event, d.Channel)
	nd, e := store.NewDocument(id, doc)
	if e != nil {
		return
	}
	if old, e := s.deliveries.Get(ctx, id); e == nil {
		nd.Version = old.Version
		_, e = s.deliveries.Update(ctx, nd)
		if e != nil {
			s.opts.Logger.WarnContext(ctx, "notify: record delivery attempt", "id", id, "err", e)
		}
		return
	}
	if _, e := s.deliveries.Insert(ctx, nd); e != nil {
		s.opts.Logger.WarnContext(ctx, "notify: record delivery attempt", "id", id, "err", e)
	}
}

// Deliveries lists a workspace's latest deliveries (failed ones included) to its admins.
func (s *Service) Deliveries(ctx context.Context, actor, ws string) ([]DeliveryInfo, error) {
	if err := s.admin(ctx, actor, ws); err != nil {
		return nil, err
	}
	page, err := s.deliveries.Find(ctx, store.Query{Filter: store.Eq("ws", ws), Sort: []store.SortKey{{Field: store.PathUpdated, Desc: true}, {Field: store.PathID, Desc: true}}, Limit: 100})
	if err != nil {
		return nil, fmt.Errorf("notify: list deliveries: %w", err)
	}
	out := []DeliveryInfo{}
	for _, d := range page.Docs {
		x, err := store.Decode[deliveryDoc](d)
		if err != nil {
			return nil, err
		}
		out = append(out, DeliveryInfo{ID: d.ID, Event: x.Event, Channel: x.Channel, To: x.To, Title: x.Title, Status: x.Status, Attempts: x.Attempts, Error: x.Error, Updated: d.Updated})
	}
	return out, nil
}

var _ = json.Marshal
