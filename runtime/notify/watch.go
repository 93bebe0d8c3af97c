package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store"
)

// NotificationsCollection is where the pipeline engine keeps in-app notifications.
const NotificationsCollection = "notifications"

// Watch returns st with every in-app notification stored through it also queued for the
// recipient's chosen channels: its fan-out is an outbox item stored in the same
// transaction and run after the commit (so a step that rolls back sends nothing, and one
// that commits sends once per channel, even across a crash).
func (s *Service) Watch(st store.Store) store.Store { return watchedStore{Store: st, s: s} }

type watchedStore struct {
	store.Store
	s *Service
}

func (w watchedStore) Collection(name string) store.Collection {
	c := w.Store.Collection(name)
	if name != NotificationsCollection {
		return c
	}
	return watchedNotes{Collection: c, st: w.Store, s: w.s}
}

type watchedNotes struct {
	store.Collection
	st store.Store
	s  *Service
}

func (c watchedNotes) Insert(ctx context.Context, d store.Document) (store.Document, error) {
	var saved store.Document
	err := c.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if saved, err = c.Collection.Insert(ctx, d); err != nil {
			return err
		}
		return c.s.onNote(ctx, saved)
	})
	return saved, err
}

// Put stores several new notifications (each with a fresh ID) together, in one statement
// where the engine can (store.Putter), each queued for its channels as Insert does.
func (c watchedNotes) Put(ctx context.Context, docs ...store.Document) error {
	p, ok := c.Collection.(store.Putter)
	if !ok {
		return c.storeAll(ctx, docs, nil)
	}
	return c.storeAll(ctx, docs, p.Put)
}

// InsertAll stores several new notifications, all or none (store.ErrExists when one of
// their IDs is taken), each queued for its channels as Insert does.
func (c watchedNotes) InsertAll(ctx context.Context, docs ...store.Document) error {
	ins, ok := c.Collection.(store.Inserter)
	if !ok {
		return c.storeAll(ctx, docs, nil)
	}
	return c.storeAll(ctx, docs, ins.InsertAll)
}

// storeAll stores docs in one transaction, with all (the engine's one statement) or one
// by one when all is nil, and queues each for its channels.
func (c watchedNotes) storeAll(ctx context.Context, docs []store.Document, all func(context.Context, ...store.Document) error) error {
	return c.st.WithTx(ctx, func(ctx context.Context) error {
		if all != nil {
			if err := all(ctx, docs...); err != nil {
				return err
			}
		} else {
			for _, d := range docs {
				if _, err := c.Collection.Insert(ctx, d); err != nil {
					return err
				}
			}
		}
		return c.Announce(ctx, docs...)
	})
}

// Announce queues the fan-out of notifications that are stored later, or never (a new
// to-do's, which its inbox entry holds until its assignee reads the bell): in the
// caller's transaction, as for those stored now. Stored afterwards with "announced" set,
// they are not queued again.
func (c watchedNotes) Announce(ctx context.Context, docs ...store.Document) error {
	return c.st.WithTx(ctx, func(ctx context.Context) error {
		for _, d := range docs {
			if err := c.s.onNote(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// note is the pipeline engine's notification as stored.
type note struct {
	User      string `json:"user"`
	Workspace string `json:"ws"`
	App       string `json:"app"`
	Form      string `json:"form"`
	Record    string `json:"record"`
	Kind      string `json:"kind"`
	Announced bool   `json:"announced"` // its fan-out was queued when it was announced
	Node      struct {
		ZH string `json:"zh-CN"`
		EN string `json:"en"`
	} `json:"nodeName"`
	Text struct {
		ZH string `json:"zh-CN"`
		EN string `json:"en"`
	} `json:"text"`
}

// titles of each notification kind.
var titles = map[string]fault.Text{
	"task":      fault.Notice("title.task"),
	"urged":     fault.Notice("title.urged"),
	"returned":  fault.Notice("title.returned"),
	"overdue":   fault.Notice("title.overdue"),
	"escalated": fault.Notice("title.escalated"),
	"reminder":  fault.Notice("title.reminder"),
	"cc":        fault.Notice("title.cc"),
	"mention":   fault.Notice("title.mention"),
	"finished":  fault.Notice("title.finished"),
}

func eventOf(kind string) string {
	for ev, kinds := range eventKinds {
		if slices.Contains(kinds, kind) {
			return ev
		}
	}
	return ""
}

// KindFanout is the schedule kind of a notification's fan-out to the recipient's channels.
const KindFanout = "notify.fanout"

// fanout is a notification waiting for its fan-out: its ID and its document.
type fanout struct {
	ID   string          `json:"id"`
	Note json.RawMessage `json:"note"`
}

// onNote runs in the transaction that stores a notification. In a workspace with
// channels it queues the notification's fan-out (one outbox item, committed or rolled
// back with the notification); who wants it how, and the deliveries, are decided when
// that item runs, after the commit, so that the writer's transaction (a pipeline step)
// carries one insert instead of the preference, member and workspace reads and the
// deliveries. A workspace without channels (the common case) queues nothing.
func (s *Service) onNote(ctx context.Context, d store.Document) error {
	var n note
	if err := json.Unmarshal(d.Data, &n); err != nil {
		return fmt.Errorf("notify: decode notification %s: %w", d.ID, err)
	}
	if n.Announced || eventOf(n.Kind) == "" || n.User == "" || n.Workspace == "" {
		return nil
	}
	if _, ok, err := s.channels(ctx, n.Workspace); err != nil || !ok {
		return err
	}
	p, err := json.Marshal(fanout{ID: d.ID, Note: d.Data})
	if err != nil {
		return fmt.Errorf("notify: encode fan-out %s: %w", d.ID, err)
	}
	return s.sch.Add(ctx, schedule.Item{ID: KindFanout + ":" + d.ID, Kind: KindFanout, Payload: p})
}

// fanOut queues the deliveries a notification asks for (a schedule item of KindFanout,
// run in the transaction that completes it, so its deliveries are queued once).
func (s *Service) fanOut(ctx context.Context, it schedule.Item) error {
	var f fanout
	if err := json.Unmarshal(it.Payload, &f); err != nil {
		return schedule.Permanent(fmt.Errorf("notify: decode fan-out %s: %w", it.ID, err))
	}
	var n note
	if err := json.Unmarshal(f.Note, &n); err != nil {
		return schedule.Permanent(fmt.Errorf("notify: decode notification %s: %w", f.ID, err))
	}
	ev := eventOf(n.Kind)
	sd, _, err := s.load(ctx, n.Workspace) // afresh: the channels as they are now
	if err != nil || (sd.SMTP == nil && len(sd.Robots) == 0) {
		return err
	}
	prefs, _, err := s.loadPrefs(ctx, n.Workspace, n.User)
	if err != nil {
		return err
	}
	picks := prefs.Events[ev]
	if len(picks) == 0 {
		return nil
	}
	loc := time.UTC
	if w, err := s.org.GetWorkspace(ctx, n.User, n.Workspace); err == nil {
		if l, err := time.LoadLocation(w.Timezone); err == nil {
			loc = l
		}
	}
	now := s.opts.Now().In(loc)
	due := sendAt(prefs.Quiet, now)
	msg := s.message(n, prefs.Lang)
	email, name, err := s.user(ctx, n.User)
	if err != nil {
		return err
	}
	if slices.Contains(picks, PickEmail) && sd.SMTP != nil && email != "" {
		to := (&mailAddress{name, email}).String()
		if prefs.Digest {
			if err := s.addToDigest(ctx, n.Workspace, n.User, to, prefs.Lang, msg, now); err != nil {
				return err
			}
		} else if err := Enqueue(ctx, s.sch, Delivery{Event: f.ID, Channel: ChannelEmail, Workspace: n.Workspace, To: to, Lang: prefs.Lang, Message: msg}, due); err != nil {
			return err
		}
	}
	if slices.Contains(picks, PickRobot) {
		who := name
		if who == "" {
			who = email
		}
		rm := msg
		rm.Title = "@" + who + " " + msg.Title
		for _, r := range sd.Robots {
			if len(r.Apps) > 0 && !slices.Contains(r.Apps, n.App) {
				continue
			}
			if err := Enqueue(ctx, s.sch, Delivery{Event: f.ID, Channel: RobotChannel(r.ID), Workspace: n.Workspace, Lang: prefs.Lang, Message: rm}, due); err != nil {
				return err
			}
		}
	}
	return nil
}

type mailAddress struct{ name, addr string }

func (a *mailAddress) String() string {
	if a.name == "" || strings.ContainsAny(a.name, "<>\"\r\n") {
		return a.addr
	}
	return a.name + " <" + a.addr + ">"
}

// message renders a notification in lang, with a link to the record's page.
func (s *Service) message(n note, lang string) Message {
	title := titles[n.Kind].In(lang)
	if title == "" {
		title = n.Kind
	}
	node := fault.Text{ZH: n.Node.ZH, EN: n.Node.EN}.In(lang)
	if node != "" {
		title += "：" + node
		if !strings.HasPrefix(lang, "zh") {
			title = strings.Replace(title, "：", ": ", 1)
		}
	}
	text := fault.Text{ZH: n.Text.ZH, EN: n.Text.EN}.In(lang)
	link := strings.TrimRight(s.opts.PublicURL, "/") + "/w/" + url.PathEscape(n.Workspace) + "/apps/" + url.PathEscape(n.App) +
		"/forms/" + url.PathEscape(n.Form) + "/records/" + url.PathEscape(n.Record)
	return Message{Title: title, Text: text, Link: link}
}

// addToDigest adds msg to the member's digest of the day, sent at 09:00.
func (s *Service) addToDigest(ctx context.Context, ws, user, to, lang string, msg Message, now time.Time) error {
	due := digestAt(now)
	event := "digest:" + ws + ":" + user + ":" + due.Format("2006-01-02")
	id := ItemID(event, ChannelEmail)
	d := Delivery{Event: event, Channel: ChannelEmail, Workspace: ws, To: to, Lang: lang,
		Message: Message{Title: fault.Notice("mail.digest_title").In(lang)}}
	if it, _, err := s.sch.Get(ctx, id); err == nil {
		if err := json.Unmarshal(it.Payload, &d); err != nil {
			return fmt.Errorf("notify: decode digest: %w", err)
		}
	}
	line := "• " + msg.Title
	if msg.Text != "" {
		line += " — " + msg.Text
	}
	d.Message.Text = strings.TrimPrefix(d.Message.Text+"\n"+line+"\n  "+msg.Link, "\n")
	p, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("notify: encode digest: %w", err)
	}
	return s.sch.Enqueue(ctx, schedule.Item{ID: id, Kind: Kind, Due: due, Payload: p})
}
