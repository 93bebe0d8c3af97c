package records

import (
	"context"
	"strconv"
	"strings"

	"github.com/formloom/formloom/builder/openapi"
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
	key := c.AppID + "/" + strconv.Itoa(c.Version) + "/" + lang
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

// openapiLanguage folds a language to the two the documents are written in, so that the
// cache holds at most two documents per version.
func openapiLanguage(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return "zh-CN"
	}
	return "en"
}
