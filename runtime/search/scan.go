package search

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
)

// scan is the search of engines without an index: per readable form, one list filtered by
// "contains" over the member's visible top-level text fields, newest first; the hits of
// every form are merged by last change. Each form costs one bounded list query.
func (s *Service) scan(ctx context.Context, actor, ws string, q Query, ts []string, forms map[string]*readableForm, out *Result) error {
	var hits []Hit
	for _, rf := range forms {
		filter, ok, err := containsFilter(rf, ts, q)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		page, err := s.d.Records.List(ctx, records.Ref{Actor: actor, Workspace: ws, App: rf.app.ID, Form: rf.key},
			records.ListQuery{Filter: filter, Sort: "-_updated", Limit: strconv.Itoa(q.Limit)})
		if err != nil {
			if _, ok := fault.As(err); ok {
				continue
			}
			return err
		}
		for _, r := range page.Items {
			if h, ok := match(rf, r, ts); ok {
				hits = append(hits, h)
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Updated.After(hits[j].Updated) })
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	out.Items = append(out.Items, hits...)
	return nil
}

// containsFilter says "every term is contained in some visible text field"; ok is false
// when the form has no such field. Matching is as the engine's contains is (on MongoDB
// case-sensitive), and the hits are checked again by match.
func containsFilter(rf *readableForm, ts []string, q Query) (string, bool, error) {
	type node map[string]any
	var fields []string
	for _, f := range rf.form.Fields() {
		if rf.hidden[f.Key] || !f.Def().Searched || f.Def().Rows {
			continue
		}
		if f.Kind == form.KindString || (f.Kind == form.KindArray && f.Elem == form.KindString) {
			fields = append(fields, f.Key)
		}
	}
	if len(fields) == 0 {
		return "", false, nil
	}
	var and []node
	for _, t := range ts {
		var or []node
		for _, f := range fields {
			or = append(or, node{"field": f, "op": "contains", "value": t})
		}
		and = append(and, node{"or": or})
	}
	if !q.From.IsZero() {
		and = append(and, node{"field": "_created", "op": "gte", "value": q.From.UTC().Format(time.RFC3339Nano)})
	}
	if !q.To.IsZero() {
		and = append(and, node{"field": "_created", "op": "lt", "value": q.To.UTC().Format(time.RFC3339Nano)})
	}
	b, err := json.Marshal(node{"and": and})
	if err != nil {
		return "", false, fmt.Errorf("search: encode filter: %w", err)
	}
	return string(b), true, nil
}
