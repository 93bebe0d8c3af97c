package querylang

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Params holds the values of the parameters a filter may name instead of a literal value
// ({"field": "owner", "op": "eq", "param": "currentUser"}). The caller fills it per
// request; a parameter that is not in the map is refused with unknown_param.
//
// Values may be nil, bool, string, any Go integer or float, json.Number, time.Time
// (written as a Datetime), or a slice ([]any, []string, []int, []float64) of those.
// They are checked against the field like literal values, but not held to the length
// limits meant for client input.
type Params map[string]any

// The standard parameter names.
const (
	ParamCurrentUser        = "currentUser"        // the user's ID
	ParamCurrentDepartments = "currentDepartments" // IDs of the user's departments, a list
	ParamToday              = "today"              // the date in the workspace's timezone, "YYYY-MM-DD"
	ParamNow                = "now"                // the current instant
)

// StandardParams returns the standard parameters for a user at an instant, with today
// taken in loc (UTC when nil). To check a filter written in a template before any user
// exists, parse it with StandardParams("", nil, time.Now(), nil): every standard
// parameter is then known and has a value of its real type.
func StandardParams(userID string, departments []string, now time.Time, loc *time.Location) Params {
	if loc == nil {
		loc = time.UTC
	}
	deps := make([]any, len(departments))
	for i, d := range departments {
		deps[i] = d
	}
	return Params{
		ParamCurrentUser:        userID,
		ParamCurrentDepartments: deps,
		ParamToday:              now.In(loc).Format(DateLayout),
		ParamNow:                now,
	}
}

// paramValue brings a caller-supplied parameter into the shape of a decoded JSON value.
func paramValue(v any) (any, error) {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			s, err := paramScalar(e)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out[i] = s
		}
		return out, nil
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, nil
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = float64(e)
		}
		return out, nil
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			s, err := paramScalar(e)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out[i] = s
		}
		return out, nil
	}
	return paramScalar(v)
}

func paramScalar(v any) (any, error) {
	var f float64
	switch x := v.(type) {
	case nil, bool, string:
		return x, nil
	case time.Time:
		return FormatDatetime(x), nil
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int8:
		f = float64(x)
	case int16:
		f = float64(x)
	case int32:
		f = float64(x)
	case int64:
		f = float64(x)
	case uint:
		f = float64(x)
	case uint8:
		f = float64(x)
	case uint16:
		f = float64(x)
	case uint32:
		f = float64(x)
	case uint64:
		f = float64(x)
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(string(x), 64); err != nil {
			return nil, fmt.Errorf("number %s out of range", x)
		}
	default:
		return nil, fmt.Errorf("unsupported parameter type %T", v)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("number out of range")
	}
	return f, nil
}
