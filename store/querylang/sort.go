package querylang

import (
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// ParseSort parses the sort URL parameter: comma-separated field paths, each optionally
// prefixed with "-" for descending order ("-_created,status"). Fields must be listed with
// Sort. The empty string is the default order (nil). Errors are located at base (the
// whole parameter) or base/i (the i-th key, from 0).
//
// The store appends _id as the final tiebreaker itself, so callers need not.
func ParseSort(s string, fields Fields, base string) ([]store.SortKey, error) {
	if s == "" {
		return nil, nil
	}
	if len(s) > maxParamBytes {
		return nil, qerrOf(base, fault.Problem("too_long.sort"))
	}
	parts := strings.Split(s, ",")
	if len(parts) > MaxSortKeys {
		return nil, qerrOf(base, fault.Problem("too_long.sort_keys").Fill("max", MaxSortKeys))
	}
	keys := make([]store.SortKey, 0, len(parts))
	for i, part := range parts {
		at := base + "/" + strconv.Itoa(i)
		key := store.SortKey{Field: part}
		if strings.HasPrefix(part, "-") {
			key = store.SortKey{Field: part[1:], Desc: true}
		}
		if key.Field == "" {
			return nil, qerrOf(at, fault.Problem("bad_value.sort_key"))
		}
		if _, err := fields.lookup(key.Field, useSort, at); err != nil {
			return nil, err
		}
		for _, k := range keys {
			if k.Field == key.Field {
				return nil, qerrOf(at, fault.Problem("duplicate_key.sort_field").FillText("field", named(key.Field)))
			}
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// ParseLimit parses the limit URL parameter: a decimal integer from 1 to store.MaxLimit.
// The empty string is store.DefaultLimit.
func ParseLimit(s string, base string) (int, error) {
	if s == "" {
		return store.DefaultLimit, nil
	}
	bad := qerrOf(base, fault.Problem("bad_value.query_limit_param").Fill("max", store.MaxLimit))
	if len(s) > 6 {
		return 0, bad
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, bad
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > store.MaxLimit {
		return 0, bad
	}
	return n, nil
}
