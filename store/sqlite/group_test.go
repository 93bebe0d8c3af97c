package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// groupStore opens a store with a collection "g" whose field "u" is unique.
func groupStore(t *testing.T) (*sqlite.Store, store.Collection) {
	t.Helper()
	s := openTemp(t)
	err := s.EnsureCollection(context.Background(), store.CollectionSpec{Name: "g", Indexes: []store.Index{
		{Name: "u", Keys: []store.SortKey{{Field: "u"}}, Unique: true}}})
	if err != nil {
		t.Fatal(err)
	}
	return s, s.Collection("g")
}

var errRefused = errors.New("refused by the caller")

// TestGroupCommitFailedMemberFailsAlone: 64 callers at once, each writing two documents in
// one transaction; every fourth fails after its writes (an error of its own, a unique
// violation, a panic, or a context that ended). The others' writes are all stored, theirs
// none, and the writer committed fewer times than it ran transactions (they were grouped).
func TestGroupCommitFailedMemberFailsAlone(t *testing.T) {
	s, c := groupStore(t)
	if _, err := c.Insert(context.Background(), store.Document{ID: "taken", Data: json.RawMessage(`{"u":"taken"}`)}); err != nil {
		t.Fatal(err)
	}
	before := s.Stats()
	const n = 64
	errs := make([]error, n)
	var wg sync.WaitGroup
	var start sync.WaitGroup
	start.Add(1)
	// A first transaction holds the writer until every caller has had time to queue behind
	// it, so that they run as groups however busy the machine is.
	release := make(chan struct{})
	blocked := make(chan error, 1)
	go func() {
		blocked <- s.WithTx(context.Background(), func(ctx context.Context) error {
			_, err := c.Insert(ctx, store.Document{ID: "first", Data: json.RawMessage(`{"u":"first"}`)})
			<-release
			return err
		})
	}()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("panicked: %v", r)
				}
			}()
			errs[i] = s.WithTx(ctx, func(ctx context.Context) error {
				for k := range 2 {
					if _, err := c.Insert(ctx, store.Document{ID: fmt.Sprintf("d%02d_%d", i, k), Data: fmt.Appendf(nil, `{"u":"u%02d_%d"}`, i, k)}); err != nil {
						return err
					}
				}
				switch i % 16 {
				case 3:
					return errRefused
				case 7:
					_, err := c.Insert(ctx, store.Document{Data: json.RawMessage(`{"u":"taken"}`)})
					return err
				case 11:
					panic("member panics")
				case 15:
					cancel()
					if _, err := c.Insert(ctx, store.Document{ID: fmt.Sprintf("d%02d_x", i), Data: fmt.Appendf(nil, `{"u":"u%02d_x"}`, i)}); err != nil {
						return err
					}
					return ctx.Err()
				}
				return nil
			})
		}()
	}
	start.Done()
	time.Sleep(300 * time.Millisecond)
	close(release)
	wg.Wait()
	if err := <-blocked; err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range n {
		fails := i%4 == 3
		switch {
		case fails && errs[i] == nil:
			t.Errorf("caller %d should have failed", i)
		case !fails && errs[i] != nil:
			t.Errorf("caller %d failed with its neighbours: %v", i, errs[i])
		}
		for k := range 2 {
			_, err := c.Get(ctx, fmt.Sprintf("d%02d_%d", i, k))
			if fails && !errors.Is(err, store.ErrNotFound) {
				t.Errorf("failed caller %d left document %d behind (%v)", i, k, err)
			}
			if !fails && err != nil {
				t.Errorf("caller %d's acknowledged document %d is missing: %v", i, k, err)
			}
		}
	}
	var dup *store.DuplicateError
	if !errors.As(errs[7], &dup) {
		t.Errorf("caller 7 should fail with its own duplicate error, got %v", errs[7])
	}
	if !errors.Is(errs[3], errRefused) {
		t.Errorf("caller 3 should fail with its own error, got %v", errs[3])
	}
	if !errors.Is(errs[15], context.Canceled) {
		t.Errorf("caller 15 should fail with its context's error, got %v", errs[15])
	}
	if n, err := c.Count(ctx, store.Filter{}); err != nil || n != 2+48*2 {
		t.Errorf("stored %d documents (%v), want %d", n, err, 2+48*2)
	}
	st := s.Stats()
	txs, commits := st.Transactions-before.Transactions, st.Commits-before.Commits
	if txs != 49 {
		t.Errorf("%d transactions committed, want 49", txs)
	}
	if commits >= txs {
		t.Errorf("%d transactions took %d commits: nothing was grouped", txs, commits)
	}
	t.Logf("%d transactions in %d commits", txs, commits)
}

// TestGroupCommitKeepsOrder: callers racing on one document with compare-and-set lose no
// change, and a member sees the writes of the members before it in its group.
func TestGroupCommitKeepsOrder(t *testing.T) {
	s, c := groupStore(t)
	ctx := context.Background()
	d, err := c.Insert(ctx, store.Document{ID: "r", Data: json.RawMessage(`{"u":"r","events":[]}`)})
	if err != nil {
		t.Fatal(err)
	}
	_ = d
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				err := s.WithTx(ctx, func(ctx context.Context) error {
					cur, err := c.Get(ctx, "r")
					if err != nil {
						return err
					}
					var v struct {
						U      string `json:"u"`
						Events []int  `json:"events"`
					}
					if err := json.Unmarshal(cur.Data, &v); err != nil {
						return err
					}
					v.Events = append(v.Events, i)
					cur.Data, _ = json.Marshal(v)
					_, err = c.Update(ctx, cur)
					return err
				})
				if errors.Is(err, store.ErrVersionConflict) {
					continue
				}
				if err != nil {
					t.Error(err)
				}
				return
			}
		}()
	}
	wg.Wait()
	got, err := c.Get(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	var v struct{ Events []int }
	if err := json.Unmarshal(got.Data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Events) != n || got.Version != n+1 {
		t.Fatalf("%d events at version %d, want %d at %d", len(v.Events), got.Version, n, n+1)
	}
	seen := map[int]bool{}
	for _, e := range v.Events {
		if seen[e] {
			t.Fatalf("event %d twice: %v", e, v.Events)
		}
		seen[e] = true
	}
}

// BenchmarkGroupCommit: 50 goroutines each run transactions of two inserts (a record and
// its timeline entry), as concurrent creates do. It reports transactions per second and
// how many transactions one commit carried on average.
// Run: go test ./store/sqlite/ -run '^$' -bench GroupCommit -benchtime 20000x
func BenchmarkGroupCommit(b *testing.B) {
	s := openTemp(b)
	ctx := context.Background()
	if err := s.EnsureCollection(ctx, leadSpec); err != nil {
		b.Fatal(err)
	}
	if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "history"}); err != nil {
		b.Fatal(err)
	}
	c, h := s.Collection("records"), s.Collection("history")
	var n atomic.Int64
	before := s.Stats()
	b.SetParallelism(25) // 25 × 2 cores = 50 goroutines
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(n.Add(1))
			err := s.WithTx(ctx, func(ctx context.Context) error {
				d, err := c.Insert(ctx, store.Document{Data: leadDoc(i)})
				if err != nil {
					return err
				}
				_, err = h.Insert(ctx, store.Document{Data: fmt.Appendf(nil, `{"record":%q,"action":"created"}`, d.ID)})
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	st := s.Stats()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "tx/s")
	b.ReportMetric(float64(st.Transactions-before.Transactions)/float64(max(1, st.Commits-before.Commits)), "tx/commit")
}

// TestLosingCompareAndSetSeesTheWinnerOnItsRetry: two counters are raised by read,
// change, compare-and-set loops while other writers keep the writer busy. A caller that
// loses reads again from the read pool; its retry must see the write it lost to, even
// while the group that holds that write has other callers waiting. Each loop is allowed
// few tries, as a step of a pipeline allows a bounded number.
func TestLosingCompareAndSetSeesTheWinnerOnItsRetry(t *testing.T) {
	_, c := groupStore(t)
	ctx := context.Background()
	if _, err := c.Insert(ctx, store.Document{ID: "n", Data: json.RawMessage(`{"n":0}`)}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var busy sync.WaitGroup
	for w := range 3 {
		busy.Add(1)
		go func() {
			defer busy.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				d := store.Document{ID: fmt.Sprintf("busy-%d-%d", w, i), Data: json.RawMessage(`{}`)}
				if _, err := c.Insert(ctx, d); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	const raisers, each, tries = 2, 150, 8
	var wg sync.WaitGroup
	for range raisers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				for try := 0; ; try++ {
					d, err := c.Get(ctx, "n")
					if err != nil {
						t.Error(err)
						return
					}
					var v struct{ N int }
					if err := json.Unmarshal(d.Data, &v); err != nil {
						t.Error(err)
						return
					}
					d.Data = json.RawMessage(fmt.Sprintf(`{"n":%d}`, v.N+1))
					_, err = c.Update(ctx, d)
					if err == nil {
						break
					}
					if !errors.Is(err, store.ErrVersionConflict) || try+1 == tries {
						t.Errorf("raise lost %d times in a row: %v", try+1, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	busy.Wait()
	d, err := c.Get(ctx, "n")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(`{"n":%d}`, raisers*each); string(d.Data) != want {
		t.Fatalf("counter = %s, want %s", d.Data, want)
	}
}
