package querylang

import (
	"fmt"
	"strconv"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Layouts of date and datetime text.
const (
	// DateLayout is how Date fields are stored and compared.
	DateLayout = "2006-01-02"
	// DatetimeLayout is the canonical text of a Datetime field: UTC, milliseconds, "Z".
	// Text in this form sorts in time order, which is what lets both engines compare
	// datetimes as text.
	DatetimeLayout = "2006-01-02T15:04:05.000Z"
)

// FormatDatetime writes t in the canonical Datetime form. Writers of Datetime fields use
// it so that stored values and filter values compare correctly.
func FormatDatetime(t time.Time) string {
	return t.UTC().Truncate(time.Millisecond).Format(DatetimeLayout)
}

// opAllowed says which operators apply to which kinds of field.
func opAllowed(k kind, op store.Op) bool {
	switch op {
	case store.OpExists:
		return true
	case store.OpEq, store.OpNe, store.OpIn, store.OpNin:
		return k.t != Object
	case store.OpLt, store.OpLte, store.OpGt, store.OpGte:
		switch k.t {
		case String, Number, Date, Datetime:
			return true
		}
	case store.OpContains:
		return k.t == String || (k.t == Array && k.elem == String)
	case store.OpStartsWith:
		return k.t == String
	}
	return false
}

// describe names a kind for messages.
func (k kind) describe() string {
	if k.t == Array {
		return "array of " + string(k.elem)
	}
	return string(k.t)
}

// valueFor checks a comparison value (decoded JSON, or a parameter brought to that shape)
// against the field and operator, and returns it as the AST holds it. at locates the
// value; items of a literal list are located below it (list is false for parameters,
// whose items have no location of their own).
func valueFor(k kind, op store.Op, v any, at string, itemPaths bool) (any, error) {
	switch op {
	case store.OpExists:
		b, ok := v.(bool)
		if !ok {
			return nil, qerrOf(at, fault.Problem("bad_value.query_exists"))
		}
		return b, nil
	case store.OpIn, store.OpNin:
		list, ok := v.([]any)
		if !ok {
			return nil, qerrOf(at, fault.Problem("bad_value.query_list").Fill("op", op))
		}
		out := make([]any, len(list))
		for i, e := range list {
			iat := at
			if itemPaths {
				iat = at + "/" + strconv.Itoa(i)
			}
			x, err := scalarFor(k, e, true, iat)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case store.OpContains, store.OpStartsWith:
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, qerrOf(at, fault.Problem("bad_value.query_text").Fill("op", op))
		}
		return s, nil
	case store.OpEq, store.OpNe:
		return scalarFor(k, v, true, at)
	}
	// lt, lte, gt, gte: a value that orders, never null.
	return scalarFor(k, v, false, at)
}

// scalarFor checks one scalar against the field's (or, for arrays, the item's) type.
func scalarFor(k kind, v any, nullOK bool, at string) (any, error) {
	if v == nil {
		if nullOK {
			return nil, nil
		}
		return nil, qerrOf(at, fault.Problem("bad_value.query_null"))
	}
	t := k.t
	if t == Array {
		t = k.elem
	}
	switch t {
	case String:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case Number:
		if f, ok := v.(float64); ok {
			return f, nil
		}
	case Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case Date:
		if s, ok := v.(string); ok {
			if len(s) == len(DateLayout) {
				if _, err := time.Parse(DateLayout, s); err == nil {
					return s, nil
				}
			}
			return nil, qerrOf(at, fault.Problem("bad_value.query_date").FillText("value", named(s)))
		}
	case Datetime:
		if s, ok := v.(string); ok {
			tm, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return nil, qerrOf(at, fault.Problem("bad_value.query_datetime").FillText("value", named(s)))
			}
			if y := tm.UTC().Year(); y < 1 || y > 9999 {
				return nil, qerrOf(at, fault.Problem("bad_value.query_datetime_range").FillText("value", named(s)))
			}
			if k.time {
				return tm.UTC().Truncate(time.Millisecond), nil
			}
			return FormatDatetime(tm), nil
		}
	}
	return nil, qerrOf(at, expected(t).Fill("got", jsonType(v)))
}

// expected is the problem of a value that is not of type t.
func expected(t FieldType) fault.FieldError {
	switch t {
	case String:
		return fault.Problem("bad_value.query_expect_string")
	case Number:
		return fault.Problem("bad_value.query_expect_number")
	case Bool:
		return fault.Problem("bad_value.query_expect_bool")
	case Date:
		return fault.Problem("bad_value.query_expect_date")
	case Datetime:
		return fault.Problem("bad_value.query_expect_datetime")
	}
	return fault.Problem("bad_value.query_expect").Fill("type", t)
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}
