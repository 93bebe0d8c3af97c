package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// FuzzSQLiteFilter runs filters from the query language through the SQLite translation on
// a real database: any input is either refused as a query error or answered, never a panic
// or another error; and a filter can never match a document its own condition excludes
// (a contains on "zzz" matches nothing here, whatever else the input says around it).
func FuzzSQLiteFilter(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"field":"title","op":"contains","value":"线索"}`,
		`{"field":"title","op":"contains","value":"a\u0000"}`,
		`{"field":"title","op":"startsWith","value":"%_\\"}`,
		`{"field":"amount","op":"gte","value":1e-400}`,
		`{"and":[{"field":"tags","op":"contains","value":"vip"},{"not":{"field":"amount","op":"lt","value":10}}]}`,
		`{"field":"due","op":"lt","value":"2026-02-29"}`,
		`{"field":"title","op":"eq","value":"x' OR '1'='1"}`,
		`{"field":"title","op":"contains","value":"\udc00"}`,
	} {
		f.Add([]byte(s))
	}
	ctx := context.Background()
	st := openTemp(f)
	if err := st.EnsureCollection(ctx, store.CollectionSpec{Name: "fuzz"}); err != nil {
		f.Fatal(err)
	}
	c := st.Collection("fuzz")
	for _, d := range []map[string]any{
		{"title": "线索一", "amount": 5.0, "tags": []any{"vip"}, "due": "2026-01-01"},
		{"title": "abc%_\\", "amount": 50.0, "tags": []any{}, "due": "2026-03-01"},
	} {
		doc, err := store.NewDocument("", d)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := c.Insert(ctx, doc); err != nil {
			f.Fatal(err)
		}
	}
	fields := querylang.Fields{
		"title":  {Type: querylang.String, Filter: true, Sort: true},
		"amount": {Type: querylang.Number, Filter: true, Sort: true},
		"tags":   {Type: querylang.Array, Filter: true},
		"due":    {Type: querylang.Date, Filter: true, Sort: true},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		flt, err := querylang.ParseFilter(data, fields, querylang.Params{}, "/filter")
		if err != nil {
			var qe *store.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parse: not a query error: %v", err)
			}
			return
		}
		page, err := c.Find(ctx, store.Query{Filter: store.And(flt, store.Cmp("title", store.OpContains, "zzz"))})
		if err != nil {
			var qe *store.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("find: %v", err)
			}
			return
		}
		if len(page.Docs) != 0 {
			t.Fatalf("%s matched %d documents that do not contain zzz", data, len(page.Docs))
		}
		if _, err := c.Find(ctx, store.Query{Filter: flt, Limit: 5}); err != nil && !strings.Contains(err.Error(), "query") {
			t.Fatalf("find: %v", err)
		}
	})
}
