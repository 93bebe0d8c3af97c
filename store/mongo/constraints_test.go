package mongo_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// TestWritesRefusedWhileAUniqueIndexIsMissing: a unique index that cannot be built
// (values already stored twice) is reported, and until it is in place every write it
// would cover is refused — never accepted without the guarantee; documents it would not
// cover are written as usual. Once the duplicates are gone and the declaration is
// ensured again, writes go on and the index refuses duplicates.
func TestWritesRefusedWhileAUniqueIndexIsMissing(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "people"}); err != nil {
			t.Fatal(err)
		}
		c := s.Collection("people")
		put := func(id, data string) error {
			_, err := c.Insert(ctx, store.Document{ID: id, Data: json.RawMessage(data)})
			return err
		}
		for id, data := range map[string]string{"a": `{"email":"x@e"}`, "b": `{"email":"x@e"}`} {
			if err := put(id, data); err != nil {
				t.Fatal(err)
			}
		}
		spec := store.CollectionSpec{Name: "people", Indexes: []store.Index{{Name: "email", Unique: true, Keys: []store.SortKey{{Field: "email"}}}}}
		if err := s.EnsureCollection(ctx, spec); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("ensure over duplicates: %v", err)
		}
		// Another instance on the same database, which never declared the index itself,
		// refuses the covered writes too: the declaration is recorded, the index absent.
		other, err := mongo.Open(ctx, mongo.Options{URI: srv.uri, Database: s.DatabaseName(), Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if _, err := other.Collection("people").Insert(ctx, store.Document{ID: "o", Data: json.RawMessage(`{"email":"o@e"}`)}); !errors.Is(err, store.ErrConstraintUnavailable) {
			t.Fatalf("insert through another instance: %v", err)
		}
		if err := put("c", `{"email":"y@e"}`); !errors.Is(err, store.ErrConstraintUnavailable) {
			t.Fatalf("insert covered by the missing index: %v", err)
		}
		d, err := c.Get(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		d.Data = json.RawMessage(`{"email":"z@e"}`)
		if _, err := c.Update(ctx, d); !errors.Is(err, store.ErrConstraintUnavailable) {
			t.Fatalf("update covered by the missing index: %v", err)
		}
		if err := put("d", `{"name":"no email"}`); err != nil {
			t.Fatalf("a document the index does not cover: %v", err)
		}
		if err := c.Delete(ctx, "b", 0); err != nil {
			t.Fatal(err)
		}
		if err := s.EnsureCollection(ctx, spec); err != nil {
			t.Fatalf("ensure after cleaning up: %v", err)
		}
		if err := put("c", `{"email":"y@e"}`); err != nil {
			t.Fatalf("insert once the index is in place: %v", err)
		}
		if err := put("e", `{"email":"y@e"}`); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate once the index is in place: %v", err)
		}
	})
}

// TestIndexesDeclaredInATransactionAreBuiltOutsideIt (replica sets only): a declaration
// made through a transaction's context returns at once; the unique index is built after
// and outside the transaction, writes it covers are refused until it is in place, and
// then it refuses duplicates.
func TestIndexesDeclaredInATransactionAreBuiltOutsideIt(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		if !s.Capabilities().Transactions {
			t.Skip("needs a replica set (FORMLOOM_TEST_MONGODB_URI)")
		}
		if err := s.EnsureCollection(ctx, store.CollectionSpec{Name: "people"}); err != nil {
			t.Fatal(err)
		}
		spec := store.CollectionSpec{Name: "people", Indexes: []store.Index{{Name: "email", Unique: true, Keys: []store.SortKey{{Field: "email"}},
			Partial: store.Cmp("email", store.OpExists, true)}}}
		c := s.Collection("people")
		err := s.WithTx(ctx, func(ctx context.Context) error {
			if err := s.EnsureCollection(ctx, spec); err != nil {
				return err
			}
			_, err := c.Insert(ctx, store.Document{ID: "a", Data: json.RawMessage(`{"email":"x@e"}`)})
			return err
		})
		if err != nil && !errors.Is(err, store.ErrConstraintUnavailable) {
			t.Fatalf("declaration inside a transaction: %v", err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			_, err := c.Insert(ctx, store.Document{ID: "b", Data: json.RawMessage(`{"email":"y@e"}`)})
			if err == nil {
				break
			}
			if !errors.Is(err, store.ErrConstraintUnavailable) || time.Now().After(deadline) {
				t.Fatalf("insert after the background build: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if _, err := c.Insert(ctx, store.Document{ID: "c", Data: json.RawMessage(`{"email":"y@e"}`)}); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("duplicate after the background build: %v", err)
		}
	})
}
