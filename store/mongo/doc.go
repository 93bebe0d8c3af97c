// Package mongo is the MongoDB engine of the store, built on the official driver
// (go.mongodb.org/mongo-driver/v2). It is the production engine: several app instances can
// share one database, and MongoDB's replication carries the load.
//
// A collection of the store is a MongoDB collection. Each document keeps its data's own
// top-level fields beside the store's: _id (Document.ID), _version (int64), _created and
// _updated (BSON dates, milliseconds), so that indexes and filters work on native paths.
// Integral JSON numbers are stored as int64, others as double.
//
// Top-level data keys may not start with "_"; keys that start with "$" or hold "." (a
// JSON Schema's "$schema", "$ref", "$defs") are stored escaped and read back as written
// (keys.go), so they are never an operator or a path. Integral JSON numbers come back as
// integers: Get returns JSON equivalent to what was stored, in the same key order, not
// the same bytes.
//
// Filters of the store's language are translated into a fixed set of query operators
// ($and, $or, $nor, $eq, $in, $lt, $lte, $gt, $gte, $exists, and $regex built from quoted
// text); nothing a caller gives can become an operator. Updates are one compare-and-set
// (findAndModify replacing the document filtered by _id and _version), lists use keyset
// cursors that are signed and bound to their query, and WithTx uses a transaction when
// the server is a replica set or a sharded cluster.
//
// Indexes: a non-unique index gets _id as its last key, so that pages (which always end
// their order with _id) are read from the index; a unique index covers only documents
// that have all its key fields, so that optional unique fields can be left out.
// At most indexBudget indexes are built per collection; a unique index that is not in
// place refuses the writes it would cover (store.ErrConstraintUnavailable); builds have a
// deadline and never run inside a transaction (constraints.go).
//
// The connection string's options are kept; Open adds w:majority, a client-side
// operation timeout and connect timeouts only where it is silent. Get and the reads of
// compare-and-set go to the primary. ServerTime reads the server's clock, on which the
// scheduler measures leases.
//
// Aggregations use $dateTrunc and therefore need MongoDB 5.0 or newer. FerretDB v1 (used
// by the tests) lacks most of the aggregation language, partial indexes and transactions,
// and does not make concurrent updates of one document atomic; the tests say which checks
// run on real MongoDB only.
package mongo
