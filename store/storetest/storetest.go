package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/formloom/formloom/store"
)

// Options tell the suite what an engine cannot promise.
type Options struct {
	// NoAtomicConcurrency: concurrent compare-and-set updates of one document may be lost
	// (FerretDB v1). The contention test is skipped.
	NoAtomicConcurrency bool
	// NoTransactions: WithTx does not make writes atomic. The commit/rollback tests are
	// skipped (the test that WithTx still runs fn is not).
	NoTransactions bool
}

// Run runs the whole suite. open must return a fresh, empty store each time it is called;
// the suite closes it when the subtest ends (Close may therefore be called twice if open
// also registers it).
func Run(t *testing.T, open func(t *testing.T) store.Store, opts ...Options) {
	var o Options
	for _, x := range opts {
		o.NoAtomicConcurrency = o.NoAtomicConcurrency || x.NoAtomicConcurrency
		o.NoTransactions = o.NoTransactions || x.NoTransactions
	}
	h := &harness{open: open, opts: o}
	groups := []struct {
		name string
		fn   func(*testing.T, *harness)
	}{
		{"CRUD", testCRUD},
		{"CAS", testCAS},
		{"Operators", testOperators},
		{"OperatorsIndexed", testOperatorsIndexed},
		{"QueryErrors", testQueryErrors},
		{"Sort", testSort},
		{"Paging", testPaging},
		{"Aggregate", testAggregate},
		{"Indexes", testIndexes},
		{"Transactions", testTransactions},
		{"Migrations", testMigrations},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.fn(t, h) })
	}
}

type harness struct {
	open func(t *testing.T) store.Store
	opts Options
}

// store opens a fresh store for one test and closes it at the end.
func (h *harness) store(t *testing.T) store.Store {
	t.Helper()
	s := h.open(t)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// coll opens a fresh store with one ensured collection.
func (h *harness) coll(t *testing.T, spec store.CollectionSpec) (store.Store, store.Collection) {
	t.Helper()
	s := h.store(t)
	if err := s.EnsureCollection(context.Background(), spec); err != nil {
		t.Fatalf("EnsureCollection(%s): %v", spec.Name, err)
	}
	return s, s.Collection(spec.Name)
}

// put inserts a document given as JSON text.
func put(t *testing.T, c store.Collection, id, data string) store.Document {
	t.Helper()
	d, err := c.Insert(context.Background(), store.Document{ID: id, Data: json.RawMessage(data)})
	if err != nil {
		t.Fatalf("Insert %s %s: %v", id, data, err)
	}
	return d
}

func ids(docs []store.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.ID
	}
	return out
}

// findAll pages through every match of f in the given order.
func findAll(t *testing.T, c store.Collection, f store.Filter, sort []store.SortKey, limit int) []store.Document {
	t.Helper()
	var out []store.Document
	after := ""
	for range 10000 {
		p, err := c.Find(context.Background(), store.Query{Filter: f, Sort: sort, Limit: limit, After: after})
		if err != nil {
			t.Fatalf("Find: %v", err)
		}
		out = append(out, p.Docs...)
		if p.Next == "" {
			return out
		}
		if len(p.Docs) == 0 {
			t.Fatalf("Find returned an empty page with a next cursor")
		}
		after = p.Next
	}
	t.Fatalf("Find never ended")
	return nil
}

// matchIDs returns the IDs matching f, sorted.
func matchIDs(t *testing.T, c store.Collection, f store.Filter) []string {
	t.Helper()
	got := ids(findAll(t, c, f, []store.SortKey{{Field: store.PathID}}, store.MaxLimit))
	slices.Sort(got)
	return got
}

// jsonEqual compares two JSON texts by value.
func jsonEqual(t *testing.T, got, want []byte) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("stored data is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("bad test JSON: %v: %s", err, want)
	}
	return reflect.DeepEqual(g, w)
}

func isQueryError(err error) bool {
	var qe *store.QueryError
	return errors.As(err, &qe) && errors.Is(err, store.ErrInvalidQuery)
}

func strs(s ...string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func asQueryError(err error) *store.QueryError {
	var qe *store.QueryError
	errors.As(err, &qe)
	return qe
}
