package records

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
)

// MigrationValue says what a migration writes into one field of the target version: a
// constant where the record has no value, a formula over the record as it was (its
// result always written), or a mapping of old option values to new ones (values not
// listed stay as they are). Exactly one of the three.
type MigrationValue struct {
	Const   json.RawMessage `json:"const,omitempty"`
	Formula string          `json:"formula,omitempty"`
	Map     map[string]any  `json:"map,omitempty"`
}

// migrationValue is a checked MigrationValue.
type migrationValue struct {
	key     string
	konst   any
	formula *pipeline.Expr
	mapping map[string]any
}

// compileValues checks the values of a migration request against form f of the target
// version; names are the field keys formulas may read (every version's).
func compileValues(f *form.Form, values map[string]MigrationValue, names []string) ([]migrationValue, error) {
	bad := fault.Of("invalid_values") // answered only if a value is bad
	var out []migrationValue
	for _, key := range slices.Sorted(maps.Keys(values)) {
		v := values[key]
		ptr := "/values/" + escapeToken(key)
		fd, ok := f.Field(key)
		if !ok || fd.Path != key || fd.ServerOwned {
			bad.WithFieldOf(ptr, "unknown_field.migration")
			continue
		}
		n := 0
		if len(bytes.TrimSpace(v.Const)) > 0 {
			n++
		}
		if v.Formula != "" {
			n++
		}
		if v.Map != nil {
			n++
		}
		if n != 1 {
			bad.WithFieldOf(ptr, "one_source.migration")
			continue
		}
		mv := migrationValue{key: key, mapping: v.Map}
		switch {
		case len(bytes.TrimSpace(v.Const)) > 0:
			c, err := form.DecodeObject([]byte(`{"v":` + string(v.Const) + `}`))
			if err != nil {
				bad.WithFieldOf(ptr+"/const", "invalid_value.const")
				continue
			}
			mv.konst = c["v"]
		case v.Formula != "":
			e, err := pipeline.CompileExpr(v.Formula, names)
			if err != nil {
				bad.WithProblem(ptr+"/formula", fault.Problem("bad_expr.formula").Fill("reason", err.Error()))
				continue
			}
			mv.formula = e
		}
		out = append(out, mv)
	}
	if len(bad.Fields) > 0 {
		return nil, bad
	}
	return out, nil
}

// applyValues writes the migration values into rec (the record's fields as stored) and
// returns what it wrote; a formula that fails is an error of its field.
func applyValues(vals []migrationValue, rec map[string]any, now time.Time, loc *time.Location) (map[string]any, *fault.Error) {
	if len(vals) == 0 {
		return nil, nil
	}
	old := maps.Clone(rec)
	wrote := map[string]any{}
	for _, v := range vals {
		switch {
		case v.formula != nil:
			out, err := v.formula.RunAt(old, now, loc)
			if err != nil {
				return nil, fault.Of("validation_failed.migration").
					WithProblem("/"+escapeToken(v.key), fault.Problem("formula_failed.migration").Fill("reason", err.Error()))
			}
			if out == nil {
				continue
			}
			rec[v.key] = plainNumber(out)
		case v.mapping != nil:
			switch cur := rec[v.key].(type) {
			case string:
				if to, ok := v.mapping[cur]; ok {
					rec[v.key] = to
				}
			case []any:
				list := make([]any, len(cur))
				for i, item := range cur {
					list[i] = item
					if s, ok := item.(string); ok {
						if to, ok := v.mapping[s]; ok {
							list[i] = to
						}
					}
				}
				rec[v.key] = list
			default:
				continue
			}
		default:
			if _, has := rec[v.key]; has {
				continue
			}
			rec[v.key] = v.konst
		}
		wrote[v.key] = rec[v.key]
	}
	return wrote, nil
}

// formulaNames are the field keys of the form in every version up to to: a migration
// formula reads the record as it was, fields the target version dropped included.
func (s *Service) formulaNames(ctx context.Context, t *target, to int) []string {
	seen := map[string]bool{}
	for n := 1; n <= to; n++ {
		_, f, err := s.formAt(ctx, t, n)
		if err != nil || f == nil {
			continue
		}
		for _, fd := range f.Fields() {
			seen[fd.Key] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

// plainNumber turns the formula engine's Go numbers into float64, the records' one number
// type.
func plainNumber(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case float32:
		return float64(n)
	}
	return v
}
