package store

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
)

// Op is a comparison operator of the filter language.
type Op string

// The operators. Nothing else ever reaches an engine.
const (
	OpEq         Op = "eq"
	OpNe         Op = "ne"
	OpIn         Op = "in"
	OpNin        Op = "nin"
	OpLt         Op = "lt"
	OpLte        Op = "lte"
	OpGt         Op = "gt"
	OpGte        Op = "gte"
	OpExists     Op = "exists"
	OpContains   Op = "contains"
	OpStartsWith Op = "startsWith"
)

// Ops lists every operator, in documentation order.
var Ops = []Op{OpEq, OpNe, OpIn, OpNin, OpLt, OpLte, OpGt, OpGte, OpExists, OpContains, OpStartsWith}

// Filter is a node of the filter language. Exactly one of And, Or, Not or a leaf
// (Field, Op, Value) is set; the zero Filter matches every document.
//
// Leaf values are nil, bool, float64 (ints are accepted and normalised), string, or
// time.Time for the meta paths _created and _updated; In and Nin take a []any of those;
// Exists takes a bool.
type Filter struct {
	And   []Filter
	Or    []Filter
	Not   *Filter
	Field string
	Op    Op
	Value any
}

// IsZero reports whether f is the match-everything filter.
func (f Filter) IsZero() bool {
	return f.And == nil && f.Or == nil && f.Not == nil && f.Field == "" && f.Op == ""
}

// And combines filters; zero filters are dropped.
func And(fs ...Filter) Filter {
	var kept []Filter
	for _, f := range fs {
		if !f.IsZero() {
			kept = append(kept, f)
		}
	}
	switch len(kept) {
	case 0:
		return Filter{}
	case 1:
		return kept[0]
	}
	return Filter{And: kept}
}

// Or matches documents that match any of fs.
func Or(fs ...Filter) Filter { return Filter{Or: fs} }

// Not negates f.
func Not(f Filter) Filter { return Filter{Not: &f} }

// Eq is the leaf field == value.
func Eq(field string, v any) Filter { return Filter{Field: field, Op: OpEq, Value: v} }

// In is the leaf field ∈ values.
func In(field string, vs ...any) Filter { return Filter{Field: field, Op: OpIn, Value: vs} }

// Cmp is any leaf.
func Cmp(field string, op Op, v any) Filter { return Filter{Field: field, Op: op, Value: v} }

// Normalize checks a filter's structure and value types and returns it with numbers as
// float64. Engines call it before translating, so that a malformed filter built in Go is
// refused the same way on every engine.
func Normalize(f Filter) (Filter, error) { return normalize(f, "", false) }

// NormalizeAliases is Normalize for filters in a caller's own terms, before it maps them
// to stored paths: besides what Normalize accepts, a field may be an alias — one segment
// of letters, digits and underscores starting with an underscore (a record's "_stage").
// The caller must map every alias; an engine's Normalize refuses any left.
func NormalizeAliases(f Filter) (Filter, error) { return normalize(f, "", true) }

func normalize(f Filter, at string, aliases bool) (Filter, error) {
	set := 0
	if f.And != nil {
		set++
	}
	if f.Or != nil {
		set++
	}
	if f.Not != nil {
		set++
	}
	if f.Field != "" || f.Op != "" {
		set++
	}
	if set > 1 {
		return f, NewQueryError(at, fault.Problem("ambiguous_node.exactly_one"))
	}
	switch {
	case f.And != nil || f.Or != nil:
		list, name := f.And, "/and"
		if f.Or != nil {
			list, name = f.Or, "/or"
		}
		out := make([]Filter, len(list))
		for i, c := range list {
			n, err := normalize(c, fmt.Sprintf("%s%s/%d", at, name, i), aliases)
			if err != nil {
				return f, err
			}
			out[i] = n
		}
		if f.And != nil {
			return Filter{And: out}, nil
		}
		return Filter{Or: out}, nil
	case f.Not != nil:
		n, err := normalize(*f.Not, at+"/not", aliases)
		if err != nil {
			return f, err
		}
		return Filter{Not: &n}, nil
	case f.Field == "" && f.Op == "":
		return f, nil
	}
	path := f.Field
	if aliases && len(path) > 1 && path[0] == '_' && !IsMetaPath(path) && !strings.Contains(path, ".") {
		path = path[1:]
	}
	if err := CheckPath(path); err != nil {
		return f, &QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
	}
	v, err := normalizeValue(f.Op, f.Value)
	if err == nil && !IsMetaPath(f.Field) && holdsTime(v) {
		err = fmt.Errorf("dates in data fields are compared as strings; pass an RFC 3339 string")
	}
	if err != nil {
		return f, &QueryError{Path: at + "/value", Code: "bad_value", Message: err.Error()}
	}
	return Filter{Field: f.Field, Op: f.Op, Value: v}, nil
}

func normalizeValue(op Op, v any) (any, error) {
	switch op {
	case OpEq, OpNe, OpLt, OpLte, OpGt, OpGte:
		return scalar(v)
	case OpIn, OpNin:
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("%s takes a list of values", op)
		}
		out := make([]any, len(list))
		for i, e := range list {
			s, err := scalar(e)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out[i] = s
		}
		return out, nil
	case OpExists:
		b, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("exists takes true or false")
		}
		return b, nil
	case OpContains, OpStartsWith:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%s takes a string", op)
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown operator %q", op)
}

func scalar(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, string:
		return x, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("numbers must be finite")
		}
		return x, nil
	case time.Time:
		return x.UTC().Truncate(time.Millisecond), nil
	case int:
		return float64(x), nil
	case int32:
		return float64(x), nil
	case int64:
		return float64(x), nil
	case float32:
		return scalar(float64(x))
	}
	return nil, fmt.Errorf("unsupported value type %T", v)
}

// holdsTime reports whether a normalised value is, or lists, a time.Time: only the meta
// paths _created and _updated hold times; data fields hold dates as text.
func holdsTime(v any) bool {
	switch x := v.(type) {
	case time.Time:
		return true
	case []any:
		for _, e := range x {
			if _, ok := e.(time.Time); ok {
				return true
			}
		}
	}
	return false
}
