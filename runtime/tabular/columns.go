package tabular

import (
	"fmt"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// column is one column of a sheet: a top-level field (a sub-form is one column holding
// its rows as JSON) or a meta column.
type column struct {
	path   string
	field  *form.Field // nil for a meta column
	header string
	rows   []*form.Field // sub-form: the row fields that are not hidden
}

// metaLabels names the meta columns.
var metaLabels = map[string]fault.Text{
	MetaID:      fault.Notice("column.record_id"),
	MetaCreated: fault.Notice("column.created"),
	MetaUpdated: fault.Notice("column.updated"),
}

func isMeta(path string) bool {
	_, ok := metaLabels[path]
	return ok
}

// label picks a label in the language of opts, falling back to the other one.
func label(t fault.Text, opts *Options) string {
	if opts.zh() && t.ZH != "" || t.EN == "" {
		return t.ZH
	}
	return t.EN
}

// plan lays out the columns of an export: the given paths (a view's columns) or every
// field in schema order, without hidden fields. Headers are labels; labels that two
// columns share get the key appended, "名称 (name)", so that every header names one field.
func plan(f *form.Form, paths []string, opts *Options) ([]column, error) {
	hidden := set(opts.Hidden)
	if paths == nil {
		for _, fd := range f.Fields() {
			paths = append(paths, fd.Key)
		}
	}
	cols := make([]column, 0, len(paths))
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] || hidden[p] {
			continue
		}
		seen[p] = true
		if isMeta(p) {
			cols = append(cols, column{path: p, header: label(metaLabels[p], opts)})
			continue
		}
		fd, ok := f.Field(p)
		if !ok || strings.Contains(p, ".") {
			return nil, fmt.Errorf("tabular: %q is not a column of this form (sub-form columns are exported with their sub-form)", p)
		}
		c := column{path: p, field: fd, header: label(fd.Label, opts)}
		for i := range fd.Children {
			if !hidden[fd.Children[i].Path] {
				c.rows = append(c.rows, &fd.Children[i])
			}
		}
		cols = append(cols, c)
	}
	count := map[string]int{}
	for _, c := range cols {
		count[c.header]++
	}
	for i := range cols {
		if count[cols[i].header] > 1 {
			cols[i].header += " (" + cols[i].path + ")"
		}
	}
	return cols, nil
}
