package tabular

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// Good is a row that passed: its record as the form prepared it (formulas computed),
// ready to store.
type Good struct {
	Line   int
	Record map[string]any
}

// Bad is a row that did not pass, with every problem found: cells that could not be
// read and the form's validation errors, keyed by JSON pointer into the record.
type Bad struct {
	Line   int
	Errors map[string]fault.FieldError
}

// Report sums up a prepared file.
type Report struct {
	Header *Header
	Rows   int   // data rows read (empty rows are skipped)
	Good   int   // rows that passed
	Bad    []Bad // rows that did not, in file order
}

// PrepareOptions tune PrepareRows.
type PrepareOptions struct {
	// Env is given to form.PrepareMap for every row (mode Create): the clock, the
	// workspace's timezone, lookups.
	Env form.Env
	// BatchSize is how many good rows Store receives at a time; default 500.
	BatchSize int
	// Store receives the good rows in file order, in batches. Nil makes a dry run.
	Store func(ctx context.Context, batch []Good) error
	// Rejected reports whether Store refused a row it was given (a reference or a stored
	// duplicate): a later row with the same unique value is then not a duplicate of it.
	Rejected func(line int) bool
}

// DefaultBatchSize is the default PrepareOptions.BatchSize.
const DefaultBatchSize = 500

// PrepareRows reads every row of r, runs it through the form and separates good rows,
// handed to opts.Store in batches, from bad ones, reported with their errors. A value of a
// unique field that repeats an earlier good row of the file makes the later row bad
// (duplicate); uniqueness against stored records is the store's to check. It stops at the
// first error that is not about a row: the file, ctx or Store.
func PrepareRows(ctx context.Context, r *Reader, f *form.Form, opts PrepareOptions) (*Report, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	rep := &Report{Header: r.Header()}
	hidden := set(r.dec.opts.Hidden)
	unique := uniqueKeys(f, hidden)
	seen := seenValues(len(unique))
	var batch []Good
	flush := func() error {
		if len(batch) == 0 || opts.Store == nil {
			batch = batch[:0]
			return nil
		}
		if err := opts.Store(ctx, batch); err != nil {
			return fmt.Errorf("tabular: store rows %d–%d: %w", batch[0].Line, batch[len(batch)-1].Line, err)
		}
		batch = make([]Good, 0, opts.BatchSize) // Store may keep the slice
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, err
		}
		rep.Rows++
		errs := row.Errors
		rec := row.Record
		if rec == nil {
			rec = row.partial
		}
		out, perr := f.PrepareMap(rec, form.Create, opts.Env)
		if perr != nil {
			fe, ok := fault.As(perr)
			if !ok {
				return rep, fmt.Errorf("tabular: prepare row %d: %w", row.Line, perr)
			}
			errs = addFormErrors(errs, fe)
		}
		if len(errs) == 0 {
			for i, key := range unique {
				v, ok := uniqueKey(out[key])
				if !ok {
					continue
				}
				first, dup := seen[i][v]
				if dup && opts.Rejected != nil {
					if slices.ContainsFunc(batch, func(g Good) bool { return g.Line == first }) {
						if err := flush(); err != nil { // learn whether the first row was stored
							return rep, err
						}
					}
					dup = !opts.Rejected(first)
				}
				if dup {
					if errs == nil {
						errs = map[string]fault.FieldError{}
					}
					errs["/"+key] = *errDuplicateValue(first)
				}
			}
		}
		if len(errs) > 0 {
			rep.Bad = append(rep.Bad, Bad{Line: row.Line, Errors: errs})
			continue
		}
		remember(seen, unique, out, row.Line)
		rep.Good++
		batch = append(batch, Good{Line: row.Line, Record: out})
		if len(batch) >= opts.BatchSize {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	return rep, flush()
}

// uniqueKeys lists the keys of f's unique fields the import fills (hidden ones it does not).
func uniqueKeys(f *form.Form, hidden map[string]bool) []string {
	var unique []string
	for _, fd := range f.Fields() {
		if fd.Unique && !hidden[fd.Key] {
			unique = append(unique, fd.Key)
		}
	}
	return unique
}

// seenValues makes, for n unique fields, the maps from a value to the row that has it.
func seenValues(n int) []map[string]int {
	seen := make([]map[string]int, n)
	for i := range seen {
		seen[i] = map[string]int{}
	}
	return seen
}

// remember notes in seen that the row at line has out's values of the unique fields.
func remember(seen []map[string]int, unique []string, out map[string]any, line int) {
	for i, key := range unique {
		if v, ok := uniqueKey(out[key]); ok {
			seen[i][v] = line
		}
	}
}

// addFormErrors adds the form's refusal of a row to the errors its cells already have
// (errs, possibly nil), which it returns.
func addFormErrors(errs map[string]fault.FieldError, fe *fault.Error) map[string]fault.FieldError {
	if errs == nil {
		errs = map[string]fault.FieldError{}
	}
	for p, e := range fe.Fields {
		if _, have := errs[p]; !have { // the cell's own error says more
			errs[p] = e
		}
	}
	if len(fe.Fields) == 0 {
		errs[""] = fault.FieldError{Code: fe.Code, Text: fe.Text}
	}
	return errs
}

// uniqueKey is the text a unique index compares for a value.
func uniqueKey(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return "s" + x, x != ""
	case float64:
		return "n" + strconv.FormatFloat(x, 'g', -1, 64), true
	}
	return "", false
}

// PrepareAll is PrepareRows keeping the good rows in memory: for files known to be small,
// previews and tests.
func PrepareAll(ctx context.Context, r *Reader, f *form.Form, env form.Env) ([]Good, *Report, error) {
	var good []Good
	rep, err := PrepareRows(ctx, r, f, PrepareOptions{Env: env, Store: func(_ context.Context, batch []Good) error {
		good = append(good, batch...)
		return nil
	}})
	return good, rep, err
}
