package sqlite

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/formloom/formloom/store"
)

// tableName is the quoted table of a collection (names are checked first).
func tableName(coll string) string { return `"c_` + coll + `"` }

// indexName is the quoted, schema-wide unique name of a collection's index.
func indexName(coll, idx string) string { return `"x:` + coll + `:` + idx + `"` }

// rawColumn is the (unquoted) generated column of a data path. SQLite identifiers ignore
// case while JSON keys do not, so paths with capitals get a hash suffix.
func rawColumn(path string) string {
	if strings.ToLower(path) == path {
		return "j:" + path
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(path))
	return "j:" + path + "#" + strconv.FormatUint(uint64(h.Sum32()), 16)
}

func quoteIdent(raw string) string { return `"` + raw + `"` }

// metaColumn maps a meta path to its column.
func metaColumn(p string) string {
	switch p {
	case store.PathID:
		return "id"
	case store.PathVersion:
		return "version"
	case store.PathCreated:
		return "created"
	case store.PathUpdated:
		return "updated"
	}
	return ""
}

// jsonPath turns a checked dotted path into a SQLite JSON path: all-digit segments are
// array positions, the others object keys ("a.0.b" → "$.a[0].b").
func jsonPath(p string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, seg := range strings.Split(p, ".") {
		if store.IsIndexSegment(seg) {
			b.WriteString("[" + seg + "]")
		} else {
			b.WriteString("." + seg)
		}
	}
	return b.String()
}

// sqlString quotes a literal made of path characters only; anything else is refused so
// that nothing unchecked is ever spliced into SQL.
func sqlString(s string) (string, error) {
	for _, r := range s {
		ok := r == '_' || r == '.' || r == '$' || r == '[' || r == ']' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return "", fmt.Errorf("sqlite: refusing to inline %q", s)
		}
	}
	return "'" + s + "'", nil
}
