// Package querylang is the client-facing syntax of Formloom's query language: filters,
// sort keys, page limits and aggregations written as JSON (or, for sort and limit, as URL
// parameters), parsed and checked against an allow-list of declared fields, and turned
// into the store's AST (store.Filter, store.SortKey, store.Aggregation).
//
// It is a security boundary. Everything a client or a template sends passes through here
// before an engine sees it, and only the shapes this package builds come out: operators
// from store.Ops, fields from the caller's allow-list, and values that are null, booleans,
// numbers, strings, timestamps of the meta paths, or lists of those. "$"-keys, unknown keys,
// unknown or forbidden fields, unknown operators, wrong value types and oversized or
// too-deeply nested input are refused with a *store.QueryError whose Path is a JSON pointer
// into the request.
//
// The caller builds the allow-list per user (fields the user may not see are simply not
// listed, so they cannot be filtered, sorted or grouped by) and gives the values of
// parameters such as currentUser, which are resolved before translation.
package querylang
