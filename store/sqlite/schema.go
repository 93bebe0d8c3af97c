package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/formloom/formloom/store"
)

// collMeta is what the engine knows about a collection: its table, the generated column of
// every indexed data path, and its unique indexes (to name them in a DuplicateError).
type collMeta struct {
	name    string
	table   string
	spec    store.CollectionSpec
	cols    map[string]string // data path → quoted generated column
	uniques []uniqueInfo
	// inline holds the generated columns that partial-index conditions test for equality.
	// A query's equality on one of them is written as a literal, not a bound parameter:
	// to see whether a partial index serves a query, SQLite compares a parameter's current
	// value with the index's literal and marks the statement as depending on that binding,
	// so a cached statement would be compiled again at every execution (about 0.1 ms, the
	// largest single cost of a list page). With the literal in the text, each value gets
	// its own cached statement, planned once.
	inline map[string]bool
}

type uniqueInfo struct {
	name    string   // as declared
	sqlName string   // unquoted SQLite name
	fields  []string // declared paths
	cols    []string // unquoted columns, as SQLite names them in errors
}

// sortValueSQL is the sort key of the JSON value at path jp of expression doc: NULL for
// null or missing, the number or the string itself, and blobs that order objects < arrays <
// false < true after every string. SQLite's own order (NULL < numbers < text < blob) then
// gives the cross-engine order null < numbers < strings < objects < arrays < booleans.
func sortValueSQL(doc, jp string) string {
	return "(CASE json_type(" + doc + "," + jp + ") WHEN 'true' THEN x'05' WHEN 'false' THEN x'04' WHEN 'object' THEN x'02' WHEN 'array' THEN x'03' ELSE " + doc + " ->> " + jp + " END)"
}

// elemValueSQL is sortValueSQL for a row of json_each or json_tree aliased a.
func elemValueSQL(a string) string {
	return "(CASE " + a + ".type WHEN 'true' THEN x'05' WHEN 'false' THEN x'04' WHEN 'object' THEN x'02' WHEN 'array' THEN x'03' ELSE " + a + ".atom END)"
}

// Blob encodings of the non-SQL JSON types in sort keys.
var (
	blobObject = []byte{2}
	blobArray  = []byte{3}
	blobFalse  = []byte{4}
	blobTrue   = []byte{5}
)

// newMeta derives the engine's view of a collection from its (merged) spec.
func newMeta(spec store.CollectionSpec) *collMeta {
	m := &collMeta{name: spec.Name, table: tableName(spec.Name), spec: spec, cols: map[string]string{}}
	for _, p := range specPaths(spec) {
		m.cols[p] = quoteIdent(rawColumn(p))
	}
	for _, ix := range spec.Indexes {
		for _, leaf := range store.PartialLeaves(ix.Partial) {
			if leaf.Op == store.OpEq && !store.IsMetaPath(leaf.Field) {
				if m.inline == nil {
					m.inline = map[string]bool{}
				}
				m.inline[m.cols[leaf.Field]] = true
			}
		}
	}
	for _, ix := range spec.Indexes {
		if !ix.Unique {
			continue
		}
		u := uniqueInfo{name: ix.Name, sqlName: strings.Trim(indexName(spec.Name, ix.Name), `"`)}
		for _, k := range ix.Keys {
			u.fields = append(u.fields, k.Field)
			if c := metaColumn(k.Field); c != "" {
				u.cols = append(u.cols, c)
			} else {
				u.cols = append(u.cols, rawColumn(k.Field))
			}
		}
		m.uniques = append(m.uniques, u)
	}
	return m
}

// specPaths lists the data paths that need a generated column: index keys and the paths
// of partial-index conditions.
func specPaths(spec store.CollectionSpec) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !store.IsMetaPath(p) && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, ix := range spec.Indexes {
		for _, k := range ix.Keys {
			add(k.Field)
		}
		for _, leaf := range store.PartialLeaves(ix.Partial) {
			if leaf.Op == store.OpEq {
				add(leaf.Field)
			}
		}
	}
	return out
}

// partialSQL renders a checked partial filter as an index WHERE clause. Index definitions
// cannot take bound parameters, so the (checked) literals are rendered here.
// Equalities are written "col IS value", the form a filter's equality takes in a query
// ("col IS ?"): SQLite then sees that a query with that value bound implies the index's
// condition, and a partial index serves it (the statement is prepared again for another
// value).
func partialSQL(f store.Filter) (string, error) {
	var parts []string
	for _, leaf := range store.PartialLeaves(f) {
		switch leaf.Op {
		case store.OpExists:
			jp, err := sqlString(jsonPath(leaf.Field))
			if err != nil {
				return "", err
			}
			parts = append(parts, "json_type(data,"+jp+") IS NOT NULL")
		case store.OpEq:
			col := quoteIdent(rawColumn(leaf.Field))
			if s, ok := leaf.Value.(string); ok && strings.ContainsRune(s, 0) {
				return "", errors.New("partial filter: NUL in string")
			}
			if lit, ok := literalSQL(leaf.Value); ok {
				parts = append(parts, col+" IS "+lit)
			}
		}
	}
	return strings.Join(parts, " AND "), nil
}

// literalSQL renders a scalar filter value as the SQL literal of its sort key (the value
// bindValue would bind), for index conditions and the equalities that must match them.
// Strings holding NUL have no literal.
func literalSQL(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		if strings.ContainsRune(x, 0) {
			return "", false
		}
		return "'" + strings.ReplaceAll(x, "'", "''") + "'", true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case bool:
		if x {
			return "x'05'", true
		}
		return "x'04'", true
	}
	return "", false
}

// createIndexSQL is the exact CREATE INDEX statement of ix (compared with the stored one to
// notice a changed definition).
func createIndexSQL(coll string, ix store.Index) (string, error) {
	var b strings.Builder
	b.WriteString("CREATE ")
	if ix.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX " + indexName(coll, ix.Name) + " ON " + tableName(coll) + " (")
	for i, k := range ix.Keys {
		if i > 0 {
			b.WriteString(", ")
		}
		if c := metaColumn(k.Field); c != "" {
			b.WriteString(c)
		} else {
			b.WriteString(quoteIdent(rawColumn(k.Field)))
		}
		if k.Desc {
			b.WriteString(" DESC")
		}
	}
	b.WriteString(")")
	if !ix.Partial.IsZero() {
		w, err := partialSQL(ix.Partial)
		if err != nil {
			return "", err
		}
		b.WriteString(" WHERE " + w)
	}
	return b.String(), nil
}

// EnsureCollection creates the collection's table, the generated columns of its indexed
// paths and its indexes. Indexes are added and kept until a declaration retires them; an
// index whose definition changed is rebuilt. It runs in one immediate transaction, so concurrent callers serialise.
func (s *Store) EnsureCollection(ctx context.Context, spec store.CollectionSpec) error {
	spec, err := store.CheckSpec(spec)
	if err != nil {
		return err
	}
	return s.WithTx(ctx, func(ctx context.Context) error {
		ts := s.txFrom(ctx)
		tx := ts.tx
		create := "CREATE TABLE IF NOT EXISTS " + tableName(spec.Name) +
			" (id TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL, data BLOB NOT NULL)"
		if _, err := tx.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("sqlite: create %s: %w", spec.Name, err)
		}
		merged, err := mergeSpec(ctx, tx, spec)
		if err != nil {
			return err
		}
		for _, name := range spec.Retire {
			if _, err := tx.ExecContext(ctx, "DROP INDEX IF EXISTS "+indexName(spec.Name, name)); err != nil {
				return fmt.Errorf("sqlite: drop retired index %s of %s: %w", name, spec.Name, err)
			}
		}
		have, err := columnsOf(ctx, tx, spec.Name)
		if err != nil {
			return err
		}
		for _, p := range specPaths(merged) {
			raw := rawColumn(p)
			if have[raw] {
				continue
			}
			jp, err := sqlString(jsonPath(p))
			if err != nil {
				return err
			}
			alter := "ALTER TABLE " + tableName(spec.Name) + " ADD COLUMN " + quoteIdent(raw) +
				" GENERATED ALWAYS AS " + sortValueSQL("data", jp) + " VIRTUAL"
			if _, err := tx.ExecContext(ctx, alter); err != nil {
				return fmt.Errorf("sqlite: add column for %s.%s: %w", spec.Name, p, err)
			}
		}
		meta := newMeta(merged)
		for _, ix := range merged.Indexes {
			if err := ensureIndex(ctx, tx, meta, ix); err != nil {
				return err
			}
		}
		js, err := json.Marshal(merged)
		if err != nil {
			return fmt.Errorf("sqlite: encode spec: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO formloom_collections (name, spec) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec", spec.Name, string(js)); err != nil {
			return fmt.Errorf("sqlite: record spec of %s: %w", spec.Name, err)
		}
		ts.onCommit = append(ts.onCommit, func() {
			s.mu.Lock()
			s.metas[spec.Name] = meta
			s.mu.Unlock()
		})
		return nil
	})
}

func ensureIndex(ctx context.Context, tx *sql.Tx, meta *collMeta, ix store.Index) error {
	want, err := createIndexSQL(meta.name, ix)
	if err != nil {
		return err
	}
	var have sql.NullString
	err = tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?", strings.Trim(indexName(meta.name, ix.Name), `"`)).Scan(&have)
	switch {
	case err == nil && have.String == want:
		return nil
	case err == nil:
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+indexName(meta.name, ix.Name)); err != nil {
			return fmt.Errorf("sqlite: drop changed index %s of %s: %w", ix.Name, meta.name, err)
		}
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("sqlite: look up index %s: %w", ix.Name, err)
	}
	if _, err := tx.ExecContext(ctx, want); err != nil {
		if _, _, ok := uniqueColumns(err); ok {
			return fmt.Errorf("sqlite: build index %s of %s: %w", ix.Name, meta.name,
				&store.DuplicateError{Collection: meta.name, Index: ix.Name, Fields: fieldsOf(ix)})
		}
		return fmt.Errorf("sqlite: build index %s of %s: %w", ix.Name, meta.name, err)
	}
	return nil
}

func fieldsOf(ix store.Index) []string {
	out := make([]string, len(ix.Keys))
	for i, k := range ix.Keys {
		out[i] = k.Field
	}
	return out
}

// mergeSpec adds the indexes recorded earlier and neither redeclared nor retired now.
func mergeSpec(ctx context.Context, tx *sql.Tx, spec store.CollectionSpec) (store.CollectionSpec, error) {
	old, err := loadSpec(ctx, tx, spec.Name)
	if errors.Is(err, ErrNoCollection) {
		return spec, nil
	}
	if err != nil {
		return spec, err
	}
	return spec.KeepingIndexesOf(old), nil
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func loadSpec(ctx context.Context, q rowQuerier, name string) (store.CollectionSpec, error) {
	var js string
	err := q.QueryRowContext(ctx, "SELECT spec FROM formloom_collections WHERE name = ?", name).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return store.CollectionSpec{}, fmt.Errorf("%w: %s", ErrNoCollection, name)
	}
	if err != nil {
		return store.CollectionSpec{}, fmt.Errorf("sqlite: load spec of %s: %w", name, err)
	}
	spec, err := store.DecodeSpec([]byte(js))
	if err != nil {
		return spec, fmt.Errorf("sqlite: spec of %s: %w", name, err)
	}
	return spec, nil
}

func columnsOf(ctx context.Context, q rowQuerier, coll string) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM pragma_table_xinfo(?)", "c_"+coll)
	if err != nil {
		return nil, fmt.Errorf("sqlite: columns of %s: %w", coll, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// meta returns the collection's metadata, loading it when this process has not ensured
// the collection itself. Inside a transaction the load is not cached: it may roll back.
func (s *Store) meta(ctx context.Context, name string) (*collMeta, error) {
	s.mu.RLock()
	m := s.metas[name]
	s.mu.RUnlock()
	if m != nil {
		return m, nil
	}
	if err := store.CheckName("collection", name); err != nil {
		return nil, err
	}
	var q rowQuerier = s.r
	ts := s.txFrom(ctx)
	if ts != nil {
		q = ts.tx
	}
	spec, err := loadSpec(ctx, q, name)
	if err != nil {
		return nil, err
	}
	m = newMeta(spec)
	if ts == nil {
		s.mu.Lock()
		s.metas[name] = m
		s.mu.Unlock()
	}
	return m, nil
}
