package sqlite

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Aggregate groups the documents matching a.Filter. Groups come ordered by their keys
// (in the cross-engine sort order); an empty match yields no groups.
func (c *collection) Aggregate(ctx context.Context, a store.Aggregation) ([]store.Group, error) {
	m, err := c.s.meta(ctx, c.name)
	if err != nil {
		return nil, err
	}
	where, args, err := compileWhere(m, a.Filter)
	if err != nil {
		return nil, err
	}
	var sel, group []string
	var selArgs []any
	kinds := make([]keyKind, len(a.GroupBy))
	for i, g := range a.GroupBy {
		expr, kind, gargs, err := c.groupExpr(m, g, i)
		if err != nil {
			return nil, err
		}
		kinds[i] = kind
		sel = append(sel, expr)
		selArgs = append(selArgs, gargs...)
		group = append(group, strconv.Itoa(i+1))
	}
	names := map[string]bool{}
	for i, mt := range a.Metrics {
		expr, err := metricExpr(m, mt, i)
		if err != nil {
			return nil, err
		}
		if mt.As == "" || names[mt.As] {
			return nil, store.NewQueryError(fmt.Sprintf("/metrics/%d/as", i), fault.Problem("bad_value.metric_distinct"))
		}
		names[mt.As] = true
		sel = append(sel, expr)
	}
	sel = append(sel, "count(*)")
	q := "SELECT " + strings.Join(sel, ", ") + " FROM " + m.table + " WHERE " + where
	if len(group) > 0 {
		q += " GROUP BY " + strings.Join(group, ", ") + " ORDER BY " + strings.Join(group, ", ")
	}
	rows, err := c.s.query(ctx, false, q, append(selArgs, args...)...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []store.Group
	width := len(a.GroupBy) + len(a.Metrics) + 1
	for rows.Next() {
		vals := make([]any, width)
		ptrs := make([]any, width)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("sqlite: scan group: %w", err)
		}
		if n, _ := vals[width-1].(int64); n == 0 {
			continue
		}
		if len(out) == store.MaxGroups {
			return nil, store.TooManyGroups()
		}
		g := store.Group{Key: make([]any, len(a.GroupBy)), Values: map[string]any{}}
		for i := range a.GroupBy {
			g.Key[i] = groupKeyValue(vals[i], kinds[i])
		}
		for i, mt := range a.Metrics {
			g.Values[mt.As] = metricValue(vals[len(a.GroupBy)+i], mt.Op)
		}
		out = append(out, g)
	}
	return out, mapErr(rows.Err())
}

// keyKind says how to turn a group key's SQL value back into a Go value.
type keyKind int

const (
	keyData keyKind = iota
	keyString
	keyNumber
	keyTime
)

func (c *collection) groupExpr(m *collMeta, g store.GroupKey, i int) (string, keyKind, []any, error) {
	at := fmt.Sprintf("/groupBy/%d", i)
	if err := store.CheckPath(g.Field); err != nil {
		return "", 0, nil, &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
	}
	switch g.Bucket {
	case store.BucketNone:
		switch g.Field {
		case store.PathID:
			return "id", keyString, nil, nil
		case store.PathVersion:
			return "version", keyNumber, nil, nil
		case store.PathCreated, store.PathUpdated:
			return metaColumn(g.Field), keyTime, nil, nil
		}
		t, err := sortExpr(m, g.Field)
		if err != nil {
			return "", 0, nil, &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
		}
		return t.expr, keyData, nil, nil
	case store.BucketDay, store.BucketWeek, store.BucketMonth:
	default:
		return "", 0, nil, store.NewQueryError(at+"/bucket", fault.Problem("bad_value.bucket_kind"))
	}
	if c.s.zones.get(g.Timezone) == nil {
		return "", 0, nil, store.NewQueryError(at+"/timezone", fault.Problem("bad_value.time_zone").Fill("zone", strconv.Quote(g.Timezone)))
	}
	var raw string
	switch g.Field {
	case store.PathCreated, store.PathUpdated:
		raw = metaColumn(g.Field)
	case store.PathID, store.PathVersion:
		return "", 0, nil, store.NewQueryError(at+"/field", fault.Problem("bad_field.not_date").Fill("field", g.Field))
	default:
		jp, err := sqlString(jsonPath(g.Field))
		if err != nil {
			return "", 0, nil, &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
		}
		raw = "json_extract(data," + jp + ")"
	}
	return "fl_bucket(" + raw + ", ?, ?)", keyString, []any{string(g.Bucket), g.Timezone}, nil
}

// metricExpr computes a metric over the numbers at a path; other values are ignored.
func metricExpr(m *collMeta, mt store.Metric, i int) (string, error) {
	at := fmt.Sprintf("/metrics/%d", i)
	if mt.Op == store.AggCount {
		if mt.Field != "" {
			return "", store.NewQueryError(at+"/field", fault.Problem("bad_field.count"))
		}
		return "count(*)", nil
	}
	fn := map[store.AggOp]string{store.AggSum: "total", store.AggAvg: "avg", store.AggMin: "min", store.AggMax: "max"}[mt.Op]
	if fn == "" {
		return "", store.NewQueryError(at+"/op", fault.Problem("unknown_operator.aggregation_op").Fill("op", strconv.Quote(string(mt.Op))))
	}
	if err := store.CheckPath(mt.Field); err != nil {
		return "", &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
	}
	if mt.Field == store.PathID {
		return "", store.NewQueryError(at+"/field", fault.Problem("bad_field.id_not_number"))
	}
	if c := metaColumn(mt.Field); c != "" {
		return fn + "(" + c + ")", nil
	}
	jp, err := sqlString(jsonPath(mt.Field))
	if err != nil {
		return "", &store.QueryError{Path: at + "/field", Code: "bad_field", Message: err.Error()}
	}
	// Numbers only: json_type tells them from booleans, which ->> would return as 1 and 0.
	return fn + "(CASE WHEN json_type(data," + jp + ") IN ('integer','real') THEN data ->> " + jp + " END)", nil
}

func metricValue(v any, op store.AggOp) any {
	switch x := v.(type) {
	case int64:
		if op == store.AggCount {
			return x
		}
		return float64(x)
	case float64:
		return x
	}
	if op == store.AggSum {
		return float64(0)
	}
	return nil
}

func groupKeyValue(v any, kind keyKind) any {
	switch kind {
	case keyTime:
		if n, ok := v.(int64); ok {
			return msTime(n)
		}
		return nil
	case keyString:
		if s, ok := v.(string); ok {
			return s
		}
		return nil
	}
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64, string, nil:
		return x
	case []byte:
		if len(x) == 1 {
			switch x[0] {
			case blobTrue[0]:
				return true
			case blobFalse[0]:
				return false
			case blobArray[0]:
				return []any{}
			case blobObject[0]:
				return map[string]any{}
			}
		}
	}
	return nil
}
