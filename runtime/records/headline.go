package records

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// HeadlineRef names a record whose headline is wanted.
type HeadlineRef struct {
	App, Form, ID string
}

// Headline is how a list of someone's work names a record: its serial number and title,
// taken from the fields the actor may read ("HT-2026-0001 禾丰超市收银系统采购合同").
type Headline struct {
	Serial string `json:"serial,omitempty"`
	Title  string `json:"title,omitempty"`
	// Stage and Due are where the record's run is and when its work there is due, for
	// lists that show them (a submitter's runs); a record choice does not.
	Stage string     `json:"-"`
	Due   *time.Time `json:"-"`
}

// Headlines returns, by record ID, the headlines of the records the actor may read among
// refs: one store query per form, each record checked like a GET (a pipeline participant
// reads it minus the fields their nodes hide). Records they may not read, and apps or forms
// that are gone, are left out rather than failing the whole list.
func (s *Service) Headlines(ctx context.Context, actor, ws string, refs []HeadlineRef) (map[string]Headline, error) {
	out := make(map[string]Headline, len(refs))
	groups := map[[2]string][]any{}
	var order [][2]string
	for _, r := range refs {
		k := [2]string{r.App, r.Form}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r.ID)
	}
	for _, k := range order {
		if err := s.headlines(ctx, Ref{Actor: actor, Workspace: ws, App: k[0], Form: k[1]}, groups[k], out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) headlines(ctx context.Context, ref Ref, ids []any, out map[string]Headline) error {
	t, err := s.resolve(ctx, ref)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	page, err := s.records.Find(ctx, store.Query{Filter: store.In(store.PathID, ids...), Limit: len(ids)})
	if err != nil {
		return domainErr("read records for headlines", err)
	}
	for _, d := range page.Docs {
		l, err := decodeStored(d)
		if err != nil {
			return err
		}
		if l.rec.Workspace != t.Workspace || l.rec.App != t.App || l.rec.Form != t.storedForm {
			continue
		}
		rec, err := s.readable(ctx, t, l.public())
		if fault.Is(err, fault.NotFound) || fault.Is(err, fault.Forbidden) {
			continue
		}
		if err != nil {
			return err
		}
		_, f, err := s.formAt(ctx, t, l.rec.FormVersion)
		if err != nil {
			continue // a version that cannot be compiled any more: the line keeps the app's name
		}
		var data map[string]any
		if err := json.Unmarshal(rec.Data, &data); err != nil {
			return wrap("decode fields of "+d.ID, err)
		}
		h := headlineOf(f, data)
		h.Stage, h.Due = rec.Stage, rec.Due
		out[d.ID] = h
	}
	return nil
}

// headlineOf reads a record's serial number and title from its visible fields: the form's
// title field, else its first text field with a value (as the record page titles it).
func headlineOf(f *form.Form, data map[string]any) Headline {
	var h Headline
	var firstText string
	for _, fl := range f.Fields() {
		if fl.Path != fl.Key {
			continue // a sub-form row's field
		}
		v, ok := data[fl.Key]
		if !ok {
			continue
		}
		switch {
		case fl.Key == f.Title():
			h.Title = headlineText(v)
		case fl.Def().Heading == form.HeadSerial && h.Serial == "":
			h.Serial = headlineText(v)
		case fl.Def().Heading.Titles() && firstText == "":
			firstText = headlineText(v)
		}
	}
	if h.Title == "" {
		h.Title = firstText
	}
	return h
}

func headlineText(v any) string {
	switch x := v.(type) {
	case string:
		s, _, _ := strings.Cut(strings.TrimSpace(x), "\n")
		return s
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	}
	return ""
}
