package templates

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

const savedColl = "gallery_templates"

// Collections declares what the package stores.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{{Name: savedColl, Indexes: []store.Index{
		{Name: "workspace", Keys: []store.SortKey{{Field: "workspaceId"}, {Field: store.PathCreated}}},
	}}}
}

// Members is what the gallery needs of the org domain.
type Members interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
}

// Gallery is the starter templates and the templates workspaces saved. It implements
// apps.Gallery.
type Gallery struct {
	saved   store.Collection
	members Members
	checker *template.Checker
	// starters are checked once, in the background from New on: checking every starter
	// takes over a second on a loaded machine, and the server should answer before that.
	// Whoever needs them first waits for the check. Starter templates are embedded and
	// tested, so the check fails only with broken code; then the gallery has none.
	starters func() ([]starter, error)
	now      func() time.Time
}

// New builds the gallery over st; the starter templates are checked once per process (in
// the background, from the first gallery on).
func New(st store.Store, members Members) (*Gallery, error) {
	ch, err := template.NewChecker()
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	go func() { _, _ = checkedStarters() }()
	return &Gallery{saved: st.Collection(savedColl), members: members, checker: ch, starters: checkedStarters, now: store.Now}, nil
}

// checkedStarters checks the embedded starter templates once for the whole process: they
// are the same for every gallery, and galleries only read them. (A process opens several
// apps in tests, each with its gallery; the check costs a second of CPU on a loaded machine.)
var checkedStarters = sync.OnceValues(func() ([]starter, error) {
	ch, err := template.NewChecker()
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	list, err := loadStarters(ch)
	if err != nil {
		// Said once, here: from now on the gallery simply has no starters.
		slog.Error("templates: starter templates failed their check", "err", err)
	}
	return list, err
})

// starterList is the checked starter templates (none if the check failed).
func (g *Gallery) starterList() []starter {
	ss, err := g.starters()
	if err != nil {
		return nil
	}
	return ss
}

// savedDoc is a workspace's template, keyed by workspace and template key so that a key is
// unique in its workspace on every engine.
type savedDoc struct {
	WorkspaceID string          `json:"workspaceId"`
	Entry       Entry           `json:"entry"`
	Definition  json.RawMessage `json:"definition"`
}

func savedID(ws, key string) string { return ws + ":" + key }

// Starters lists the starter templates in gallery order.
func (g *Gallery) Starters() []Entry {
	ss := g.starterList()
	out := make([]Entry, len(ss))
	for i, s := range ss {
		out[i] = s.entry
	}
	return out
}

// Starter returns the embedded file of a starter template (for upgrades and downloads);
// ok is false when there is none by that key.
func (g *Gallery) Starter(key string) (json.RawMessage, bool) {
	key = normalKey(key)
	for _, s := range g.starterList() {
		if s.entry.Key == key {
			return bytes.Clone(s.raw), true
		}
	}
	return nil, false
}

// Template resolves a key to a template definition: a starter template, else one saved
// by the workspace. It is what installing {"template": key} uses.
func (g *Gallery) Template(ctx context.Context, ws, key string) (json.RawMessage, error) {
	if raw, ok := g.Starter(key); ok {
		return raw, nil
	}
	d, err := g.load(ctx, ws, key)
	if err != nil {
		return nil, err
	}
	return d.Definition, nil
}

func (g *Gallery) load(ctx context.Context, ws, key string) (savedDoc, error) {
	if ws == "" || key == "" {
		return savedDoc{}, fault.ErrNotFound()
	}
	doc, err := g.saved.Get(ctx, savedID(ws, key))
	if errors.Is(err, store.ErrNotFound) {
		return savedDoc{}, fault.ErrNotFound()
	}
	if err != nil {
		return savedDoc{}, fmt.Errorf("templates: get saved template: %w", err)
	}
	d, err := store.Decode[savedDoc](doc)
	if err != nil {
		return d, fmt.Errorf("templates: decode saved template: %w", err)
	}
	if d.Entry.Created == nil {
		c := doc.Created
		d.Entry.Created = &c
	}
	return d, nil
}

// List returns the gallery of a workspace, for its members: the starter templates, then
// the workspace's saved ones, oldest first.
func (g *Gallery) List(ctx context.Context, actor, ws string) ([]Entry, error) {
	if _, err := g.members.Membership(ctx, ws, actor); err != nil {
		return nil, err
	}
	out := g.Starters()
	q := store.Query{Filter: store.Eq("workspaceId", ws), Sort: []store.SortKey{{Field: store.PathCreated}}, Limit: store.MaxLimit}
	for {
		page, err := g.saved.Find(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("templates: list saved templates: %w", err)
		}
		for _, doc := range page.Docs {
			d, err := store.Decode[savedDoc](doc)
			if err != nil {
				return nil, fmt.Errorf("templates: decode saved template: %w", err)
			}
			out = append(out, d.Entry)
		}
		if page.Next == "" {
			return out, nil
		}
		q.After = page.Next
	}
}

// Export returns a template of the workspace's gallery (starter or saved) as its file;
// members only.
func (g *Gallery) Export(ctx context.Context, actor, ws, key string) (json.RawMessage, error) {
	if _, err := g.members.Membership(ctx, ws, actor); err != nil {
		return nil, err
	}
	return g.Template(ctx, ws, key)
}

// Save checks a template (an imported file or a cloned app) and saves it in the
// workspace's gallery under its key; owners and admins only. The key must be new in the
// workspace and must not be a starter template's.
func (g *Gallery) Save(ctx context.Context, actor, ws string, def json.RawMessage) (Entry, error) {
	if err := g.admin(ctx, ws, actor); err != nil {
		return Entry{}, err
	}
	t, err := g.checker.Check(def)
	if err != nil {
		var ps *template.Problems
		if errors.As(err, &ps) {
			return Entry{}, ps.Fault()
		}
		return Entry{}, fmt.Errorf("templates: check: %w", err)
	}
	if _, ok := g.Starter(t.Key); ok {
		return Entry{}, keyTaken(fault.Of("key_taken.starter"))
	}
	now := g.now()
	e := describe(t, CategorySaved, SourceWorkspace)
	e.CreatedBy, e.Created = actor, &now
	var b bytes.Buffer
	if err := json.Compact(&b, def); err != nil {
		return Entry{}, fmt.Errorf("templates: compact: %w", err)
	}
	doc, err := store.NewDocument(savedID(ws, t.Key), savedDoc{WorkspaceID: ws, Entry: e, Definition: b.Bytes()})
	if err != nil {
		return Entry{}, fmt.Errorf("templates: encode: %w", err)
	}
	if _, err := g.saved.Insert(ctx, doc); err != nil {
		if errors.Is(err, store.ErrExists) {
			return Entry{}, keyTaken(fault.Of("key_taken.workspace"))
		}
		return Entry{}, fmt.Errorf("templates: save: %w", err)
	}
	return e, nil
}

// Delete removes a saved template; owners and admins only. Starter templates cannot be
// deleted. Apps installed from it are not affected.
func (g *Gallery) Delete(ctx context.Context, actor, ws, key string) error {
	if err := g.admin(ctx, ws, actor); err != nil {
		return err
	}
	if _, ok := g.Starter(key); ok {
		return fault.Of("starter_template")
	}
	if _, err := g.load(ctx, ws, key); err != nil {
		return err
	}
	if err := g.saved.Delete(ctx, savedID(ws, key), 0); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fault.ErrNotFound()
		}
		return fmt.Errorf("templates: delete: %w", err)
	}
	return nil
}

func (g *Gallery) admin(ctx context.Context, ws, actor string) error {
	m, err := g.members.Membership(ctx, ws, actor)
	if err != nil {
		return err
	}
	if m.Role != org.RoleOwner && m.Role != org.RoleAdmin {
		return fault.ErrForbidden()
	}
	return nil
}

// keyTaken names the key field with the refusal's own message.
func keyTaken(e *fault.Error) error {
	return e.WithField("/key", e.Code, e.Text.EN, e.Text.ZH)
}
