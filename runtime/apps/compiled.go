package apps

import (
	"context"
	"strconv"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Compiled is one published version of an app, ready to run: immutable and shared.
type Compiled struct {
	AppID    string
	Version  int
	Template *template.Template
	Forms    map[string]*form.Form
	// Stages are the stages of each form's pipeline in node order (template.StageOptions),
	// the columns of a kanban board by stage.
	Stages map[string][]template.Option
}

// Form returns the compiled form with that key and its index in the template.
func (c *Compiled) Form(key string) (*form.Form, int, bool) {
	for i, f := range c.Template.Forms {
		if f.Key == key {
			return c.Forms[key], i, true
		}
	}
	return nil, -1, false
}

// maxCompiled bounds the cache; past it the cache starts over, which costs only recompiling.
const maxCompiled = 512

// Version returns version n of app (compiled, cached). It does no access check: callers
// have already resolved the app within the caller's workspace.
func (s *Service) Version(ctx context.Context, appID string, n int) (*Compiled, error) {
	key := appID + "/" + strconv.Itoa(n)
	s.mu.Lock()
	c, ok := s.compiled[key]
	s.mu.Unlock()
	if ok {
		return c, nil
	}
	doc, err := s.versions.Get(ctx, versionID(appID, n))
	if err != nil {
		return nil, domainErr("get version", err)
	}
	v, err := store.Decode[versionDoc](doc)
	if err != nil {
		return nil, err
	}
	t, err := s.checker.Check(v.Definition)
	if err != nil {
		return nil, wrap("re-check stored version", err)
	}
	if c, err = compile(appID, n, t); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if len(s.compiled) >= maxCompiled {
		s.compiled = map[string]*Compiled{}
	}
	s.compiled[key] = c
	s.mu.Unlock()
	return c, nil
}

// Latest returns an app of ws the actor belongs to, with its latest published version.
func (s *Service) Latest(ctx context.Context, actor, ws, appID string) (App, *Compiled, error) {
	if _, err := s.member(ctx, ws, actor); err != nil {
		return App{}, nil, err
	}
	memo := memoFrom(ctx)
	if e, ok := memo.Get(ws + "/" + appID); ok {
		return e.app, e.compiled, nil
	}
	_, a, err := s.load(ctx, ws, appID)
	if err != nil {
		return App{}, nil, err
	}
	if a.Published == 0 {
		return App{}, nil, fault.Of("not_published")
	}
	c, err := s.Version(ctx, appID, a.Published)
	if err != nil {
		return App{}, nil, err
	}
	memo.Put(ws+"/"+appID, latestEntry{app: a.app(appID), compiled: c})
	return a.app(appID), c, nil
}
