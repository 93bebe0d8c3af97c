package mongo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/formloom/formloom/store"
)

// Indexes that cannot vanish silently.
//
// MongoDB allows 64 indexes per collection, and a unique index can fail to build (values
// already stored twice, a build interrupted, a deadline). The engine keeps, per
// collection, the unique indexes that are declared but not in place, with the reason; a
// write of a document that index would cover is refused with
// store.ErrConstraintUnavailable until it is built, never accepted without it. Writes of
// other documents (other forms in a shared collection) go on.
//
// The number of indexes the engine builds on one collection is bounded by indexBudget,
// whatever the number of tenants, forms and fields: a declaration past it is not built
// (a list index: lists are slower; a unique index: its writes are refused, as above).
//
// Index builds run with a deadline (indexBuildTimeout), and never inside a transaction: a
// declaration made through a transaction's context is built in the background after it.

// indexBudget is how many indexes the engine builds on one collection: MongoDB's 64 less
// _id's own and three for an operator's own indexes.
const indexBudget = 60

// indexBuildTimeout bounds one EnsureCollection's index builds.
const indexBuildTimeout = 2 * time.Minute

// recheckEvery is how often a collection with missing unique indexes is compared again
// with the indexes the server has (another instance may have built them).
const recheckEvery = 10 * time.Second

// errIndexBudget: the collection has all the indexes the engine builds on one.
var errIndexBudget = fmt.Errorf("the collection has reached the engine's budget of %d indexes", indexBudget)

// errBuilding: the index is being built.
var errBuilding = errors.New("the index is being built")

// planIndexes splits the declared indexes into those to build and those past the budget,
// given the names of the indexes the collection has (besides _id). Indexes that exist
// already cost nothing; the others take the free places in declaration order, unique
// ones first, because a unique index past the budget stops writes while a list index only
// slows lists.
func planIndexes(existing map[string]bool, declared []store.Index, budget int) (build, over []store.Index) {
	free := budget - len(existing)
	var uniques, others []store.Index
	for _, ix := range declared {
		switch {
		case existing[ix.Name]:
			build = append(build, ix) // CreateOne checks its definition
		case ix.Unique:
			uniques = append(uniques, ix)
		default:
			others = append(others, ix)
		}
	}
	for _, ix := range append(uniques, others...) {
		if free > 0 {
			build = append(build, ix)
			free--
		} else {
			over = append(over, ix)
		}
	}
	return build, over
}

// existingIndexes names the indexes of coll, _id's excepted.
func existingIndexes(ctx context.Context, coll *mongo.Collection) (map[string]bool, error) {
	specs, err := coll.Indexes().ListSpecifications(ctx)
	if err != nil {
		if hasCode(err, 26) { // NamespaceNotFound: no collection yet, no indexes
			return map[string]bool{}, nil
		}
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	out := make(map[string]bool, len(specs))
	for _, s := range specs {
		if s.Name != "_id_" {
			out[s.Name] = true
		}
	}
	return out, nil
}

// builtIndexes names the indexes of coll in place: those the server has (besides _id's)
// and the keyed unique indexes among declared whose keys are complete.
func (s *Store) builtIndexes(ctx context.Context, coll string, declared []store.Index) (map[string]bool, error) {
	have, err := existingIndexes(ctx, s.db.Collection(coll))
	if err != nil {
		return nil, err
	}
	_, keys := splitKeyed(declared)
	done, err := s.keyedDone(ctx, coll, keys)
	if err != nil {
		return nil, err
	}
	for name := range done {
		have[name] = true
	}
	return have, nil
}

// setMissing records (err != nil) or clears the state of unique index name of coll.
func (s *Store) setMissing(coll, name string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.missing[coll]
	if err == nil {
		delete(m, name)
		return
	}
	if m == nil {
		m = map[string]error{}
		s.missing[coll] = m
	}
	m[name] = err
}

// missingFor returns the unique indexes of coll not in place, comparing again with the
// server every recheckEvery.
func (s *Store) missingFor(ctx context.Context, coll string) map[string]error {
	s.mu.RLock()
	m := s.missing[coll]
	n, last := len(m), s.checked[coll]
	s.mu.RUnlock()
	if n == 0 {
		return nil
	}
	if time.Since(last) >= recheckEvery && mongo.SessionFromContext(ctx) == nil {
		s.mu.RLock()
		var declared []store.Index
		if cs := s.specs[coll]; cs != nil {
			declared = cs.uniques
		}
		s.mu.RUnlock()
		if have, err := s.builtIndexes(ctx, coll, declared); err == nil {
			s.mu.Lock()
			for name, why := range s.missing[coll] {
				if have[name] && !errors.Is(why, errBuilding) {
					delete(s.missing[coll], name)
				}
			}
			s.checked[coll] = time.Now()
			s.mu.Unlock()
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make(map[string]error, len(s.missing[coll]))
	for k, v := range s.missing[coll] {
		out[k] = v
	}
	return out
}

// checkConstraints refuses data that a missing unique index of the collection would
// cover.
func (c *Collection) checkConstraints(ctx context.Context, cs *collSpec, data json.RawMessage) error {
	missing := c.s.missingFor(ctx, c.name)
	if len(missing) == 0 {
		return nil
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%w: %w", errBadData, err)
	}
	for _, ix := range cs.uniques {
		why, ok := missing[ix.Name]
		if !ok || !covers(ix, doc) {
			continue
		}
		// why (the index's state) is for the log; callers match ErrConstraintUnavailable alone.
		return fmt.Errorf("mongo: %s: unique index %s (%s): %w: %v", c.name, ix.Name,
			strings.Join(indexFields(ix), ", "), store.ErrConstraintUnavailable, why) //nolint:errorlint // see above
	}
	return nil
}

// covers reports whether a unique index would hold doc: its partial conditions match and
// every key field is present.
func covers(ix store.Index, doc map[string]any) bool {
	for _, leaf := range store.PartialLeaves(ix.Partial) {
		v, ok := lookup(doc, leaf.Field)
		switch leaf.Op {
		case store.OpExists:
			if want, _ := leaf.Value.(bool); ok != want {
				return false
			}
		case store.OpEq:
			if !ok || !sameScalar(v, leaf.Value) {
				return false
			}
		}
	}
	for _, k := range ix.Keys {
		if store.IsMetaPath(k.Field) {
			continue
		}
		if _, ok := lookup(doc, k.Field); !ok {
			return false
		}
	}
	return true
}

func lookup(doc map[string]any, path string) (any, bool) {
	var cur any = doc
	for _, seg := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[seg]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// sameScalar compares a JSON-decoded value with a filter value (numbers as float64).
func sameScalar(a, b any) bool {
	switch x := b.(type) {
	case int:
		b = float64(x)
	case int64:
		b = float64(x)
	}
	if n, ok := a.(json.Number); ok {
		f, err := n.Float64()
		if err != nil {
			return false
		}
		a = f
	}
	return a == b
}

// sessionFree returns a context without ctx's session (and so outside its transaction),
// with ctx's values otherwise gone too, ending after d.
func sessionFree(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
