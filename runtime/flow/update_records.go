package flow

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
)

// maxUpdated bounds the records one updateRecords action writes in a run. The run is one
// transaction; a match the designer did not foresee (a condition that holds for half the
// form) fails loudly instead of rewriting a form.
const maxUpdated = 200

// maxGivenIDs bounds the record IDs an action's ids may list: each is a value of the
// query, and more than maxUpdated of them rarely all exist anyway.
const maxGivenIDs = 1000

// tooManyTargets fails an updateRecords action that found more than limit records (or was
// given more than maxGivenIDs IDs): nothing is written, the run's transaction rolls back.
type tooManyTargets struct {
	count int64
	limit int
}

func (e *tooManyTargets) Error() string {
	return fmt.Sprintf("flow: %d records match the update, more than the %d one run may update", e.count, e.limit)
}

// Keys of the finder expressions of an updateRecords action among its action's
// expressions: "#" and "?" never start a field key, so they cannot meet a value's key.
func idsKey(i int) string             { return exprKey(i, "#ids") }
func matchKey(i int, k string) string { return exprKey(i, "?"+k) }

// compileFinders compiles the expressions that find an updateRecords action's targets:
// ids and match, over the source record alone (names).
func compileFinders(names []string, i int, act pipeline.Action, into map[string]*pipeline.Expr) error {
	if act.IDs != "" {
		e, err := pipeline.CompileExpr(act.IDs, names)
		if err != nil {
			return fmt.Errorf("action %d ids: %w", i, err)
		}
		into[idsKey(i)] = e
	}
	for k, src := range act.Match {
		e, err := pipeline.CompileExpr(src, names)
		if err != nil {
			return fmt.Errorf("action %d match %s: %w", i, k, err)
		}
		into[matchKey(i, k)] = e
	}
	return nil
}

// updateRecords runs an update-records action: it finds the live records of the target
// form that ids and match select, then writes each the way setFields writes its own record
// — through Step, as the system, keeping the record's place in its flow — with values
// computed over the source record and the target. It returns how many were written.
//
// Step queues none of the target form's automations, as for setFields: an automation of
// one form updating another whose automation updates the first would otherwise loop.
func (s *Service) updateRecords(ctx context.Context, p automationPayload, c *apps.Compiled, env map[string]any, i int, act pipeline.Action, exprs map[string]*pipeline.Expr, now time.Time, loc *time.Location) (int, error) {
	filter, some, err := targetFilter(env, i, act, exprs, now, loc)
	if err != nil || !some {
		return 0, err
	}
	ref := records.SystemRef{Workspace: p.Workspace, App: p.App, Form: act.Form, Actor: SystemActor, As: p.As}
	ids, total, err := s.records.MatchIDs(ctx, ref, filter, maxUpdated)
	if err != nil {
		return 0, err
	}
	if total > maxUpdated {
		return 0, &tooManyTargets{count: total, limit: maxUpdated}
	}
	d, err := s.definitions(c)
	if err != nil {
		return 0, err
	}
	types := d.types[act.Form]
	// The target's timeline names the automation and the record that made the change.
	detail := map[string]any{"automation": p.runKey(), "sourceForm": p.Form, "sourceRecord": p.Record}
	n := 0
	for _, id := range ids {
		sref := records.StepRef{Workspace: p.Workspace, App: p.App, Form: act.Form, ID: id, Actor: SystemActor, As: p.As}
		_, err := s.records.Step(ctx, sref, func(cur records.StepInput) (records.Step, error) {
			if cur.Deleted {
				return records.Step{}, errNothingToDo
			}
			patch, editable, err := targetValues(env, cur, types, i, act, exprs, now, loc)
			if err != nil {
				return records.Step{}, err
			}
			return records.Step{State: cur.State, People: cur.People, Stage: cur.Record.Stage, Status: statusOf(cur), Due: cur.Record.Due, Overdue: cur.Record.Overdue,
				Patch: patch, Editable: editable, Event: "automation", Detail: detail}, nil
		})
		switch {
		case err == nil:
			n++
		case isNothingToDo(err), isGone(err):
			// Deleted since it was found: skipped, like the records the query left out.
		default:
			return n, err
		}
	}
	return n, nil
}

// targetValues computes the fields an updateRecords action writes to the target cur: the
// source's names plus "target", the target's fields (blank texts as "", as the source's)
// and its ID.
func targetValues(env map[string]any, cur records.StepInput, types map[string]string, i int, act pipeline.Action, exprs map[string]*pipeline.Expr, now time.Time, loc *time.Location) (map[string]any, map[string]bool, error) {
	target := withBlanks(types, cur.Fields)
	target["id"] = cur.Record.ID
	tenv := make(map[string]any, len(env)+1)
	for k, v := range env {
		tenv[k] = v
	}
	tenv["target"] = target
	patch := make(map[string]any, len(act.Values))
	editable := make(map[string]bool, len(act.Values))
	for k := range act.Values {
		v, err := exprs[exprKey(i, k)].RunAt(tenv, now, loc)
		if err != nil {
			return nil, nil, err
		}
		patch[k], editable[k] = blankAsNil(types, k, v), true
	}
	return patch, editable, nil
}

// targetFilter builds, with the store's query AST, the filter of an updateRecords action's
// targets from its ids and match computed over the source record. When a value selects
// nothing (no ID, a blank value) some is false: nothing is updated.
func targetFilter(env map[string]any, i int, act pipeline.Action, exprs map[string]*pipeline.Expr, now time.Time, loc *time.Location) (f store.Filter, some bool, err error) {
	var parts []store.Filter
	if act.IDs != "" {
		v, err := exprs[idsKey(i)].RunAt(env, now, loc)
		if err != nil {
			return store.Filter{}, false, err
		}
		ids := recordIDs(v)
		if len(ids) == 0 {
			return store.Filter{}, false, nil
		}
		if len(ids) > maxGivenIDs {
			return store.Filter{}, false, &tooManyTargets{count: int64(len(ids)), limit: maxUpdated}
		}
		parts = append(parts, store.In(store.PathID, ids...))
	}
	keys := make([]string, 0, len(act.Match))
	for k := range act.Match {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := exprs[matchKey(i, k)].RunAt(env, now, loc)
		if err != nil {
			return store.Filter{}, false, err
		}
		vals := matchValues(v)
		switch len(vals) {
		case 0:
			return store.Filter{}, false, nil
		case 1:
			// On a field holding a list the store's eq holds when an element is equal.
			parts = append(parts, store.Eq(k, vals[0]))
		default:
			parts = append(parts, store.In(k, vals...))
		}
	}
	if len(parts) == 0 {
		// The template's check requires ids or match; a definition that skipped it
		// still never updates a whole form.
		return store.Filter{}, false, nil
	}
	return store.And(parts...), true, nil
}

// recordIDs keeps the distinct values of v (an ID or a list) that are record IDs.
func recordIDs(v any) []any {
	var out []any
	seen := map[string]bool{}
	for _, s := range idsIn(v) {
		if records.IsID(s) && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// matchValues reads a match value: a text, number or true/false, or a list of them (any
// one is a match). Blanks, nulls and other shapes match nothing.
func matchValues(v any) []any {
	if list, ok := v.([]any); ok {
		var out []any
		for _, e := range list {
			if x, ok := matchScalar(e); ok {
				out = append(out, x)
			}
		}
		return out
	}
	if list, ok := v.([]string); ok {
		var out []any
		for _, e := range list {
			if e != "" {
				out = append(out, e)
			}
		}
		return out
	}
	if x, ok := matchScalar(v); ok {
		return []any{x}
	}
	return nil
}

func matchScalar(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		return x, x != ""
	case bool:
		return x, true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return nil, false
}
