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
// recipient's chosen channels, in the same transaction (so a step that rolls back sends
// nothing, and one that commits sends once per channel).
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

// note is the pipeline engine's notification as stored.
type note struct {
	User      string `json:"user"`
	Workspace string `json:"ws"`
	App       string `json:"app"`
	Form      string `json:"form"`
	Record    string `json:"record"`
	Kind      string `json:"kind"`
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
	"task":      {EN: "New task", ZH: "新待办"},
	"urged":     {EN: "You are urged to act", ZH: "催办提醒"},
	"returned":  {EN: "Returned to you", ZH: "记录被退回"},
	"overdue":   {EN: "Overdue", ZH: "已超时"},
	"escalated": {EN: "Escalated to you", ZH: "已升级给您"},
	"reminder":  {EN: "Due soon", ZH: "即将到期"},
	"cc":        {EN: "Copied to you", ZH: "抄送给您"},
	"mention":   {EN: "You were mentioned in a comment", ZH: "评论中有人提到了您"},
	"finished":  {EN: "Your record's pipeline finished", ZH: "您的流程已结束"},
}

func eventOf(kind string) string {
	for ev, kinds := range eventKinds {
		if slices.Contains(kinds, kind) {
			return ev
		}
	}
	return ""
}

// onNote queues the deliveries one notification asks for.
func (s *Service) onNote(ctx context.Context, d store.Document) error {
	var n note
	if err := json.Unmarshal(d.Data, &n); err != nil {
		return fmt.Errorf("notify: decode notification %s: %w", d.ID, err)
	}
	ev := eventOf(n.Kind)
	if ev == "" || n.User == "" || n.Workspace == "" {
		return nil
	}
	// The workspace's channels first: without any (the common case) the recipient's
	// preferences need not be read.
	sd, ok, err := s.channels(ctx, n.Workspace)
	if err != nil || !ok {
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
		} else if err := Enqueue(ctx, s.sch, Delivery{Event: d.ID, Channel: ChannelEmail, Workspace: n.Workspace, To: to, Lang: prefs.Lang, Message: msg}, due); err != nil {
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
			if err := Enqueue(ctx, s.sch, Delivery{Event: d.ID, Channel: RobotChannel(r.ID), Workspace: n.Workspace, Lang: prefs.Lang, Message: rm}, due); err != nil {
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
		Message: Message{Title: fault.Text{EN: "Your Formloom digest", ZH: "Formloom 每日摘要"}.In(lang)}}
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
