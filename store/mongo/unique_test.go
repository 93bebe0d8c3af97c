package mongo_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// formUnique is the declaration the records service makes for a unique field of a form:
// unique among the live records of that form.
func formUnique(form, field string) store.Index {
	path := "f." + field
	return store.Index{
		Name:    "u_" + form + "_" + field,
		Keys:    []store.SortKey{{Field: path}},
		Unique:  true,
		Partial: store.And(store.Eq("form", form), store.Eq("deleted", false), store.Cmp(path, store.OpExists, true)),
	}
}

func rec(form, field string, v any, deleted bool) json.RawMessage {
	js, _ := json.Marshal(map[string]any{"ws": "w1", "form": form, "deleted": deleted, "f": map[string]any{field: v}})
	return js
}

func isDup(t *testing.T, err error, index string) {
	t.Helper()
	var de *store.DuplicateError
	if !errors.As(err, &de) || de.Index != index {
		t.Fatalf("got %v, want a duplicate under %s", err, index)
	}
}

// serverIndexes counts the indexes MongoDB has on a collection (besides _id's).
func serverIndexes(t *testing.T, srv server, db, coll string) int {
	t.Helper()
	ctx := context.Background()
	c, err := driver.Connect(options.Client().ApplyURI(srv.uri))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Disconnect(ctx) }()
	specs, err := c.Database(db).Collection(coll).Indexes().ListSpecifications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(specs) - 1
}

// TestKeyedUniqueness: per-form unique fields of a shared collection are enforced through
// the key collection on every server (FerretDB included, which has no partial unique
// indexes): a duplicate is refused with the index named, an update frees the old value,
// a soft-deleted record frees its value (and its restore is refused once another record
// took it), a delete frees it, and values compare as on SQLite.
func TestKeyedUniqueness(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("lead", "phone"), formUnique("deal", "phone")}})
		mustInsert(t, c, "a", string(rec("lead", "phone", "138", false)))
		_, err := c.Insert(ctx, store.Document{ID: "b", Data: rec("lead", "phone", "138", false)})
		isDup(t, err, "u_lead_phone")
		if _, err := c.Get(ctx, "b"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("the refused record was stored: %v", err)
		}
		// Another form, another rule; no value, no reservation.
		mustInsert(t, c, "d1", string(rec("deal", "phone", "138", false)))
		mustInsert(t, c, "n1", `{"ws":"w1","form":"lead","deleted":false,"f":{}}`)
		mustInsert(t, c, "n2", `{"ws":"w1","form":"lead","deleted":false,"f":{"phone":null}}`)
		mustInsert(t, c, "n3", `{"ws":"w1","form":"lead","deleted":false,"f":{"phone":null}}`)

		// Update: the new value is taken, the old one freed.
		a, _ := c.Get(ctx, "a")
		a.Data = rec("lead", "phone", "139", false)
		if a, err = c.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		mustInsert(t, c, "b", string(rec("lead", "phone", "138", false)))
		_, err = c.Insert(ctx, store.Document{ID: "c", Data: rec("lead", "phone", "139", false)})
		isDup(t, err, "u_lead_phone")
		// An update into a taken value is refused and changes nothing.
		b, _ := c.Get(ctx, "b")
		b.Data = rec("lead", "phone", "139", false)
		_, err = c.Update(ctx, b)
		isDup(t, err, "u_lead_phone")
		if got, _ := c.Get(ctx, "b"); got.Version != 1 {
			t.Fatalf("refused update stored version %d", got.Version)
		}

		// Soft delete frees the value (the rule covers live records only); the restore
		// is refused once another record holds it.
		a.Data = rec("lead", "phone", "139", true)
		if a, err = c.Update(ctx, a); err != nil {
			t.Fatal(err)
		}
		mustInsert(t, c, "c", string(rec("lead", "phone", "139", false)))
		a.Data = rec("lead", "phone", "139", false)
		_, err = c.Update(ctx, a)
		isDup(t, err, "u_lead_phone")
		// Purge frees it for good.
		if err := c.Delete(ctx, "c", 0); err != nil {
			t.Fatal(err)
		}
		if _, err = c.Update(ctx, a); err != nil {
			t.Fatalf("restore after the holder was purged: %v", err)
		}
		// DeleteMany frees the values of what it removed.
		if n, err := c.DeleteMany(ctx, store.Eq("form", "lead")); err != nil || n != 5 {
			t.Fatalf("DeleteMany = %d, %v", n, err)
		}
		mustInsert(t, c, "a2", string(rec("lead", "phone", "139", false)))
		mustInsert(t, c, "b2", string(rec("lead", "phone", "138", false)))

		// Normalisation as SQLite compares: numbers by value, strings exactly.
		mustInsert(t, c, "x1", string(rec("lead", "phone", 12, false)))
		_, err = c.Insert(ctx, store.Document{ID: "x2", Data: json.RawMessage(`{"ws":"w1","form":"lead","deleted":false,"f":{"phone":12.0}}`)})
		isDup(t, err, "u_lead_phone")
		mustInsert(t, c, "x3", string(rec("lead", "phone", "12", false)))
		mustInsert(t, c, "x4", string(rec("lead", "phone", "Abc", false)))
		mustInsert(t, c, "x5", string(rec("lead", "phone", "abc", false)))

		// No unique index on the server: the rules are keys, not indexes.
		if n := serverIndexes(t, srv, s.DatabaseName(), "records"); n != 0 {
			t.Fatalf("records has %d indexes, want 0", n)
		}
	})
}

// TestKeyedUniquenessConcurrentCreates: many writers create the same value at once;
// exactly one wins, every other is refused as a duplicate, and nothing else is stored.
func TestKeyedUniquenessConcurrentCreates(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("lead", "phone")}})
		// A second instance on the same database writes too.
		other, err := mongo.Open(ctx, mongo.Options{URI: srv.uri, Database: s.DatabaseName(), Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		oc := ensure(t, other, store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("lead", "phone")}})
		const n = 20
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				coll := c
				if i%2 == 1 {
					coll = oc
				}
				_, errs[i] = coll.Insert(ctx, store.Document{ID: fmt.Sprintf("r%d", i), Data: rec("lead", "phone", "138", false)})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrDuplicate):
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d creates won, want exactly 1", won)
		}
		if got, err := c.Count(ctx, store.Eq("form", "lead")); err != nil || got != 1 {
			t.Fatalf("%d records stored (%v), want 1", got, err)
		}
	})
}

// TestKeyedUniquenessManyFields: 70 unique fields across forms — more than MongoDB's 64
// indexes per collection — are all enforced, and the shared collection holds no index for
// them. The forms' 70 list indexes are built up to the budget and the rest left out:
// lists are slower, writes are never refused for it.
func TestKeyedUniquenessManyFields(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		for f := range 7 {
			var ixs []store.Index
			form := fmt.Sprintf("form%d", f)
			for k := range 10 {
				ixs = append(ixs, formUnique(form, fmt.Sprintf("k%d", k)),
					store.Index{Name: fmt.Sprintf("sel_%s_s%d", form, k), Keys: []store.SortKey{{Field: "deleted"}, {Field: fmt.Sprintf("f.s%d_%d", f, k)}},
						Partial: store.Eq("form", form)})
			}
			ensure(t, s, store.CollectionSpec{Name: "records", Indexes: ixs})
		}
		c := s.Collection("records")
		for f := range 7 {
			for k := range 10 {
				form, field := fmt.Sprintf("form%d", f), fmt.Sprintf("k%d", k)
				mustInsert(t, c, form+field, string(rec(form, field, "v", false)))
				_, err := c.Insert(ctx, store.Document{Data: rec(form, field, "v", false)})
				isDup(t, err, "u_"+form+"_"+field)
			}
		}
		if n := serverIndexes(t, srv, s.DatabaseName(), "records"); n != 60 {
			t.Fatalf("records has %d indexes, want the budget of 60 (list indexes only)", n)
		}
	})
}

// TestKeyedUniquenessBackfill: a field that becomes unique over values already held twice
// is reported (naming the rule), its form's covered writes are refused with
// ErrConstraintUnavailable — on this instance and on another — until the duplicates are
// resolved and the declaration is ensured again; then the values already stored are
// reserved.
func TestKeyedUniquenessBackfill(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "records"})
		mustInsert(t, c, "a", string(rec("lead", "phone", "138", false)))
		mustInsert(t, c, "b", string(rec("lead", "phone", "138", false)))
		mustInsert(t, c, "c", string(rec("lead", "phone", "139", false)))
		mustInsert(t, c, "g", string(rec("lead", "phone", "138", true))) // deleted: not covered
		spec := store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("lead", "phone")}}
		err := s.EnsureCollection(ctx, spec)
		if !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("ensure over duplicates: %v", err)
		}
		isDup(t, err, "u_lead_phone")
		_, err = c.Insert(ctx, store.Document{Data: rec("lead", "phone", "200", false)})
		if !errors.Is(err, store.ErrConstraintUnavailable) {
			t.Fatalf("covered insert while the rule is not in place: %v", err)
		}
		other, err := mongo.Open(ctx, mongo.Options{URI: srv.uri, Database: s.DatabaseName(), Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if _, err := other.Collection("records").Insert(ctx, store.Document{Data: rec("lead", "phone", "201", false)}); !errors.Is(err, store.ErrConstraintUnavailable) {
			t.Fatalf("covered insert through another instance: %v", err)
		}
		// Other forms go on.
		mustInsert(t, c, "d", string(rec("deal", "phone", "138", false)))
		// Resolving: b changes its value (an update that leaves the rule's values alone
		// would be refused; soft-deleting it is allowed, it is no longer covered).
		b, _ := c.Get(ctx, "b")
		b.Data = rec("lead", "phone", "138", true)
		if _, err := c.Update(ctx, b); err != nil {
			t.Fatalf("soft delete of a duplicate: %v", err)
		}
		if err := s.EnsureCollection(ctx, spec); err != nil {
			t.Fatalf("ensure after the duplicate is resolved: %v", err)
		}
		_, err = c.Insert(ctx, store.Document{Data: rec("lead", "phone", "139", false)})
		isDup(t, err, "u_lead_phone")
		mustInsert(t, c, "e", string(rec("lead", "phone", "200", false)))
	})
}

// TestKeyedUniquenessCompensation: without transactions, a key is claimed before the
// document is written and released when that write fails, so a failed insert (its ID
// taken) leaves the value free.
func TestKeyedUniquenessCompensation(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "records", Indexes: []store.Index{formUnique("lead", "phone")}})
		mustInsert(t, c, "a", string(rec("lead", "phone", "138", false)))
		if _, err := c.Insert(ctx, store.Document{ID: "a", Data: rec("lead", "phone", "139", false)}); !errors.Is(err, store.ErrExists) {
			t.Fatalf("insert of a taken ID: %v", err)
		}
		mustInsert(t, c, "b", string(rec("lead", "phone", "139", false)))
		// The failed write did not release the holder's own value.
		_, err := c.Insert(ctx, store.Document{Data: rec("lead", "phone", "138", false)})
		isDup(t, err, "u_lead_phone")
		keys := keyCount(t, srv, s.DatabaseName())
		if keys != 2 {
			t.Fatalf("%d keys stored, want 2", keys)
		}
	})
}

func keyCount(t *testing.T, srv server, db string) int64 {
	t.Helper()
	ctx := context.Background()
	c, err := driver.Connect(options.Client().ApplyURI(srv.uri))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Disconnect(ctx) }()
	n, err := c.Database(db).Collection("formloom.unique_values").CountDocuments(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
