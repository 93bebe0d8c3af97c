package mongo_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// TestKeyedUniquenessRetired: a declaration that retires a keyed rule removes its keys
// (other rules keep theirs), its values are free at once, a later declaration that does
// not mention it does not bring it back, and another instance loading the declaration
// does not enforce it either.
func TestKeyedUniquenessRetired(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("lead", "phone"), formUnique("deal", "phone")}})
		mustInsert(t, c, "a", string(rec("lead", "phone", "138", false)))
		mustInsert(t, c, "d", string(rec("deal", "phone", "138", false)))
		if n := keyCount(t, srv, s.DatabaseName()); n != 2 {
			t.Fatalf("%d keys, want 2", n)
		}
		ensure(t, s, store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("deal", "phone")}, Retire: []string{"u_lead_phone"}})
		if n := keyCount(t, srv, s.DatabaseName()); n != 1 {
			t.Fatalf("%d keys after retiring, want 1", n)
		}
		mustInsert(t, c, "b", string(rec("lead", "phone", "138", false)))
		_, err := c.Insert(ctx, store.Document{ID: "e", Data: rec("deal", "phone", "138", false)})
		isDup(t, err, "u_deal_phone")

		ensure(t, s, store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("deal", "phone")}})
		mustInsert(t, c, "c", string(rec("lead", "phone", "138", false)))
		other, err := mongo.Open(ctx, mongo.Options{URI: srv.uri, Database: s.DatabaseName(), Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		mustInsert(t, other.Collection("records"), "f", string(rec("lead", "phone", "138", false)))
		if n := keyCount(t, srv, s.DatabaseName()); n != 1 {
			t.Fatalf("%d keys at the end, want 1", n)
		}
	})
}
