package querylang

import (
	"errors"
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Error codes carried in store.QueryError.Code. They are stable words that clients and
// the HTTP layer may rely on.
const (
	CodeBadJSON       = "bad_json"         // not well-formed JSON, or data after the value
	CodeTooLarge      = "too_large"        // input longer than MaxInputBytes
	CodeBadNode       = "bad_node"         // a filter node is not an object, and/or not a list
	CodeEmptyNode     = "empty_node"       // {} below the top of a filter
	CodeEmptyList     = "empty_list"       // and/or with no members
	CodeUnknownKey    = "unknown_key"      // a key the syntax does not have ("$gt", "where", …)
	CodeDuplicateKey  = "duplicate_key"    // the same key twice in one object, or a repeated sort or group key
	CodeAmbiguousNode = "ambiguous_node"   // and/or/not mixed with each other or with a comparison; value with param
	CodeMissingKey    = "missing_key"      // a required key is absent
	CodeUnknownField  = "unknown_field"    // the field is not in the caller's allow-list
	CodeNotFilterable = "not_filterable"   // listed, but not declared for filtering
	CodeNotSortable   = "not_sortable"     // listed, but not declared for sorting (or of a type that cannot be sorted)
	CodeNotGroupable  = "not_groupable"    // listed, but not declared for aggregations (or of a type that cannot be grouped)
	CodeBadField      = "bad_field"        // the field is not a string, or not a valid path
	CodeUnknownOp     = "unknown_operator" // not one of the language's operators or aggregation functions
	CodeBadOp         = "bad_operator"     // an operator the field's type does not support
	CodeBadValue      = "bad_value"        // a value of the wrong type or form
	CodeUnknownParam  = "unknown_param"    // a parameter the caller did not provide
	CodeTooDeep       = "too_deep"         // filter nested deeper than MaxDepth
	CodeTooManyNodes  = "too_many_nodes"   // more than MaxNodes filter nodes
	CodeTooLong       = "too_long"         // a string, list or parameter over its limit
	CodeDuplicateName = "duplicate_name"   // two metrics with the same name
)

func qerr(at, code, msg string) *store.QueryError {
	return &store.QueryError{Path: at, Code: code, Message: msg}
}

// qerrOf is the query error at at whose words are the field catalogue's problem p.
func qerrOf(at string, p fault.FieldError) *store.QueryError {
	return store.NewQueryError(at, p)
}

// named is a client-supplied name as a message shows it: quoted and shortened in English,
// shortened in Chinese (the Chinese message puts it in 「」 itself).
func named(s string) fault.Text {
	// The client's braces are shown as full-width ones: a message is filled in steps (ofField
	// names the field after the value is in), and a later step must not take a "{field}"
	// the client typed for its placeholder.
	if strings.ContainsAny(s, "{}") {
		s = braces.Replace(s)
	}
	return fault.Text{EN: quote(s), ZH: shorten(s)}
}

var braces = strings.NewReplacer("{", "｛", "}", "｝")

// pointer appends one reference token to a JSON pointer, escaped as RFC 6901 requires.
func pointer(at, token string) string {
	if strings.ContainsAny(token, "~/") {
		token = strings.ReplaceAll(token, "~", "~0")
		token = strings.ReplaceAll(token, "/", "~1")
	}
	return at + "/" + token
}

// quote shortens a client-supplied string for an error message.
func quote(s string) string {
	return strconv.Quote(shorten(s))
}

// shorten cuts a client-supplied string to what a message shows of it.
func shorten(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}

func asQueryError(err error, target **store.QueryError) bool { return errors.As(err, target) }

// fieldName is a field as a message names it: by its path in English, by its label (the
// path when it has none) in Chinese.
func fieldName(path string, label fault.Text) fault.Text {
	t := named(path)
	if label.ZH != "" {
		t.ZH = shorten(label.ZH)
	}
	return t
}
