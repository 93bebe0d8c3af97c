package sqlite

import (
	"errors"
	"fmt"
	"strings"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/formloom/formloom/store"
)

// ErrNoCollection is returned when a collection is used before EnsureCollection made it.
var ErrNoCollection = errors.New("sqlite: collection was never ensured")

// mapErr turns SQLite errors that callers act on into the store's errors.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("sqlite: database is busy: %w", err)
		}
	}
	return err
}

// uniqueColumns reports the columns a UNIQUE constraint failure names, or nil when err is
// not one. SQLite says "UNIQUE constraint failed: tbl.col1, tbl.col2" for column lists and
// "UNIQUE constraint failed: index 'name'" for indexes over expressions.
func uniqueColumns(err error) (cols []string, index string, ok bool) {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return nil, "", false
	}
	if se.Code() != sqlite3.SQLITE_CONSTRAINT_UNIQUE && se.Code() != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
		return nil, "", false
	}
	msg := se.Error()
	const marker = "UNIQUE constraint failed: "
	i := strings.Index(msg, marker)
	if i < 0 {
		return nil, "", true
	}
	rest := msg[i+len(marker):]
	if j := strings.LastIndex(rest, " ("); j >= 0 {
		rest = rest[:j]
	}
	if strings.HasPrefix(rest, "index '") {
		return nil, strings.TrimSuffix(strings.TrimPrefix(rest, "index '"), "'"), true
	}
	for _, c := range strings.Split(rest, ", ") {
		if k := strings.Index(c, "."); k >= 0 {
			c = c[k+1:]
		}
		cols = append(cols, c)
	}
	return cols, "", true
}

// writeErr maps a failed insert or update of collection m.
func (m *collMeta) writeErr(err error, insert bool) error {
	cols, idx, ok := uniqueColumns(err)
	if !ok {
		return mapErr(err)
	}
	if insert && len(cols) == 1 && cols[0] == "id" {
		return fmt.Errorf("sqlite: insert into %s: %w", m.name, store.ErrExists)
	}
	for _, u := range m.uniques {
		if (idx != "" && idx == u.sqlName) || (idx == "" && equalStrings(cols, u.cols)) {
			return &store.DuplicateError{Collection: m.name, Index: u.name, Fields: u.fields}
		}
	}
	return &store.DuplicateError{Collection: m.name, Index: idx, Fields: cols}
}

func equalStrings(a, b []string) bool {
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
