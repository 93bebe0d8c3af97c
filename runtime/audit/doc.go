// Package audit keeps the workspace audit log: who changed what, when, from where, in an
// append-only collection. Entries are written once and never updated or deleted through
// this package; workspace owners and admins read them with filters and keyset pages.
//
// Summaries never hold record field values: for record writes they list the changed
// field keys only, so that a field hidden from some readers cannot leak through the log;
// for admin changes they hold the request body with secrets (passwords, tokens) removed.
package audit
