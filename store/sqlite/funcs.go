package sqlite

import (
	"database/sql/driver"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // date buckets need IANA zones even where the system has none

	msqlite "modernc.org/sqlite"

	"github.com/formloom/formloom/store"
)

// registerFunctions installs the SQL functions this engine's queries use, on the engine's
// private driver.
func registerFunctions(drv *msqlite.Driver, zones *zoneCache) error {
	if err := drv.RegisterFunction("fl_pathmatch", &msqlite.FunctionImpl{
		NArgs: 2, Deterministic: true,
		Scalar: func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			fk, _ := args[0].(string)
			p, _ := args[1].(string)
			if pathMatch(fk, p) {
				return int64(1), nil
			}
			return int64(0), nil
		},
	}); err != nil {
		return err
	}
	return drv.RegisterFunction("fl_bucket", &msqlite.FunctionImpl{
		NArgs: 3, Deterministic: true,
		Scalar: func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			b, _ := args[1].(string)
			tz, _ := args[2].(string)
			loc := zones.get(tz)
			if loc == nil {
				return nil, nil
			}
			key, ok := bucketKey(args[0], store.Bucket(b), loc)
			if !ok {
				return nil, nil
			}
			return key, nil
		},
	})
}

// pathKeyToken is one step of a json_tree fullkey: ".key" or "[n]".
type pathKeyToken struct {
	key   string
	index bool
}

// splitFullKey parses a json_tree fullkey such as $.a[0].b. Quoted keys (JSON keys that
// are not identifiers) come back unusable on purpose: no checked path can name them.
func splitFullKey(fk string) ([]pathKeyToken, bool) {
	if !strings.HasPrefix(fk, "$") {
		return nil, false
	}
	var out []pathKeyToken
	i := 1
	for i < len(fk) {
		switch fk[i] {
		case '.':
			j := i + 1
			for j < len(fk) && fk[j] != '.' && fk[j] != '[' {
				j++
			}
			out = append(out, pathKeyToken{key: fk[i+1 : j]})
			i = j
		case '[':
			j := strings.IndexByte(fk[i:], ']')
			if j < 0 {
				return nil, false
			}
			out = append(out, pathKeyToken{key: fk[i+1 : i+j], index: true})
			i += j + 1
		default:
			return nil, false
		}
	}
	return out, true
}

// pathMatch reports whether the json_tree node at fullkey fk is a value of the dotted path
// p, under the traversal rules shared by all engines: an all-digit segment is an array
// position; before any other segment an array is traversed (one level: its elements that
// are objects); and at the end of the path the value counts, and so does each element of
// it when it is an array.
func pathMatch(fk, p string) bool {
	toks, ok := splitFullKey(fk)
	if !ok {
		return false
	}
	segs := strings.Split(p, ".")
	i := 0
	for si, seg := range segs {
		if i >= len(toks) {
			return false
		}
		if store.IsIndexSegment(seg) {
			n, _ := strconv.Atoi(seg)
			if !toks[i].index || toks[i].key != strconv.Itoa(n) {
				return false
			}
			i++
			continue
		}
		if toks[i].index || toks[i].key != seg {
			return false
		}
		i++
		// Implicit traversal of an array before the next key segment.
		if si+1 < len(segs) && !store.IsIndexSegment(segs[si+1]) && i < len(toks) && toks[i].index {
			i++
		}
	}
	return i == len(toks) || (i == len(toks)-1 && toks[i].index)
}

// bucketKey buckets a timestamp (int64 milliseconds, a meta date) or a date string:
// "YYYY-MM-DD" is its own day and never shifted; an RFC 3339 date-time is converted to loc
// first. Anything else has no bucket.
func bucketKey(v any, b store.Bucket, loc *time.Location) (string, bool) {
	var t time.Time
	switch x := v.(type) {
	case int64:
		t = time.UnixMilli(x).In(loc)
	case string:
		if len(x) == 10 {
			d, err := time.Parse(time.DateOnly, x)
			if err != nil {
				return "", false
			}
			t = d
		} else {
			d, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return "", false
			}
			t = d.In(loc)
		}
	default:
		return "", false
	}
	switch b {
	case store.BucketDay:
		return t.Format(time.DateOnly), true
	case store.BucketWeek:
		// ISO weeks start on Monday.
		back := (int(t.Weekday()) + 6) % 7
		y, m, d := t.Date()
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), true
	case store.BucketMonth:
		return t.Format("2006-01"), true
	}
	return "", false
}

// zoneCache keeps loaded time zones: loading one per row would dominate a bucket query.
type zoneCache struct {
	mu sync.RWMutex
	m  map[string]*time.Location
}

func newZoneCache() *zoneCache { return &zoneCache{m: map[string]*time.Location{}} }

// get returns the zone, or nil for an unknown name ("" is UTC).
func (z *zoneCache) get(name string) *time.Location {
	z.mu.RLock()
	loc, ok := z.m[name]
	z.mu.RUnlock()
	if ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	z.mu.Lock()
	if len(z.m) < 1024 {
		z.m[name] = loc
	}
	z.mu.Unlock()
	return loc
}
