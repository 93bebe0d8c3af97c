package records

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

// importsColl holds import jobs: one document per large import, its progress and, when it
// ends, its report, so that any instance can answer the progress query.
const importsColl = "record_imports"

// Job states.
const (
	JobRunning     = "running"
	JobDone        = "done"
	JobFailed      = "failed"      // stopped by an error that is not about a row
	JobInterrupted = "interrupted" // its instance stopped (restart) before it finished
)

// jobStale is how long a running job may go without a progress write before it is taken
// for interrupted: its worker is a goroutine of one instance, and a restart ends it.
const jobStale = 10 * time.Minute

// importDoc is an import job as stored.
type importDoc struct {
	Workspace string       `json:"ws"`
	App       string       `json:"app"`
	Form      string       `json:"form"` // the form's key
	Actor     string       `json:"actor"`
	Beat      time.Time    `json:"beat"` // last progress write
	Report    ImportReport `json:"report"`
}

// transfer is the service's state for imports and API documents; its zero value is ready.
type transfer struct {
	wg       sync.WaitGroup // running import workers
	stopOnce sync.Once
	stop     context.Context // cancelled by Shutdown: running imports end as interrupted
	cancel   context.CancelFunc

	mu      sync.Mutex
	openapi map[string][]byte // appID/version/language → document; made on first use
}

// WaitImports waits until the import jobs this instance runs have ended (for tests).
func (s *Service) WaitImports() { s.transfer.wg.Wait() }

// Shutdown stops the import jobs this instance runs — each records what it stored so far
// and ends as interrupted — and waits for them, so that the store can be closed after it.
func (s *Service) Shutdown() {
	s.transfer.stopContext()
	s.transfer.cancel()
	s.transfer.wg.Wait()
}

func (t *transfer) stopContext() context.Context {
	t.stopOnce.Do(func() { t.stop, t.cancel = context.WithCancel(context.Background()) })
	return t.stop
}

// jobContext outlives the request that started a job but ends with Shutdown.
func (t *transfer) jobContext(req context.Context) context.Context {
	ctx, cancel := context.WithCancel(context.WithoutCancel(req))
	context.AfterFunc(t.stopContext(), cancel)
	return ctx
}

// startJob stores a new running job and returns its ID.
func (s *Service) startJob(ctx context.Context, t *target, rep ImportReport) (string, error) {
	id := store.NewID()
	rep.Job, rep.Status, rep.Started = id, JobRunning, s.now()
	doc, err := store.NewDocument(id, importDoc{Workspace: t.Workspace, App: t.App, Form: t.Form, Actor: t.Actor, Beat: s.now(), Report: rep})
	if err != nil {
		return "", wrap("start import", err)
	}
	if _, err := s.imports().Insert(ctx, doc); err != nil {
		return "", domainErr("start import", err)
	}
	return id, nil
}

// saveJob writes a job's progress (or its end) and refreshes its heartbeat.
func (s *Service) saveJob(ctx context.Context, id string, rep ImportReport) error {
	_, err := store.Modify(ctx, s.imports(), id, func(d *importDoc) error {
		d.Beat = s.now()
		d.Report = rep
		return nil
	})
	return err
}

// ImportJob returns an import job's progress, or its report once it has ended. Only the
// member who started it and the workspace's owners and admins see it. A job whose
// instance stopped before it ended is marked interrupted here, on the first read after.
func (s *Service) ImportJob(ctx context.Context, ref Ref, id string) (ImportReport, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return ImportReport{}, err
	}
	doc, err := s.imports().Get(ctx, id)
	if err != nil {
		return ImportReport{}, domainErr("get import", err)
	}
	d, err := store.Decode[importDoc](doc)
	if err != nil {
		return ImportReport{}, wrap("decode import", err)
	}
	admin := t.member.Role == org.RoleOwner || t.member.Role == org.RoleAdmin
	if d.Workspace != t.Workspace || d.App != t.App || d.Form != t.Form || (d.Actor != t.Actor && !admin) {
		return ImportReport{}, fault.ErrNotFound()
	}
	if d.Report.Status == JobRunning && s.now().Sub(d.Beat) > jobStale {
		d, err = store.Modify(ctx, s.imports(), id, func(d *importDoc) error {
			if d.Report.Status == JobRunning && s.now().Sub(d.Beat) > jobStale {
				d.Report.Status = JobInterrupted
				d.Report.Finished = s.now()
				d.Report.Error = problem(fault.Of("interrupted.import_restart"))
			}
			return nil
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return ImportReport{}, domainErr("mark import interrupted", err)
		}
	}
	return d.Report, nil
}

func (s *Service) imports() store.Collection { return s.st.Collection(importsColl) }
