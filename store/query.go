package store

import (
	"slices"

	"github.com/formloom/formloom/fault"
)

// Limits of a list query.
const (
	DefaultLimit = 20
	MaxLimit     = 500
)

// SortKey orders by one field. Lists always end with _id as a tiebreaker, in the direction
// of the last key, so that keyset cursors are exact.
type SortKey struct {
	Field string
	Desc  bool
}

// Query is a list request: filter, order, page size and a cursor.
type Query struct {
	Filter Filter
	Sort   []SortKey
	Limit  int    // 0 means DefaultLimit; above MaxLimit is an error
	After  string // Page.Next of the previous page; opaque to callers
}

// Page is one page of a list. Next is empty on the last page.
type Page struct {
	Docs []Document
	Next string
}

// Bucket groups a date or datetime field.
type Bucket string

// Date buckets of an aggregation. Week starts on Monday (ISO).
const (
	BucketNone  Bucket = ""
	BucketDay   Bucket = "day"
	BucketWeek  Bucket = "week"
	BucketMonth Bucket = "month"
)

// GroupKey is one group-by dimension. Timezone (IANA name, default UTC) applies to buckets.
type GroupKey struct {
	Field    string
	Bucket   Bucket
	Timezone string
}

// AggOp is an aggregation function.
type AggOp string

// The aggregation functions.
const (
	AggCount AggOp = "count"
	AggSum   AggOp = "sum"
	AggAvg   AggOp = "avg"
	AggMin   AggOp = "min"
	AggMax   AggOp = "max"
)

// Metric is one computed value per group; As names it in Group.Values.
type Metric struct {
	Op    AggOp
	Field string // empty for count
	As    string
}

// Aggregation groups the documents matching Filter.
type Aggregation struct {
	Filter  Filter
	GroupBy []GroupKey
	Metrics []Metric
}

// Group is one result row: Key holds one value per GroupKey (bucketed dates as
// "2026-01-05" for day and week, "2026-01" for month); Values holds int64 counts and
// float64 (or nil) for the other functions.
type Group struct {
	Key    []any
	Values map[string]any
}

// Index declares an index. Keys follow equality–sort–range order. Partial limits the index
// to documents matching a conjunction of eq and exists leaves.
type Index struct {
	Name    string
	Keys    []SortKey
	Unique  bool
	Partial Filter
}

// CollectionSpec declares a collection and its indexes.
type CollectionSpec struct {
	Name    string
	Indexes []Index
	// Retire names indexes declared earlier that no longer apply: they are dropped (a
	// unique rule with its keys) and stop being merged into later declarations. A name
	// may not be both declared and retired. It is not part of the stored declaration.
	Retire []string `json:"-"`
}

// Retires reports whether spec retires index name.
func (spec CollectionSpec) Retires(name string) bool {
	return slices.Contains(spec.Retire, name)
}

// MaxGroups bounds the groups one aggregation returns on every engine, so that grouping
// by a key with a value per document (an ID, a timestamp) cannot fill the server's and the
// app's memory.
const MaxGroups = 10_000

// TooManyGroups is the error of an aggregation that yields more than MaxGroups groups.
func TooManyGroups() *QueryError {
	return NewQueryError("/groupBy", fault.Problem("too_many_groups.group_by").Fill("max", MaxGroups))
}
