package sqlite

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// compileWhere translates a filter into a SQL condition over a collection's table. Values
// are bound parameters, except equalities on the columns of partial-index conditions
// (collMeta.inline), which are quoted literals; the SQL text otherwise holds only fixed
// fragments, checked column names and checked JSON paths. Every condition it emits is two-valued (never NULL), so
// that NOT means "does not match".
func compileWhere(m *collMeta, f store.Filter) (string, []any, error) {
	n, err := store.Normalize(f)
	if err != nil {
		return "", nil, err
	}
	w := &whereBuilder{m: m}
	if err := w.node(n, ""); err != nil {
		return "", nil, err
	}
	return w.b.String(), w.args, nil
}

type whereBuilder struct {
	m    *collMeta
	b    strings.Builder
	args []any
}

func (w *whereBuilder) node(f store.Filter, at string) error {
	switch {
	case f.And != nil || f.Or != nil:
		list, join, empty, name := f.And, " AND ", "1", "/and"
		if f.Or != nil {
			list, join, empty, name = f.Or, " OR ", "0", "/or"
		}
		if len(list) == 0 {
			w.b.WriteString(empty)
			return nil
		}
		w.b.WriteString("(")
		for i, c := range list {
			if i > 0 {
				w.b.WriteString(join)
			}
			if err := w.node(c, fmt.Sprintf("%s%s/%d", at, name, i)); err != nil {
				return err
			}
		}
		w.b.WriteString(")")
		return nil
	case f.Not != nil:
		w.b.WriteString("(NOT ")
		if err := w.node(*f.Not, at+"/not"); err != nil {
			return err
		}
		w.b.WriteString(")")
		return nil
	case f.IsZero():
		w.b.WriteString("1")
		return nil
	}
	if store.IsMetaPath(f.Field) {
		return w.metaLeaf(f, at)
	}
	return w.dataLeaf(f, at)
}

// bindValue is the SQL parameter of a scalar filter value, encoded like sort keys.
func bindValue(v any) any {
	switch x := v.(type) {
	case bool:
		if x {
			return blobTrue
		}
		return blobFalse
	}
	return v
}

// condFn renders a two-valued condition on the sort key expression x (which is NULL for
// null and missing), appending its parameters.
type condFn func(w *whereBuilder, x string)

func (w *whereBuilder) arg(v any) { w.args = append(w.args, v) }

func eqCond(v any) condFn {
	return func(w *whereBuilder, x string) {
		if v == nil {
			w.b.WriteString(x + " IS NULL")
			return
		}
		w.b.WriteString(x + " IS ?")
		w.arg(bindValue(v))
	}
}

// inCond matches the non-null values of vs (null is handled by the caller).
func inCond(vs []any) condFn {
	return func(w *whereBuilder, x string) {
		w.b.WriteString("(" + x + " IS NOT NULL AND " + x + " IN (")
		for i, v := range vs {
			if i > 0 {
				w.b.WriteString(",")
			}
			w.b.WriteString("?")
			w.arg(bindValue(v))
		}
		w.b.WriteString("))")
	}
}

// rangeCond compares within v's type only: numbers with numbers, strings with strings,
// booleans with booleans (the bracket bounds keep other types out).
func rangeCond(op store.Op, v any) condFn {
	sym := map[store.Op]string{store.OpLt: "<", store.OpLte: "<=", store.OpGt: ">", store.OpGte: ">="}[op]
	below := op == store.OpLt || op == store.OpLte
	return func(w *whereBuilder, x string) {
		w.b.WriteString("(" + x + " IS NOT NULL AND " + x + " " + sym + " ?")
		w.arg(bindValue(v))
		switch v.(type) {
		case float64:
			if !below {
				w.b.WriteString(" AND " + x + " < ''")
			}
		case string:
			if below {
				w.b.WriteString(" AND " + x + " >= ''")
			} else {
				w.b.WriteString(" AND " + x + " < x''")
			}
		case bool:
			if below {
				w.b.WriteString(" AND " + x + " >= x'04'")
			} else {
				w.b.WriteString(" AND " + x + " <= x'05'")
			}
		}
		w.b.WriteString(")")
	}
}

// containsCond is a substring test, case-insensitive for ASCII letters only (SQLite's LIKE
// without ICU); every other character, Chinese included, matches exactly.
func containsCond(s string) condFn {
	return func(w *whereBuilder, x string) {
		w.b.WriteString("(typeof(" + x + ") = 'text' AND " + x + ` LIKE ? ESCAPE '\')`)
		w.arg("%" + likeEscape(s) + "%")
	}
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// startsWithCond is a case-sensitive prefix test written as a range, so that it can use an
// index: p <= x < successor(p) in byte order.
func startsWithCond(p string) condFn {
	return func(w *whereBuilder, x string) {
		if p == "" {
			w.b.WriteString("(typeof(" + x + ") = 'text')")
			return
		}
		w.b.WriteString("(typeof(" + x + ") = 'text' AND " + x + " >= ? AND " + x + " < ?)")
		w.arg(p)
		w.arg(prefixSuccessor(p))
	}
}

// prefixSuccessor is the smallest byte string above every string starting with p. UTF-8
// never uses the byte 0xFF, so incrementing the last byte cannot overflow.
func prefixSuccessor(p string) string {
	b := []byte(p)
	b[len(b)-1]++
	return string(b)
}

// dataPath is how a data path is reached: through its generated column (declared index:
// the value at that exact path, compared as a scalar), through json_each (one segment:
// the value, or each element when it is an array), or through json_tree (several
// segments: arrays on the way are traversed like MongoDB does).
type dataPath struct {
	col  string // quoted generated column, when indexed
	jp   string // quoted JSON path of the whole path
	root string // quoted JSON path of the first segment (json_tree root)
	pm   string // quoted dotted path for fl_pathmatch
	one  bool   // a single segment
}

func (w *whereBuilder) resolve(field string) (dataPath, error) {
	jp, err := sqlString(jsonPath(field))
	if err != nil {
		return dataPath{}, err
	}
	d := dataPath{jp: jp, col: w.m.cols[field]}
	segs := strings.Split(field, ".")
	if len(segs) == 1 {
		d.one = true
		return d, nil
	}
	if d.root, err = sqlString(jsonPath(segs[0])); err != nil {
		return d, err
	}
	if d.pm, err = sqlString(field); err != nil {
		return d, err
	}
	return d, nil
}

// anyMatch renders "some value at the path satisfies c".
func (w *whereBuilder) anyMatch(d dataPath, c condFn) {
	switch {
	case d.col != "":
		c(w, d.col)
	case d.one:
		w.b.WriteString("(CASE WHEN json_type(data," + d.jp + ") = 'array' THEN EXISTS (SELECT 1 FROM json_each(data," + d.jp + ") AS e WHERE ")
		c(w, elemValueSQL("e"))
		w.b.WriteString(") ELSE ")
		c(w, sortValueSQL("data", d.jp))
		w.b.WriteString(" END)")
	default:
		w.b.WriteString("EXISTS (SELECT 1 FROM json_tree(data," + d.root + ") AS t WHERE fl_pathmatch(t.fullkey," + d.pm + ") AND ")
		c(w, elemValueSQL("t"))
		w.b.WriteString(")")
	}
}

// present renders "the path holds a value, null included".
func (w *whereBuilder) present(d dataPath) {
	if d.col != "" || d.one {
		w.b.WriteString("(json_type(data," + d.jp + ") IS NOT NULL)")
		return
	}
	w.b.WriteString("EXISTS (SELECT 1 FROM json_tree(data," + d.root + ") AS t WHERE fl_pathmatch(t.fullkey," + d.pm + "))")
}

// matchNull renders "the path is missing, or holds null (or an array holding null)".
func (w *whereBuilder) matchNull(d dataPath) {
	if d.col != "" || d.one {
		// The column and the CASE form both see a missing path as NULL already.
		w.anyMatch(d, eqCond(nil))
		return
	}
	w.b.WriteString("(NOT ")
	w.present(d)
	w.b.WriteString(" OR ")
	w.anyMatch(d, eqCond(nil))
	w.b.WriteString(")")
}

func (w *whereBuilder) dataLeaf(f store.Filter, at string) error {
	d, err := w.resolve(f.Field)
	if err != nil {
		return &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
	}
	switch f.Op {
	case store.OpEq:
		w.eq(d, f.Value)
	case store.OpNe:
		w.b.WriteString("(NOT ")
		w.eq(d, f.Value)
		w.b.WriteString(")")
	case store.OpIn:
		w.in(d, f.Value.([]any))
	case store.OpNin:
		w.b.WriteString("(NOT ")
		w.in(d, f.Value.([]any))
		w.b.WriteString(")")
	case store.OpLt, store.OpGt:
		if f.Value == nil {
			w.b.WriteString("0")
			return nil
		}
		w.anyMatch(d, rangeCond(f.Op, f.Value))
	case store.OpLte, store.OpGte:
		if f.Value == nil {
			w.matchNull(d)
			return nil
		}
		w.anyMatch(d, rangeCond(f.Op, f.Value))
	case store.OpExists:
		if f.Value.(bool) {
			w.present(d)
		} else {
			w.b.WriteString("(NOT ")
			w.present(d)
			w.b.WriteString(")")
		}
	case store.OpContains:
		w.anyMatch(d, containsCond(f.Value.(string)))
	case store.OpStartsWith:
		w.anyMatch(d, startsWithCond(f.Value.(string)))
	default:
		return store.NewQueryError(at+"/op", fault.Problem("unknown_operator.store_op").Fill("op", strconv.Quote(string(f.Op))))
	}
	return nil
}

func (w *whereBuilder) eq(d dataPath, v any) {
	if v == nil {
		w.matchNull(d)
		return
	}
	if d.col != "" && w.m.inline[d.col] {
		if lit, ok := literalSQL(v); ok {
			w.b.WriteString(d.col + " IS " + lit)
			return
		}
	}
	w.anyMatch(d, eqCond(v))
}

func (w *whereBuilder) in(d dataPath, vs []any) {
	var vals []any
	hasNull := false
	for _, v := range vs {
		if v == nil {
			hasNull = true
		} else {
			vals = append(vals, v)
		}
	}
	switch {
	case len(vals) == 0 && !hasNull:
		w.b.WriteString("0")
	case len(vals) == 0:
		w.matchNull(d)
	case !hasNull:
		w.anyMatch(d, inCond(vals))
	default:
		w.b.WriteString("(")
		w.anyMatch(d, inCond(vals))
		w.b.WriteString(" OR ")
		w.matchNull(d)
		w.b.WriteString(")")
	}
}

// metaValue converts a filter value on a meta path (store.MetaValue) to its column's type.
func metaValue(field string, v any, at string) (any, error) {
	v, err := store.MetaValue(field, v, at)
	if t, ok := v.(time.Time); ok {
		return t.UnixMilli(), err
	}
	return v, err
}

func (w *whereBuilder) metaLeaf(f store.Filter, at string) error {
	col := metaColumn(f.Field)
	switch f.Op {
	case store.OpExists:
		if f.Value.(bool) {
			w.b.WriteString("1")
		} else {
			w.b.WriteString("0")
		}
		return nil
	case store.OpContains, store.OpStartsWith:
		if f.Field != store.PathID {
			return store.BadValue(at, fault.Problem("bad_value.strings_only").Fill("op", f.Op).Fill("field", f.Field))
		}
		if f.Op == store.OpContains {
			containsCond(f.Value.(string))(w, col)
		} else {
			startsWithCond(f.Value.(string))(w, col)
		}
		return nil
	case store.OpIn, store.OpNin:
		var vals []any
		for _, v := range f.Value.([]any) {
			mv, err := metaValue(f.Field, v, at)
			if err != nil {
				return err
			}
			if mv != nil {
				vals = append(vals, mv)
			}
		}
		neg := f.Op == store.OpNin
		if len(vals) == 0 {
			w.b.WriteString(map[bool]string{false: "0", true: "1"}[neg])
			return nil
		}
		if neg {
			w.b.WriteString(col + " NOT IN (")
		} else {
			w.b.WriteString(col + " IN (")
		}
		for i, v := range vals {
			if i > 0 {
				w.b.WriteString(",")
			}
			w.b.WriteString("?")
			w.arg(v)
		}
		w.b.WriteString(")")
		return nil
	}
	v, err := metaValue(f.Field, f.Value, at)
	if err != nil {
		return err
	}
	if v == nil {
		// Nothing is null: eq, lte, gte and lt, gt null match nothing; ne null matches all.
		w.b.WriteString(map[bool]string{false: "0", true: "1"}[f.Op == store.OpNe])
		return nil
	}
	sym, ok := map[store.Op]string{store.OpEq: "=", store.OpNe: "<>", store.OpLt: "<", store.OpLte: "<=", store.OpGt: ">", store.OpGte: ">="}[f.Op]
	if !ok {
		return store.NewQueryError(at+"/op", fault.Problem("unknown_operator.store_op").Fill("op", strconv.Quote(string(f.Op))))
	}
	w.b.WriteString(col + " " + sym + " ?")
	w.arg(v)
	return nil
}
