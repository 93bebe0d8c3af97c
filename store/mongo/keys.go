package mongo

import "strings"

// Data keys that MongoDB would read as something other than a plain field name are kept
// escaped, so that any JSON object — a JSON Schema with "$schema", "$ref", "$defs", a key
// holding a dot — round-trips as written, while nothing a client sends can reach the
// server as an operator or as a path.
//
// A key is escaped when it starts with "$", holds a ".", or starts with the escape
// marker itself: it is stored as keyMarker followed by the key with "%", "$" and "."
// written as %25, %24 and %2E. Reading undoes it for keys that start with the marker;
// every other key is stored and read unchanged, so data written before escaping existed
// reads the same. Filters, sorts, groups and indexes name fields by identifier paths
// (store.CheckPath), which never need escaping, so an escaped key is never interpreted.

// keyMarker starts an escaped key: U+FF04 FULLWIDTH DOLLAR SIGN, never an operator.
const keyMarker = "\uff04"

// needsEscape reports whether k must be stored escaped.
func needsEscape(k string) bool {
	return strings.HasPrefix(k, "$") || strings.HasPrefix(k, keyMarker) || strings.IndexByte(k, '.') >= 0
}

// escapeKey is the stored form of a data key.
func escapeKey(k string) string {
	if !needsEscape(k) {
		return k
	}
	var b strings.Builder
	b.Grow(len(keyMarker) + len(k) + 8)
	b.WriteString(keyMarker)
	for i := 0; i < len(k); i++ {
		switch c := k[i]; c {
		case '%':
			b.WriteString("%25")
		case '$':
			b.WriteString("%24")
		case '.':
			b.WriteString("%2E")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unescapeKey is the data key of a stored key.
func unescapeKey(k string) string {
	if !strings.HasPrefix(k, keyMarker) {
		return k
	}
	s := k[len(keyMarker):]
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			switch s[i+1 : i+3] {
			case "25":
				b.WriteByte('%')
				i += 2
				continue
			case "24":
				b.WriteByte('$')
				i += 2
				continue
			case "2E":
				b.WriteByte('.')
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
