package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/formloom/formloom/store"
)

type counter struct {
	N int `json:"n"`
}

func testCAS(t *testing.T, h *harness) {
	ctx := context.Background()

	t.Run("LoserIsTold", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "counters"})
		put(t, c, "k", `{"n":0}`)
		a, _ := c.Get(ctx, "k")
		b, _ := c.Get(ctx, "k")
		a.Data = json.RawMessage(`{"n":1}`)
		b.Data = json.RawMessage(`{"n":100}`)
		if _, err := c.Update(ctx, a); err != nil {
			t.Fatalf("first Update: %v", err)
		}
		if _, err := c.Update(ctx, b); !errors.Is(err, store.ErrVersionConflict) {
			t.Fatalf("second Update from the same version = %v, want ErrVersionConflict", err)
		}
		got, _ := c.Get(ctx, "k")
		if !jsonEqual(t, got.Data, []byte(`{"n":1}`)) || got.Version != 2 {
			t.Fatalf("document = v%d %s, want v2 {\"n\":1}", got.Version, got.Data)
		}
	})

	t.Run("Replace", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "counters"})
		put(t, c, "k", `{"n":0}`)
		if _, err := c.Update(ctx, store.Document{ID: "k", Version: 1, Data: json.RawMessage(`{"n":1}`)}); err != nil {
			t.Fatal(err)
		}
		// Whatever version is stored (2 here), Replace writes over it.
		out, err := store.Replace(ctx, c, store.Document{ID: "k", Data: json.RawMessage(`{"n":7}`)})
		if err != nil || out.Version != 3 {
			t.Fatalf("Replace = v%d, %v; want v3", out.Version, err)
		}
		got, _ := c.Get(ctx, "k")
		if !jsonEqual(t, got.Data, []byte(`{"n":7}`)) || got.Version != 3 {
			t.Fatalf("document = v%d %s, want v3 {\"n\":7}", got.Version, got.Data)
		}
		if _, err := store.Replace(ctx, c, store.Document{ID: "gone", Data: json.RawMessage(`{"n":1}`)}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Replace of a missing document = %v, want ErrNotFound", err)
		}
		if _, err := c.Get(ctx, "gone"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Replace of a missing document created it: %v", err)
		}
	})

	t.Run("InsertAt", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "counters"})
		out, err := store.InsertAt(ctx, c, store.Document{ID: "k", Data: json.RawMessage(`{"n":5}`)}, 2)
		if err != nil || out.Version != 2 {
			t.Fatalf("InsertAt = v%d, %v; want v2", out.Version, err)
		}
		got, _ := c.Get(ctx, "k")
		if !jsonEqual(t, got.Data, []byte(`{"n":5}`)) || got.Version != 2 {
			t.Fatalf("document = v%d %s, want v2 {\"n\":5}", got.Version, got.Data)
		}
		// It is an insert: a taken ID is refused, and the next update moves it on from there.
		if _, err := store.InsertAt(ctx, c, store.Document{ID: "k", Data: json.RawMessage(`{"n":6}`)}, 2); !errors.Is(err, store.ErrExists) {
			t.Fatalf("InsertAt of a taken ID = %v, want ErrExists", err)
		}
		got.Data = json.RawMessage(`{"n":6}`)
		if out, err := c.Update(ctx, got); err != nil || out.Version != 3 {
			t.Fatalf("Update after InsertAt = v%d, %v; want v3", out.Version, err)
		}
	})

	t.Run("Increment", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "counters"})
		first := store.Document{Data: json.RawMessage(`{"n":1,"form":"f"}`)}
		for want := int64(1); want <= 3; want++ {
			n, err := store.Increment(ctx, c, "seq", "n", first)
			if err != nil || n != want {
				t.Fatalf("Increment = %d, %v; want %d", n, err, want)
			}
		}
		got, err := c.Get(ctx, "seq")
		if err != nil {
			t.Fatal(err)
		}
		// The other fields stay; the version moves with every increment, as an update's.
		if !jsonEqual(t, got.Data, []byte(`{"n":3,"form":"f"}`)) || got.Version != 3 {
			t.Fatalf("document = v%d %s, want v3 {\"n\":3,\"form\":\"f\"}", got.Version, got.Data)
		}
		if _, err := store.Increment(ctx, c, "seq", "n') OR 1", first); err == nil {
			t.Fatal("Increment took a field name that is not a plain name")
		}
		// A stored document without the field counts it from 0, on every engine.
		if _, err := c.Insert(ctx, store.Document{ID: "bare", Data: json.RawMessage(`{"form":"g"}`)}); err != nil {
			t.Fatal(err)
		}
		if n, err := store.Increment(ctx, c, "bare", "n", first); err != nil || n != 1 {
			t.Fatalf("Increment of a document without the field = %d, %v; want 1", n, err)
		}
		if h.opts.NoAtomicConcurrency {
			return
		}
		// Concurrent callers never get the same number, and none is skipped.
		const workers, each = 20, 10
		seen := make(chan int64, workers*each)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					n, err := store.Increment(ctx, c, "race", "n", first)
					if err != nil {
						t.Error(err)
						return
					}
					seen <- n
				}
			}()
		}
		wg.Wait()
		close(seen)
		got1 := map[int64]bool{}
		for n := range seen {
			if got1[n] {
				t.Fatalf("number %d taken twice", n)
			}
			got1[n] = true
		}
		for n := int64(1); n <= workers*each; n++ {
			if !got1[n] {
				t.Fatalf("number %d never taken (of %d)", n, workers*each)
			}
		}
	})

	t.Run("Put", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "counters"})
		put(t, c, "k", `{"n":0}`)
		if _, err := c.Update(ctx, store.Document{ID: "k", Version: 1, Data: json.RawMessage(`{"n":1}`)}); err != nil {
			t.Fatal(err)
		}
		before, _ := c.Get(ctx, "k")
		// One call writes over "k" whatever its version and inserts "new" and "other".
		err := store.Put(ctx, c,
			store.Document{ID: "k", Data: json.RawMessage(`{"n":7}`)},
			store.Document{ID: "new", Data: json.RawMessage(`{"n":8}`)},
			store.Document{ID: "other", Data: json.RawMessage(`{"n":9}`)})
		if err != nil {
			t.Fatalf("Put: %v", err)
		}
		for id, want := range map[string]struct {
			data    string
			version int64
		}{"k": {`{"n":7}`, 3}, "new": {`{"n":8}`, 1}, "other": {`{"n":9}`, 1}} {
			got, err := c.Get(ctx, id)
			if err != nil || !jsonEqual(t, got.Data, []byte(want.data)) || got.Version != want.version {
				t.Fatalf("%s = v%d %s, %v; want v%d %s", id, got.Version, got.Data, err, want.version, want.data)
			}
		}
		if got, _ := c.Get(ctx, "k"); !got.Created.Equal(before.Created) {
			t.Errorf("Put moved the creation time: %v, was %v", got.Created, before.Created)
		}
		if err := store.Put(ctx, c); err != nil {
			t.Errorf("Put of nothing: %v", err)
		}
	})

	t.Run("InsertAll", func(t *testing.T) {
		s, c := h.coll(t, store.CollectionSpec{Name: "counters"})
		ins, ok := c.(store.Inserter)
		if !ok {
			t.Skip("engine inserts one document at a time")
		}
		put(t, c, "k", `{"n":0}`)
		// An ID taken: nothing is inserted, and the transaction goes on.
		err := s.WithTx(ctx, func(ctx context.Context) error {
			err := ins.InsertAll(ctx, store.Document{ID: "a", Data: json.RawMessage(`{"n":1}`)}, store.Document{ID: "k", Data: json.RawMessage(`{"n":2}`)})
			if !errors.Is(err, store.ErrExists) {
				t.Errorf("InsertAll over a taken ID = %v, want ErrExists", err)
			}
			return ins.InsertAll(ctx, store.Document{ID: "b", Data: json.RawMessage(`{"n":3}`)}, store.Document{ID: "c", Data: json.RawMessage(`{"n":4}`)})
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a of the refused InsertAll stored: %v", err)
		}
		if got, _ := c.Get(ctx, "k"); !jsonEqual(t, got.Data, []byte(`{"n":0}`)) || got.Version != 1 {
			t.Errorf("k = v%d %s, want v1 {\"n\":0}", got.Version, got.Data)
		}
		for id, want := range map[string]string{"b": `{"n":3}`, "c": `{"n":4}`} {
			if got, err := c.Get(ctx, id); err != nil || !jsonEqual(t, got.Data, []byte(want)) || got.Version != 1 {
				t.Errorf("%s = v%d %s, %v; want v1 %s", id, got.Version, got.Data, err, want)
			}
		}
	})

	t.Run("Contention", func(t *testing.T) {
		if h.opts.NoAtomicConcurrency {
			t.Skip("engine loses concurrent updates (FerretDB v1); runs on SQLite and real MongoDB")
		}
		_, c := h.coll(t, store.CollectionSpec{Name: "counters"})
		put(t, c, "k", `{"n":0}`)
		const workers, each = 50, 20
		var wg sync.WaitGroup
		var conflicts, wins atomic.Int64
		errs := make(chan error, workers)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for done := 0; done < each; {
					d, err := c.Get(ctx, "k")
					if err != nil {
						errs <- err
						return
					}
					v, err := store.Decode[counter](d)
					if err != nil {
						errs <- err
						return
					}
					v.N++
					d.Data, _ = json.Marshal(v)
					_, err = c.Update(ctx, d)
					switch {
					case err == nil:
						done++
						wins.Add(1)
					case errors.Is(err, store.ErrVersionConflict):
						conflicts.Add(1)
					default:
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("a loser got %v, want ErrVersionConflict", err)
		}
		got, err := c.Get(ctx, "k")
		if err != nil {
			t.Fatal(err)
		}
		v, _ := store.Decode[counter](got)
		if v.N != workers*each || got.Version != workers*each+1 || wins.Load() != workers*each {
			t.Fatalf("counter = %d at version %d after %d wins, want %d at version %d", v.N, got.Version, wins.Load(), workers*each, workers*each+1)
		}
		t.Logf("%d increments, %d conflicts reported", wins.Load(), conflicts.Load())
	})
}
