// Package search finds records across every app and form a member may read.
//
// The index follows the records collection: Wrap puts a store in front of the real one
// whose "records" collection writes each record's text to the index in the same
// transaction as the record itself, so every write path (create, update, import,
// automations, pipeline steps, migrations, delete and restore) keeps it current without
// knowing it exists. On SQLite the index is one FTS5 table beside the collections, of the
// grams of every run of letters and digits (its bigrams and the single characters that
// need to be grams, text.go), so that a two-character Chinese word such as "禾丰" is found
// inside "禾丰超市"; a longer term is looked up as the AND of its bigrams, and a term of
// punctuation only, which has no gram, by reading the records.
//
// The index only proposes candidates. What a member finally gets is decided the way lists
// decide it: candidates are read back through records.List (role scope, hidden fields
// removed), and a record is kept only when its visible text still matches, so text in a
// field hidden from the member never makes a record match.
//
// On engines without the index (MongoDB) Search falls back to a bounded scan: per readable
// form, a list filtered by "contains" over the member's visible text fields.
package search
