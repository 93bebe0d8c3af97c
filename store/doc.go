// Package store is Formloom's persistence boundary: collections of JSON documents with
// versioned compare-and-set updates, a filter language given as data (never as database
// operators), keyset pagination, aggregations, declared indexes, transactions where the
// engine has them, and migrations. Engines live in sub-packages (store/sqlite, store/mongo)
// and must pass the conformance suite in store/storetest.
package store
