package store

import (
	"errors"
	"fmt"
)

// CheckPartial accepts the partial-index conditions every engine supports — a conjunction
// of eq with a non-null scalar and exists true, on data paths — and returns the filter
// normalised. Engines call it so that an index means the same everywhere.
func CheckPartial(f Filter) (Filter, error) {
	n, err := Normalize(f)
	if err != nil {
		return f, err
	}
	for _, leaf := range PartialLeaves(n) {
		if leaf.Field == "" || IsMetaPath(leaf.Field) {
			return f, errors.New("partial filter: only comparisons on data fields")
		}
		switch leaf.Op {
		case OpEq:
			switch leaf.Value.(type) {
			case string, bool, float64: // Normalize refused NaN and infinities
			default:
				return f, errors.New("partial filter: eq takes a string, number or boolean")
			}
		case OpExists:
			if leaf.Value != true {
				return f, errors.New("partial filter: only exists true")
			}
		default:
			return f, fmt.Errorf("partial filter: operator %q is not allowed (eq, exists true)", leaf.Op)
		}
	}
	return n, nil
}

// PartialLeaves lists the comparisons of a partial-index filter (a leaf or a conjunction).
func PartialLeaves(f Filter) []Filter {
	if f.IsZero() {
		return nil
	}
	if f.And != nil {
		return f.And
	}
	return []Filter{f}
}
