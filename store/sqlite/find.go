package sqlite

import (
	"context"
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// sortTerm is one ORDER BY key: its SQL expression, direction, and whether it can be NULL.
type sortTerm struct {
	expr    string
	desc    bool
	notNull bool
}

// sortTerms checks the sort keys and ends them with _id (in the direction of the last key)
// so that the order is total and cursors are exact.
func sortTerms(m *collMeta, keys []store.SortKey) ([]store.SortKey, []sortTerm, error) {
	var out []store.SortKey
	var terms []sortTerm
	hasID := false
	for i, k := range keys {
		if err := store.CheckPath(k.Field); err != nil {
			return nil, nil, &store.QueryError{Path: "/sort/" + strconv.Itoa(i) + "/field", Code: "bad_field", Message: err.Error()}
		}
		t, err := sortExpr(m, k.Field)
		if err != nil {
			return nil, nil, &store.QueryError{Path: "/sort/" + strconv.Itoa(i) + "/field", Code: "bad_field", Message: err.Error()}
		}
		t.desc = k.Desc
		out = append(out, k)
		terms = append(terms, t)
		if k.Field == store.PathID {
			hasID = true
			break // _id is unique: later keys could never matter
		}
	}
	if !hasID {
		desc := len(keys) > 0 && keys[len(keys)-1].Desc
		out = append(out, store.SortKey{Field: store.PathID, Desc: desc})
		terms = append(terms, sortTerm{expr: "id", desc: desc, notNull: true})
	}
	return out, terms, nil
}

func sortExpr(m *collMeta, field string) (sortTerm, error) {
	if c := metaColumn(field); c != "" {
		return sortTerm{expr: c, notNull: true}, nil
	}
	if c := m.cols[field]; c != "" {
		return sortTerm{expr: c}, nil
	}
	jp, err := sqlString(jsonPath(field))
	if err != nil {
		return sortTerm{}, err
	}
	return sortTerm{expr: sortValueSQL("data", jp)}, nil
}

// keysetSQL renders "the row comes after the cursor row" for the given order. With one
// direction and no NULL involved it is a row-value comparison, which SQLite turns into an
// index range; otherwise it spells the lexicographic comparison out, NULLs first ascending.
func keysetSQL(terms []sortTerm, vals []any) (string, []any) {
	simple := true
	for i, t := range terms {
		if t.desc != terms[0].desc || vals[i] == nil || (t.desc && !t.notNull) {
			simple = false
		}
	}
	var b strings.Builder
	var args []any
	if simple {
		b.WriteString("(")
		for i, t := range terms {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(t.expr)
		}
		if terms[0].desc {
			b.WriteString(") < (")
		} else {
			b.WriteString(") > (")
		}
		for i := range terms {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("?")
		}
		b.WriteString(")")
		return b.String(), vals
	}
	b.WriteString("(")
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("(")
		for j := 0; j < i; j++ {
			b.WriteString(terms[j].expr + " IS ? AND ")
			args = append(args, vals[j])
		}
		switch {
		case !t.desc && vals[i] == nil:
			b.WriteString(t.expr + " IS NOT NULL")
		case !t.desc:
			b.WriteString(t.expr + " > ?")
			args = append(args, vals[i])
		case vals[i] == nil:
			b.WriteString("0")
		default:
			b.WriteString("(" + t.expr + " < ? OR " + t.expr + " IS NULL)")
			args = append(args, vals[i])
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	return b.String(), args
}

// findPlan is a list query translated to SQL.
type findPlan struct {
	sql   string
	args  []any
	terms []sortTerm
	fp    []byte
	limit int
}

// planFind translates q; the SQL fetches one row more than the page to know if another
// page follows.
func (s *Store) planFind(m *collMeta, q store.Query) (findPlan, error) {
	var p findPlan
	p.limit = q.Limit
	if p.limit == 0 {
		p.limit = store.DefaultLimit
	}
	if p.limit < 0 || p.limit > store.MaxLimit {
		return p, store.NewQueryError("/limit", fault.Problem("bad_value.query_limit").Fill("max", store.MaxLimit))
	}
	f, err := store.Normalize(q.Filter)
	if err != nil {
		return p, err
	}
	where, args, err := compileWhere(m, f)
	if err != nil {
		return p, err
	}
	keys, terms, err := sortTerms(m, q.Sort)
	if err != nil {
		return p, err
	}
	p.terms = terms
	p.fp = queryFingerprint(m.name, f, keys)
	if q.After != "" {
		vals, err := s.cursor.open(q.After, p.fp, len(terms))
		if err != nil {
			return p, err
		}
		ks, kargs := keysetSQL(terms, vals)
		where = "(" + where + ") AND " + ks
		args = append(args, kargs...)
	}
	var b strings.Builder
	b.WriteString("SELECT id, version, created, updated, json(data)")
	for _, t := range terms {
		b.WriteString(", " + t.expr)
	}
	b.WriteString(" FROM " + m.table)
	if byID(f) {
		// The planner, unsure how few documents the other conditions leave, would rather
		// walk a list index than look the named IDs up; the lookups are never worse.
		b.WriteString(" INDEXED BY " + quoteIdent("sqlite_autoindex_"+strings.Trim(m.table, `"`)+"_1"))
	}
	b.WriteString(" WHERE " + where + " ORDER BY ")
	for i, t := range terms {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.expr)
		if t.desc {
			b.WriteString(" DESC")
		}
	}
	b.WriteString(" LIMIT ?")
	p.sql = b.String()
	p.args = append(args, p.limit+1)
	return p, nil
}

// byID reports whether every document f matches is one it names by ID: an _id equality or
// list of IDs joined to the rest by AND only. Such a query is answered by looking the IDs
// up in the primary key.
func byID(f store.Filter) bool {
	if f.And != nil {
		for _, c := range f.And {
			if byID(c) {
				return true
			}
		}
		return false
	}
	if f.Field != store.PathID {
		return false
	}
	switch f.Op {
	case store.OpEq:
		_, ok := f.Value.(string)
		return ok
	case store.OpIn:
		for _, v := range f.Value.([]any) {
			if _, ok := v.(string); ok {
				return true
			}
		}
	}
	return false
}

// Find returns one page of the documents matching q, in q's order, after q.After.
func (c *collection) Find(ctx context.Context, q store.Query) (store.Page, error) {
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return store.Page{}, err
	}
	p, err := c.s.planFind(m, q)
	if err != nil {
		return store.Page{}, err
	}
	rows, err := c.s.query(ctx, false, p.sql, p.args...)
	if err != nil {
		return store.Page{}, mapErr(err)
	}
	docs, extras, err := scanDocs(rows, len(p.terms))
	if err != nil {
		return store.Page{}, err
	}
	page := store.Page{Docs: docs}
	if len(docs) > p.limit {
		page.Docs = docs[:p.limit]
		next, err := c.s.cursor.seal(p.fp, extras[p.limit-1])
		if err != nil {
			return store.Page{}, err
		}
		page.Next = next
	}
	return page, nil
}
