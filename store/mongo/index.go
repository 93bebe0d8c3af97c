package mongo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/formloom/formloom/store"
)

// MongoDB error codes the engine reacts to.
const (
	codeNamespaceExists       = 48
	codeIndexOptionsConflict  = 85
	codeIndexKeySpecsConflict = 86
	codeIndexNotFound         = 27
	codeNotImplemented        = 238
	codeDuplicateKey          = 11000
)

// collSpec is what the engine knows about a collection: its declared (and earlier
// declared) indexes, to name the unique one that refused a write.
type collSpec struct {
	spec    store.CollectionSpec
	uniques []store.Index // every unique index
	indexed []store.Index // unique indexes MongoDB enforces
	keyed   []store.Index // unique indexes kept in the key collection (unique.go)
}

func newCollSpec(spec store.CollectionSpec) *collSpec {
	cs := &collSpec{spec: spec}
	for _, ix := range spec.Indexes {
		switch {
		case keyed(ix):
			cs.uniques = append(cs.uniques, ix)
			cs.keyed = append(cs.keyed, ix)
		case ix.Unique:
			cs.uniques = append(cs.uniques, ix)
			cs.indexed = append(cs.indexed, ix)
		}
	}
	return cs
}

// splitKeyed separates the keyed unique indexes of a declaration from those MongoDB builds.
func splitKeyed(indexes []store.Index) (built, keys []store.Index) {
	for _, ix := range indexes {
		if keyed(ix) {
			keys = append(keys, ix)
		} else {
			built = append(built, ix)
		}
	}
	return built, keys
}

// indexModel builds the MongoDB index of a declaration.
//
// A non-unique index gets _id as its last key (in the direction of the last declared
// key) unless it has it already: lists always end their order with _id, and only then can
// MongoDB read a page of (status, _created desc) straight from the index instead of
// sorting every match. Unique indexes keep their keys, or _id would make them never refuse.
func indexModel(ix store.Index, withPartial bool) mongo.IndexModel {
	keys := bson.D{}
	hasID := false
	dir := 1
	for _, k := range ix.Keys {
		dir = 1
		if k.Desc {
			dir = -1
		}
		keys = append(keys, bson.E{Key: k.Field, Value: dir})
		hasID = hasID || k.Field == store.PathID
	}
	if !ix.Unique && !hasID {
		keys = append(keys, bson.E{Key: store.PathID, Value: dir})
	}
	o := options.Index().SetName(ix.Name)
	if ix.Unique {
		o.SetUnique(true)
	}
	if withPartial {
		if p := partialExpression(ix); len(p) > 0 {
			o.SetPartialFilterExpression(p)
		}
	}
	return mongo.IndexModel{Keys: keys, Options: o}
}

// partialExpression is the index's partialFilterExpression: the declared conditions and,
// for unique indexes, that every data key is present. Documents that lack a key field
// then never collide, as with SQL's distinct NULLs, so optional unique fields can stay
// empty in many documents. ($exists keeps the index usable for equality queries; a $type
// condition would not. An explicit null does count as a value here, unlike on SQLite;
// records never store nulls.) Conditions on one field share one operator document.
func partialExpression(ix store.Index) bson.D {
	var out bson.D
	add := func(field string, op bson.E) {
		for i := range out {
			if out[i].Key == field {
				ops := out[i].Value.(bson.D)
				for _, o := range ops {
					if o.Key == op.Key {
						return // exists true twice says it once
					}
				}
				out[i].Value = append(ops, op)
				return
			}
		}
		out = append(out, bson.E{Key: field, Value: bson.D{op}})
	}
	for _, leaf := range store.PartialLeaves(ix.Partial) {
		switch leaf.Op {
		case store.OpEq:
			add(leaf.Field, bson.E{Key: "$eq", Value: dataValue(leaf.Value)})
		case store.OpExists:
			add(leaf.Field, bson.E{Key: "$exists", Value: true})
		}
	}
	if ix.Unique {
		for _, k := range ix.Keys {
			if !store.IsMetaPath(k.Field) {
				add(k.Field, bson.E{Key: "$exists", Value: true})
			}
		}
	}
	return out
}

// EnsureCollection creates the collection and its indexes. It is idempotent: existing
// indexes with the same definition are left alone, an index whose definition changed is
// rebuilt, and indexes declared earlier but not now are kept (and still known) unless the
// declaration retires them (retire.go).
//
// Builds have a deadline of their own (indexBuildTimeout), outlive the caller's context
// (a request) and respect the index budget; a unique index that is not in place refuses
// the writes it would cover (constraints.go). Called inside a transaction, the
// declaration is recorded and the indexes are built in the background, after and outside
// it.
func (s *Store) EnsureCollection(ctx context.Context, spec store.CollectionSpec) error {
	spec, err := store.CheckSpec(spec)
	if err != nil {
		return err
	}
	if sess := mongo.SessionFromContext(ctx); sess != nil {
		lctx, cancel := sessionFree(5 * time.Second)
		existing, err := s.builtIndexes(lctx, spec.Name, spec.Indexes)
		cancel()
		for _, ix := range spec.Indexes {
			if ix.Unique && (err != nil || !existing[ix.Name]) {
				s.setMissing(spec.Name, ix.Name, errBuilding)
			}
		}
		s.mu.Lock()
		cs := s.specs[spec.Name]
		merged := spec
		if cs != nil {
			merged = spec.KeepingIndexesOf(cs.spec)
		}
		s.specs[spec.Name] = newCollSpec(merged)
		s.mu.Unlock()
		for _, name := range spec.Retire {
			s.setMissing(spec.Name, name, nil)
		}
		s.builds.Add(1)
		go func() {
			defer s.builds.Done()
			bctx, cancel := sessionFree(indexBuildTimeout)
			defer cancel()
			if err := s.ensureCollection(bctx, spec); err != nil {
				s.log.Error("mongo: background index build failed; writes the index would cover are refused", "collection", spec.Name, "err", err)
			}
		}()
		return nil
	}
	// The build runs on a context of its own, so that a request that declares a form's
	// indexes and then ends (its deadline, its client gone) does not abort the build
	// half-way: the caller waits for it at most as long as its own context lasts.
	done := make(chan error, 1)
	s.builds.Add(1)
	go func() {
		defer s.builds.Done()
		bctx, cancel := sessionFree(indexBuildTimeout)
		defer cancel()
		done <- s.ensureCollection(bctx, spec)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("mongo: indexes of %s still building: %w", spec.Name, context.Cause(ctx))
	}
}

func (s *Store) ensureCollection(ctx context.Context, spec store.CollectionSpec) error {
	if err := s.db.CreateCollection(ctx, spec.Name); err != nil && !hasCode(err, codeNamespaceExists) {
		return fmt.Errorf("mongo: create collection %s: %w", spec.Name, err)
	}
	coll := s.db.Collection(spec.Name)
	existing, err := existingIndexes(ctx, coll)
	if err != nil {
		return fmt.Errorf("mongo: indexes of %s: %w", spec.Name, err)
	}
	toBuild, toKey := splitKeyed(spec.Indexes)
	build, over := planIndexes(existing, toBuild, indexBudget)
	var errs []error
	if len(spec.Retire) > 0 {
		if err := s.retire(ctx, coll, spec, existing); err != nil {
			errs = append(errs, err)
		}
	}
	if len(toKey) > 0 {
		done, err := s.keyedDone(ctx, spec.Name, toKey)
		if err != nil {
			return err
		}
		for _, ix := range toKey {
			if !done[ix.Name] {
				s.setMissing(spec.Name, ix.Name, errBuilding)
			}
		}
		// The declaration is known before the keys are made, so that this instance's
		// writes maintain the keys of documents that stop being covered meanwhile.
		s.mu.Lock()
		if old := s.specs[spec.Name]; old != nil {
			s.specs[spec.Name] = newCollSpec(spec.KeepingIndexesOf(old.spec))
		} else {
			s.specs[spec.Name] = newCollSpec(spec)
		}
		s.mu.Unlock()
		for _, ix := range toKey {
			if done[ix.Name] {
				s.setMissing(spec.Name, ix.Name, nil)
				continue
			}
			err := s.backfill(ctx, spec.Name, ix)
			s.setMissing(spec.Name, ix.Name, err)
			if err != nil {
				errs = append(errs, fmt.Errorf("mongo: unique values %s of %s: %w", ix.Name, spec.Name, err))
			}
		}
	}
	for _, ix := range over {
		if ix.Unique {
			s.setMissing(spec.Name, ix.Name, errIndexBudget)
			errs = append(errs, fmt.Errorf("mongo: index %s of %s: %w", ix.Name, spec.Name, errIndexBudget))
		} else {
			s.log.Warn("mongo: index not built: the collection has reached the index budget", "collection", spec.Name, "index", ix.Name, "budget", indexBudget)
		}
	}
	for _, ix := range build {
		if ix.Unique && !existing[ix.Name] {
			s.setMissing(spec.Name, ix.Name, errBuilding)
		}
		err := s.ensureIndex(ctx, coll, ix)
		if ix.Unique {
			if errors.Is(err, ErrUnsupported) {
				// FerretDB v1 (tests, trials) has no partial indexes: such a unique rule
				// is not enforced there, as the error returned says; MongoDB enforces it.
				s.setMissing(spec.Name, ix.Name, nil)
			} else {
				s.setMissing(spec.Name, ix.Name, err)
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("mongo: index %s of %s: %w", ix.Name, spec.Name, err))
		}
	}
	merged, err := s.recordSpec(ctx, spec)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.specs[spec.Name] = newCollSpec(merged)
	s.checked[spec.Name] = time.Now()
	s.mu.Unlock()
	return errors.Join(errs...)
}

func (s *Store) ensureIndex(ctx context.Context, coll *mongo.Collection, ix store.Index) error {
	withPartial := true
	if s.server.ferret && len(partialExpression(ix)) > 0 {
		// FerretDB v1 has no partial indexes. Its unique indexes already skip missing
		// fields; a declared partial condition on a unique index cannot be honoured.
		if ix.Unique && !ix.Partial.IsZero() {
			return fmt.Errorf("%w: partial unique indexes need MongoDB (this server is FerretDB)", ErrUnsupported)
		}
		withPartial = false
	}
	model := indexModel(ix, withPartial)
	_, err := coll.Indexes().CreateOne(ctx, model)
	if err == nil {
		return nil
	}
	if !hasCode(err, codeIndexOptionsConflict) && !hasCode(err, codeIndexKeySpecsConflict) {
		if s.isDuplicate(err) {
			return fmt.Errorf("existing documents conflict: %w",
				&store.DuplicateError{Collection: coll.Name(), Index: ix.Name, Fields: indexFields(ix)})
		}
		return err
	}
	// Same name, other definition: rebuild it. A unique index is marked missing first,
	// so that no write it covers is accepted while it is gone.
	if ix.Unique {
		s.setMissing(coll.Name(), ix.Name, errBuilding)
	}
	if err := coll.Indexes().DropOne(ctx, ix.Name); err != nil && !hasCode(err, codeIndexNotFound) {
		return fmt.Errorf("drop changed index: %w", err)
	}
	if _, err := coll.Indexes().CreateOne(ctx, model); err != nil {
		if s.isDuplicate(err) {
			return fmt.Errorf("existing documents conflict: %w",
				&store.DuplicateError{Collection: coll.Name(), Index: ix.Name, Fields: indexFields(ix)})
		}
		return err
	}
	return nil
}

func indexFields(ix store.Index) []string {
	out := make([]string, len(ix.Keys))
	for i, k := range ix.Keys {
		out[i] = k.Field
	}
	return out
}

// specDoc is how a collection's declaration is kept in the meta collection.
type specDoc struct {
	Spec string `bson:"spec"`
}

// recordSpec merges spec with the declaration stored earlier (keeping indexes declared
// then and not now, since they still exist) and stores the result.
func (s *Store) recordSpec(ctx context.Context, spec store.CollectionSpec) (store.CollectionSpec, error) {
	old, err := s.loadSpec(ctx, spec.Name)
	if err != nil && !errors.Is(err, errNoSpec) {
		return spec, err
	}
	spec = spec.KeepingIndexesOf(old)
	js, err := json.Marshal(spec)
	if err != nil {
		return spec, fmt.Errorf("mongo: encode spec of %s: %w", spec.Name, err)
	}
	for attempt := 0; ; attempt++ {
		_, err = s.db.Collection(metaCollection).UpdateOne(ctx,
			bson.D{{Key: "_id", Value: "collection:" + spec.Name}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "spec", Value: string(js)}}}},
			options.UpdateOne().SetUpsert(true))
		// Two instances declaring at once: the loser's upsert meets the winner's _id
		// (MongoDB retries that itself, FerretDB does not).
		if err != nil && s.isDuplicate(err) && attempt < 3 {
			continue
		}
		if err != nil {
			return spec, fmt.Errorf("mongo: record spec of %s: %w", spec.Name, err)
		}
		return spec, nil
	}
}

var errNoSpec = errors.New("mongo: collection was never declared")

func (s *Store) loadSpec(ctx context.Context, name string) (store.CollectionSpec, error) {
	var doc specDoc
	err := s.db.Collection(metaCollection).FindOne(ctx, bson.D{{Key: "_id", Value: "collection:" + name}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return store.CollectionSpec{}, fmt.Errorf("%w: %s", errNoSpec, name)
	}
	if err != nil {
		return store.CollectionSpec{}, fmt.Errorf("mongo: load spec of %s: %w", name, err)
	}
	spec, err := store.DecodeSpec([]byte(doc.Spec))
	if err != nil {
		return spec, fmt.Errorf("mongo: spec of %s: %w", name, err)
	}
	return spec, nil
}

// collSpecFor returns the declaration of a collection: from this process's
// EnsureCollection, or as another instance recorded it.
func (s *Store) collSpecFor(ctx context.Context, name string) (*collSpec, error) {
	s.mu.RLock()
	cs := s.specs[name]
	s.mu.RUnlock()
	if cs != nil {
		return cs, nil
	}
	if err := store.CheckName("collection", name); err != nil {
		return nil, err
	}
	spec, err := s.loadSpec(ctx, name)
	if err != nil {
		return nil, err
	}
	cs = newCollSpec(spec)
	if mongo.SessionFromContext(ctx) == nil { // a transaction's read may roll back
		// Declared by another instance: its unique indexes must be on the server, or
		// the writes they cover are refused until they are.
		if len(cs.uniques) > 0 {
			have, err := s.builtIndexes(ctx, name, cs.uniques)
			if err != nil {
				return nil, fmt.Errorf("mongo: indexes of %s: %w", name, err)
			}
			for _, ix := range cs.uniques {
				if !have[ix.Name] {
					s.setMissing(name, ix.Name, errors.New("declared but not built on the server"))
				}
			}
		}
		s.mu.Lock()
		s.specs[name] = cs
		s.checked[name] = time.Now()
		s.mu.Unlock()
	}
	return cs, nil
}

// isDuplicate reports whether err is a unique index refusing a write. FerretDB v1 reports
// some of those (updates, index builds) as internal errors quoting SQLite's message.
func (s *Store) isDuplicate(err error) bool {
	return mongo.IsDuplicateKeyError(err) ||
		(s.server.ferret && strings.Contains(err.Error(), "UNIQUE constraint failed"))
}

// hasCode reports whether err carries a MongoDB server error code.
func hasCode(err error, code int) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCode(code)
}
