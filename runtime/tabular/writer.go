package tabular

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/formloom/formloom/builder/form"
)

// Record is one record to export: its data and, for the meta columns, its envelope.
type Record struct {
	ID      string
	Created time.Time
	Updated time.Time
	Data    map[string]any
}

// ExportOptions tune an export.
type ExportOptions struct {
	Options
	// Columns lists the columns in order: top-level field paths (a sub-form is one column)
	// and the meta columns _id, _created, _updated. Nil: every field in schema order.
	// Hidden fields are left out whatever this says.
	Columns []string
	// SheetName names the XLSX sheet (at most 31 characters, none of []:*?/\); default
	// "Sheet1".
	SheetName string
}

// sink writes the rows of one format.
type sink interface {
	header(cols []column) error
	row(cells []cell) error
	close() error // finish the file
	abort() error // release everything without finishing the file
}

// Writer writes records to a CSV or XLSX file, one at a time: nothing is kept per record.
// Write rows, then Close; the XLSX bytes reach the output only on Close.
type Writer struct {
	cols  []column
	enc   *encoder
	sink  sink
	cells []cell
	rows  int
	err   error
}

// NewWriter starts a file of f's records on w and writes its header.
func NewWriter(w io.Writer, format Format, f *form.Form, opts ExportOptions) (*Writer, error) {
	o := opts.Options
	cols, err := plan(f, opts.Columns, &o)
	if err != nil {
		return nil, err
	}
	var s sink
	switch format {
	case CSV:
		s = newCSVSink(w)
	case XLSX:
		if s, err = newXLSXSink(w, opts.SheetName, &o); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: %q", ErrFormat, format)
	}
	if err := s.header(cols); err != nil {
		return nil, errors.Join(err, s.abort())
	}
	return &Writer{cols: cols, enc: newEncoder(&o), sink: s, cells: make([]cell, len(cols))}, nil
}

// Write writes one record.
func (w *Writer) Write(r Record) error {
	if w.err != nil {
		return w.err
	}
	for i := range w.cols {
		w.cells[i] = w.enc.record(&w.cols[i], &r)
	}
	if err := w.sink.row(w.cells); err != nil {
		w.err = fmt.Errorf("tabular: write row %d: %w", w.rows+1, err)
		return w.err
	}
	w.rows++
	return nil
}

// Rows is the number of records written.
func (w *Writer) Rows() int { return w.rows }

// Close finishes the file. After a failed Write it only releases resources and returns
// that error: a file with missing rows is never finished.
func (w *Writer) Close() error {
	if w.err != nil {
		return errors.Join(w.err, w.sink.abort())
	}
	if err := w.sink.close(); err != nil {
		return fmt.Errorf("tabular: finish file: %w", err)
	}
	return nil
}

// Abort gives up the file: temporary files are removed and, for XLSX, nothing more is
// written to the output. Call it instead of Close when the records cannot all be read.
func (w *Writer) Abort() error { return w.sink.abort() }

// Export writes every record of records to w and returns how many it wrote. It stops at
// the first error of records, of the output or of ctx.
func Export(ctx context.Context, w io.Writer, format Format, f *form.Form, opts ExportOptions, records iter.Seq2[Record, error]) (int, error) {
	tw, err := NewWriter(w, format, f, opts)
	if err != nil {
		return 0, err
	}
	for r, err := range records {
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = tw.Write(r)
		}
		if err != nil {
			return tw.Rows(), errors.Join(err, tw.Abort())
		}
	}
	return tw.Rows(), tw.Close()
}
