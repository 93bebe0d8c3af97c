package records

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/tabular"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// exportPage is how many records an export reads from the store at a time: the export
// pages through the form with keyset cursors and never holds more than one page.
const exportPage = 200

// ExportQuery is an export request: the file format, a filter and sort in the list's
// syntax, and the language of labels.
type ExportQuery struct {
	Format   tabular.Format
	Filter   string
	Sort     string
	Language string
	// IDs writes member, department and relation values as IDs instead of names.
	IDs bool
}

// Export is a checked export, ready to write: every error a client can cause (access,
// filter, sort, format) is found before the first byte is written.
type Export struct {
	s      *Service
	t      *target
	f      *form.Form
	format tabular.Format
	filter store.Filter
	sort   []store.SortKey
	opts   tabular.ExportOptions
	hidden map[string]bool
}

// PrepareExport checks an export of a form's live records: the actor must be allowed
// ActionExport, and filter and sort may use what List allows.
func (s *Service) PrepareExport(ctx context.Context, ref Ref, q ExportQuery) (*Export, error) {
	if q.Format != tabular.CSV && q.Format != tabular.XLSX {
		return nil, errFormat()
	}
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	f, i, err := t.latestForm()
	if err != nil {
		return nil, err
	}
	grant, err := s.authorize(ctx, t, ActionExport, nil)
	if err != nil {
		return nil, err
	}
	s.ensureForm(ctx, t.latest, t.Form, nil)
	fields := s.allowList(t.latest, t.Form, i)
	if len(grant.Hidden) > 0 {
		fields = withoutHidden(fields, grant.Hidden)
	}
	loc, err := s.location(ctx, t)
	if err != nil {
		return nil, err
	}
	var user store.Filter
	if q.Filter != "" {
		params := querylang.StandardParams(t.Actor, t.member.Departments, s.now(), loc)
		if user, err = querylang.ParseFilter([]byte(q.Filter), fields, params, "/filter"); err != nil {
			return nil, err
		}
	}
	keys, err := querylang.ParseSort(q.Sort, fields, "/sort")
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		keys = []store.SortKey{{Field: store.PathCreated, Desc: true}}
	}
	hidden := make([]string, 0, len(grant.Hidden))
	for k := range grant.Hidden {
		hidden = append(hidden, k)
	}
	slices.Sort(hidden)
	var refs tabular.Refs
	if !q.IDs {
		nm, err := s.newNames(ctx, t)
		if err != nil {
			return nil, err
		}
		refs = nm
	}
	return &Export{
		s: s, t: t, f: f, format: q.Format,
		filter: store.And(store.Eq("form", t.storedForm), store.Eq("deleted", false), grant.Scope, StoredFilter(user)),
		sort:   storeSort(keys),
		opts:   tabular.ExportOptions{Options: tabular.Options{Language: q.Language, Location: loc, Hidden: hidden, Refs: refs}, SheetName: sheetTitle(t, q.Language)},
		hidden: grant.Hidden,
	}, nil
}

// FileName is the download's name: the form's key and the format's extension.
func (e *Export) FileName() string { return e.t.Form + "." + string(e.format) }

// WriteTo writes the file to w, one page of records at a time, and returns how many
// records it wrote. A failure midway leaves w with an unfinished file (CSV) or nothing
// more (XLSX); the caller's connection is the only place left to report it.
func (e *Export) WriteTo(ctx context.Context, w io.Writer) (int, error) {
	if nm, ok := e.opts.Refs.(*names); ok {
		nm.ctx = ctx // the stream outlives the request that prepared it
	}
	tw, err := tabular.NewWriter(w, e.format, e.f, e.opts)
	if err != nil {
		return 0, wrap("start export", err)
	}
	after := ""
	for {
		page, err := e.s.records.Find(ctx, store.Query{Filter: e.filter, Sort: e.sort, Limit: exportPage, After: after})
		if err != nil {
			return tw.Rows(), fmt.Errorf("records: export: %w", joinAbort(err, tw))
		}
		for _, d := range page.Docs {
			r, err := e.record(d)
			if err == nil {
				err = tw.Write(r)
			}
			if err != nil {
				return tw.Rows(), fmt.Errorf("records: export: %w", joinAbort(err, tw))
			}
		}
		if page.Next == "" || len(page.Docs) == 0 {
			break
		}
		if err := ctx.Err(); err != nil {
			return tw.Rows(), joinAbort(err, tw)
		}
		after = page.Next
	}
	if err := tw.Close(); err != nil {
		return tw.Rows(), wrap("finish export", err)
	}
	return tw.Rows(), nil
}

func joinAbort(err error, tw *tabular.Writer) error {
	if aerr := tw.Abort(); aerr != nil {
		// The export's own error says what failed; the abort's only adds to the log.
		return fmt.Errorf("%w (and %v)", err, aerr) //nolint:errorlint // one cause is enough for errors.Is
	}
	return err
}

// record turns a stored record into an export row, without the hidden fields.
func (e *Export) record(d store.Document) (tabular.Record, error) {
	l, err := decodeStored(d)
	if err != nil {
		return tabular.Record{}, err
	}
	data := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(l.rec.F))
	dec.UseNumber()
	if err := dec.Decode(&data); err != nil {
		return tabular.Record{}, fmt.Errorf("decode fields of %s: %w", d.ID, err)
	}
	for k := range e.hidden {
		delete(data, k)
	}
	return tabular.Record{ID: d.ID, Created: d.Created, Updated: d.Updated, Data: data}, nil
}

// sheetTitle names the XLSX sheet after the form, in the export's language.
func sheetTitle(t *target, lang string) string {
	_, i, ok := t.latest.Form(t.Form)
	if !ok {
		return ""
	}
	return t.latest.Template.Forms[i].Name.In(lang)
}

func errFormat() *fault.Error {
	return fault.Of("invalid_format").
		WithProblem("/format", fault.Problem("bad_value.export_format"))
}
