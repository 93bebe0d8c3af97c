package tabular

import (
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// decoder turns cell text back into field values.
type decoder struct {
	opts    *Options
	loc     *time.Location
	xlsx    bool // numbers in date columns are Excel date serials
	hidden  map[string]bool
	options map[*form.Field]*optionIndex
}

func newDecoder(opts *Options, xlsx bool) *decoder {
	return &decoder{opts: opts, loc: opts.location(), xlsx: xlsx, hidden: set(opts.Hidden),
		options: map[*form.Field]*optionIndex{}}
}

// optionIndex finds an option by its value or either label.
type optionIndex struct {
	exact  map[string]string // value, zh label, en label → value
	folded map[string]string // the same, case-folded
	labels fault.Text        // for messages
}

func (d *decoder) optionsOf(f *form.Field) *optionIndex {
	if ix, ok := d.options[f]; ok {
		return ix
	}
	ix := &optionIndex{exact: map[string]string{}, folded: map[string]string{}}
	var labels []fault.Text
	// Values first, so that a label equal to another option's value never wins over it.
	for _, o := range f.Options {
		ix.exact[o.Value] = o.Value
		ix.folded[strings.ToLower(o.Value)] = o.Value
	}
	for _, o := range f.Options {
		for _, l := range []string{o.Label.ZH, o.Label.EN} {
			if _, taken := ix.exact[l]; !taken && l != "" {
				ix.exact[l] = o.Value
			}
			if _, taken := ix.folded[strings.ToLower(l)]; !taken && l != "" {
				ix.folded[strings.ToLower(l)] = o.Value
			}
		}
		labels = append(labels, o.Label)
	}
	ix.labels = optionList(labels)
	d.options[f] = ix
	return ix
}

func (ix *optionIndex) find(s string) (string, bool) {
	if v, ok := ix.exact[s]; ok {
		return v, true
	}
	v, ok := ix.folded[strings.ToLower(s)]
	return v, ok
}

// cell decodes the text of one cell for field f. s is not empty.
func (d *decoder) cell(f *form.Field, s string) (any, *fault.FieldError) {
	switch f.Def().Cell {
	case form.CellNumber:
		x, ok := parseNumber(s)
		if !ok {
			return nil, errNumber(s)
		}
		return snap(x, f.Precision), nil
	case form.CellDate:
		v, ok := d.date(s)
		if !ok {
			return nil, errDate(s)
		}
		return v, nil
	case form.CellDatetime:
		v, ok := d.datetime(s)
		if !ok {
			return nil, errDatetime(s)
		}
		return v, nil
	case form.CellOption:
		ix := d.optionsOf(f)
		if v, ok := ix.find(s); ok {
			return v, nil
		}
		return nil, errOption(s, ix.labels)
	case form.CellOptions:
		return d.multi(f, s)
	case form.CellBool:
		b, ok := parseBool(s)
		if !ok {
			return nil, errBool(s)
		}
		return b, nil
	case form.CellIDs:
		return d.ids(f, s)
	case form.CellFiles:
		parts := splitList(s)
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out, nil
	case form.CellRows:
		return d.rows(f, s)
	}
	return s, nil
}

func (d *decoder) multi(f *form.Field, s string) (any, *fault.FieldError) {
	ix := d.optionsOf(f)
	if v, ok := ix.find(s); ok { // a whole cell naming one option, even one whose label holds a separator
		return []any{v}, nil
	}
	parts := splitList(s)
	out := make([]any, 0, len(parts))
	seen := map[string]bool{}
	for _, p := range parts {
		v, ok := ix.find(p)
		if !ok {
			return nil, errOption(p, ix.labels)
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out, nil
}

func (d *decoder) ids(f *form.Field, s string) (any, *fault.FieldError) {
	resolve := func(p string) (string, *fault.FieldError) {
		if d.opts.Refs == nil {
			return p, nil
		}
		id, ok := d.opts.Refs.Resolve(f, p)
		if !ok {
			if a, can := d.opts.Refs.(AmbiguousRefs); can && a.Ambiguous(f, p) {
				return "", errAmbiguousName(p)
			}
			return "", errNotFound(p)
		}
		return id, nil
	}
	if !f.Multiple {
		id, err := resolve(s)
		if err != nil {
			return nil, err
		}
		return id, nil
	}
	parts := splitList(s)
	out := make([]any, 0, len(parts))
	for _, p := range parts {
		id, err := resolve(p)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// rows reads a sub-form cell: a JSON array of row objects. rowErrors finishes the rows.
func (d *decoder) rows(f *form.Field, s string) (any, *fault.FieldError) {
	var list []any
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, errRowsJSON(err.Error())
	}
	return list, nil
}

// rowErrors finishes decoding the rows of sub-form f in place and reports problems by
// pointer ("/items/0/qty"). Values written as text are read like cells (option labels,
// numbers, dates); server-owned row fields, which an export shows, are dropped since the
// server computes them again; unknown and hidden ones are errors.
func (d *decoder) rowErrors(f *form.Field, list []any, report func(at string, e *fault.FieldError)) {
	byKey := make(map[string]*form.Field, len(f.Children))
	for i := range f.Children {
		byKey[f.Children[i].Key] = &f.Children[i]
	}
	for i, r := range list {
		row, ok := r.(map[string]any)
		if !ok {
			continue // the form reports a row that is not an object
		}
		for k, v := range row {
			c := byKey[k]
			at := func() string { return "/" + f.Key + "/" + strconv.Itoa(i) + "/" + escape(k) }
			switch {
			case c == nil || d.hidden[c.Path]:
				report(at(), errUnknownRowField())
				delete(row, k)
			case c.ServerOwned:
				delete(row, k)
			case v == nil:
				delete(row, k)
			default:
				val, ferr := d.rowValue(c, v)
				switch {
				case ferr != nil:
					report(at(), ferr)
					delete(row, k)
				case val == nil:
					delete(row, k)
				default:
					row[k] = val
				}
			}
		}
	}
}

// rowValue reads a value of a sub-form row written by hand: text where the field wants a
// number, a yes/no, an option value or a canonical date is read like a cell.
func (d *decoder) rowValue(c *form.Field, v any) (any, *fault.FieldError) {
	switch x := v.(type) {
	case string:
		if !c.Def().Cell.TypedInRows() {
			return v, nil
		}
		if x = strings.TrimSpace(x); x == "" {
			return nil, nil
		}
		return d.cell(c, x)
	case []any:
		if c.Def().Cell != form.CellOptions {
			return v, nil
		}
		ix := d.optionsOf(c)
		out := make([]any, len(x))
		for i, item := range x {
			s, ok := item.(string)
			if !ok {
				return v, nil // the form reports the wrong type
			}
			val, found := ix.find(s)
			if !found {
				return nil, errOption(s, ix.labels)
			}
			out[i] = val
		}
		return out, nil
	}
	return v, nil
}

func escape(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

var (
	plainNumber = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	groupedNum  = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)
)

// parseNumber reads a number as people write it: full-width digits, a currency sign,
// thousands separators.
func parseNumber(s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '，':
			return ','
		case r == '－':
			return '-'
		case r == '＋':
			return '+'
		case r == ' ' || r == '\u00a0' || r == '\u3000':
			return -1
		}
		return r
	}, s)
	for _, p := range []string{"¥", "￥", "$", "CNY", "RMB"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimSuffix(s, "元")
	if groupedNum.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// snap removes binary noise (0.30000000000000004) from a number with a precision, and
// only that: a value with real extra decimals is left for the form to refuse.
func snap(x float64, precision int) float64 {
	if precision < 0 || precision > 10 {
		return x
	}
	p := math.Pow10(precision)
	r := math.Round(x*p) / p
	if math.Abs(r-x) <= 1e-9*math.Max(1, math.Abs(x)) {
		return r
	}
	return x
}

var boolWords = map[string]bool{
	"是": true, "否": false, "true": true, "false": false, "yes": true, "no": false,
	"y": true, "n": false, "1": true, "0": false, "√": true, "×": false, "✓": true, "✗": false,
	"对": true, "错": false, "有": true, "无": false,
}

func parseBool(s string) (bool, bool) {
	b, ok := boolWords[strings.ToLower(s)]
	return b, ok
}

var dateLayouts = []string{"2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日", "20060102"}

// date reads a calendar date: ISO and the usual Chinese ways of writing one, or an Excel
// date serial from an XLSX cell. A midnight time after it is allowed.
func (d *decoder) date(s string) (string, bool) {
	if d.xlsx {
		if x, err := strconv.ParseFloat(s, 64); err == nil && plainNumber.MatchString(s) {
			if x != math.Trunc(x) || x < 61 || x > 2958465 {
				return "", false
			}
			return fromSerial(x, time.UTC).Format(dateLayout), true
		}
	}
	if day, clock, ok := strings.Cut(s, " "); ok {
		if clock = strings.TrimSpace(clock); clock == "0:00" || clock == "00:00" || clock == "0:00:00" || clock == "00:00:00" {
			s = day
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(dateLayout), true
		}
	}
	return "", false
}

var datetimeLayouts = []string{
	"2006-1-2 15:04:05", "2006-1-2 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04",
	"2006-1-2T15:04:05", "2006-1-2T15:04", "2006.1.2 15:04:05", "2006.1.2 15:04",
	"2006年1月2日 15:04:05", "2006年1月2日 15:04", "2006年1月2日15:04",
}

// datetime reads a moment: RFC 3339 with its offset, a wall clock in the workspace's
// timezone, a date (its midnight), or an Excel date serial from an XLSX cell.
func (d *decoder) datetime(s string) (string, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Truncate(time.Millisecond).Format(form.DatetimeLayout), true
	}
	if d.xlsx && plainNumber.MatchString(s) {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || x < 61 || x >= 2958466 {
			return "", false
		}
		return fromSerial(x, d.loc).UTC().Format(form.DatetimeLayout), true
	}
	for _, l := range datetimeLayouts {
		if t, err := time.ParseInLocation(l, s, d.loc); err == nil {
			return t.UTC().Truncate(time.Millisecond).Format(form.DatetimeLayout), true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, d.loc); err == nil {
			return t.UTC().Format(form.DatetimeLayout), true
		}
	}
	return "", false
}

// splitList splits a list cell on the separators people use: 、 , ， ; ； and new lines.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ',', '，', ';', '；', '\n', '\r':
			return true
		}
		return false
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
