package records

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/formloom/formloom/builder/template"
)

// viewUsesHidden reports whether a view's filter, sort or grouping reads a field hidden
// from the caller: membership in such a view would tell them the hidden value (a view
// "high priority" filtered on a hidden score), so the view is not offered at all.
func viewUsesHidden(v *template.View, hidden map[string]bool) bool {
	if len(hidden) == 0 {
		return false
	}
	if v.GroupBy != "" && hidden[topKey(v.GroupBy)] {
		return true
	}
	for _, s := range v.Sort {
		if hidden[topKey(strings.TrimLeft(s, "+-"))] {
			return true
		}
	}
	if len(v.Filter) == 0 {
		return false
	}
	var f any
	if json.Unmarshal(v.Filter, &f) != nil {
		return true // unreadable: do not risk it
	}
	return filterNames(f, hidden)
}

// filterNames walks a filter (and/or/not nodes, leaves with "field") for a hidden field.
func filterNames(f any, hidden map[string]bool) bool {
	switch x := f.(type) {
	case []any:
		return slices.ContainsFunc(x, func(y any) bool { return filterNames(y, hidden) })
	case map[string]any:
		for k, y := range x {
			if k == "field" {
				if s, ok := y.(string); ok && hidden[topKey(s)] {
					return true
				}
				continue
			}
			if filterNames(y, hidden) {
				return true
			}
		}
	}
	return false
}

// viewFor is a view as the caller sees it: the columns they may see.
func viewFor(v template.View, hidden map[string]bool) template.View {
	if len(hidden) == 0 || len(v.Columns) == 0 {
		return v
	}
	cols := make([]string, 0, len(v.Columns))
	for _, c := range v.Columns {
		if !hidden[topKey(c)] {
			cols = append(cols, c)
		}
	}
	v.Columns = cols
	return v
}
