package mongo

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// matchNothing is a filter no document passes (every document has an _id).
var matchNothing = bson.D{{Key: "_id", Value: bson.D{{Key: "$exists", Value: false}}}}

// translateFilter checks f with store.Normalize and turns it into a MongoDB query.
//
// The output is built only from these operators: $and, $or, $nor, $eq, $ne, $in, $nin,
// $lt, $lte, $gt, $gte, $exists and $regex (with a pattern made by regexp.QuoteMeta).
// Field names are paths that store.CheckPath accepted (identifier segments, or a meta
// path), and every caller value sits in an operand position as a scalar, so no part of a
// value can become an operator.
func translateFilter(f store.Filter, at string) (bson.D, error) {
	n, err := store.Normalize(f)
	if err != nil {
		return nil, prefixQueryError(err, at)
	}
	return translate(n, at)
}

func translate(f store.Filter, at string) (bson.D, error) {
	switch {
	case f.And != nil:
		var parts bson.A
		for i, c := range f.And {
			d, err := translate(c, fmt.Sprintf("%s/and/%d", at, i))
			if err != nil {
				return nil, err
			}
			if isNothing(d) {
				return matchNothing, nil
			}
			if len(d) > 0 {
				parts = append(parts, d)
			}
		}
		switch len(parts) {
		case 0:
			return matchAll, nil
		case 1:
			return parts[0].(bson.D), nil
		}
		return bson.D{{Key: "$and", Value: parts}}, nil
	case f.Or != nil:
		var parts bson.A
		for i, c := range f.Or {
			d, err := translate(c, fmt.Sprintf("%s/or/%d", at, i))
			if err != nil {
				return nil, err
			}
			if len(d) == 0 {
				return matchAll, nil
			}
			if !isNothing(d) {
				parts = append(parts, d)
			}
		}
		switch len(parts) {
		case 0:
			return matchNothing, nil
		case 1:
			return parts[0].(bson.D), nil
		}
		return bson.D{{Key: "$or", Value: parts}}, nil
	case f.Not != nil:
		inner, err := translate(*f.Not, at+"/not")
		if err != nil {
			return nil, err
		}
		switch {
		case len(inner) == 0:
			return matchNothing, nil
		case isNothing(inner):
			return matchAll, nil
		}
		return bson.D{{Key: "$nor", Value: bson.A{inner}}}, nil
	case f.IsZero():
		return matchAll, nil
	}
	return translateLeaf(f, at)
}

// isNothing reports whether d is matchNothing.
func isNothing(d bson.D) bool {
	if len(d) != 1 || d[0].Key != "_id" {
		return false
	}
	op, ok := d[0].Value.(bson.D)
	return ok && len(op) == 1 && op[0].Key == "$exists" && op[0].Value == false
}

var leafOps = map[store.Op]string{
	store.OpEq: "$eq", store.OpNe: "$ne", store.OpIn: "$in", store.OpNin: "$nin",
	store.OpLt: "$lt", store.OpLte: "$lte", store.OpGt: "$gt", store.OpGte: "$gte",
}

// matchAll is the filter every document passes.
var matchAll = bson.D{}

func leaf(field, op string, v any) bson.D {
	return bson.D{{Key: field, Value: bson.D{{Key: op, Value: v}}}}
}

func translateLeaf(f store.Filter, at string) (bson.D, error) {
	if store.IsMetaPath(f.Field) {
		return translateMetaLeaf(f, at)
	}
	switch f.Op {
	case store.OpEq:
		return leaf(f.Field, "$eq", dataValue(f.Value)), nil
	case store.OpNe: // "no value at the path equals v"; $nor says it for arrays of objects too
		return bson.D{{Key: "$nor", Value: bson.A{leaf(f.Field, "$eq", dataValue(f.Value))}}}, nil
	case store.OpLt, store.OpGt:
		if f.Value == nil { // nothing orders below or above null
			return matchNothing, nil
		}
		return leaf(f.Field, leafOps[f.Op], dataValue(f.Value)), nil
	case store.OpLte, store.OpGte:
		if f.Value == nil { // only null (or missing) equals null
			return leaf(f.Field, "$eq", nil), nil
		}
		return leaf(f.Field, leafOps[f.Op], dataValue(f.Value)), nil
	case store.OpIn, store.OpNin:
		list, _ := f.Value.([]any) // Normalize guarantees the type
		vals := make(bson.A, len(list))
		for i, e := range list {
			vals[i] = dataValue(e)
		}
		if f.Op == store.OpNin {
			return bson.D{{Key: "$nor", Value: bson.A{leaf(f.Field, "$in", vals)}}}, nil
		}
		return leaf(f.Field, "$in", vals), nil
	case store.OpExists:
		b, _ := f.Value.(bool)
		return leaf(f.Field, "$exists", b), nil
	case store.OpContains:
		s, _ := f.Value.(string)
		return leaf(f.Field, "$regex", containsPattern(s)), nil
	case store.OpStartsWith:
		s, _ := f.Value.(string)
		return leaf(f.Field, "$regex", "^"+regexp.QuoteMeta(s)), nil
	}
	return nil, store.NewQueryError(at+"/op", fault.Problem("unknown_operator.store_op").Fill("op", strconv.Quote(string(f.Op))))
}

// dataValue is a checked scalar as data holds it: integral numbers as int64.
func dataValue(v any) any {
	if f, ok := v.(float64); ok {
		return numberValue(f)
	}
	return v
}

// containsPattern is a regular expression for "contains s": every character quoted, ASCII
// letters matching either case (as SQL's LIKE does), everything else — Chinese included —
// matching exactly.
func containsPattern(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteString("[" + string(r) + string(r-'a'+'A') + "]")
		case r >= 'A' && r <= 'Z':
			b.WriteString("[" + string(r-'A'+'a') + string(r) + "]")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

// metaValue converts a filter value on a meta path (store.MetaValue) to its stored type.
func metaValue(field string, v any, at string) (any, error) {
	v, err := store.MetaValue(field, v, at)
	switch x := v.(type) {
	case float64:
		return numberValue(x), err
	case time.Time:
		return bson.NewDateTimeFromTime(x), err
	}
	return v, err
}

func translateMetaLeaf(f store.Filter, at string) (bson.D, error) {
	switch f.Op {
	case store.OpExists:
		if b, _ := f.Value.(bool); b {
			return matchAll, nil
		}
		return matchNothing, nil
	case store.OpContains, store.OpStartsWith:
		if f.Field != store.PathID {
			return nil, store.BadValue(at, fault.Problem("bad_value.strings_only").Fill("op", f.Op).Fill("field", f.Field))
		}
		s, _ := f.Value.(string)
		if f.Op == store.OpContains {
			return leaf(f.Field, "$regex", containsPattern(s)), nil
		}
		return leaf(f.Field, "$regex", "^"+regexp.QuoteMeta(s)), nil
	case store.OpIn, store.OpNin:
		list, _ := f.Value.([]any)
		vals := bson.A{}
		for _, e := range list {
			v, err := metaValue(f.Field, e, at)
			if err != nil {
				return nil, err
			}
			if v != nil { // nothing is null
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			if f.Op == store.OpNin {
				return matchAll, nil
			}
			return matchNothing, nil
		}
		return leaf(f.Field, leafOps[f.Op], vals), nil
	}
	op, ok := leafOps[f.Op]
	if !ok {
		return nil, store.NewQueryError(at+"/op", fault.Problem("unknown_operator.store_op").Fill("op", strconv.Quote(string(f.Op))))
	}
	v, err := metaValue(f.Field, f.Value, at)
	if err != nil {
		return nil, err
	}
	if v == nil { // nothing is null: only ne matches
		if f.Op == store.OpNe {
			return matchAll, nil
		}
		return matchNothing, nil
	}
	return leaf(f.Field, op, v), nil
}

// prefixQueryError places a filter's error paths below at (for example "/filter").
func prefixQueryError(err error, at string) error {
	var qe *store.QueryError
	if errors.As(err, &qe) && at != "" {
		return qe.At(at + qe.Path)
	}
	return err
}
