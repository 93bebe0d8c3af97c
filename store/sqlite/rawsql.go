package sqlite

import (
	"context"
	"database/sql"
)

// ExecSQL runs a statement on tables that another package keeps in this database beside
// the collections (the full-text search index of runtime/search): inside the context's
// transaction when one is open, so that such a table changes together with the documents
// it follows; alone on the writer otherwise.
func (s *Store) ExecSQL(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := s.exec(ctx, query, args...)
	return res, mapErr(err)
}

// QuerySQL runs a read on such tables: inside the context's transaction when one is open,
// on the read pool otherwise.
func (s *Store) QuerySQL(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := s.query(ctx, false, query, args...)
	return rows, mapErr(err)
}
