package records

import (
	"cmp"
	"slices"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
)

// optionOrders gives, for each group-by field that has an order of its own, the rank of
// each of its values: a select field's options as the form lists them, and _stage's
// stages in the pipeline's node order. A field without one (text, dates, numbers) is nil.
func optionOrders(t *target, formIndex int, names []string) []map[string]int {
	out := make([]map[string]int, len(names))
	fields := t.latest.Template.FormFields(formIndex)
	for j, n := range names {
		var opts []template.Option
		if n == template.PathStage {
			opts = t.latest.Stages[t.Form]
		} else if f := fields.Get(n); f != nil && holdsOneOption(f.Type) {
			opts = f.Options
		}
		if len(opts) == 0 {
			continue
		}
		rank := make(map[string]int, len(opts))
		for i, o := range opts {
			rank[o.Value] = i
		}
		out[j] = rank
	}
	return out
}

// holdsOneOption says whether a field's value is one of its options, so its groups
// follow the options' order.
func holdsOneOption(t string) bool {
	def, ok := form.TypeOf(form.Type(t))
	return ok && def.Choice == form.ChoiceOne
}

// inOptionOrder sorts groups as people read the field they are grouped by: a stage funnel
// from the pipeline's first stage to its last, a bar per channel in the order the form
// offers them, rather than by the stored value's spelling (which orders 分析 before 收集).
// Values the options no longer hold come after those they do, and no value comes last;
// fields without options are compared by value, so both storage engines answer in one
// order.
func inOptionOrder(groups []AggGroup, names []string, ranks []map[string]int) {
	slices.SortStableFunc(groups, func(a, b AggGroup) int {
		for j, n := range names {
			if c := compareGroupValue(a.Key[n], b.Key[n], ranks[j]); c != 0 {
				return c
			}
		}
		return 0
	})
}

// compareGroupValue orders two values of one group-by field: by rank when the field has
// options, then by kind (booleans, numbers, texts), then by value; no value sorts last.
func compareGroupValue(a, b any, rank map[string]int) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		default:
			return -1
		}
	}
	if rank != nil {
		ra, okA := rankOf(a, rank)
		rb, okB := rankOf(b, rank)
		switch {
		case okA && okB:
			return cmp.Compare(ra, rb)
		case okA:
			return -1
		case okB:
			return 1
		}
	}
	ka, kb := valueKind(a), valueKind(b)
	if ka != kb {
		return cmp.Compare(ka, kb)
	}
	switch va := a.(type) {
	case bool:
		vb := b.(bool)
		switch {
		case va == vb:
			return 0
		case !va:
			return -1
		default:
			return 1
		}
	case string:
		return cmp.Compare(va, b.(string))
	}
	if fa, okA := groupNumber(a); okA {
		if fb, okB := groupNumber(b); okB {
			return cmp.Compare(fa, fb)
		}
	}
	return 0
}

func rankOf(v any, rank map[string]int) (int, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	r, ok := rank[s]
	return r, ok
}

// valueKind ranks the kinds of a group key: booleans, numbers, texts, anything else.
func valueKind(v any) int {
	switch v.(type) {
	case bool:
		return 0
	case string:
		return 2
	}
	if _, ok := groupNumber(v); ok {
		return 1
	}
	return 3
}

func groupNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case float64:
		return n, true
	case float32:
		return float64(n), true
	}
	return 0, false
}
