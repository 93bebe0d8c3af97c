package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store"
)

// Collection names.
const (
	settingsColl   = "notify_settings"   // one per workspace, ID = workspace
	prefsColl      = "notify_prefs"      // one per member, ID = workspace + ":" + user
	deliveriesColl = "notify_deliveries" // one per delivery, ID = ItemID
)

// Collections declares what the package stores.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: settingsColl},
		{Name: prefsColl},
		{Name: deliveriesColl, Indexes: []store.Index{{Name: "ws_updated", Keys: []store.SortKey{{Field: "ws"}, {Field: store.PathUpdated}, {Field: store.PathID}}}}},
	}
}

// Org is what notify needs of the org domain.
type Org interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
	GetWorkspace(ctx context.Context, actor, ws string) (org.Workspace, error)
}

// Options configure New.
type Options struct {
	AllowPrivate bool   // robot URLs may point at private addresses (on-premises)
	PublicURL    string // base of the links in messages
	Logger       *slog.Logger
	Now          func() time.Time
}

// Service keeps workspaces' channels and members' preferences, and turns notifications
// into deliveries.
type Service struct {
	st         store.Store
	settings   store.Collection
	prefs      store.Collection
	deliveries store.Collection
	users      store.Collection
	sch        *schedule.Scheduler
	vault      *Vault
	org        Org
	sender     *Sender
	opts       Options
	idle       idleWorkspaces // workspaces without channels, so notifications skip the read
}

// New returns the service and registers its deliveries with sch.
func New(st store.Store, sch *schedule.Scheduler, vault *Vault, o Org, sender *Sender, opts Options) *Service {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{st: st, settings: st.Collection(settingsColl), prefs: st.Collection(prefsColl), deliveries: st.Collection(deliveriesColl),
		users: st.Collection("users"), sch: sch, vault: vault, org: o, sender: sender, opts: opts}
	sender.Register(sch, s, s)
	sch.Handle(KindFanout, s.fanOut)
	return s
}

// SMTPSettings is a workspace's mail server as admins see and set it. Password is
// write-only: answers leave it out and say HasPassword; saving without one keeps the stored one.
type SMTPSettings struct {
	Host        string `json:"host"`
	Port        int    `json:"port"`
	Security    string `json:"security"`
	User        string `json:"user,omitempty"`
	Password    string `json:"password,omitempty"`
	HasPassword bool   `json:"hasPassword,omitempty"`
	From        string `json:"from"`
}

// RobotSettings is one group robot; Apps limits it to some apps (empty: all). Secret is
// write-only like the SMTP password.
type RobotSettings struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Vendor    string   `json:"vendor"`
	URL       string   `json:"url"`
	Secret    string   `json:"secret,omitempty"`
	HasSecret bool     `json:"hasSecret,omitempty"`
	Apps      []string `json:"apps,omitempty"`
}

// Settings are a workspace's channels.
type Settings struct {
	SMTP   *SMTPSettings   `json:"smtp"`
	Robots []RobotSettings `json:"robots"`
}

type settingsDoc struct {
	SMTP   *smtpDoc   `json:"smtp,omitempty"`
	Robots []robotDoc `json:"robots,omitempty"`
}

type smtpDoc struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"`
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"` // sealed
	From     string `json:"from"`
}

type robotDoc struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Vendor string   `json:"vendor"`
	URL    string   `json:"url"` // sealed: robot URLs carry their access token
	Secret string   `json:"secret,omitempty"`
	Apps   []string `json:"apps,omitempty"`
}

func (s *Service) admin(ctx context.Context, actor, ws string) error {
	m, err := s.org.Membership(ctx, ws, actor)
	if err != nil {
		return err
	}
	if m.Role != org.RoleOwner && m.Role != org.RoleAdmin {
		return fault.ErrForbidden()
	}
	return nil
}

func (s *Service) load(ctx context.Context, ws string) (settingsDoc, store.Document, error) {
	d, err := s.settings.Get(ctx, ws)
	if errors.Is(err, store.ErrNotFound) {
		return settingsDoc{}, store.Document{}, nil
	}
	if err != nil {
		return settingsDoc{}, store.Document{}, fmt.Errorf("notify: read settings: %w", err)
	}
	sd, err := store.Decode[settingsDoc](d)
	return sd, d, err
}

// GetSettings answers a workspace's channels to its owners and admins, secrets left out.
func (s *Service) GetSettings(ctx context.Context, actor, ws string) (Settings, error) {
	if err := s.admin(ctx, actor, ws); err != nil {
		return Settings{}, err
	}
	sd, _, err := s.load(ctx, ws)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{Robots: []RobotSettings{}}
	if c := sd.SMTP; c != nil {
		out.SMTP = &SMTPSettings{Host: c.Host, Port: c.Port, Security: c.Security, User: c.User, From: c.From, HasPassword: c.Password != ""}
	}
	for _, r := range sd.Robots {
		u, err := s.vault.Open(r.URL)
		if err != nil {
			return Settings{}, err
		}
		out.Robots = append(out.Robots, RobotSettings{ID: r.ID, Name: r.Name, Vendor: r.Vendor, URL: maskURL(u), HasSecret: r.Secret != "", Apps: r.Apps})
	}
	return out, nil
}

// maskURL shows a robot URL without its query (the access token).
func maskURL(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}

// PutSettings replaces a workspace's channels after checking every one, naming the field
// of the first problem; nothing is stored when one is wrong. A robot saved with its ID
// and a masked or empty URL keeps its stored URL; empty secrets keep the stored ones.
func (s *Service) PutSettings(ctx context.Context, actor, ws string, in Settings) (Settings, error) {
	if err := s.admin(ctx, actor, ws); err != nil {
		return Settings{}, err
	}
	old, doc, err := s.load(ctx, ws)
	if err != nil {
		return Settings{}, err
	}
	var next settingsDoc
	if c := in.SMTP; c != nil {
		cfg := SMTP{Host: strings.TrimSpace(c.Host), Port: c.Port, Security: c.Security, User: c.User, From: c.From}
		if err := CheckSMTP(cfg); err != nil {
			return Settings{}, prefix(err, "/smtp")
		}
		pw := ""
		if c.Password != "" {
			if pw, err = s.vault.Seal(c.Password); err != nil {
				return Settings{}, err
			}
		} else if old.SMTP != nil {
			pw = old.SMTP.Password
		}
		next.SMTP = &smtpDoc{Host: cfg.Host, Port: cfg.Port, Security: cfg.Security, User: cfg.User, Password: pw, From: cfg.From}
	}
	if len(in.Robots) > 20 {
		return Settings{}, fault.FieldOf("/robots", "too_many.robots")
	}
	seen := map[string]bool{}
	for i, r := range in.Robots {
		at := "/robots/" + strconv.Itoa(i)
		var prev *robotDoc
		for j := range old.Robots {
			if r.ID != "" && old.Robots[j].ID == r.ID {
				prev = &old.Robots[j]
			}
		}
		if strings.TrimSpace(r.Name) == "" {
			return Settings{}, fault.FieldOf(at+"/name", "required.robot_name")
		}
		u := r.URL
		if prev != nil && (u == "" || strings.HasSuffix(u, "?…")) {
			if u, err = s.vault.Open(prev.URL); err != nil {
				return Settings{}, err
			}
		}
		secret := r.Secret
		if secret == "" && prev != nil && r.Vendor == prev.Vendor {
			if secret, err = s.vault.Open(prev.Secret); err != nil {
				return Settings{}, err
			}
		}
		if err := CheckRobot(Robot{Vendor: r.Vendor, URL: u, Secret: secret}, s.opts.AllowPrivate); err != nil {
			return Settings{}, prefix(err, at)
		}
		id := r.ID
		if prev == nil || seen[id] {
			id = store.NewID()
		}
		seen[id] = true
		su, err := s.vault.Seal(u)
		if err != nil {
			return Settings{}, err
		}
		ss, err := s.vault.Seal(secret)
		if err != nil {
			return Settings{}, err
		}
		next.Robots = append(next.Robots, robotDoc{ID: id, Name: strings.TrimSpace(r.Name), Vendor: r.Vendor, URL: su, Secret: ss, Apps: r.Apps})
	}
	nd, err := store.NewDocument(ws, next)
	if err != nil {
		return Settings{}, err
	}
	if doc.ID == "" {
		_, err = s.settings.Insert(ctx, nd)
	} else {
		nd.Version = doc.Version
		_, err = s.settings.Update(ctx, nd)
	}
	s.idle.forget(ws) // even when the save failed: it may have been stored all the same
	if err != nil {
		return Settings{}, fmt.Errorf("notify: save settings: %w", err)
	}
	return s.GetSettings(ctx, actor, ws)
}

// prefix moves a validation error's field pointers under base.
func prefix(err error, base string) error {
	fe, ok := fault.As(err)
	if !ok || len(fe.Fields) == 0 {
		return err
	}
	out := fault.New(fe.Kind, fe.Code, fe.Text.EN, fe.Text.ZH)
	for p, f := range fe.Fields {
		out.WithField(base+p, f.Code, f.Text.EN, f.Text.ZH)
	}
	return out
}

// SMTP implements Channels: the stored mail server, password decrypted.
func (s *Service) SMTP(ctx context.Context, ws string) (SMTP, error) {
	sd, _, err := s.load(ctx, ws)
	if err != nil {
		return SMTP{}, err
	}
	if sd.SMTP == nil {
		return SMTP{}, fault.Of("no_smtp")
	}
	pw, err := s.vault.Open(sd.SMTP.Password)
	if err != nil {
		return SMTP{}, err
	}
	c := sd.SMTP
	return SMTP{Host: c.Host, Port: c.Port, Security: c.Security, User: c.User, Password: pw, From: c.From}, nil
}

// Robot implements Channels.
func (s *Service) Robot(ctx context.Context, ws, id string) (Robot, error) {
	sd, _, err := s.load(ctx, ws)
	if err != nil {
		return Robot{}, err
	}
	for _, r := range sd.Robots {
		if r.ID == id {
			u, err := s.vault.Open(r.URL)
			if err != nil {
				return Robot{}, err
			}
			sec, err := s.vault.Open(r.Secret)
			if err != nil {
				return Robot{}, err
			}
			return Robot{Vendor: r.Vendor, URL: u, Secret: sec}, nil
		}
	}
	return Robot{}, fault.Of("no_robot")
}

// TestSMTP sends a test message to the admin's own address with the stored settings and
// reports what went wrong in words an admin can act on (a refused password names it).
func (s *Service) TestSMTP(ctx context.Context, actor, ws, lang string) error {
	if err := s.admin(ctx, actor, ws); err != nil {
		return err
	}
	c, err := s.SMTP(ctx, ws)
	if err != nil {
		return err
	}
	email, _, err := s.user(ctx, actor)
	if err != nil {
		return err
	}
	msg := Message{Title: fault.Notice("mail.test_title").In(lang),
		Text: fault.Notice("mail.test_text").In(lang)}
	err = s.sender.SendMail(ctx, c, email, lang, msg)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrAuth):
		return fault.FieldOf("/smtp/password", "smtp_auth.password").Wrap(err)
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	return fault.FieldOf("/smtp/host", "smtp_failed.host").Fill("reason", err.Error()).Wrap(err)
}

func (s *Service) user(ctx context.Context, id string) (email, name string, err error) {
	d, err := s.users.Get(ctx, id)
	if err != nil {
		return "", "", fmt.Errorf("notify: read user %s: %w", id, err)
	}
	u, err := store.Decode[struct {
		Email string `json:"email"`
		Name  string `json:"name"`
	}](d)
	return u.Email, u.Name, err
}
