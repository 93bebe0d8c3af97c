// Package ferrettest starts FerretDB — a server speaking MongoDB's wire protocol, here over
// SQLite — inside a test binary, so that the MongoDB engine and everything built on it is
// tested without a MongoDB server. FerretDB has no transactions and does not make
// compare-and-set atomic: tests of those run against a real MongoDB when
// FORMLOOM_TEST_MONGODB_URI is set.
package ferrettest
