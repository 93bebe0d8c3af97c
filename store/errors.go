package store

import (
	"errors"
	"fmt"
	"strings"

	"github.com/formloom/formloom/fault"
)

var (
	// ErrNotFound: no document has that ID (or none matched).
	ErrNotFound = errors.New("store: not found")
	// ErrVersionConflict: a compare-and-set lost because the document's version moved on.
	ErrVersionConflict = errors.New("store: version conflict")
	// ErrDuplicate: a unique index refused the write. Use errors.As with *DuplicateError
	// to learn which index and fields.
	ErrDuplicate = errors.New("store: duplicate key")
	// ErrInvalidQuery: a filter, sort, cursor or aggregation is not well formed.
	ErrInvalidQuery = errors.New("store: invalid query")
	// ErrExists: insert of an ID that is already taken.
	ErrExists = errors.New("store: document exists")
)

// DuplicateError names the unique index, and its fields, that refused a write.
type DuplicateError struct {
	Collection string
	Index      string
	Fields     []string
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("store: duplicate key in %s index %s (%s)", e.Collection, e.Index, strings.Join(e.Fields, ", "))
}

// Is makes errors.Is(err, ErrDuplicate) true for a *DuplicateError.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicate }

// QueryError locates a problem in a query: Path is a JSON pointer into the query as the
// client sent it (for example "/filter/and/1/field").
type QueryError struct {
	Path    string
	Code    string // stable word: unknown_field, unknown_operator, bad_value, bad_cursor, ...
	Message string // in English, as the query language words it
	// Problem is the message in both languages from the field catalogue, its English text
	// Message; empty where the query was refused without one (Words then falls back to
	// the code's general words).
	Problem fault.FieldError
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("store: invalid query at %s: %s", e.Path, e.Message)
}

// Is makes errors.Is(err, ErrInvalidQuery) true for a *QueryError.
func (e *QueryError) Is(target error) bool { return target == ErrInvalidQuery }

// ErrConstraintUnavailable: a unique index that covers the document is declared but not
// in place (being built, refused by duplicates already stored, or beyond the engine's
// index budget). The write is refused rather than accepted without the guarantee; it
// succeeds once the index exists.
var ErrConstraintUnavailable = errors.New("store: a uniqueness constraint is not in place yet")
