package records

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/tabular"
	"github.com/formloom/formloom/store"
)

// ImportJobRows: files with more data rows than this are imported by a background job;
// smaller ones are answered at once.
const ImportJobRows = 1000

// maxReportedRows bounds the bad rows a report lists (their count is always complete), so
// that a file of garbage does not make a huge job document.
const maxReportedRows = 1000

// ImportRequest is a file to import into a form.
type ImportRequest struct {
	// Format is csv or xlsx; "" tells them apart by content (XLSX files are zip files).
	Format tabular.Format
	// DryRun validates every row and stores nothing.
	DryRun bool
	// Language of the report's file-level details; row errors carry both languages.
	Language string
	File     []byte
}

// ImportProblem is one problem, in both languages.
type ImportProblem struct {
	Code string `json:"code"`
	EN   string `json:"en"`
	ZH   string `json:"zh"`
}

// ImportBadRow is a row that was not stored: its number as the spreadsheet shows it and
// its problems keyed by JSON pointer into the record ("/budget", "/items/0/qty"; "" for
// the row as a whole).
type ImportBadRow struct {
	Row    int                      `json:"row"`
	Record string                   `json:"record,omitempty"` // a migration job's refused record
	Fields map[string]ImportProblem `json:"fields"`
}

// ImportReport is the outcome of an import, or the progress of an import job. Done counts
// rows processed so far; Stored the records written (0 in a dry run); Valid the rows that
// passed validation; Failed the bad rows, of which Bad lists the first 1,000 in row order.
type ImportReport struct {
	Job      string         `json:"job,omitempty"`
	Status   string         `json:"status"`
	DryRun   bool           `json:"dryRun"`
	Format   string         `json:"format"`
	Total    int            `json:"total"`
	Done     int            `json:"done"`
	Valid    int            `json:"valid"`
	Stored   int            `json:"stored"`
	Failed   int            `json:"failed"`
	Bad      []ImportBadRow `json:"bad"`
	Partial  bool           `json:"partial,omitempty"` // Bad lists only the first rows
	Ignored  []string       `json:"ignored,omitempty"` // columns recognised and not read
	Missing  []string       `json:"missing,omitempty"` // required fields no column names
	Error    *ImportProblem `json:"error,omitempty"`   // why a job failed
	Started  time.Time      `json:"started"`
	Finished time.Time      `json:"finished,omitzero"`
}

// importRun is one import: the resolved form, the actor's grant and the file.
type importRun struct {
	t     *target
	f     *form.Form
	req   ImportRequest
	opts  tabular.ImportOptions
	job   string
	first int // line of the first data row
	rep   ImportReport
	names *names // members, departments and records by name
}

// Import reads a CSV or XLSX file into the latest version of a form, as the actor
// (access asked for ActionImport). Every row is validated like a create and, unless it
// is a dry run, every valid row is stored as one record write of its own (serial numbers,
// unique fields, references and the timeline as for a create), so that no row is ever
// half-stored and a bad row never stops the others. Problems with the file itself (format,
// columns, size) fail the whole import before anything is stored.
//
// A file of more than ImportJobRows rows is imported by a background job: the report
// comes back at once with Job set and Status running, and ImportJob follows it.
func (s *Service) Import(ctx context.Context, ref Ref, req ImportRequest) (ImportReport, error) {
	if req.Format == "" {
		req.Format = sniffFormat(req.File)
	}
	if req.Format != tabular.CSV && req.Format != tabular.XLSX {
		return ImportReport{}, errFormat()
	}
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return ImportReport{}, err
	}
	f, _, err := t.latestForm()
	if err != nil {
		return ImportReport{}, err
	}
	grant, err := s.authorize(ctx, t, ActionImport, nil)
	if err != nil {
		return ImportReport{}, err
	}
	loc, err := s.location(ctx, t)
	if err != nil {
		return ImportReport{}, err
	}
	hidden := make([]string, 0, len(grant.Hidden))
	for k := range grant.Hidden {
		hidden = append(hidden, k)
	}
	slices.Sort(hidden)
	nm, err := s.newNames(ctx, t)
	if err != nil {
		return ImportReport{}, err
	}
	run := &importRun{t: t, f: f, req: req, names: nm,
		opts: tabular.ImportOptions{Options: tabular.Options{Language: req.Language, Location: loc, Hidden: hidden, Refs: nm}}}
	// A first pass checks the header and counts the rows: it decides job or not, and the
	// job's progress has a total.
	total, h, err := countRows(ctx, run)
	if err != nil {
		return ImportReport{}, err
	}
	run.first = 2
	if h.KeyRow {
		run.first = 3
	}
	run.rep = ImportReport{Status: JobRunning, DryRun: req.DryRun, Format: string(req.Format), Total: total,
		Bad: []ImportBadRow{}, Missing: h.Missing, Started: s.now()}
	for _, c := range h.Ignored {
		run.rep.Ignored = append(run.rep.Ignored, c.Header)
	}
	s.ensureForm(ctx, t.latest, t.Form, nil)
	if total <= ImportJobRows {
		if err := s.runImport(ctx, run); err != nil {
			return ImportReport{}, err
		}
		return run.rep, nil
	}
	// The request's body is reused once the handler returns, and the job outlives it.
	run.req.File = bytes.Clone(req.File)
	if run.job, err = s.startJob(ctx, t, run.rep); err != nil {
		return ImportReport{}, err
	}
	run.rep.Job = run.job
	out := run.rep // copied before the worker starts changing it
	jctx := s.transfer.jobContext(ctx)
	s.transfer.wg.Go(func() {
		err := s.runImport(jctx, run)
		switch {
		case err != nil && jctx.Err() != nil:
			run.rep.Status = JobInterrupted
			run.rep.Finished = s.now()
			run.rep.Error = problem(fault.Of("interrupted.import_shutdown"))
		case err != nil:
			s.log.ErrorContext(jctx, "import job failed", "job", run.job, "form", t.storedForm, "err", err)
			run.rep.Status = JobFailed
			run.rep.Finished = s.now()
			run.rep.Error = problem(err)
		}
		// The job's own context may be cancelled by now; its report is still saved.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(jctx), 10*time.Second)
		defer cancel()
		if serr := s.saveJob(sctx, run.job, run.rep); serr != nil {
			s.log.ErrorContext(sctx, "import job: save the report", "job", run.job, "err", serr)
		}
	})
	return out, nil
}

// countRows reads the file once without storing: the header's problems and file errors
// come out here, before any row is stored.
func countRows(ctx context.Context, run *importRun) (int, *tabular.Header, error) {
	r, err := tabular.NewReader(bytes.NewReader(run.req.File), run.req.Format, run.f, run.opts)
	if err != nil {
		return 0, nil, importFileErr(err)
	}
	defer r.Close()
	if err := r.Header().Err(); err != nil {
		return 0, nil, err
	}
	n := 0
	for {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, nil, err
			}
		}
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n, r.Header(), nil
		}
		if err != nil {
			return 0, nil, importFileErr(err)
		}
		n++
	}
}

// runImport validates and stores the rows, filling run.rep; with a job, progress is
// saved after every batch.
func (s *Service) runImport(ctx context.Context, run *importRun) error {
	run.names.ctx = ctx // a job outlives the request that made the names
	r, err := tabular.NewReader(bytes.NewReader(run.req.File), run.req.Format, run.f, run.opts)
	if err != nil {
		return importFileErr(err)
	}
	defer r.Close()
	t, f := run.t, run.f
	rel := s.newRelated(ctx, t.App)
	now := s.now()
	loc, err := s.location(ctx, t)
	if err != nil {
		return err
	}
	var storeBad []tabular.Bad
	save := func(ctx context.Context, batch []tabular.Good) error {
		for _, g := range batch {
			err := s.importRow(ctx, t, f, g.Record, rel, now.In(loc), run.req.DryRun)
			if rel.err != nil {
				return wrap("read related record", rel.err)
			}
			if fe, ok := fault.As(err); ok {
				storeBad = append(storeBad, tabular.Bad{Line: g.Line, Errors: faultFields(fe)})
				continue
			}
			if err != nil {
				return err
			}
			if !run.req.DryRun {
				run.rep.Stored++
			}
			run.rep.Valid++
		}
		if len(batch) > 0 {
			run.rep.Done = min(run.rep.Total, batch[len(batch)-1].Line-run.first+1)
		}
		run.rep.Failed = len(storeBad)
		if run.job != "" {
			if err := s.saveJob(ctx, run.job, run.rep); err != nil {
				return wrap("save import progress", err)
			}
		}
		return nil
	}
	rejected := map[int]bool{}
	save0 := save
	save = func(ctx context.Context, batch []tabular.Good) error {
		before := len(storeBad)
		err := save0(ctx, batch)
		for _, b := range storeBad[before:] {
			rejected[b.Line] = true
		}
		return err
	}
	rep, err := tabular.PrepareRows(ctx, r, f, tabular.PrepareOptions{
		Env: form.Env{Now: now, Location: loc, Calendar: s.workingDays(ctx, t), Lookup: rel.lookup, Creator: t.creator()}, Store: save,
		Rejected: func(line int) bool { return rejected[line] },
	})
	if err != nil {
		return importFileErr(err)
	}
	if run.names.err != nil {
		return wrap("find records by name", run.names.err)
	}
	bad := append(rep.Bad, storeBad...)
	slices.SortFunc(bad, func(a, b tabular.Bad) int { return a.Line - b.Line })
	run.rep.Failed = len(bad)
	run.rep.Done = rep.Rows
	run.reportBadRows(bad)
	run.rep.Status = JobDone
	run.rep.Finished = s.now()
	return nil
}

// reportBadRows lists the refused rows (sorted by line) in the report, at most
// maxReportedRows of them; past that the report says it is partial.
func (run *importRun) reportBadRows(bad []tabular.Bad) {
	run.rep.Bad = make([]ImportBadRow, 0, min(len(bad), maxReportedRows))
	for i, b := range bad {
		if i == maxReportedRows {
			run.rep.Partial = true
			break
		}
		row := ImportBadRow{Row: b.Line, Fields: make(map[string]ImportProblem, len(b.Errors))}
		for p, e := range b.Errors {
			row.Fields[p] = ImportProblem{Code: e.Code, EN: e.Text.EN, ZH: e.Text.ZH}
		}
		run.rep.Bad = append(run.rep.Bad, row)
	}
}

// importRow checks what a prepared row refers to and stores it like Create: serial
// numbers, the record and its timeline entry in one transaction, rolled back in a dry run.
func (s *Service) importRow(ctx context.Context, t *target, f *form.Form, rec map[string]any, rel *related, wall time.Time, dry bool) error {
	if err := s.checkReferences(ctx, t, f, rec, nil, rel); err != nil {
		return err
	}
	if dry && !s.st.Capabilities().Transactions {
		return s.checkStoredUnique(ctx, t, f, rec)
	}
	sd := storedDoc{Workspace: t.Workspace, Form: t.storedForm, FormVersion: t.latest.Version,
		Owner: t.Actor, CreatedBy: t.Actor, UpdatedBy: t.Actor}
	id := store.NewID()
	err := s.st.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.insertRecord(ctx, t, f, sd, id, rec, nil, wall); err != nil {
			return err
		}
		if dry {
			return errDryRun // roll back what the row would have written
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return writeErr("import record", err)
	}
	return nil
}

// errDryRun rolls back a dry run's row: with transactions, a dry run writes each row
// exactly as the import would (serials, unique indexes, timeline) and takes it back, so
// that it finds what the real import would.
var errDryRun = errors.New("records: dry run")

// checkStoredUnique finds, for a dry run on an engine without transactions, the values of unique fields that live records
// already have: what the unique index would refuse if the row were stored.
func (s *Service) checkStoredUnique(ctx context.Context, t *target, f *form.Form, rec map[string]any) error {
	var dup *fault.Error
	for _, fd := range f.Fields() {
		v, ok := rec[fd.Key]
		if !fd.Unique || !ok || v == nil || v == "" {
			continue
		}
		// The filter repeats the unique index's own condition so that engines use it; a
		// count has no order to keep them from it.
		path := "f." + fd.Key
		n, err := s.records.Count(ctx, store.And(store.Eq("form", t.storedForm), store.Eq("deleted", false),
			store.Cmp(path, store.OpExists, true), store.Eq(path, v)))
		if err != nil {
			return wrap("check unique value", err)
		}
		if n == 0 {
			continue
		}
		if dup == nil {
			dup = fault.Of("duplicate")
		}
		dup.WithFieldOf("/"+escapeToken(fd.Key), "duplicate.unique")
	}
	if dup != nil {
		return dup
	}
	return nil
}

// faultFields are a row fault's field errors; a fault without fields is the row's own.
func faultFields(fe *fault.Error) map[string]fault.FieldError {
	if len(fe.Fields) == 0 {
		return map[string]fault.FieldError{"": {Code: fe.Code, Text: fe.Text}}
	}
	return fe.Fields
}

// importFileErr passes client faults (a bad file, too many rows) through and wraps the rest.
func importFileErr(err error) error {
	if _, ok := fault.As(err); ok || errors.Is(err, context.Canceled) {
		return err
	}
	return wrap("import", err)
}

// problem describes a job's failure for its report, without internal details.
func problem(err error) *ImportProblem {
	if fe, ok := fault.As(err); ok {
		return &ImportProblem{Code: fe.Code, EN: fe.Text.EN, ZH: fe.Text.ZH}
	}
	stopped := fault.Of("internal_error.import")
	return &ImportProblem{Code: stopped.Code, EN: stopped.Text.EN, ZH: stopped.Text.ZH}
}

// sniffFormat tells an XLSX file (a zip archive) from CSV text.
func sniffFormat(b []byte) tabular.Format {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return tabular.XLSX
	}
	return tabular.CSV
}
