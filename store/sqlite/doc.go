// Package sqlite is Formloom's embedded store engine: SQLite through modernc.org/sqlite
// (pure Go, no cgo), in WAL mode with one writer connection and a pool of readers.
//
// Each collection is one table (id, version, created, updated, data as SQLite JSONB). Every
// data path named by a declared index becomes a virtual generated column holding the value's
// sort key, and the index is built over those columns, so that the usual list query
// (equality on indexed fields, sort by creation time, keyset cursor) is one index range scan.
// Filters are translated from the store's filter AST to SQL with bound parameters; only
// validated identifiers (collection names, field paths) ever appear in the SQL text.
//
// Writes go through one writer connection with group commit: the transactions of concurrent
// callers run one after the other, each in a savepoint of one open transaction, and are
// committed together once nobody else waits for the writer (at most 32 to a commit). A
// transaction that fails is rolled back to its savepoint and fails alone; a caller is
// answered only after the commit carrying its writes, so acknowledged writes survive a
// crash of the process as before. Partial indexes write their equalities as "IS" with a
// literal, and the filter compiler writes a query's equality on such a column the same
// way, so SQLite sees that the query implies the index's condition; a bound parameter
// there would make SQLite compile the cached statement again at every execution.
//
// The semantics shared with the other engines (null and missing, arrays, type bracketing,
// sort order of mixed types, date buckets) are written down in docs/query-language.md.
package sqlite
