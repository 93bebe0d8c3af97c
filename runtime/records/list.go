package records

import (
	"context"
	"errors"
	"github.com/formloom/formloom/builder/template"
	"strconv"
	"strings"

	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// ListQuery is a list request as the URL gives it: filter (the query language's JSON),
// sort ("-_created,status"), limit, cursor (Next of the previous page), whether to count
// every match, and whether to list the trash instead of the live records.
type ListQuery struct {
	Filter  string
	Sort    string
	Limit   string
	Cursor  string
	Total   bool
	Deleted bool
}

// ListPage is one page of records; Next is empty on the last page and Total is set only
// when asked for.
type ListPage struct {
	Items []Record `json:"items"`
	Next  string   `json:"next"`
	Total *int64   `json:"total,omitempty"`
}

// allowList is a form version's query allow-list, in the client's terms.
type allowList = querylang.Fields

// List returns a page of the form's records. Filter and sort may use the fields of the
// form's latest version (those the actor may see) and the meta fields _id, _version,
// _created and _updated; the default order is newest first.
func (s *Service) List(ctx context.Context, ref Ref, q ListQuery) (ListPage, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return ListPage{}, err
	}
	_, i, err := t.latestForm()
	if err != nil {
		return ListPage{}, err
	}
	grant, err := s.authorize(ctx, t, ActionRead, nil)
	if err != nil {
		return ListPage{}, err
	}
	s.ensureForm(ctx, t.latest, t.Form, nil)
	fields := s.allowList(t.latest, t.Form, i)
	if len(grant.Hidden) > 0 {
		fields = withoutHidden(fields, grant.Hidden)
	}
	var user store.Filter
	if q.Filter != "" {
		loc, err := s.location(ctx, t)
		if err != nil {
			return ListPage{}, err
		}
		params := querylang.StandardParams(t.Actor, t.member.Departments, s.now(), loc)
		if user, err = querylang.ParseFilter([]byte(q.Filter), fields, params, "/filter"); err != nil {
			return ListPage{}, err
		}
	}
	keys, err := querylang.ParseSort(q.Sort, fields, "/sort")
	if err != nil {
		return ListPage{}, err
	}
	if len(keys) == 0 {
		keys = []store.SortKey{{Field: store.PathCreated, Desc: true}}
	}
	limit, err := querylang.ParseLimit(q.Limit, "/limit")
	if err != nil {
		return ListPage{}, err
	}
	filter := store.And(store.Eq("form", t.storedForm), store.Eq("deleted", q.Deleted), grant.Scope, StoredFilter(user))
	page, err := s.records.Find(ctx, store.Query{Filter: filter, Sort: storeSort(keys), Limit: limit, After: q.Cursor})
	if err != nil {
		return ListPage{}, domainErr("list records", cursorErr(err))
	}
	out := ListPage{Items: make([]Record, 0, len(page.Docs)), Next: page.Next}
	for _, d := range page.Docs {
		l, err := decodeStored(d)
		if err != nil {
			return ListPage{}, err
		}
		r, err := grant.view(l.public())
		if err != nil {
			return ListPage{}, err
		}
		out.Items = append(out.Items, r)
	}
	if q.Total {
		n, err := s.records.Count(ctx, filter)
		if err != nil {
			return ListPage{}, domainErr("count records", err)
		}
		out.Total = &n
	}
	return out, nil
}

// allowList returns the query allow-list of form key (index i) of version c, built once.
func (s *Service) allowList(c *apps.Compiled, key string, i int) allowList {
	cacheKey := c.AppID + "/" + strconv.Itoa(c.Version) + "/" + key
	s.mu.Lock()
	fs, ok := s.allow[cacheKey]
	s.mu.Unlock()
	if ok {
		return fs
	}
	fs = c.Template.QueryFields(i)
	s.mu.Lock()
	if len(s.allow) >= maxEnsured {
		s.allow = map[string]allowList{}
	}
	s.allow[cacheKey] = fs
	s.mu.Unlock()
	return fs
}

func withoutHidden(fs allowList, hidden map[string]bool) allowList {
	out := make(allowList, len(fs))
	for p, f := range fs {
		top, _, _ := strings.Cut(p, ".")
		if !hidden[top] {
			out[p] = f
		}
	}
	return out
}

// storePath maps a client path to the stored record: fields live under "f"; the
// pipeline's members have names of their own.
func storePath(p string) string {
	if store.IsMetaPath(p) {
		return p
	}
	if s, ok := flowPaths[p]; ok {
		return s
	}
	return "f." + p
}

// flowPaths are the pipeline members views may filter and sort by (template.FlowFields),
// with where the record keeps them.
var flowPaths = map[string]string{
	template.PathStage:      "stage",
	template.PathFlowStatus: "wfs",
	template.PathDue:        "due",
	template.PathOverdue:    "od",
}

// StoredFilter rewrites a parsed filter's field paths to the stored record's paths (fields
// live under "f"; meta paths stay), for filters built outside this package, such as
// access scopes.
func StoredFilter(f store.Filter) store.Filter {
	switch {
	case f.And != nil:
		out := make([]store.Filter, len(f.And))
		for i, c := range f.And {
			out[i] = StoredFilter(c)
		}
		return store.Filter{And: out}
	case f.Or != nil:
		out := make([]store.Filter, len(f.Or))
		for i, c := range f.Or {
			out[i] = StoredFilter(c)
		}
		return store.Filter{Or: out}
	case f.Not != nil:
		n := StoredFilter(*f.Not)
		return store.Filter{Not: &n}
	case f.IsZero():
		return f
	}
	f.Field = storePath(f.Field)
	return f
}

func storeSort(keys []store.SortKey) []store.SortKey {
	out := make([]store.SortKey, len(keys))
	for i, k := range keys {
		out[i] = store.SortKey{Field: storePath(k.Field), Desc: k.Desc}
	}
	return out
}

// cursorErr locates a bad cursor at the URL parameter the client sent it in.
func cursorErr(err error) error {
	var qe *store.QueryError
	if errors.As(err, &qe) && qe.Code == "bad_cursor" {
		return qe.At("/cursor")
	}
	return err
}
