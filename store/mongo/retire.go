package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/formloom/formloom/store"
)

// retire takes the indexes spec retires out of force: this instance stops declaring them
// first (so that its writes no longer claim their keys), then a built index of that name
// is dropped and the keys and completeness marker of a rule still declared (here or in the
// stored declaration) are removed. Other instances
// stop enforcing a retired rule when they declare the collection again (the records
// service does on the form's next version) or load its declaration anew.
func (s *Store) retire(ctx context.Context, coll *mongo.Collection, spec store.CollectionSpec, existing map[string]bool) error {
	stored, err := s.loadSpec(ctx, spec.Name)
	if err != nil && !errors.Is(err, errNoSpec) {
		return err
	}
	declared := map[string]bool{}
	for _, ix := range stored.Indexes {
		declared[ix.Name] = true
	}
	s.mu.Lock()
	base := stored
	if old := s.specs[spec.Name]; old != nil {
		base = old.spec
		for _, ix := range old.spec.Indexes {
			declared[ix.Name] = true
		}
	}
	base.Name = spec.Name
	s.specs[spec.Name] = newCollSpec(spec.KeepingIndexesOf(base))
	s.mu.Unlock()
	var errs []error
	for _, name := range spec.Retire {
		s.setMissing(spec.Name, name, nil)
		if existing[name] {
			if err := coll.Indexes().DropOne(ctx, name); err != nil && !hasCode(err, codeIndexNotFound) {
				errs = append(errs, fmt.Errorf("mongo: drop retired index %s of %s: %w", name, spec.Name, err))
			}
		}
		if !declared[name] {
			continue // retired before, or never a rule: no keys to remove
		}
		if err := s.clearKeyed(ctx, spec.Name, name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
