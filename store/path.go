package store

import (
	"errors"
	"strings"
)

// CheckPath accepts a dotted path of identifier segments ("a.b.0.c") or a meta path
// (_id, _version, _created, _updated). Anything else — "$"-keys, empty segments, quotes,
// brackets — is refused before it can reach an engine.
func CheckPath(p string) error {
	switch p {
	case PathID, PathVersion, PathCreated, PathUpdated:
		return nil
	case "":
		return errors.New("empty field path")
	}
	if len(p) > 200 {
		return errors.New("field path too long")
	}
	for i, seg := range strings.Split(p, ".") {
		if seg == "" {
			return errors.New("empty segment in field path")
		}
		for j, r := range seg {
			ok := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
			if !ok {
				return errors.New("field path segments use letters, digits and underscores only")
			}
			if i == 0 && j == 0 && r == '_' {
				return errors.New("field paths may not start with an underscore")
			}
		}
	}
	return nil
}

// IsMetaPath reports whether p names a store-owned field.
func IsMetaPath(p string) bool {
	return p == PathID || p == PathVersion || p == PathCreated || p == PathUpdated
}

// IsIndexSegment reports whether a path segment is an array position ("0", "12"): up to
// nine digits, so that it fits an int on every engine. Engines address such a segment as an
// element of a list rather than a key of an object.
func IsIndexSegment(seg string) bool {
	if seg == "" || len(seg) > 9 {
		return false
	}
	for _, r := range seg {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
