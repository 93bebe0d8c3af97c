package apps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

const (
	appsColl     = "apps"
	draftsColl   = "app_drafts" // apart from apps, so that resolving an app per request reads a small document
	versionsColl = "app_versions"
)

// Collections declares what the package stores.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: appsColl, Indexes: []store.Index{{Name: "workspace", Keys: []store.SortKey{{Field: "workspaceId"}, {Field: store.PathCreated}}}}},
		{Name: draftsColl},
		{Name: basesColl}, // upgrade bases: see upgrade.go
		{Name: versionsColl, Indexes: []store.Index{{Name: "app", Keys: []store.SortKey{{Field: "appId"}, {Field: "number"}}, Unique: true}}},
	}
}

// Members is what apps needs of the org domain.
type Members interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
}

// Gallery resolves a starter or saved template by key.
type Gallery interface {
	Template(ctx context.Context, ws, key string) (json.RawMessage, error)
}

// Access is what apps asks of access control, which imports apps (hence an interface,
// set with UseAccess).
type Access interface {
	// MayManage tells whether a member holds a role granting manage on the app: they
	// design it (save the draft, publish, assign its roles) like an owner or admin.
	MayManage(ctx context.Context, m org.Member, ws, appID string) (bool, error)
	// Published stores the permissions of a version being published, through ctx (inside
	// the publish's transaction).
	Published(ctx context.Context, ws string, c *Compiled) error
}

// Service is the app domain.
type Service struct {
	st       store.Store
	apps     store.Collection
	drafts   store.Collection
	bases    store.Collection
	versions store.Collection
	members  Members
	gallery  Gallery
	access   Access // nil: only owners and admins design, permissions are stored lazily
	checker  *template.Checker
	now      func() time.Time

	mu       sync.Mutex
	compiled map[string]*Compiled // appID/number → compiled version
}

// New returns the service; gallery may be nil until starter templates exist.
func New(st store.Store, members Members, gallery Gallery) (*Service, error) {
	ch, err := template.NewChecker()
	if err != nil {
		return nil, fmt.Errorf("apps: %w", err)
	}
	return &Service{
		st: st, apps: st.Collection(appsColl), drafts: st.Collection(draftsColl), bases: st.Collection(basesColl), versions: st.Collection(versionsColl),
		members: members, gallery: gallery, checker: ch, now: store.Now,
		compiled: map[string]*Compiled{},
	}, nil
}

// App is an app's public description.
type App struct {
	ID          string        `json:"id"`
	WorkspaceID string        `json:"workspaceId"`
	Key         string        `json:"key"`
	Name        template.Text `json:"name"`
	Source      string        `json:"source,omitempty"` // the gallery template it was installed from
	// SourceVersion is the version of that template the app is based on (installed or
	// last upgraded to).
	SourceVersion string    `json:"sourceVersion,omitempty"`
	Published     int       `json:"published"` // latest version number; 0 before the first
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	// Warnings lists what of a brought-in definition (an RJSF uiSchema, say) had no
	// Formloom meaning and was left out; only on the answer to a create or a draft save.
	Warnings []template.Problem `json:"warnings,omitempty"`
}

func (a App) withWarnings(w []template.Problem) App {
	a.Warnings = w
	return a
}

type appDoc struct {
	WorkspaceID   string        `json:"workspaceId"`
	Key           string        `json:"key"`
	Name          template.Text `json:"name"`
	Source        string        `json:"source,omitempty"`
	SourceVersion string        `json:"sourceVersion,omitempty"`
	Published     int           `json:"published"`
	CreatedBy     string        `json:"createdBy"`
	Created       time.Time     `json:"created"`
	Updated       time.Time     `json:"updated"`
}

func (d appDoc) app(id string) App {
	return App{ID: id, WorkspaceID: d.WorkspaceID, Key: d.Key, Name: d.Name, Source: d.Source, SourceVersion: d.SourceVersion, Published: d.Published, Created: d.Created, Updated: d.Updated}
}

// draftDoc is an app's editable definition, keyed by the app's ID.
type draftDoc struct {
	Definition json.RawMessage `json:"definition"`
}

func wrap(op string, err error) error { return fmt.Errorf("apps: %s: %w", op, err) }

// domainErr passes faults through, maps a vanished document to not_found and wraps the rest.
func domainErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return fault.ErrNotFound()
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	return wrap(op, err)
}

// member returns the actor's membership in ws (not_found when none).
func (s *Service) member(ctx context.Context, ws, actor string) (org.Member, error) {
	return s.members.Membership(ctx, ws, actor)
}

// UseAccess wires access control in; call it before serving.
func (s *Service) UseAccess(a Access) { s.access = a }

// designer requires the actor to be an owner or admin of ws: they design apps.
func (s *Service) designer(ctx context.Context, ws, actor string) error {
	m, err := s.member(ctx, ws, actor)
	if err != nil {
		return err
	}
	if m.Role != org.RoleOwner && m.Role != org.RoleAdmin {
		return fault.ErrForbidden()
	}
	return nil
}

// appDesigner requires the actor to be an owner or admin of ws, or to manage the app.
func (s *Service) appDesigner(ctx context.Context, ws, actor, appID string) error {
	m, err := s.member(ctx, ws, actor)
	if err != nil {
		return err
	}
	if m.Role == org.RoleOwner || m.Role == org.RoleAdmin {
		return nil
	}
	if s.access != nil {
		ok, err := s.access.MayManage(ctx, m, ws, appID)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
	return fault.ErrForbidden()
}

// load returns an app of ws; apps of other workspaces are not found.
func (s *Service) load(ctx context.Context, ws, id string) (store.Document, appDoc, error) {
	doc, err := s.apps.Get(ctx, id)
	if err != nil {
		return doc, appDoc{}, domainErr("get app", err)
	}
	a, err := store.Decode[appDoc](doc)
	if err != nil {
		return doc, a, err
	}
	if a.WorkspaceID != ws {
		return doc, appDoc{}, fault.ErrNotFound()
	}
	return doc, a, nil
}

// compile compiles every form of a checked template.
func compile(appID string, n int, t *template.Template) (*Compiled, error) {
	keys := make([]string, len(t.Forms))
	for i, f := range t.Forms {
		keys[i] = f.Key
	}
	c := &Compiled{AppID: appID, Version: n, Template: t, Forms: make(map[string]*form.Form, len(t.Forms)),
		Stages: make(map[string][]template.Option, len(t.Forms))}
	for _, f := range t.Forms {
		if stages := t.StageOptions(f.Key); len(stages) > 0 {
			c.Stages[f.Key] = stages
		}
		cf, err := form.Compile(f.Schema, form.Options{Forms: keys, Visible: visibleWhen(f)})
		if err != nil {
			return nil, wrap("compile form "+f.Key, err)
		}
		c.Forms[f.Key] = cf
	}
	return c, nil
}

// visibleWhen collects a form's field conditions from its UI: the server applies them too.
func visibleWhen(f template.Form) map[string]json.RawMessage {
	if f.UI == nil {
		return nil
	}
	var out map[string]json.RawMessage
	for key, ui := range f.UI.Fields {
		if len(ui.VisibleWhen) == 0 {
			continue
		}
		if out == nil {
			out = map[string]json.RawMessage{}
		}
		out[key] = ui.VisibleWhen
	}
	return out
}

// MayDesign tells whether the actor may design the app: an owner or admin of ws, or a
// holder of a role granting manage on it.
func (s *Service) MayDesign(ctx context.Context, actor, ws, appID string) (bool, error) {
	err := s.appDesigner(ctx, ws, actor, appID)
	if fault.Is(err, fault.Forbidden) {
		return false, nil
	}
	return err == nil, err
}
