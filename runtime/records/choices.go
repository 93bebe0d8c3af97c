package records

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// maxChoiceIDs bounds how many chosen records one request names (a relation's values on
// one form, or on the page of a table).
const maxChoiceIDs = 100

// maxChoiceText bounds the text a picker searches for.
const maxChoiceText = 100

// ChoiceQuery asks for records of a form to link from a relation field: either the
// records named by IDs (to show values already chosen by name), or the newest records
// whose serial number or title holds Text (what a picker offers as people type).
type ChoiceQuery struct {
	IDs   []string
	Text  string
	Limit string
}

// Choice is a record as a relation picker offers it.
type Choice struct {
	ID string `json:"id"`
	Headline
}

// ChoicePage lists the records offered, newest first (or in the order of the IDs asked).
type ChoicePage struct {
	Items []Choice `json:"items"`
}

// Choices answers a relation picker over the form of ref: only live records the actor may
// read, named by the fields they may see. Records they may not read are left out, so a
// value chosen by someone else shows as not found rather than failing the page.
func (s *Service) Choices(ctx context.Context, ref Ref, q ChoiceQuery) (ChoicePage, error) {
	if len(q.IDs) > 0 {
		return s.choicesByID(ctx, ref, q.IDs)
	}
	if utf8.RuneCountInString(q.Text) > maxChoiceText {
		return ChoicePage{}, fault.Of("invalid_query").WithProblem("/q", fault.Problem("too_long.search_text").Fill("max", maxChoiceText))
	}
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return ChoicePage{}, err
	}
	f, _, err := t.latestForm()
	if err != nil {
		return ChoicePage{}, err
	}
	grant, err := s.authorize(ctx, t, ActionRead, nil)
	if err != nil {
		return ChoicePage{}, err
	}
	limit, err := choiceLimit(q.Limit)
	if err != nil {
		return ChoicePage{}, err
	}
	filter := store.And(store.Eq("form", t.storedForm), store.Eq("deleted", false), grant.Scope)
	if text := strings.TrimSpace(q.Text); text != "" {
		var named []store.Filter
		for _, key := range namingFields(f) {
			if !grant.Hidden[key] {
				named = append(named, store.Filter{Field: storePath(key), Op: store.OpContains, Value: text})
			}
		}
		if len(named) == 0 {
			return ChoicePage{Items: []Choice{}}, nil // nothing they may see names a record
		}
		filter = store.And(filter, store.Or(named...))
	}
	page, err := s.records.Find(ctx, store.Query{Filter: filter, Sort: []store.SortKey{{Field: store.PathCreated, Desc: true}, {Field: store.PathID, Desc: true}}, Limit: limit})
	if err != nil {
		return ChoicePage{}, domainErr("list choices", err)
	}
	out := ChoicePage{Items: make([]Choice, 0, len(page.Docs))}
	for _, d := range page.Docs {
		l, err := decodeStored(d)
		if err != nil {
			return ChoicePage{}, err
		}
		r, err := grant.view(l.public())
		if err != nil {
			return ChoicePage{}, err
		}
		var data map[string]any
		if err := json.Unmarshal(r.Data, &data); err != nil {
			return ChoicePage{}, wrap("decode fields of "+d.ID, err)
		}
		out.Items = append(out.Items, Choice{ID: d.ID, Headline: headlineOf(f, data)})
	}
	return out, nil
}

func (s *Service) choicesByID(ctx context.Context, ref Ref, ids []string) (ChoicePage, error) {
	if len(ids) > maxChoiceIDs {
		return ChoicePage{}, fault.Of("invalid_query").WithProblem("/ids", fault.Problem("too_long.list").Fill("max", maxChoiceIDs))
	}
	if _, err := s.resolve(ctx, ref); err != nil {
		return ChoicePage{}, err
	}
	refs := make([]HeadlineRef, len(ids))
	for i, id := range ids {
		refs[i] = HeadlineRef{App: ref.App, Form: ref.Form, ID: id}
	}
	hs, err := s.Headlines(ctx, ref.Actor, ref.Workspace, refs)
	if err != nil {
		return ChoicePage{}, err
	}
	out := ChoicePage{Items: make([]Choice, 0, len(ids))}
	seen := map[string]bool{}
	for _, id := range ids {
		if h, ok := hs[id]; ok && !seen[id] {
			seen[id] = true
			out.Items = append(out.Items, Choice{ID: id, Headline: h})
		}
	}
	return out, nil
}

// namingFields are the fields a picker's text is looked for in: the form's serial number,
// its title field, else its first one-line text (as headlineOf names a record).
func namingFields(f *form.Form) []string {
	var serial, line string
	for _, fl := range f.Fields() {
		if fl.Path != fl.Key {
			continue
		}
		switch h := fl.Def().Heading; {
		case h == form.HeadSerial && serial == "":
			serial = fl.Key
		case h == form.HeadLine && line == "":
			line = fl.Key
		}
	}
	title := f.Title()
	if title == "" {
		title = line
	}
	var out []string
	for _, k := range []string{serial, title} {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

// choiceLimit reads a picker's page size: 20 unless asked, at most 50.
func choiceLimit(s string) (int, error) {
	if s == "" {
		return 20, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 50 {
		return 0, fault.Of("invalid_query").WithProblem("/limit", fault.Problem("bad_value.limit").Fill("max", 50))
	}
	return n, nil
}
