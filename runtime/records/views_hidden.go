package records

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/formloom/formloom/builder/template"
)

// viewUsesHidden reports whether a view's filter, sort, grouping or days read a field hidden
// from the caller: membership in such a view would tell them the hidden value (a view
// "high priority" filtered on a hidden score), so the view is not offered at all.
func viewUsesHidden(v *template.View, hidden map[string]bool) bool {
	if len(hidden) == 0 {
		return false
	}
	if v.GroupBy != "" && hidden[topKey(v.GroupBy)] {
		return true
	}
	if v.Date != "" && hidden[topKey(v.Date)] {
		return true // a calendar would place each record on the hidden date
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

// widgetUsesHidden tells whether a dashboard widget's aggregation (its measure, grouping or
// filter) names a field hidden from the caller. Such a widget is not offered at all: its
// definition would say the field's name, and its numbers would tell what the field holds.
// The check is on quoted names anywhere in the aggregation, so it errs on hiding.
func widgetUsesHidden(w *template.Widget, hidden map[string]bool) bool {
	for k := range hidden {
		if bytes.Contains(w.Aggregation, []byte(strconv.Quote(k))) {
			return true
		}
	}
	return false
}
