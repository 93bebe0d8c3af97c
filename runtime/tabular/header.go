package tabular

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// Column is one column of an imported sheet.
type Column struct {
	Index  int    // from 0
	Name   string // as a spreadsheet names it: "A", "AB"
	Header string // the header cell's text
	Path   string // the field or meta column it names; "" when none
}

// ColumnProblem is a column that cannot be read: it names no field (unknown_column),
// names several (ambiguous_column), or names a field another column already names
// (duplicate_column). Its cells are not read.
type ColumnProblem struct {
	Column
	Code string
	Text fault.Text
}

// Header is what the header row says about the file.
type Header struct {
	// Columns are read into records, in sheet order.
	Columns []Column
	// Ignored are recognised but not read: server-owned fields (computed again on
	// import), fields the importer may only read, meta columns (_id, _created, _updated).
	Ignored []Column
	// Problems are reported, never silently dropped; Err turns them into an error.
	Problems []ColumnProblem
	// Missing lists required fields that no column names: every row will lack them.
	Missing []string
	// KeyRow is true when a row of field keys follows the labels (as in exported XLSX files).
	KeyRow bool
}

// Err returns nil when every column can be read, and otherwise a 400 *fault.Error
// (unknown_column, ambiguous_column or duplicate_column, the first problem's code) with
// one entry per problem keyed "/columns/<letter>".
func (h *Header) Err() error {
	if len(h.Problems) == 0 {
		return nil
	}
	var e *fault.Error
	switch h.Problems[0].Code {
	case CodeAmbiguous:
		e = fault.Of("ambiguous_column")
	case CodeDuplicateCol:
		e = fault.Of("duplicate_column")
	default:
		e = fault.Of("unknown_column")
	}
	for _, p := range h.Problems {
		e.WithField("/columns/"+p.Name, p.Code, p.Text.EN, p.Text.ZH)
	}
	return e
}

// matcher finds the field a header names.
type matcher struct {
	f        *form.Form
	hidden   map[string]bool
	readOnly map[string]bool
	labels   map[string][]string // normalised label (either language) → paths
}

func newMatcher(f *form.Form, opts *ImportOptions) *matcher {
	m := &matcher{f: f, hidden: set(opts.Hidden), readOnly: set(opts.ReadOnly), labels: map[string][]string{}}
	add := func(l, path string) {
		l = normHeader(l)
		if l == "" {
			return
		}
		for _, p := range m.labels[l] {
			if p == path {
				return
			}
		}
		m.labels[l] = append(m.labels[l], path)
	}
	for _, fd := range f.Fields() {
		if m.hidden[fd.Key] {
			continue
		}
		add(fd.Label.ZH, fd.Key)
		add(fd.Label.EN, fd.Key)
	}
	for path, l := range metaLabels {
		add(l.ZH, path)
		add(l.EN, path)
	}
	return m
}

// normHeader folds what people change in headers without meaning to: spaces, case, a
// "*" marking a required column.
func normHeader(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "*＊ ")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// known reports whether path is a column this form may have.
func (m *matcher) known(path string) bool {
	if isMeta(path) {
		return true
	}
	if m.hidden[path] || strings.Contains(path, ".") {
		return false
	}
	_, ok := m.f.Field(path)
	return ok
}

// match finds what a header names: a key, "label (key)", or a label in either language.
// It returns the path, or a problem code.
func (m *matcher) match(header string) (string, string) {
	h := strings.TrimSpace(header)
	if m.known(h) {
		return h, ""
	}
	// "名称 (name)" or "名称（name）", as exports write labels two fields share.
	for _, open := range []string{" (", "(", "（"} {
		if i := strings.LastIndex(h, open); i > 0 {
			inner := strings.TrimRight(h[i+len(open):], ")） ")
			if m.known(inner) {
				return inner, ""
			}
		}
	}
	paths := m.labels[normHeader(h)]
	switch len(paths) {
	case 0:
		return "", CodeUnknownColumn
	case 1:
		return paths[0], ""
	}
	return "", CodeAmbiguous
}

// isKeyRow reports whether a row lists field keys: every non-empty cell is a known path.
func (m *matcher) isKeyRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !m.known(c) {
			return false
		}
		n++
	}
	return n > 0
}

// colState says what the reader does with a column's cells.
type colState uint8

const (
	colEmpty colState = iota // no header: a value under it is an error of its row
	colSkip                  // ignored or a problem (reported once, in the Header): cells not read
	colRead
)

type readCol struct {
	state colState
	field *form.Field
}

// header maps the header row (and the key row, when there is one) to fields.
func (m *matcher) header(heads, keys []string) (*Header, []readCol) {
	h := &Header{KeyRow: keys != nil}
	n := max(len(heads), len(keys))
	cols := make([]readCol, n)
	taken := map[string]string{} // path → column name
	for i := 0; i < n; i++ {
		name := columnName(i)
		c := Column{Index: i, Name: name}
		if i < len(heads) {
			c.Header = strings.TrimSpace(heads[i])
		}
		key := ""
		if i < len(keys) {
			key = strings.TrimSpace(keys[i])
		}
		if c.Header == "" && key == "" {
			continue // an empty column; a value under it is reported on its row
		}
		path, code := key, ""
		switch {
		case key == "":
			path, code = m.match(c.Header)
		case !m.known(key):
			code = CodeUnknownColumn
		}
		shown := c.Header
		if shown == "" {
			shown = key
		}
		if code == "" {
			if prev, dup := taken[path]; dup {
				code = CodeDuplicateCol
				h.Problems = append(h.Problems, columnProblem(c, shown, fault.Problem("duplicate_column.header").Fill("prev", prev)))
				cols[i].state = colSkip
				continue
			}
			taken[path] = name
		}
		switch code {
		case CodeUnknownColumn:
			h.Problems = append(h.Problems, columnProblem(c, shown, fault.Problem("unknown_column.header")))
			cols[i].state = colSkip
			continue
		case CodeAmbiguous:
			h.Problems = append(h.Problems, columnProblem(c, shown, fault.Problem("ambiguous_column.header")))
			cols[i].state = colSkip
			continue
		}
		c.Path = path
		if isMeta(path) {
			h.Ignored = append(h.Ignored, c)
			cols[i].state = colSkip
			continue
		}
		fd, _ := m.f.Field(path)
		if fd.ServerOwned || m.readOnly[path] {
			h.Ignored = append(h.Ignored, c)
			cols[i].state = colSkip
			continue
		}
		h.Columns = append(h.Columns, c)
		cols[i] = readCol{state: colRead, field: fd}
	}
	for _, fd := range m.f.Fields() {
		if fd.Required && !m.hidden[fd.Key] && !m.readOnly[fd.Key] {
			if _, ok := taken[fd.Key]; !ok {
				h.Missing = append(h.Missing, fd.Key)
			}
		}
	}
	return h, cols
}

// columnName names a column as spreadsheets do: 0 → "A", 27 → "AB".
func columnName(i int) string {
	n, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprint(i + 1)
	}
	return n
}

// columnProblem is problem p of column c, whose header shows as shown: its message names the
// column by letter and by what it says, the English one quoting it.
func columnProblem(c Column, shown string, p fault.FieldError) ColumnProblem {
	p = p.Fill("name", c.Name).FillText("shown", fault.Text{EN: strconv.Quote(shown), ZH: shown})
	return ColumnProblem{Column: c, Code: p.Code, Text: p.Text}
}
