package search

import (
	"context"
	"fmt"

	"github.com/formloom/formloom/store"
)

// The start-up migrations of the index's tables (server/app registers them). Each leaves
// alone a store without the index and is idempotent.

// sqlOf is the SQL engine under st, if it holds the index.
func sqlOf(st store.Store) (SQLDB, bool) {
	switch s := st.(type) {
	case indexedStore:
		return s.ix.db, true
	case SQLDB:
		return s, true
	}
	return nil, false
}

// DropTrigramTable removes the trigram table (search_tri) of databases written when it
// served the terms of three characters or more; the gram table, written beside it for
// every record, now serves every term.
func DropTrigramTable(ctx context.Context, st store.Store) error {
	db, ok := sqlOf(st)
	if !ok {
		return nil
	}
	if _, err := db.ExecSQL(ctx, `DROP TABLE IF EXISTS search_tri`); err != nil {
		return fmt.Errorf("search: drop the trigram table: %w", err)
	}
	return nil
}

// MoveDocsToRows converts search_docs (record, workspace and form ID as text) into
// search_rows (the form as a number of search_forms, no workspace), keeping every row
// number, which the gram table is keyed by; then drops search_docs. One transaction.
func MoveDocsToRows(ctx context.Context, st store.Store) error {
	db, ok := sqlOf(st)
	if !ok {
		return nil
	}
	return st.WithTx(ctx, func(ctx context.Context) error {
		rows, err := db.QuerySQL(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_docs'`)
		if err != nil {
			return fmt.Errorf("search: look for search_docs: %w", err)
		}
		var n int
		if err := scanOne(rows, &n); err != nil {
			return fmt.Errorf("search: look for search_docs: %w", err)
		}
		if n == 0 {
			return nil
		}
		for _, q := range []string{
			`INSERT INTO search_forms (form) SELECT DISTINCT form FROM search_docs WHERE true ON CONFLICT (form) DO NOTHING`,
			`INSERT INTO search_rows (id, record, form) SELECT d.id, d.record, f.id FROM search_docs d JOIN search_forms f ON f.form = d.form`,
			`DROP TABLE search_docs`,
		} {
			if _, err := db.ExecSQL(ctx, q); err != nil {
				return fmt.Errorf("search: move search_docs to search_rows: %w", err)
			}
		}
		return nil
	})
}
