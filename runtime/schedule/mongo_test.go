package schedule_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/store/mongo/ferrettest"

	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// TestTwoInstancesOnMongo runs the exactly-once check through store/mongo: on a real
// MongoDB when FORMLOOM_TEST_MONGODB_URI is set, else on FerretDB v1 started in this
// process. FerretDB has no transactions and does not make compare-and-set atomic (two
// concurrent updates guarded by the same version can both succeed), so there the test
// only reports what it sees (runs of an item already fired show up as duplicates); the
// exactly-once assertions apply on MongoDB.
func TestTwoInstancesOnMongo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a database server")
	}
	uri, ferret := os.Getenv("FORMLOOM_TEST_MONGODB_URI"), false
	ctx := context.Background()
	if uri == "" {
		ferret = true
		uri = ferrettest.New(t)
	}
	db := fmt.Sprintf("schedule_%d", time.Now().UnixNano())
	open := func() store.Store {
		st, err := mongo.Open(ctx, mongo.Options{URI: uri, Database: db, Logger: quiet()})
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		for _, spec := range append(schedule.Collections(), firedSpec) {
			if err := st.EnsureCollection(ctx, spec); err != nil {
				t.Fatalf("ensure %s: %v", spec.Name, err)
			}
		}
		return st
	}
	stA, stB := open(), open()
	defer stA.Close()
	defer stB.Close()
	clk := newClock()
	a := schedule.New(stA, schedule.Options{Instance: "a", Now: clk.Now, Logger: quiet()})
	b := schedule.New(stB, schedule.Options{Instance: "b", Now: clk.Now, Logger: quiet()})
	var fired, dups atomic.Int64
	a.Handle("tick", fire(stA, &fired, &dups))
	b.Handle("tick", fire(stB, &fired, &dups))
	n := 1000
	if ferret {
		n = 200 // FerretDB scans the collection for every claim query: keep it short
	}
	enqueueN(t, a, n, "tick", clk.Now())

	var wg sync.WaitGroup
	for _, s := range []*schedule.Scheduler{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			drain(t, s)
		}()
	}
	wg.Wait()
	clk.Advance(time.Hour)
	drain(t, a)

	docs := count(t, stA, "fired")
	left := count(t, stA, schedule.Collection)
	t.Logf("%s: %d fired documents, %d runs hit an already fired item, %d items left",
		map[bool]string{true: "ferretdb", false: "mongodb"}[ferret], docs, dups.Load(), left)
	if ferret {
		return
	}
	if docs != int64(n) || dups.Load() != 0 || left != 0 {
		t.Errorf("fired %d, duplicates %d, left %d; want %d, 0, 0", docs, dups.Load(), left, n)
	}
}
