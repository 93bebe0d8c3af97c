package records

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Linkage is the answer of Linkage: the value each linked field of the form takes from its
// source record (nil when no record the reader may read matches, or a condition's field is
// empty), by field key.
type Linkage struct {
	Values map[string]any `json:"values"`
}

// Linkage computes the linked defaults (数据联动) of a form for the values being filled in
// input, so that the browser can refill a linked field whenever the fields it matches on
// change. Each source record is found as the reader would list it: within her scope on the
// source form and only through fields she may see, so a value of a record she cannot read,
// or of a field hidden from her, never comes back. Linked fields hidden from her in this
// form are not answered. Nothing is stored.
func (s *Service) Linkage(ctx context.Context, ref Ref, input json.RawMessage) (Linkage, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return Linkage{}, err
	}
	f, _, err := t.latestForm()
	if err != nil {
		return Linkage{}, err
	}
	// Whoever may fill this form's records (a new one, or one she reads to edit) may ask.
	grant, err := s.authorize(ctx, t, ActionCreate, nil)
	if err != nil {
		if grant, err = s.authorize(ctx, t, ActionRead, nil); err != nil {
			return Linkage{}, err
		}
	}
	values, err := linkageInput(f, input)
	if err != nil {
		return Linkage{}, err
	}
	out := Linkage{Values: map[string]any{}}
	for _, lf := range f.Linked() {
		if grant.Hidden[lf.Key] {
			continue
		}
		v, err := s.linkedValue(ctx, ref, lf.Linked, values, grant)
		if err != nil {
			return Linkage{}, err
		}
		out.Values[lf.Key] = v
	}
	return out, nil
}

// linkageInput reads the values being filled: a JSON object of this form's fields (those
// not named by a condition are ignored); a condition's field must hold one value.
func linkageInput(f *form.Form, input json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(input))
	dec.UseNumber()
	var values map[string]any
	if err := dec.Decode(&values); err != nil || values == nil {
		return nil, fault.Of("invalid_json.not_object")
	}
	matched := map[string]bool{}
	for _, lf := range f.Linked() {
		for _, m := range lf.Linked.Match {
			matched[m.Field] = true
		}
	}
	for k, v := range values {
		fd, ok := f.Field(k)
		if !ok || strings.Contains(k, ".") {
			return nil, fault.Of("unknown_field").WithFieldOf("/"+escapeToken(k), "unknown_field.linkage").Fill("field", strconv.Quote(k))
		}
		switch v.(type) {
		case nil, string, json.Number, bool:
		default:
			if matched[k] {
				return nil, fault.FieldOf("/"+escapeToken(k), "type.linked_match").FillText("label", fd.Label)
			}
		}
	}
	return values, nil
}

// linkedValue finds the newest source record matching every condition, as the reader
// lists records of the source form, and answers its value field.
func (s *Service) linkedValue(ctx context.Context, ref Ref, l *form.LinkedDefault, values map[string]any, grant Grant) (any, error) {
	and := make([]any, 0, len(l.Match))
	for _, m := range l.Match {
		v := values[m.Field]
		if v == nil || v == "" || grant.Hidden[m.Field] {
			return nil, nil // an empty condition matches nothing: the field is emptied
		}
		and = append(and, map[string]any{"field": m.Source, "op": "eq", "value": v})
	}
	filter, err := json.Marshal(map[string]any{"and": and})
	if err != nil {
		return nil, wrap("linkage filter", err)
	}
	src := ref
	src.Form = l.Form
	page, err := s.List(ctx, src, ListQuery{Filter: string(filter), Limit: "1"})
	if err != nil {
		fe, isFault := fault.As(err)
		if errors.Is(err, store.ErrInvalidQuery) || (isFault && fe.Kind != fault.TooMany && fe.Kind != fault.Unavailable) {
			// The reader may not list the source form, a condition's field is hidden from
			// her there, or this value cannot equal that field: no record she may read
			// matches, which is all she may learn.
			return nil, nil
		}
		return nil, err
	}
	if len(page.Items) == 0 {
		return nil, nil
	}
	var data map[string]any
	dec := json.NewDecoder(bytes.NewReader(page.Items[0].Data))
	dec.UseNumber()
	if err := dec.Decode(&data); err != nil {
		return nil, wrap("read linked record", err)
	}
	return data[l.Value], nil
}
