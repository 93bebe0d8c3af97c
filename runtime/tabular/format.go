package tabular

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
)

// cellKind says how a cell is written: XLSX keeps numbers, dates and datetimes as real
// cells (with a number format), CSV writes every cell's text.
type cellKind uint8

const (
	cellEmpty cellKind = iota
	cellText
	cellNumber
	cellDate
	cellDatetime
)

// cell is one formatted value: text for CSV and for text cells, num (a number or an
// Excel date serial) for the others.
type cell struct {
	kind cellKind
	text string
	num  float64
	ms   bool // a datetime with milliseconds: XLSX shows them
}

// Layouts of dates and datetimes in cells.
const (
	dateLayout     = "2006-01-02"
	datetimeLayout = "2006-01-02 15:04:05"
)

// encoder formats values for people.
type encoder struct {
	opts *Options
	loc  *time.Location
	sep  string
	buf  bytes.Buffer
}

func newEncoder(opts *Options) *encoder {
	return &encoder{opts: opts, loc: opts.location(), sep: opts.listSep()}
}

// record formats the cell of column c for record r.
func (e *encoder) record(c *column, r *Record) cell {
	switch c.path {
	case MetaID:
		return text(r.ID)
	case MetaCreated:
		return e.instant(r.Created)
	case MetaUpdated:
		return e.instant(r.Updated)
	}
	v, ok := r.Data[c.path]
	if !ok || v == nil {
		return cell{}
	}
	return e.value(c.field, v, c.rows)
}

func text(s string) cell {
	if s == "" {
		return cell{}
	}
	return cell{kind: cellText, text: s}
}

// value formats one field's value; rows are the visible fields of a sub-form's rows.
func (e *encoder) value(f *form.Field, v any, rows []*form.Field) cell {
	switch f.Def().Cell {
	case form.CellText:
		if s, ok := v.(string); ok {
			return text(s)
		}
	case form.CellNumber:
		return e.number(v, f.Precision)
	case form.CellDate:
		return e.date(v)
	case form.CellDatetime:
		return e.datetime(v)
	case form.CellOption:
		if s, ok := v.(string); ok {
			return text(optionLabel(f, s, e.opts))
		}
	case form.CellOptions:
		if list, ok := v.([]any); ok {
			parts := make([]string, 0, len(list))
			for _, item := range list {
				if s, ok := item.(string); ok {
					parts = append(parts, optionLabel(f, s, e.opts))
				}
			}
			return text(strings.Join(parts, e.sep))
		}
	case form.CellBool:
		if b, ok := v.(bool); ok {
			return text(e.opts.yesNo(b))
		}
	case form.CellIDs, form.CellFiles:
		return e.ids(f, v)
	case form.CellRows:
		if list, ok := v.([]any); ok {
			return text(e.rowsJSON(list, rows))
		}
	case form.CellValue:
		return e.generic(v, f.Kind, f.Precision)
	}
	return e.generic(v, f.Kind, -1)
}

// generic formats a value by what it holds (lookups, formulas, values that do not fit
// their field any more).
func (e *encoder) generic(v any, kind form.Kind, precision int) cell {
	switch x := v.(type) {
	case string:
		switch kind {
		case form.KindDate:
			return e.date(x)
		case form.KindDatetime:
			return e.datetime(x)
		}
		return text(x)
	case bool:
		return text(e.opts.yesNo(x))
	case float64, json.Number, int, int64:
		return e.number(x, precision)
	case []any:
		parts := make([]string, 0, len(x))
		for _, item := range x {
			if c := e.generic(item, "", -1); c.kind != cellEmpty {
				parts = append(parts, c.text)
			}
		}
		return text(strings.Join(parts, e.sep))
	}
	return text(e.json(v))
}

func (e *encoder) number(v any, precision int) cell {
	x, ok := toFloat(v)
	if !ok {
		return e.generic(v, "", -1)
	}
	if precision > 10 {
		precision = 10
	}
	return cell{kind: cellNumber, num: x, text: strconv.FormatFloat(x, 'f', precision, 64)}
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func (e *encoder) date(v any) cell {
	s, _ := v.(string)
	t, err := time.Parse(dateLayout, s)
	if err != nil || !serialRange(t) {
		return text(s)
	}
	return cell{kind: cellDate, text: s, num: excelSerial(t)}
}

func (e *encoder) datetime(v any) cell {
	s, _ := v.(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return text(s)
	}
	return e.instant(t)
}

// instant writes a moment as the workspace's wall clock; milliseconds only when there are some.
func (e *encoder) instant(t time.Time) cell {
	if t.IsZero() {
		return cell{}
	}
	wall := t.In(e.loc).Truncate(time.Millisecond)
	s := wall.Format(datetimeLayout)
	if wall.Nanosecond() != 0 {
		s = wall.Format(datetimeLayout + ".000")
	}
	if !serialRange(wall) {
		return text(s)
	}
	return cell{kind: cellDatetime, text: s, num: excelSerial(wall), ms: wall.Nanosecond() != 0}
}

// ids writes member, department, relation and attachment values: names through Refs
// where it knows them, else the IDs, joined by the list separator.
func (e *encoder) ids(f *form.Field, v any) cell {
	name := func(id string) string {
		if e.opts.Refs != nil && f.Def().Refers != form.RefFile { // files are written by ID
			if n := e.opts.Refs.Name(f, id); n != "" {
				return n
			}
		}
		return id
	}
	switch x := v.(type) {
	case string:
		return text(name(x))
	case []any:
		parts := make([]string, 0, len(x))
		for _, item := range x {
			if s, ok := item.(string); ok {
				parts = append(parts, name(s))
			}
		}
		return text(strings.Join(parts, e.sep))
	}
	return e.generic(v, "", -1)
}

// rowsJSON writes sub-form rows as a JSON array, each row's visible fields in schema order.
func (e *encoder) rowsJSON(list []any, fields []*form.Field) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, r := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		row, ok := r.(map[string]any)
		if !ok {
			b.WriteString(e.json(r))
			continue
		}
		b.WriteByte('{')
		n := 0
		for _, f := range fields {
			v, ok := row[f.Key]
			if !ok || v == nil {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			if x, isNum := v.(float64); isNum {
				v = snap(x, f.Precision) // formulas in rows may carry binary noise
			}
			b.WriteString(strconv.Quote(f.Key))
			b.WriteByte(':')
			b.WriteString(e.json(v))
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}

// json encodes a value without HTML escaping, so that "<" stays readable.
func (e *encoder) json(v any) string {
	e.buf.Reset()
	enc := json.NewEncoder(&e.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(e.buf.String(), "\n")
}

// optionLabel shows an option by its label; a value that is no option (any more) as itself.
func optionLabel(f *form.Field, value string, opts *Options) string {
	for i := range f.Options {
		if f.Options[i].Value == value {
			return label(f.Options[i].Label, opts)
		}
	}
	return value
}

// Excel stores dates as days since 1899-12-30 (for dates from 1900-03-01 on).
const excelEpochDays = 25569 // days from 1899-12-30 to 1970-01-01

var (
	serialMin = time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)
	serialMax = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// serialRange reports whether a wall clock can be an Excel date serial.
func serialRange(wall time.Time) bool {
	u := asUTC(wall)
	return !u.Before(serialMin) && !u.After(serialMax)
}

// asUTC reads a wall clock as if it were UTC.
func asUTC(wall time.Time) time.Time {
	y, m, d := wall.Date()
	h, mi, s := wall.Clock()
	return time.Date(y, m, d, h, mi, s, wall.Nanosecond(), time.UTC)
}

// excelSerial converts a wall clock to an Excel date serial.
func excelSerial(wall time.Time) float64 {
	return float64(asUTC(wall).UnixMilli())/86_400_000 + excelEpochDays
}

// fromSerial converts an Excel date serial to a wall clock in loc, to the millisecond.
func fromSerial(x float64, loc *time.Location) time.Time {
	ms := int64(math.Round((x - excelEpochDays) * 86_400_000))
	u := time.UnixMilli(ms).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), u.Nanosecond(), loc)
}
