// Package storetest is the conformance suite every store engine must pass. An engine's
// own test calls Run with a function that opens a fresh, empty store; the suite checks
// CRUD, compare-and-set (also under contention), every filter operator, the cross-engine
// rules for null, missing, arrays and mixed types (docs/query-language.md), sort orders,
// keyset paging under concurrent inserts, aggregations with date buckets, unique and
// partial indexes, transactions and migrations. Options switch off what an engine cannot
// promise (FerretDB v1: atomic concurrent updates, transactions), and the skipped tests
// say so.
package storetest
