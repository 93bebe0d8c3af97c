package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/formloom/formloom/store"
)

// collection is a handle; its metadata is looked up on every call (a map read), so a
// handle taken before EnsureCollection works once the collection exists.
type collection struct {
	s    *Store
	name string
}

var _ store.Collection = (*collection)(nil)

// Collection returns a handle on a collection made by EnsureCollection.
func (s *Store) Collection(name string) store.Collection { return &collection{s: s, name: name} }

func (c *collection) Name() string { return c.name }

// errBadData: the document data is not a JSON object with ordinary keys.
var errBadData = errors.New("sqlite: document data must be a JSON object whose keys do not start with '_'")

// checkData refuses anything but a JSON object without underscore keys at the top level
// (those are the store's own names in filters). It validates without decoding: inserts
// are hot.
func checkData(data json.RawMessage) error {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return errBadData
	}
	depth := 0
	expectKey := false
	for i := 0; i < len(trimmed); i++ {
		switch ch := trimmed[i]; ch {
		case '{', '[':
			depth++
			expectKey = ch == '{' && depth == 1
		case '}', ']':
			depth--
		case ',':
			expectKey = depth == 1
		case '"':
			end := stringEnd(trimmed, i)
			if expectKey {
				raw := trimmed[i : end+1]
				bad := len(raw) > 2 && raw[1] == '_'
				if bytes.IndexByte(raw, '\\') >= 0 {
					var key string // escapes: "\u005f" is an underscore too
					bad = json.Unmarshal(raw, &key) != nil || strings.HasPrefix(key, "_")
				}
				if bad {
					return fmt.Errorf("%w: key %s", errBadData, raw)
				}
				expectKey = false
			}
			i = end
		}
	}
	return nil
}

// stringEnd returns the index of the quote closing the JSON string opening at i (the
// input is valid JSON).
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(b) - 1
}

func msTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// Insert stores d with version 1 and fresh timestamps.
func (c *collection) Insert(ctx context.Context, d store.Document) (store.Document, error) {
	return c.InsertAt(ctx, d, 1)
}

// InsertAt is Insert at version (store.InsertAt).
func (c *collection) InsertAt(ctx context.Context, d store.Document, version int64) (store.Document, error) {
	if c.s.txFrom(ctx) == nil {
		// A write alone is a transaction of its own, committed with its neighbours'.
		var out store.Document
		err := c.s.WithTx(ctx, func(ctx context.Context) (err error) { out, err = c.InsertAt(ctx, d, version); return err })
		return out, err
	}
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return store.Document{}, err
	}
	if err := checkData(d.Data); err != nil {
		return store.Document{}, err
	}
	if d.ID == "" {
		d.ID = store.NewID()
	}
	now := store.Now()
	ms := now.UnixMilli()
	_, err = c.s.exec(ctx, "INSERT INTO "+m.table+" (id, version, created, updated, data) VALUES (?, ?, ?, ?, jsonb(?))", d.ID, version, ms, ms, string(d.Data))
	if err != nil {
		return store.Document{}, m.writeErr(err, true)
	}
	return store.Document{ID: d.ID, Version: version, Created: now, Updated: now, Data: d.Data}, nil
}

// Get reads one document by ID.
func (c *collection) Get(ctx context.Context, id string) (store.Document, error) {
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return store.Document{}, err
	}
	rows, err := c.s.query(ctx, false, "SELECT id, version, created, updated, json(data) FROM "+m.table+" WHERE id = ?", id)
	if err != nil {
		return store.Document{}, mapErr(err)
	}
	docs, _, err := scanDocs(rows, 0)
	if err != nil {
		return store.Document{}, err
	}
	if len(docs) == 0 {
		return store.Document{}, fmt.Errorf("sqlite: %s/%s: %w", c.name, id, store.ErrNotFound)
	}
	return docs[0], nil
}

// Update is the compare-and-set: one UPDATE guarded by the version, so it is atomic
// whatever else runs.
func (c *collection) Update(ctx context.Context, d store.Document) (store.Document, error) {
	return c.write(ctx, d, true)
}

// write replaces the data of d.ID, guarded by d.Version when guarded is set.
func (c *collection) write(ctx context.Context, d store.Document, guarded bool) (store.Document, error) {
	if c.s.txFrom(ctx) == nil {
		var out store.Document
		err := c.s.WithTx(ctx, func(ctx context.Context) (err error) { out, err = c.write(ctx, d, guarded); return err })
		return out, err
	}
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return store.Document{}, err
	}
	if err := checkData(d.Data); err != nil {
		return store.Document{}, err
	}
	now := store.Now()
	q := "UPDATE " + m.table + " SET version = version + 1, updated = ?, data = jsonb(?) WHERE id = ?"
	args := []any{now.UnixMilli(), string(d.Data), d.ID}
	if guarded {
		q += " AND version = ?"
		args = append(args, d.Version)
	}
	rows, err := c.s.query(ctx, true, q+" RETURNING version, created", args...)
	if err != nil {
		return store.Document{}, m.writeErr(err, false)
	}
	var version, created int64
	found := false
	for rows.Next() {
		if err := rows.Scan(&version, &created); err != nil {
			_ = rows.Close()
			return store.Document{}, err
		}
		found = true
	}
	if err := rows.Err(); err != nil {
		_ = rows.Close()
		return store.Document{}, m.writeErr(err, false)
	}
	if err := rows.Close(); err != nil {
		return store.Document{}, m.writeErr(err, false)
	}
	if !found && !guarded {
		return store.Document{}, fmt.Errorf("sqlite: %s/%s: %w", c.name, d.ID, store.ErrNotFound)
	}
	if !found {
		return store.Document{}, c.missOrConflict(ctx, m, d.ID)
	}
	return store.Document{ID: d.ID, Version: version, Created: msTime(created), Updated: now, Data: d.Data}, nil
}

// Replace implements store.Replacer: Update without the version guard, one statement.
func (c *collection) Replace(ctx context.Context, d store.Document) (store.Document, error) {
	return c.write(ctx, d, false)
}

// Increment advances the counter at field of document id, or stores first, in one
// statement: an upsert that answers the new value (store.Increment).
func (c *collection) Increment(ctx context.Context, id, field string, first store.Document) (int64, error) {
	if c.s.txFrom(ctx) == nil {
		var n int64
		err := c.s.WithTx(ctx, func(ctx context.Context) (err error) { n, err = c.Increment(ctx, id, field, first); return err })
		return n, err
	}
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return 0, err
	}
	if err := checkData(first.Data); err != nil {
		return 0, err
	}
	ms := store.Now().UnixMilli()
	path := "$." + field // store.Increment admits only letters, digits and underscores
	rows, err := c.s.query(ctx, true, "INSERT INTO "+m.table+" (id, version, created, updated, data) VALUES (?, 1, ?, ?, jsonb(?))"+
		" ON CONFLICT (id) DO UPDATE SET version = version + 1, updated = excluded.updated,"+
		" data = jsonb_set(data, '"+path+"', coalesce(json_extract(data, '"+path+"'), 0) + 1)"+
		" RETURNING json_extract(data, '"+path+"')", id, ms, ms, string(first.Data))
	if err != nil {
		return 0, m.writeErr(err, true)
	}
	defer rows.Close()
	var n int64
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return 0, m.writeErr(err, true)
		}
		return 0, fmt.Errorf("sqlite: increment %s/%s: no row", c.name, id)
	}
	if err := rows.Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: increment %s/%s: %w", c.name, id, err)
	}
	if err := rows.Close(); err != nil {
		return 0, m.writeErr(err, true)
	}
	return n, nil
}

// Put implements store.Putter: one upsert statement for all of docs.
func (c *collection) Put(ctx context.Context, docs ...store.Document) error {
	return c.insertAll(ctx, docs, true)
}

// InsertAll implements store.Inserter: one INSERT statement for all of docs, which fails
// whole (SQLite undoes a failed statement's rows, the transaction goes on).
func (c *collection) InsertAll(ctx context.Context, docs ...store.Document) error {
	return c.insertAll(ctx, docs, false)
}

// insertAll inserts docs in one statement; upsert writes over the stored documents with
// their IDs instead of failing.
func (c *collection) insertAll(ctx context.Context, docs []store.Document, upsert bool) error {
	if len(docs) == 0 {
		return nil
	}
	if c.s.txFrom(ctx) == nil {
		return c.s.WithTx(ctx, func(ctx context.Context) error { return c.insertAll(ctx, docs, upsert) })
	}
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return err
	}
	ms := store.Now().UnixMilli()
	var b strings.Builder
	b.WriteString("INSERT INTO " + m.table + " (id, version, created, updated, data) VALUES ")
	args := make([]any, 0, 4*len(docs))
	for i, d := range docs {
		if d.ID == "" {
			return fmt.Errorf("sqlite: insert into %s: a document without ID", c.name)
		}
		if err := checkData(d.Data); err != nil {
			return err
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, 1, ?, ?, jsonb(?))")
		args = append(args, d.ID, ms, ms, string(d.Data))
	}
	// The statement's text depends on the count only, so the few counts a caller uses
	// are each prepared once.
	if upsert {
		b.WriteString(" ON CONFLICT (id) DO UPDATE SET version = version + 1, updated = excluded.updated, data = excluded.data")
	}
	if _, err := c.s.exec(ctx, b.String(), args...); err != nil {
		return m.writeErr(err, !upsert)
	}
	return nil
}

// missOrConflict tells why a guarded write matched nothing.
func (c *collection) missOrConflict(ctx context.Context, m *collMeta, id string) error {
	rows, err := c.s.query(ctx, true, "SELECT version FROM "+m.table+" WHERE id = ?", id)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("sqlite: %s/%s: %w", c.name, id, store.ErrVersionConflict)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return fmt.Errorf("sqlite: %s/%s: %w", c.name, id, store.ErrNotFound)
}

// Delete removes a document, guarded by its version unless version is 0.
func (c *collection) Delete(ctx context.Context, id string, version int64) error {
	if c.s.txFrom(ctx) == nil {
		return c.s.WithTx(ctx, func(ctx context.Context) error { return c.Delete(ctx, id, version) })
	}
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return err
	}
	var res sql.Result
	if version == 0 {
		res, err = c.s.exec(ctx, "DELETE FROM "+m.table+" WHERE id = ?", id)
	} else {
		res, err = c.s.exec(ctx, "DELETE FROM "+m.table+" WHERE id = ? AND version = ?", id, version)
	}
	if err != nil {
		return mapErr(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return c.missOrConflict(ctx, m, id)
	}
	return nil
}

// DeleteMany removes every document matching f and reports how many.
func (c *collection) DeleteMany(ctx context.Context, f store.Filter) (int64, error) {
	if c.s.txFrom(ctx) == nil {
		var n int64
		err := c.s.WithTx(ctx, func(ctx context.Context) (err error) { n, err = c.DeleteMany(ctx, f); return err })
		return n, err
	}
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return 0, err
	}
	where, args, err := compileWhere(m, f)
	if err != nil {
		return 0, err
	}
	res, err := c.s.exec(ctx, "DELETE FROM "+m.table+" WHERE "+where, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.RowsAffected()
}

// FindOne returns the first match in _id order.
func (c *collection) FindOne(ctx context.Context, f store.Filter) (store.Document, error) {
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return store.Document{}, err
	}
	where, args, err := compileWhere(m, f)
	if err != nil {
		return store.Document{}, err
	}
	rows, err := c.s.query(ctx, false, "SELECT id, version, created, updated, json(data) FROM "+m.table+" WHERE "+where+" ORDER BY id LIMIT 1", args...)
	if err != nil {
		return store.Document{}, mapErr(err)
	}
	docs, _, err := scanDocs(rows, 0)
	if err != nil {
		return store.Document{}, err
	}
	if len(docs) == 0 {
		return store.Document{}, fmt.Errorf("sqlite: %s: %w", c.name, store.ErrNotFound)
	}
	return docs[0], nil
}

// Count counts the documents matching f.
func (c *collection) Count(ctx context.Context, f store.Filter) (int64, error) {
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return 0, err
	}
	where, args, err := compileWhere(m, f)
	if err != nil {
		return 0, err
	}
	rows, err := c.s.query(ctx, false, "SELECT count(*) FROM "+m.table+" WHERE "+where, args...)
	if err != nil {
		return 0, mapErr(err)
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// scanDocs reads rows of (id, version, created, updated, data, extra...) and returns the
// documents and, per row, the extra columns (the sort keys of a list query).
func scanDocs(rows *sql.Rows, extra int) ([]store.Document, [][]any, error) {
	defer rows.Close()
	var docs []store.Document
	var extras [][]any
	dest := make([]any, 5+extra)
	for rows.Next() {
		var d store.Document
		var created, updated int64
		var data []byte
		dest[0], dest[1], dest[2], dest[3], dest[4] = &d.ID, &d.Version, &created, &updated, &data
		var ex []any
		if extra > 0 {
			ex = make([]any, extra)
			for i := range ex {
				dest[5+i] = &ex[i]
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, fmt.Errorf("sqlite: scan: %w", err)
		}
		d.Created, d.Updated, d.Data = msTime(created), msTime(updated), data
		docs = append(docs, d)
		extras = append(extras, ex)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapErr(err)
	}
	return docs, extras, nil
}
