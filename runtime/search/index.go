package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// SQLDB is what the index needs of a SQL engine: statements that run inside the
// context's transaction when one is open (store/sqlite.Store has them).
type SQLDB interface {
	ExecSQL(ctx context.Context, query string, args ...any) (sql.Result, error)
	QuerySQL(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Index is the full-text index of records kept in a SQLite database.
//
// search_rows maps each indexed record to a row number, new at every write, so that the
// candidates of a query come newest written first, and to its form, as a number of
// search_forms (a form's ID is 25 characters; its workspace is the form's, so none is
// kept); search_gram (unicode61 over the grams of text.go, contentless, detail=none) is
// keyed by that row number. One gram table serves every query: a longer term is the AND
// of its bigrams (gramQuery). Databases of earlier versions are converted at start-up
// (migrate.go).
type Index struct {
	db SQLDB
}

const schemaDDL = `CREATE TABLE IF NOT EXISTS search_forms (id INTEGER PRIMARY KEY, form TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS search_rows (id INTEGER PRIMARY KEY, record TEXT NOT NULL UNIQUE, form INTEGER NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search_gram USING fts5(grams, tokenize='unicode61', content='', contentless_delete=1, detail='none');
CREATE TABLE IF NOT EXISTS search_queue (seq INTEGER PRIMARY KEY, record TEXT NOT NULL UNIQUE, ws TEXT NOT NULL, form TEXT NOT NULL, text TEXT NOT NULL, grams TEXT NOT NULL, gone INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS search_queue_ws ON search_queue (ws, seq);`

// NewIndex creates the index tables when missing.
func NewIndex(ctx context.Context, db SQLDB) (*Index, error) {
	if _, err := db.ExecSQL(ctx, schemaDDL); err != nil {
		return nil, fmt.Errorf("search: create index tables: %w", err)
	}
	return &Index{db: db}, nil
}

// Put queues a stored record (its document data) for the index, or for removal from it
// when it is deleted: one row in search_queue, in the record's transaction. Drain moves
// queued records into the full-text tables in batches (an FTS5 table flushes a segment per
// transaction, about 1 ms, which a batch pays once); until then queries scan the queue.
func (ix *Index) Put(ctx context.Context, id string, data json.RawMessage) error {
	var r storedRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("search: decode record %s: %w", id, err)
	}
	text := ""
	if !r.Deleted && r.Workspace != "" {
		text = fieldsText(r.F)
	}
	return ix.putText(ctx, id, r.Workspace, r.Form, text, grams(text))
}

// putText queues a record of workspace ws and stored form form whose text and grams are
// gathered: a record without text (or workspace) is queued for removal.
func (ix *Index) putText(ctx context.Context, id, ws, form, text, grams string) error {
	gone := 0
	if ws == "" || text == "" {
		gone = 1
	}
	_, err := ix.db.ExecSQL(ctx, `INSERT INTO search_queue (record, ws, form, text, grams, gone) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (record) DO UPDATE SET ws = excluded.ws, form = excluded.form, text = excluded.text, grams = excluded.grams, gone = excluded.gone`, id, ws, form, text, grams, gone)
	if err != nil {
		return fmt.Errorf("search: queue record %s: %w", id, err)
	}
	return nil
}

// Remove drops a record from the index (nothing when it is not there), in the caller's
// transaction.
func (ix *Index) Remove(ctx context.Context, id string) error {
	if _, err := ix.db.ExecSQL(ctx, `DELETE FROM search_queue WHERE record = ?`, id); err != nil {
		return fmt.Errorf("search: unqueue record %s: %w", id, err)
	}
	return ix.remove(ctx, id)
}

func (ix *Index) remove(ctx context.Context, id string) error {
	rows, err := ix.db.QuerySQL(ctx, `DELETE FROM search_rows WHERE record = ? RETURNING id`, id)
	if err != nil {
		return fmt.Errorf("search: unindex record %s: %w", id, err)
	}
	var n int64
	switch err := scanOne(rows, &n); {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("search: unindex record %s: %w", id, err)
	}
	if _, err := ix.db.ExecSQL(ctx, `DELETE FROM search_gram WHERE rowid = ?`, n); err != nil {
		return fmt.Errorf("search: unindex record %s: %w", id, err)
	}
	return nil
}

// Clear empties the index (before a rebuild).
func (ix *Index) Clear(ctx context.Context) error {
	for _, q := range []string{`DELETE FROM search_queue`, `DELETE FROM search_rows`, `DELETE FROM search_forms`, `DELETE FROM search_gram`} {
		if _, err := ix.db.ExecSQL(ctx, q); err != nil {
			return fmt.Errorf("search: clear index: %w", err)
		}
	}
	return nil
}

// candidate is one record the index proposes.
type candidate struct {
	row    int64
	record string
	form   string // records' form ID: app + "." + form key
}

// candidates returns up to limit records whose grams answer match (gramQuery), among forms,
// written before row number before (0: from the newest), newest first.
func (ix *Index) candidates(ctx context.Context, match string, forms []string, before int64, limit int) ([]candidate, error) {
	fs, err := json.Marshal(forms)
	if err != nil {
		return nil, fmt.Errorf("search: encode forms: %w", err)
	}
	if before <= 0 {
		before = 1 << 62
	}
	// forms are all of ws (search lists them from ws's apps), and a form's records are of
	// its workspace only.
	q := `SELECT d.id, d.record, f.form FROM search_gram t JOIN search_rows d ON d.id = t.rowid JOIN search_forms f ON f.id = d.form
WHERE search_gram MATCH ? AND t.rowid < ? AND d.form IN (SELECT id FROM search_forms WHERE form IN (SELECT value FROM json_each(?)))
ORDER BY t.rowid DESC LIMIT ?`
	rows, err := ix.db.QuerySQL(ctx, q, match, before, string(fs), limit)
	if err != nil {
		return nil, fmt.Errorf("search: query index: %w", err)
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.row, &c.record, &c.form); err != nil {
			return nil, fmt.Errorf("search: read index: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: read index: %w", err)
	}
	return out, nil
}

// scanOne reads the one row of rows into dest and closes it; sql.ErrNoRows when there is none.
func scanOne(rows *sql.Rows, dest ...any) error {
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}
