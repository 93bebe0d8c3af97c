package apps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

type versionDoc struct {
	AppID       string            `json:"appId"`
	Number      int               `json:"number"`
	Definition  json.RawMessage   `json:"definition"`
	Changes     []template.Change `json:"changes"`
	Breaking    bool              `json:"breaking"`
	PublishedBy string            `json:"publishedBy"`
	Published   time.Time         `json:"published"`
}

// Version is a published version's public description.
type Version struct {
	Number      int               `json:"number"`
	Changes     []template.Change `json:"changes"`
	Breaking    bool              `json:"breaking"`
	PublishedBy string            `json:"publishedBy"`
	Published   time.Time         `json:"published"`
}

func (v versionDoc) version() Version {
	return Version{Number: v.Number, Changes: v.Changes, Breaking: v.Breaking, PublishedBy: v.PublishedBy, Published: v.Published}
}

func versionID(app string, n int) string { return fmt.Sprintf("%s:%d", app, n) }

// NewApp is a request to create an app: from a gallery template by key, or from a definition.
type NewApp struct {
	Template   string          `json:"template"`
	Definition json.RawMessage `json:"definition"`
	// SampleData asks the server to add the template's sample records; apps ignores it.
	SampleData bool `json:"sampleData,omitempty"`
}

// Create makes an app from a template and publishes it as version 1, so that its forms work
// at once; owners and admins only. Installing the same template twice gives two apps.
func (s *Service) Create(ctx context.Context, actor, ws string, in NewApp) (App, error) {
	if err := s.designer(ctx, ws, actor); err != nil {
		return App{}, err
	}
	def, source := in.Definition, ""
	switch {
	case in.Template != "" && len(in.Definition) > 0:
		return App{}, fault.Of("ambiguous_source")
	case in.Template != "":
		if s.gallery == nil {
			return App{}, fault.FieldOf("/template", "not_found.template")
		}
		var err error
		if def, err = s.gallery.Template(ctx, ws, in.Template); err != nil {
			if fault.Is(err, fault.NotFound) {
				return App{}, fault.FieldOf("/template", "not_found.template")
			}
			return App{}, err
		}
		source = in.Template
	case len(in.Definition) == 0:
		return App{}, fault.FieldOf("/definition", "required.definition")
	}
	var warnings []template.Problem
	if source == "" {
		// A brought-in definition may be a standard JSON Schema form with an RJSF uiSchema.
		def, warnings = template.Import(def)
		for i := range warnings {
			warnings[i].Pointer = "/definition" + warnings[i].Pointer
		}
	}
	t, err := s.checker.Check(def)
	if err != nil {
		return App{}, prefixed(err, "/definition", source == "")
	}
	now := s.now()
	id := store.NewID()
	a := appDoc{WorkspaceID: ws, Key: t.Key, Name: t.Name, Source: source, Published: 1, CreatedBy: actor, Created: now, Updated: now}
	if source != "" {
		a.SourceVersion = t.Version
	}
	v := versionDoc{AppID: id, Number: 1, Definition: compact(def), Changes: []template.Change{}, PublishedBy: actor, Published: now}
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := insert(ctx, s.versions, versionID(id, 1), v); err != nil {
			return err
		}
		if err := insert(ctx, s.drafts, id, draftDoc{Definition: v.Definition}); err != nil {
			return err
		}
		if source != "" { // the base that upgrades merge from
			if err := insert(ctx, s.bases, id, baseDoc{Source: source, Version: t.Version, Definition: v.Definition}); err != nil {
				return err
			}
		}
		return insert(ctx, s.apps, id, a)
	})
	if err != nil {
		return App{}, wrap("create app", err)
	}
	return a.app(id).withWarnings(warnings), nil
}

func insert(ctx context.Context, c store.Collection, id string, v any) error {
	doc, err := store.NewDocument(id, v)
	if err != nil {
		return err
	}
	forget(ctx)
	_, err = c.Insert(ctx, doc)
	return err
}

func compact(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}

// prefixed re-roots template problems under a pointer of the request body (the definition
// field), when the template came from the client.
func prefixed(err error, base string, fromClient bool) error {
	var ps *template.Problems
	if !errors.As(err, &ps) {
		return err
	}
	if !fromClient {
		return wrap("gallery template is not valid", err)
	}
	fe := ps.Fault()
	moved := make(map[string]fault.FieldError, len(fe.Fields))
	for p, f := range fe.Fields {
		moved[base+p] = f
	}
	fe.Fields = moved
	return fe
}

// List returns the apps of a workspace the actor belongs to.
func (s *Service) List(ctx context.Context, actor, ws string) ([]App, error) {
	if _, err := s.member(ctx, ws, actor); err != nil {
		return nil, err
	}
	var out []App
	q := store.Query{Filter: store.Eq("workspaceId", ws), Sort: []store.SortKey{{Field: store.PathCreated}}, Limit: store.MaxLimit}
	for {
		page, err := s.apps.Find(ctx, q)
		if err != nil {
			return nil, wrap("list apps", err)
		}
		for _, d := range page.Docs {
			a, err := store.Decode[appDoc](d)
			if err != nil {
				return nil, err
			}
			out = append(out, a.app(d.ID))
		}
		if page.Next == "" {
			return out, nil
		}
		q.After = page.Next
	}
}

// Get returns one app.
func (s *Service) Get(ctx context.Context, actor, ws, id string) (App, error) {
	if _, err := s.member(ctx, ws, actor); err != nil {
		return App{}, err
	}
	_, a, err := s.load(ctx, ws, id)
	if err != nil {
		return App{}, err
	}
	return a.app(id), nil
}

// SaveDraft replaces the draft after checking it; an invalid draft is refused with every
// problem's pointer and the stored draft stays as it was.
func (s *Service) SaveDraft(ctx context.Context, actor, ws, id string, def json.RawMessage) (App, error) {
	if err := s.appDesigner(ctx, ws, actor, id); err != nil {
		return App{}, err
	}
	if _, _, err := s.load(ctx, ws, id); err != nil {
		return App{}, err
	}
	def, warnings := template.Import(def)
	t, err := s.checker.Check(def)
	if err != nil {
		return App{}, prefixed(err, "", true)
	}
	var a appDoc
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if _, err := store.Modify(ctx, s.drafts, id, func(d *draftDoc) error {
			d.Definition = compact(def)
			return nil
		}); err != nil {
			return err
		}
		forget(ctx)
		a, err = store.Modify(ctx, s.apps, id, func(a *appDoc) error {
			a.Key, a.Name, a.Updated = t.Key, t.Name, s.now()
			return nil
		})
		return err
	})
	if err != nil {
		return App{}, domainErr("save draft", err)
	}
	return a.app(id).withWarnings(warnings), nil
}

// Publish freezes the draft as the next version, recording what changed since the last one.
func (s *Service) Publish(ctx context.Context, actor, ws, id string) (Version, error) {
	if err := s.appDesigner(ctx, ws, actor, id); err != nil {
		return Version{}, err
	}
	doc, a, err := s.load(ctx, ws, id)
	if err != nil {
		return Version{}, err
	}
	prev, err := s.Version(ctx, id, a.Published)
	if err != nil {
		return Version{}, err
	}
	draft, err := s.draft(ctx, id)
	if err != nil {
		return Version{}, err
	}
	next, err := s.checker.Check(draft)
	if err != nil {
		return Version{}, prefixed(err, "", true)
	}
	published := next
	changes := template.Diff(prev.Template, next)
	if len(changes) == 0 {
		return Version{}, fault.Of("no_changes")
	}
	if changes == nil {
		changes = []template.Change{}
	}
	v := versionDoc{AppID: id, Number: a.Published + 1, Definition: draft, Changes: changes, Breaking: template.Breaking(changes), PublishedBy: actor, Published: s.now()}
	a.Published, a.Updated = v.Number, v.Published
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if err := insert(ctx, s.versions, versionID(id, v.Number), v); err != nil {
			return err
		}
		next, err := store.NewDocument(id, a)
		if err != nil {
			return err
		}
		next.Version = doc.Version
		forget(ctx)
		if _, err = s.apps.Update(ctx, next); err != nil || s.access == nil {
			return err
		}
		return s.access.Published(ctx, ws, &Compiled{AppID: id, Version: v.Number, Template: published})
	})
	if errors.Is(err, store.ErrExists) || errors.Is(err, store.ErrVersionConflict) {
		return Version{}, fault.Of("concurrent_publish")
	}
	if err != nil {
		return Version{}, wrap("publish", err)
	}
	return v.version(), nil
}

// Versions lists the published versions, newest first.
func (s *Service) Versions(ctx context.Context, actor, ws, id string) ([]Version, error) {
	if err := s.appDesigner(ctx, ws, actor, id); err != nil {
		return nil, err
	}
	if _, _, err := s.load(ctx, ws, id); err != nil {
		return nil, err
	}
	page, err := s.versions.Find(ctx, store.Query{Filter: store.Eq("appId", id), Sort: []store.SortKey{{Field: "number", Desc: true}}, Limit: store.MaxLimit})
	if err != nil {
		return nil, wrap("list versions", err)
	}
	out := make([]Version, 0, len(page.Docs))
	for _, d := range page.Docs {
		v, err := store.Decode[versionDoc](d)
		if err != nil {
			return nil, err
		}
		out = append(out, v.version())
	}
	return out, nil
}

// Definition returns the definition of version n (0: the draft); designers only. Export
// uses it too.
func (s *Service) Definition(ctx context.Context, actor, ws, id string, n int) (json.RawMessage, error) {
	if err := s.appDesigner(ctx, ws, actor, id); err != nil {
		return nil, err
	}
	if _, _, err := s.load(ctx, ws, id); err != nil {
		return nil, err
	}
	if n == 0 {
		return s.draft(ctx, id)
	}
	doc, err := s.versions.Get(ctx, versionID(id, n))
	if err != nil {
		return nil, domainErr("get version", err)
	}
	v, err := store.Decode[versionDoc](doc)
	if err != nil {
		return nil, err
	}
	return v.Definition, nil
}

func (s *Service) draft(ctx context.Context, id string) (json.RawMessage, error) {
	doc, err := s.drafts.Get(ctx, id)
	if err != nil {
		return nil, domainErr("get draft", err)
	}
	d, err := store.Decode[draftDoc](doc)
	return d.Definition, err
}
