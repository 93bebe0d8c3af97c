package records

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// MigrationRequest asks to move a form's live records to app version To (0: the latest).
// With DryRun nothing is written.
type MigrationRequest struct {
	DryRun bool `json:"dryRun"`
	To     int  `json:"to"`
	// Values fill new or changed fields of the target version (see MigrationValue).
	Values map[string]MigrationValue `json:"values,omitempty"`
	// Background runs the migration as a job whose progress ImportJob reports; migrations
	// of more than MigrationJobRecords records always do.
	Background bool `json:"background,omitempty"`
}

// MigrationJobRecords: migrations of more records than this run as background jobs.
const MigrationJobRecords = 1000

// MigrationPass is a record that is valid under the target version. Dropped lists the
// fields it holds that the target version no longer has: migrating removes them.
type MigrationPass struct {
	ID          string         `json:"id"`
	FormVersion int            `json:"formVersion"`
	Dropped     []string       `json:"dropped,omitempty"`
	Writes      map[string]any `json:"writes,omitempty"` // what the request's values write
}

// MigrationFailure is a record the target version refuses, with the reasons (field
// problems keyed by JSON pointers into the record's data). It stays on its version.
type MigrationFailure struct {
	ID          string
	FormVersion int
	Error       *fault.Error
}

// MigrationReport says which records pass and which fail. Passed and Failed hold at most
// maxReported entries each; the counts are complete.
type MigrationReport struct {
	Job         string // set when the migration runs as a background job
	DryRun      bool
	To          int
	Checked     int
	PassedCount int
	FailedCount int
	Passed      []MigrationPass
	Failed      []MigrationFailure
	Truncated   bool
}

const (
	maxReported    = 1000
	migrationPage  = 200
	migrationTries = 3
)

// Migrate checks every live record of the form that is not on version To against it and,
// unless DryRun, moves those that pass to To (computed fields recomputed, fields To no
// longer has dropped) with a timeline entry each. Records that fail keep their version.
func (s *Service) Migrate(ctx context.Context, ref Ref, req MigrationRequest) (MigrationReport, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return MigrationReport{}, err
	}
	if _, err := s.authorize(ctx, t, ActionMigrate, nil); err != nil {
		return MigrationReport{}, err
	}
	to := req.To
	if to == 0 {
		to = t.latest.Version
	}
	if to < 1 || to > t.latest.Version {
		return MigrationReport{}, fault.FieldOf("/to", "out_of_range.to")
	}
	c, _, err := s.formAt(ctx, t, to)
	if err != nil {
		if fault.Is(err, fault.NotFound) {
			return MigrationReport{}, fault.FieldOf("/to", "no_form.to")
		}
		return MigrationReport{}, err
	}
	f, _, _ := c.Form(t.Form)
	if !req.DryRun {
		s.ensureForm(ctx, t.latest, t.Form, c)
	}
	loc, err := s.location(ctx, t)
	if err != nil {
		return MigrationReport{}, err
	}
	vals, err := compileValues(f, req.Values, s.formulaNames(ctx, t, to))
	if err != nil {
		return MigrationReport{}, err
	}
	rep := MigrationReport{DryRun: req.DryRun, To: to, Passed: []MigrationPass{}, Failed: []MigrationFailure{}}
	m := &migration{t: t, f: f, to: to, loc: loc, dry: req.DryRun, vals: vals}
	filter := store.And(store.Eq("form", t.storedForm), store.Eq("deleted", false), store.Cmp("fv", store.OpNe, float64(to)))
	total, err := s.records.Count(ctx, filter)
	if err != nil {
		return rep, domainErr("count records to migrate", err)
	}
	if !req.Background && total <= MigrationJobRecords {
		return rep, s.runMigration(ctx, m, filter, &rep, nil)
	}
	return s.startMigrationJob(ctx, m, filter, int(total), rep)
}

// migration is one migration's fixed parts.
type migration struct {
	t    *target
	f    *form.Form
	to   int
	loc  *time.Location
	dry  bool
	vals []migrationValue
}

// runMigration checks (and moves) every record filter selects, a page at a time; progress
// is called after each page.
func (s *Service) runMigration(ctx context.Context, m *migration, filter store.Filter, rep *MigrationReport, progress func() error) error {
	q := store.Query{Filter: filter, Sort: []store.SortKey{{Field: store.PathID}}, Limit: migrationPage}
	for {
		page, err := s.records.Find(ctx, q)
		if err != nil {
			return domainErr("list records to migrate", err)
		}
		for _, d := range page.Docs {
			pass, fail, err := s.migrateOne(ctx, m, d)
			if err != nil {
				return err
			}
			rep.add(pass, fail)
		}
		if progress != nil {
			if err := progress(); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		q.After = page.Next
	}
}

func (r *MigrationReport) add(pass *MigrationPass, fail *MigrationFailure) {
	r.Checked++
	if pass != nil {
		r.PassedCount++
		if len(r.Passed) < maxReported {
			r.Passed = append(r.Passed, *pass)
		} else {
			r.Truncated = true
		}
	}
	if fail != nil {
		r.FailedCount++
		if len(r.Failed) < maxReported {
			r.Failed = append(r.Failed, *fail)
		} else {
			r.Truncated = true
		}
	}
}

// migrateOne checks one record against form f of version to and, unless dry, writes it.
// A record that changes meanwhile is read again; one the version refuses is a failure,
// not an error.
func (s *Service) migrateOne(ctx context.Context, m *migration, d store.Document) (*MigrationPass, *MigrationFailure, error) {
	t, f, to, loc, dry := m.t, m.f, m.to, m.loc, m.dry
	for try := 0; ; try++ {
		l, err := decodeStored(d)
		if err != nil {
			return nil, nil, err
		}
		fail := func(fe *fault.Error) (*MigrationPass, *MigrationFailure, error) {
			return nil, &MigrationFailure{ID: d.ID, FormVersion: l.rec.FormVersion, Error: fe}, nil
		}
		prev, err := l.fields()
		if err != nil {
			return nil, nil, err
		}
		rec, err := l.fields()
		if err != nil {
			return nil, nil, err
		}
		writes, ferr := applyValues(m.vals, rec, s.now(), loc)
		if ferr != nil {
			return fail(ferr)
		}
		dropped := dropUnknown(f, rec)
		rel := s.newRelated(ctx, t.App)
		out, err := f.PrepareMap(rec, form.Update, form.Env{Now: s.now(), Location: loc, Calendar: s.workingDays(ctx, t), Previous: prev, Lookup: rel.lookup})
		if err == nil && rel.err != nil {
			return nil, nil, wrap("read related record", rel.err)
		}
		if err == nil {
			err = s.checkReferences(ctx, t, f, out, prev, rel)
		}
		if fe, ok := fault.As(err); ok {
			return fail(fe)
		} else if err != nil {
			return nil, nil, err
		}
		pass := &MigrationPass{ID: d.ID, FormVersion: l.rec.FormVersion, Dropped: dropped, Writes: writes}
		if dry {
			return pass, nil, nil
		}
		sd := l.rec
		from := sd.FormVersion
		sd.FormVersion, sd.UpdatedBy = to, t.Actor
		data, err := sd.encode(f.AppendJSON(nil, out))
		if err != nil {
			return nil, nil, err
		}
		changes := diff(prev, out)
		_, err = s.write(ctx, d.ID, d.Version, data, func(ctx context.Context, v int64) error {
			return s.recordEvent(ctx, d.ID, sd, EventMigrated, t.Actor, v, from, changes)
		})
		switch {
		case err == nil:
			return pass, nil, nil
		case errors.Is(err, store.ErrVersionConflict) && try+1 < migrationTries:
			if d, err = s.records.Get(ctx, d.ID); err != nil {
				return nil, nil, domainErr("re-read record", err)
			}
			if dl, err := decodeStored(d); err != nil || dl.rec.Deleted || dl.rec.FormVersion == to {
				return nil, nil, err // deleted or moved meanwhile: nothing left to do
			}
			continue
		}
		if fe, ok := fault.As(writeErr("migrate record", err)); ok {
			return fail(fe)
		}
		return nil, nil, wrap("migrate record", err)
	}
}

// dropUnknown removes the fields (and sub-form columns) form f does not have from rec and
// lists them as dotted paths, sorted.
func dropUnknown(f *form.Form, rec map[string]any) []string {
	seen := map[string]bool{}
	for k, v := range rec {
		fd, ok := f.Field(k)
		if !ok || strings.Contains(k, ".") {
			delete(rec, k)
			seen[k] = true
			continue
		}
		if !fd.Def().Rows {
			continue
		}
		rows, _ := v.([]any)
		for _, r := range rows {
			row, _ := r.(map[string]any)
			for ck := range row {
				if _, ok := f.Field(k + "." + ck); !ok || strings.Contains(ck, ".") {
					delete(row, ck)
					seen[k+"."+ck] = true
				}
			}
		}
	}
	if len(seen) == 0 {
		return nil
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
