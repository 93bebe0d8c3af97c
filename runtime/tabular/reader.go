package tabular

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// ImportOptions tune an import.
type ImportOptions struct {
	Options
	// ReadOnly lists field paths the importer may see but not write: their columns are
	// recognised and ignored (Header.Ignored).
	ReadOnly []string
	// MaxRows bounds the data rows of a file (empty rows do not count); past it Next fails
	// with a 413 too_many_rows. Default 100,000; negative for no limit.
	MaxRows int
	// MaxBytes bounds what an XLSX file may unpack to, against zip bombs. Default 512 MiB.
	MaxBytes int64
	// Comma is the CSV separator; 0 detects ',', ';' or a tab from the header line.
	Comma rune
}

// Defaults of ImportOptions.
const (
	DefaultMaxRows  = 100_000
	DefaultMaxBytes = 512 << 20
)

// Row is one data row of an imported file.
type Row struct {
	// Line is the row's number as the spreadsheet shows it (the header is row 1).
	Line int
	// Record is the decoded record, ready for form.PrepareMap; nil when Errors is set.
	Record map[string]any
	// Errors are the cells that could not be read, keyed by JSON pointer into the record
	// ("/budget", "/items/0/qty"; "" for a value in a column without a header).
	Errors map[string]fault.FieldError

	partial map[string]any // the cells that could be read, for PrepareRows to report the rest
}

// rowSource yields the cells of a file's rows with their row numbers; io.EOF at the end.
type rowSource interface {
	next() ([]string, int, error)
	close() error
}

// Reader reads a CSV or XLSX file row by row: only the current row is decoded at a time.
type Reader struct {
	src    rowSource
	dec    *decoder
	header *Header
	cols   []readCol
	max    int
	rows   int

	pending     []string // a row read while looking for the key row
	pendingLine int
}

// NewReader opens a file of f's records and reads its header (and the key row of an
// exported XLSX file). A file that cannot be read is a 400 invalid_file or empty_file
// *fault.Error. Close the reader when done.
func NewReader(r io.Reader, format Format, f *form.Form, opts ImportOptions) (*Reader, error) {
	if opts.MaxRows == 0 {
		opts.MaxRows = DefaultMaxRows
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	var (
		src rowSource
		err error
	)
	switch format {
	case CSV:
		src, err = newCSVSource(r, opts.Comma)
	case XLSX:
		src, err = newXLSXSource(r, opts.MaxBytes)
	default:
		return nil, fmt.Errorf("%w: %q", ErrFormat, format)
	}
	if err != nil {
		return nil, err
	}
	o := opts.Options
	rd := &Reader{src: src, dec: newDecoder(&o, format == XLSX), max: opts.MaxRows}
	heads, _, err := src.next()
	if errors.Is(err, io.EOF) {
		_ = src.close()
		return nil, fault.Of("empty_file.header")
	}
	if err != nil {
		_ = src.close()
		return nil, err
	}
	heads = append([]string(nil), heads...) // sources may reuse their slices
	m := newMatcher(f, &opts)
	var keys []string
	second, line, err := src.next()
	switch {
	case errors.Is(err, io.EOF):
	case err != nil:
		_ = src.close()
		return nil, err
	case m.isKeyRow(second):
		keys = append([]string(nil), second...)
	default:
		rd.pending, rd.pendingLine = append([]string(nil), second...), line
	}
	rd.header, rd.cols = m.header(heads, keys)
	return rd, nil
}

// Header says how the columns were understood.
func (r *Reader) Header() *Header { return r.header }

// Next returns the next non-empty data row, or io.EOF after the last one.
func (r *Reader) Next() (Row, error) {
	for {
		var (
			cells []string
			line  int
			err   error
		)
		if r.pending != nil {
			cells, line, r.pending = r.pending, r.pendingLine, nil
		} else if cells, line, err = r.src.next(); err != nil {
			return Row{}, err
		}
		if blank(cells) {
			continue
		}
		r.rows++
		if r.max > 0 && r.rows > r.max {
			return Row{}, fault.Of("too_many_rows").Fill("max", r.max)
		}
		return r.decode(cells, line), nil
	}
}

// All iterates over the rows; it stops at the first error, which it yields.
func (r *Reader) All() iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

// Close releases the file (and the temporary files of a large XLSX sheet).
func (r *Reader) Close() error { return r.src.close() }

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// decode reads one row's cells into a record.
func (r *Reader) decode(cells []string, line int) Row {
	row := Row{Line: line}
	rec := make(map[string]any, len(r.header.Columns))
	report := func(at string, e *fault.FieldError) {
		if row.Errors == nil {
			row.Errors = map[string]fault.FieldError{}
		}
		if _, ok := row.Errors[at]; !ok {
			row.Errors[at] = *e
		}
	}
	for i, raw := range cells {
		s := strings.TrimSpace(raw)
		if s == "" {
			continue
		}
		var c readCol
		if i < len(r.cols) {
			c = r.cols[i]
		}
		switch c.state {
		case colSkip:
			continue
		case colEmpty:
			report("", errValueWithoutHeader(columnName(i)))
			continue
		}
		f := c.field
		at := "/" + f.Key
		v, ferr := r.dec.cell(f, s)
		if ferr != nil {
			report(at, ferr)
			continue
		}
		if f.Def().Rows {
			list, _ := v.([]any)
			r.dec.rowErrors(f, list, report)
		}
		rec[f.Key] = v
	}
	if row.Errors != nil {
		row.partial = rec
		return row
	}
	row.Record = rec
	return row
}
