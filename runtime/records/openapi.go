package records

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/formloom/formloom/builder/openapi"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
)

// maxOpenAPIDocs bounds the cache of API documents; past it the cache starts over, which
// costs only generating them again.
const maxOpenAPIDocs = 256

// OpenAPI returns the OpenAPI 3.1 document of the app's latest published version, in
// language lang ("zh…" or English), for a member of the workspace. Documents are cached
// per app, version and language: a version never changes once published.
func (s *Service) OpenAPI(ctx context.Context, actor, ws, app, lang string) ([]byte, error) {
	_, c, err := s.apps.Latest(ctx, actor, ws, app)
	if err != nil {
		return nil, err
	}
	lang = openapiLanguage(lang)
	hidden, err := s.hiddenByForm(ctx, AppRef{Actor: actor, Workspace: ws, App: app}, c)
	if err != nil {
		return nil, err
	}
	key := c.AppID + "/" + strconv.Itoa(c.Version) + "/" + lang + hiddenKey(hidden)
	x := &s.transfer
	x.mu.Lock()
	doc, ok := x.openapi[key]
	x.mu.Unlock()
	if ok {
		return doc, nil
	}
	doc, err = openapi.Generate(c.Template, c.Forms, openapi.Options{
		ServerURL: "/api/v1/workspaces/" + ws + "/apps/" + app,
		Language:  lang,
		Version:   strconv.Itoa(c.Version),
		Hidden:    hidden,
	})
	if err != nil {
		return nil, wrap("generate API document", err)
	}
	x.mu.Lock()
	if x.openapi == nil || len(x.openapi) >= maxOpenAPIDocs {
		x.openapi = map[string][]byte{}
	}
	x.openapi[key] = doc
	x.mu.Unlock()
	return doc, nil
}

// hiddenByForm lists, per form, the fields the actor's roles hide (forms they cannot read
// at all hide nothing here: their records are refused anyway).
func (s *Service) hiddenByForm(ctx context.Context, ref AppRef, c *apps.Compiled) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	for _, tf := range c.Template.Forms {
		t, err := s.resolve(ctx, ref.form(tf.Key))
		if err != nil {
			return nil, err
		}
		g, err := s.authorize(ctx, t, ActionRead, nil)
		if err != nil {
			if fault.Is(err, fault.Forbidden) || fault.Is(err, fault.NotFound) {
				continue
			}
			return nil, err
		}
		if len(g.Hidden) > 0 {
			out[tf.Key] = g.Hidden
		}
	}
	return out, nil
}

// hiddenKey names a set of hidden fields in the document cache: readers who see the same
// fields share a document.
func hiddenKey(hidden map[string]map[string]bool) string {
	if len(hidden) == 0 {
		return ""
	}
	var parts []string
	for form, keys := range hidden {
		for k := range keys {
			parts = append(parts, form+"."+k)
		}
	}
	slices.Sort(parts)
	return "/-" + strings.Join(parts, ",")
}

// openapiLanguage folds a language to the two the documents are written in, so that the
// cache holds at most two documents per version.
func openapiLanguage(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return "zh-CN"
	}
	return "en"
}
