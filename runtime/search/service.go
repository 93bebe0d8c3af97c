package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"
	"unicode/utf8"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
)

// Bounds of one search: the answer comes within searchBudget, after reading back at most
// maxScanned candidates; past either the answer says Partial.
const (
	MaxQueryRunes = 100
	DefaultLimit  = 20
	MaxLimit      = 50
	batchSize     = 200 // candidates per index query (records.List takes up to 200 ids)
	maxScanned    = 5000
	searchBudget  = 3 * time.Second
)

// Apps is what search needs of the app domain.
type Apps interface {
	List(ctx context.Context, actor, ws string) ([]apps.App, error)
	Version(ctx context.Context, appID string, n int) (*apps.Compiled, error)
}

// Org is what search needs of the org domain.
type Org interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
}

// Records reads records back the way lists do.
type Records interface {
	List(ctx context.Context, ref records.Ref, q records.ListQuery) (records.ListPage, error)
}

// Deps are the services Search works with. Index is nil on engines without one.
type Deps struct {
	Apps    Apps
	Org     Org
	Access  records.Access
	Records Records
	Index   *Index
	Logger  *slog.Logger
}

// Service answers searches.
type Service struct{ d Deps }

// New returns the service.
func New(d Deps) *Service {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{d: d}
}

// Query is one search: the text, and optionally one app and a range of creation times
// (From inclusive, To exclusive; zero: open).
type Query struct {
	Q     string
	App   string
	From  time.Time
	To    time.Time
	Limit int
}

// Segment is a piece of a snippet; Hit marks the pieces that match the query.
type Segment struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit,omitempty"`
}

// Hit is one record found.
type Hit struct {
	App        string        `json:"app"`
	AppName    template.Text `json:"appName"`
	Form       string        `json:"form"`
	FormName   template.Text `json:"formName"`
	Record     string        `json:"record"`
	Title      string        `json:"title"`
	Serial     string        `json:"serial,omitempty"`
	Field      string        `json:"field"`
	FieldLabel label         `json:"fieldLabel"`
	Snippet    []Segment     `json:"snippet"`
	Created    time.Time     `json:"created"`
	Updated    time.Time     `json:"updated"`
}

// label is a field's label as the API writes labels.
type label struct {
	ZH string `json:"zh-CN"`
	EN string `json:"en,omitempty"`
}

// Result is the answer: the hits, newest written first. Partial says the search stopped at
// its bounds before looking at every candidate.
type Result struct {
	Items   []Hit `json:"items"`
	Partial bool  `json:"partial,omitempty"`
}

// readableForm is a form the member may read, with what hits show of it.
type readableForm struct {
	app    apps.App
	c      *apps.Compiled
	key    string
	name   template.Text
	form   *form.Form
	hidden map[string]bool
}

func errQueryTooLong() error {
	return fault.Of("bad_query").
		WithProblem("/q", fault.Problem("too_long.search_text").Fill("max", MaxQueryRunes))
}

// Search finds the records of ws that actor may read whose visible text contains every
// term of q.Q.
func (s *Service) Search(ctx context.Context, actor, ws string, q Query) (Result, error) {
	if utf8.RuneCountInString(q.Q) > MaxQueryRunes {
		return Result{}, errQueryTooLong()
	}
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	q.Limit = min(q.Limit, MaxLimit)
	member, err := s.d.Org.Membership(ctx, ws, actor)
	if err != nil {
		return Result{}, err
	}
	ts := terms(q.Q)
	out := Result{Items: []Hit{}}
	if len(ts) == 0 {
		return out, nil
	}
	forms, err := s.readable(ctx, member, actor, ws, q.App)
	if err != nil || len(forms) == 0 {
		return out, err
	}
	ctx, cancel := context.WithTimeout(ctx, searchBudget)
	defer cancel()
	if s.d.Index == nil {
		err = s.scan(ctx, actor, ws, q, ts, forms, &out)
	} else {
		err = s.indexed(ctx, actor, ws, q, ts, forms, &out)
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		out.Partial = true
		return out, nil
	}
	return out, err
}

// readable lists the forms of ws's published apps (of app only, when set) that member
// may read, keyed by records' form ID.
func (s *Service) readable(ctx context.Context, member org.Member, actor, ws, app string) (map[string]*readableForm, error) {
	list, err := s.d.Apps.List(ctx, actor, ws)
	if err != nil {
		return nil, err
	}
	out := map[string]*readableForm{}
	for _, a := range list {
		if a.Published == 0 || (app != "" && a.ID != app) {
			continue
		}
		c, err := s.d.Apps.Version(ctx, a.ID, a.Published)
		if err != nil {
			return nil, err
		}
		for _, tf := range c.Template.Forms {
			g, err := s.d.Access.Authorize(ctx, records.AccessRequest{Member: member, Workspace: ws, App: c, Form: tf.Key, Action: records.ActionRead})
			if err != nil {
				if _, ok := fault.As(err); ok {
					continue // not readable
				}
				return nil, err
			}
			f, _, ok := c.Form(tf.Key)
			if !ok || f == nil {
				continue
			}
			out[a.ID+"."+tf.Key] = &readableForm{app: a, c: c, key: tf.Key, name: tf.Name, form: f, hidden: g.Hidden}
		}
	}
	return out, nil
}

// indexed walks the index's candidates newest first and keeps those the member may read
// and whose visible text matches.
func (s *Service) indexed(ctx context.Context, actor, ws string, q Query, ts []string, forms map[string]*readableForm, out *Result) error {
	drive := ts[0]
	for _, t := range ts[1:] {
		if utf8.RuneCountInString(t) > utf8.RuneCountInString(drive) {
			drive = t
		}
	}
	match := gramQuery(ts)
	if match == "" {
		if shortTerm(drive) {
			return nil // one or two marks of punctuation: nothing to look for
		}
		// Terms of punctuation only hold no gram: only reading the records can tell.
		return s.scan(ctx, actor, ws, q, ts, forms, out)
	}
	ids := make([]string, 0, len(forms))
	for id := range forms {
		ids = append(ids, id)
	}
	// Records written in the last moments wait in the queue: they come first.
	seen := map[string]bool{}
	pend, err := s.d.Index.pending(ctx, ws, drive, ids)
	if err != nil {
		return err
	}
	if len(pend) > 0 {
		if err := s.keep(ctx, actor, ws, q, ts, pend, forms, seen, out); err != nil || len(out.Items) >= q.Limit {
			return err
		}
	}
	var before int64
	scanned := 0
	// The first batch asks for a little more than a page: most searches end there. Later
	// ones grow, for members whose scope drops most candidates.
	size := min(batchSize, 2*q.Limit)
	for len(out.Items) < q.Limit {
		if scanned >= maxScanned {
			out.Partial = true
			return nil
		}
		cands, err := s.d.Index.candidates(ctx, match, ids, before, size)
		if err != nil {
			return err
		}
		if len(cands) == 0 {
			return nil
		}
		scanned += len(cands)
		before = cands[len(cands)-1].row
		if err := s.keep(ctx, actor, ws, q, ts, cands, forms, seen, out); err != nil || len(out.Items) >= q.Limit {
			return err
		}
		if len(cands) < size {
			return nil
		}
		size = min(batchSize, size*2)
	}
	return nil
}

// keep reads candidates back and appends those that match, in candidate order, skipping
// records already seen, up to the limit.
func (s *Service) keep(ctx context.Context, actor, ws string, q Query, ts []string, cands []candidate, forms map[string]*readableForm, seen map[string]bool, out *Result) error {
	fresh := cands[:0:0]
	for _, c := range cands {
		if !seen[c.record] {
			seen[c.record] = true
			fresh = append(fresh, c)
		}
	}
	got, err := s.readBack(ctx, actor, ws, q, fresh, forms)
	if err != nil {
		return err
	}
	for _, c := range fresh {
		rec, ok := got[c.record]
		if !ok {
			continue
		}
		if h, ok := match(forms[c.form], rec, ts); ok {
			out.Items = append(out.Items, h)
			if len(out.Items) == q.Limit {
				return nil
			}
		}
	}
	return nil
}

// readBack lists the candidates through records.List, form by form, so that the role's
// scope decides which of them the member gets and hidden fields are left out.
func (s *Service) readBack(ctx context.Context, actor, ws string, q Query, cands []candidate, forms map[string]*readableForm) (map[string]records.Record, error) {
	byForm := map[string][]string{}
	for _, c := range cands {
		byForm[c.form] = append(byForm[c.form], c.record)
	}
	got := map[string]records.Record{}
	for fid, ids := range byForm {
		rf := forms[fid]
		if rf == nil {
			continue
		}
		filter, err := listFilter(ids, q)
		if err != nil {
			return nil, err
		}
		page, err := s.d.Records.List(ctx, records.Ref{Actor: actor, Workspace: ws, App: rf.app.ID, Form: rf.key},
			// Sorted by ID, the engine looks the IDs up by key instead of walking the
			// form's records in date order; the order of hits is the candidates'.
			records.ListQuery{Filter: filter, Sort: "_id", Limit: fmt.Sprint(len(ids))})
		if err != nil {
			if _, ok := fault.As(err); ok {
				continue // the form stopped being readable meanwhile
			}
			return nil, err
		}
		for _, r := range page.Items {
			got[r.ID] = r
		}
	}
	return got, nil
}

// listFilter is the query-language filter of some record IDs created within q's range.
func listFilter(ids []string, q Query) (string, error) {
	type node map[string]any
	parts := []node{{"field": "_id", "op": "in", "value": ids}}
	if !q.From.IsZero() {
		parts = append(parts, node{"field": "_created", "op": "gte", "value": q.From.UTC().Format(time.RFC3339Nano)})
	}
	if !q.To.IsZero() {
		parts = append(parts, node{"field": "_created", "op": "lt", "value": q.To.UTC().Format(time.RFC3339Nano)})
	}
	b, err := json.Marshal(node{"and": parts})
	if err != nil {
		return "", fmt.Errorf("search: encode filter: %w", err)
	}
	return string(b), nil
}
