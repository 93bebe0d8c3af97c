package store

import (
	"math"
	"time"

	"github.com/formloom/formloom/fault"
)

// MetaValue checks a filter value on a meta path and returns it as the one Go type every
// engine converts from: a string for _id, a float64 for _version, a UTC time.Time for
// _created and _updated (an RFC 3339 string is parsed, to the millisecond the engines keep);
// nil stays nil. Meta fields are never null or missing, so a value of another type is a
// query error (at is the filter's JSON pointer), not a silent miss.
func MetaValue(field string, v any, at string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch field {
	case PathID:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, BadValue(at, fault.Problem("bad_value.id_string"))
	case PathVersion:
		if f, ok := v.(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, nil
		}
		return nil, BadValue(at, fault.Problem("bad_value.version_number"))
	}
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		if err != nil {
			return nil, BadValue(at, fault.Problem("bad_value.meta_rfc3339").Fill("field", field))
		}
		return t.UTC().Truncate(time.Millisecond), nil
	}
	return nil, BadValue(at, fault.Problem("bad_value.meta_datetime").Fill("field", field))
}

// BadValue is the QueryError of a filter's value that its field cannot take, worded by
// problem p; at is the filter's JSON pointer.
func BadValue(at string, p fault.FieldError) error {
	return NewQueryError(at+"/value", p)
}
