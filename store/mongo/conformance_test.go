package mongo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
	"github.com/formloom/formloom/store/storetest"
)

// TestConformance runs the engine-independent suite. On FerretDB v1 the checks that need
// atomic concurrent updates or transactions are skipped by the suite itself; on a real
// MongoDB (FORMLOOM_TEST_MONGODB_URI) transactions are checked when it is a replica set.
//
// FerretDB v1 also lacks partial indexes and most of the aggregation language ($cond,
// $isNumber, $avg, $min, $max, $switch, date operators; and a $group feeds only its first
// accumulator). The engine reports those as mongo.ErrUnsupported, and on FerretDB such a
// report skips the check that asked for it (TestAggregate covers what FerretDB can run).
// On MongoDB nothing is skipped that way.
func TestConformance(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		probe := openStore(t, srv)
		open := func(t *testing.T) store.Store {
			s := openStore(t, srv)
			if srv.ferret {
				return skipUnsupported{Store: s, t: t}
			}
			return s
		}
		storetest.Run(t, open, storetest.Options{
			NoAtomicConcurrency: srv.ferret,
			NoTransactions:      !probe.Capabilities().Transactions,
		})
	})
}

// skipUnsupported skips the running check when the server reports that it cannot do
// what the check asks (FerretDB only).
type skipUnsupported struct {
	store.Store
	t *testing.T
}

func (s skipUnsupported) skip(err error) error {
	if errors.Is(err, mongo.ErrUnsupported) {
		s.t.Skipf("runs on MongoDB only: %v", err)
	}
	return err
}

func (s skipUnsupported) EnsureCollection(ctx context.Context, spec store.CollectionSpec) error {
	return s.skip(s.Store.EnsureCollection(ctx, spec))
}

func (s skipUnsupported) Collection(name string) store.Collection {
	return skipUnsupportedColl{Collection: s.Store.Collection(name), s: s}
}

type skipUnsupportedColl struct {
	store.Collection
	s skipUnsupported
}

func (c skipUnsupportedColl) Aggregate(ctx context.Context, a store.Aggregation) ([]store.Group, error) {
	g, err := c.Collection.Aggregate(ctx, a)
	return g, c.s.skip(err)
}
