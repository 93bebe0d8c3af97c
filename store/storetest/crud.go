package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
)

func testCRUD(t *testing.T, h *harness) {
	ctx := context.Background()

	t.Run("InsertGet", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "notes"})
		data := `{"title":"会议纪要","n":42,"ratio":0.25,"ok":true,"none":null,"tags":["a","b"],"owner":{"name":"张三","depts":[1,2]}}`
		d := put(t, c, "n1", data)
		if d.ID != "n1" || d.Version != 1 {
			t.Fatalf("Insert returned id %q version %d, want n1 1", d.ID, d.Version)
		}
		if !d.Created.Equal(d.Updated) || d.Created.IsZero() {
			t.Fatalf("Insert: created %v and updated %v must be equal and set", d.Created, d.Updated)
		}
		if !d.Created.Equal(d.Created.Truncate(time.Millisecond)) {
			t.Fatalf("Insert: created %v is not at millisecond precision", d.Created)
		}
		got, err := c.Get(ctx, "n1")
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got.ID != "n1" || got.Version != 1 || !got.Created.Equal(d.Created) || !got.Updated.Equal(d.Updated) {
			t.Fatalf("Get returned %+v, want the inserted document %+v", got, d)
		}
		if !jsonEqual(t, got.Data, []byte(data)) {
			t.Fatalf("Get data = %s, want %s", got.Data, data)
		}
		if _, err := c.Get(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get(missing) = %v, want ErrNotFound", err)
		}
	})

	t.Run("GeneratedID", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "notes"})
		d, err := c.Insert(ctx, store.Document{Data: json.RawMessage(`{"a":1}`)})
		if err != nil {
			t.Fatalf("Insert: %v", err)
		}
		if len(d.ID) != 20 {
			t.Fatalf("generated ID %q, want 20 characters", d.ID)
		}
		if _, err := c.Get(ctx, d.ID); err != nil {
			t.Fatalf("Get(generated): %v", err)
		}
	})

	t.Run("InsertExisting", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "notes"})
		put(t, c, "x", `{"v":1}`)
		_, err := c.Insert(ctx, store.Document{ID: "x", Data: json.RawMessage(`{"v":2}`)})
		if !errors.Is(err, store.ErrExists) {
			t.Fatalf("second Insert of x = %v, want ErrExists", err)
		}
		got, _ := c.Get(ctx, "x")
		if !jsonEqual(t, got.Data, []byte(`{"v":1}`)) {
			t.Fatalf("the refused insert changed the document: %s", got.Data)
		}
	})

	t.Run("BadData", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "notes"})
		for _, bad := range []string{`[1,2]`, `"text"`, `12`, `null`, `{"_id":"x"}`, `{"a":1,"_v":2}`, `{"\u005fx":1}`, `{"a":`, `{"a":1}x`, ``} {
			if _, err := c.Insert(ctx, store.Document{ID: "b", Data: json.RawMessage(bad)}); err == nil {
				t.Errorf("Insert(%q) succeeded, want an error (data is a JSON object without _-keys)", bad)
			}
		}
		if n, err := c.Count(ctx, store.Filter{}); err != nil || n != 0 {
			t.Fatalf("after refused inserts Count = %d, %v; want 0", n, err)
		}
	})

	t.Run("Update", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "notes"})
		d := put(t, c, "u", `{"v":1}`)
		d.Data = json.RawMessage(`{"v":2,"extra":"新"}`)
		u, err := c.Update(ctx, d)
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		if u.Version != 2 || !u.Created.Equal(d.Created) || u.Updated.Before(u.Created) {
			t.Fatalf("Update returned version %d created %v updated %v", u.Version, u.Created, u.Updated)
		}
		got, _ := c.Get(ctx, "u")
		if got.Version != 2 || !jsonEqual(t, got.Data, []byte(`{"v":2,"extra":"新"}`)) || !got.Updated.Equal(u.Updated) {
			t.Fatalf("after Update Get = %+v (%s)", got, got.Data)
		}
		// The stale version loses and changes nothing.
		d.Data = json.RawMessage(`{"v":99}`)
		if _, err := c.Update(ctx, d); !errors.Is(err, store.ErrVersionConflict) {
			t.Fatalf("stale Update = %v, want ErrVersionConflict", err)
		}
		got, _ = c.Get(ctx, "u")
		if got.Version != 2 || !jsonEqual(t, got.Data, []byte(`{"v":2,"extra":"新"}`)) {
			t.Fatalf("the stale update changed the document: %+v %s", got, got.Data)
		}
		if _, err := c.Update(ctx, store.Document{ID: "nope", Version: 1, Data: json.RawMessage(`{}`)}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Update(missing) = %v, want ErrNotFound", err)
		}
		if _, err := c.Update(ctx, store.Document{ID: "u", Version: 2, Data: json.RawMessage(`[]`)}); err == nil {
			t.Fatalf("Update with array data succeeded")
		}
	})

	t.Run("Delete", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "notes"})
		put(t, c, "d1", `{"v":1}`)
		put(t, c, "d2", `{"v":1}`)
		if err := c.Delete(ctx, "d1", 7); !errors.Is(err, store.ErrVersionConflict) {
			t.Fatalf("Delete with wrong version = %v, want ErrVersionConflict", err)
		}
		if err := c.Delete(ctx, "d1", 1); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if _, err := c.Get(ctx, "d1"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
		}
		if err := c.Delete(ctx, "d1", 1); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second Delete = %v, want ErrNotFound", err)
		}
		if err := c.Delete(ctx, "d2", 0); err != nil {
			t.Fatalf("Delete any version: %v", err)
		}
		if err := c.Delete(ctx, "d2", 0); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Delete any version of a missing document = %v, want ErrNotFound", err)
		}
	})

	t.Run("DeleteManyFindOneCount", func(t *testing.T) {
		_, c := h.coll(t, store.CollectionSpec{Name: "notes"})
		put(t, c, "c", `{"k":"x"}`)
		put(t, c, "a", `{"k":"x"}`)
		put(t, c, "b", `{"k":"y"}`)
		put(t, c, "d", `{"k":"x"}`)
		d, err := c.FindOne(ctx, store.Eq("k", "x"))
		if err != nil || d.ID != "a" {
			t.Fatalf("FindOne = %q, %v; want a (first in _id order)", d.ID, err)
		}
		if _, err := c.FindOne(ctx, store.Eq("k", "z")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("FindOne(no match) = %v, want ErrNotFound", err)
		}
		if n, err := c.Count(ctx, store.Eq("k", "x")); err != nil || n != 3 {
			t.Fatalf("Count = %d, %v; want 3", n, err)
		}
		if n, err := c.Count(ctx, store.Filter{}); err != nil || n != 4 {
			t.Fatalf("Count(all) = %d, %v; want 4", n, err)
		}
		n, err := c.DeleteMany(ctx, store.Eq("k", "x"))
		if err != nil || n != 3 {
			t.Fatalf("DeleteMany = %d, %v; want 3", n, err)
		}
		if got := matchIDs(t, c, store.Filter{}); !equal(got, strs("b")) {
			t.Fatalf("after DeleteMany left %v, want [b]", got)
		}
		if n, err := c.DeleteMany(ctx, store.Eq("k", "none")); err != nil || n != 0 {
			t.Fatalf("DeleteMany(no match) = %d, %v", n, err)
		}
	})

	t.Run("Names", func(t *testing.T) {
		s := h.store(t)
		for _, bad := range []string{"", "Bad", "has-dash", "with space", "semi;colon", `quote"`, "点"} {
			if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: bad}); err == nil {
				t.Errorf("EnsureCollection(%q) succeeded, want an error (names use a-z, 0-9, _)", bad)
			}
		}
		if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "_system_2"}); err != nil {
			t.Fatalf("EnsureCollection(_system_2): %v", err)
		}
	})

	t.Run("Ping", func(t *testing.T) {
		s := h.store(t)
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
		if s.Capabilities().Engine == "" {
			t.Fatalf("Capabilities().Engine is empty")
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
