package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/formloom/formloom/store"
)

func dupOf(t *testing.T, err error, coll, index string, fields ...string) {
	t.Helper()
	var de *store.DuplicateError
	if !errors.As(err, &de) || !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("got %v, want a *store.DuplicateError", err)
	}
	if de.Collection != coll || de.Index != index || !slices.Equal(de.Fields, fields) {
		t.Fatalf("DuplicateError = %+v, want collection %s index %s fields %v", de, coll, index, fields)
	}
}

func testIndexes(t *testing.T, h *harness) {
	ctx := context.Background()
	users := store.CollectionSpec{Name: "users", Indexes: []store.Index{
		{Name: "email_unique", Keys: []store.SortKey{{Field: "email"}}, Unique: true},
		{Name: "ws_login", Keys: []store.SortKey{{Field: "ws"}, {Field: "login"}}, Unique: true},
		{Name: "by_status", Keys: []store.SortKey{{Field: "status"}, {Field: store.PathCreated, Desc: true}}},
	}}

	t.Run("Unique", func(t *testing.T) {
		_, c := h.coll(t, users)
		put(t, c, "u1", `{"email":"a@x.cn","ws":"w1","login":"li","status":"active"}`)
		_, err := c.Insert(ctx, store.Document{ID: "u2", Data: json.RawMessage(`{"email":"a@x.cn","ws":"w2","login":"li"}`)})
		dupOf(t, err, "users", "email_unique", "email")
		if _, err := c.Get(ctx, "u2"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the refused document was stored: %v", err)
		}
		// Compound: the same login in another workspace is fine, in the same one is not.
		put(t, c, "u3", `{"email":"b@x.cn","ws":"w2","login":"li"}`)
		_, err = c.Insert(ctx, store.Document{ID: "u4", Data: json.RawMessage(`{"email":"c@x.cn","ws":"w1","login":"li"}`)})
		dupOf(t, err, "users", "ws_login", "ws", "login")
		// An update into a taken value is refused and changes nothing.
		d, _ := c.Get(ctx, "u3")
		d.Data = json.RawMessage(`{"email":"a@x.cn","ws":"w2","login":"li"}`)
		_, err = c.Update(ctx, d)
		dupOf(t, err, "users", "email_unique", "email")
		got, _ := c.Get(ctx, "u3")
		if got.Version != 1 || !jsonEqual(t, got.Data, []byte(`{"email":"b@x.cn","ws":"w2","login":"li"}`)) {
			t.Fatalf("the refused update changed u3: v%d %s", got.Version, got.Data)
		}
		// Freeing the value by deleting the holder lets it be used again.
		if err := c.Delete(ctx, "u1", 0); err != nil {
			t.Fatal(err)
		}
		put(t, c, "u5", `{"email":"a@x.cn","ws":"w1","login":"li"}`)
	})

	t.Run("Partial", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "members", Indexes: []store.Index{
			{Name: "active_email", Keys: []store.SortKey{{Field: "email"}}, Unique: true, Partial: store.Eq("active", true)},
			{Name: "code_unique", Keys: []store.SortKey{{Field: "code"}}, Unique: true, Partial: store.Cmp("code", store.OpExists, true)},
		}})
		put(t, c, "m1", `{"email":"a@x.cn","active":false}`)
		put(t, c, "m2", `{"email":"a@x.cn","active":false}`)
		put(t, c, "m3", `{"email":"a@x.cn","active":true}`)
		_, err := c.Insert(ctx, store.Document{ID: "m4", Data: json.RawMessage(`{"email":"a@x.cn","active":true}`)})
		dupOf(t, err, "members", "active_email", "email")
		// Documents without a code never conflict; two with the same code do.
		put(t, c, "m5", `{"email":"b@x.cn","code":"X1"}`)
		_, err = c.Insert(ctx, store.Document{ID: "m6", Data: json.RawMessage(`{"email":"c@x.cn","code":"X1"}`)})
		dupOf(t, err, "members", "code_unique", "code")
	})

	t.Run("PartialValuesCompare", func(t *testing.T) {
		// Values under a unique rule compare alike on every engine: numbers by value,
		// strings exactly, null never reserved.
		_, c := h.coll(t, store.CollectionSpec{Name: "codes", Indexes: []store.Index{
			{Name: "live_code", Keys: []store.SortKey{{Field: "code"}}, Unique: true, Partial: store.Eq("live", true)},
		}})
		put(t, c, "n1", `{"code":1,"live":true}`)
		_, err := c.Insert(ctx, store.Document{ID: "n2", Data: json.RawMessage(`{"code":1.0,"live":true}`)})
		dupOf(t, err, "codes", "live_code", "code")
		put(t, c, "s1", `{"code":"1","live":true}`)
		put(t, c, "s2", `{"code":"a","live":true}`)
		put(t, c, "s3", `{"code":"A","live":true}`)
		put(t, c, "z1", `{"code":null,"live":true}`)
		put(t, c, "z2", `{"code":null,"live":true}`)
		_, err = c.Insert(ctx, store.Document{ID: "s4", Data: json.RawMessage(`{"code":"a","live":true}`)})
		dupOf(t, err, "codes", "live_code", "code")
	})

	t.Run("EnsureIsIdempotent", func(t *testing.T) {
		s, c := h.coll(t, users)
		put(t, c, "u1", `{"email":"a@x.cn"}`)
		if err := s.EnsureCollection(ctx, users); err != nil {
			t.Fatalf("second EnsureCollection: %v", err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.EnsureCollection(ctx, users)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("concurrent EnsureCollection: %v", err)
			}
		}
		if _, err := c.Get(ctx, "u1"); err != nil {
			t.Fatalf("EnsureCollection lost data: %v", err)
		}
		_, err := c.Insert(ctx, store.Document{Data: json.RawMessage(`{"email":"a@x.cn"}`)})
		dupOf(t, err, "users", "email_unique", "email")
	})

	t.Run("AddIndexLater", func(t *testing.T) {
		s, c := h.coll(t, store.CollectionSpec{Name: "tags"})
		put(t, c, "t1", `{"label":"x"}`)
		put(t, c, "t2", `{"label":"x"}`)
		put(t, c, "t3", `{"label":"y"}`)
		err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "tags", Indexes: []store.Index{
			{Name: "label_unique", Keys: []store.SortKey{{Field: "label"}}, Unique: true}}})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("a unique index over duplicates = %v, want ErrDuplicate", err)
		}
		if err := c.Delete(ctx, "t2", 0); err != nil {
			t.Fatal(err)
		}
		if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "tags", Indexes: []store.Index{
			{Name: "label_unique", Keys: []store.SortKey{{Field: "label"}}, Unique: true}}}); err != nil {
			t.Fatalf("EnsureCollection after removing the duplicate: %v", err)
		}
		_, err = c.Insert(ctx, store.Document{Data: json.RawMessage(`{"label":"y"}`)})
		dupOf(t, err, "tags", "label_unique", "label")
		if got := matchIDs(t, c, store.Eq("label", "x")); !equal(got, strs("t1")) {
			t.Fatalf("query on the new index = %v, want [t1]", got)
		}
	})

	t.Run("BadSpecs", func(t *testing.T) {
		s := h.store(t)
		for name, spec := range map[string]store.CollectionSpec{
			"no keys":       {Name: "x", Indexes: []store.Index{{Name: "i"}}},
			"bad path":      {Name: "x", Indexes: []store.Index{{Name: "i", Keys: []store.SortKey{{Field: "$a"}}}}},
			"bad name":      {Name: "x", Indexes: []store.Index{{Name: "I-1", Keys: []store.SortKey{{Field: "a"}}}}},
			"twice":         {Name: "x", Indexes: []store.Index{{Name: "i", Keys: []store.SortKey{{Field: "a"}}}, {Name: "i", Keys: []store.SortKey{{Field: "b"}}}}},
			"partial range": {Name: "x", Indexes: []store.Index{{Name: "i", Keys: []store.SortKey{{Field: "a"}}, Unique: true, Partial: store.Cmp("b", store.OpGt, 1)}}},
			"partial or":    {Name: "x", Indexes: []store.Index{{Name: "i", Keys: []store.SortKey{{Field: "a"}}, Unique: true, Partial: store.Or(store.Eq("b", 1), store.Eq("c", 1))}}},
		} {
			if err := s.EnsureCollection(ctx, spec); err == nil {
				t.Errorf("%s: EnsureCollection succeeded, want an error", name)
			}
		}
	})
}
