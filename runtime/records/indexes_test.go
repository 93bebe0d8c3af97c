package records_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
)

// countingStore counts the declarations of form indexes on the records collection (the
// collection's own declaration at start has none of a form's partial indexes), and makes
// each take a moment, as a build over many stored records does.
type countingStore struct {
	store.Store
	builds atomic.Int32
}

func (c *countingStore) EnsureCollection(ctx context.Context, spec store.CollectionSpec) error {
	if spec.Name == "records" {
		for _, ix := range spec.Indexes {
			if ix.Unique && strings.HasPrefix(ix.Name, "u_") {
				c.builds.Add(1)
				time.Sleep(20 * time.Millisecond)
				break
			}
		}
	}
	return c.Store.EnsureCollection(ctx, spec)
}

// counted is the shop's records service over a store that counts form index builds.
func counted(t *testing.T) (*shop, *countingStore) {
	t.Helper()
	s := newShop(t)
	cs := &countingStore{Store: s.st}
	s.recs = records.New(cs, s.apps, s.people, records.Options{Access: fieldRules{}, Logger: s.log})
	return s, cs
}

func TestFirstWritesOfAFormArrivingTogetherBuildItsIndexesOnce(t *testing.T) {
	s, cs := counted(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.recs.Create(s.ctx, s.ref("ann"), json.RawMessage(fmt.Sprintf(`{"title":"t%d","code":"c%d"}`, i, i)))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := cs.builds.Load(); n != 1 {
		t.Fatalf("the form's indexes were declared %d times by 20 first creates; want once", n)
	}
	// The unique index is in place: a second record with a code already taken is refused.
	if _, err := s.recs.Create(s.ctx, s.ref("ann"), json.RawMessage(`{"title":"dup","code":"c3"}`)); err == nil {
		t.Fatal("a duplicate code was accepted")
	}
}

func TestPrepareFormsBuildsAFormsIndexesBeforeItsFirstWrite(t *testing.T) {
	s, cs := counted(t)
	if err := s.recs.PrepareForms(s.ctx, s.ids["ann"], s.ws, s.app); err != nil {
		t.Fatal(err)
	}
	if n := cs.builds.Load(); n != 1 {
		t.Fatalf("PrepareForms declared the form's indexes %d times; want once", n)
	}
	s.create("ann", `{"title":"a","code":"x"}`)
	if n := cs.builds.Load(); n != 1 {
		t.Fatalf("the first create declared them again (%d declarations)", n)
	}
	if _, err := s.recs.Create(s.ctx, s.ref("ann"), json.RawMessage(`{"title":"b","code":"x"}`)); err == nil {
		t.Fatal("a duplicate code was accepted")
	}
	// Someone outside the workspace prepares nothing.
	if err := s.recs.PrepareForms(s.ctx, "nobody", s.ws, s.app); err == nil {
		t.Fatal("PrepareForms answered a stranger")
	}
}
