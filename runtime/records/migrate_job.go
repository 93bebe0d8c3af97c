package records

import (
	"context"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// startMigrationJob runs a migration in the background with the import jobs' machinery:
// its progress and end are an ImportReport (Total records to check, Done checked, Valid
// passing, Stored moved, Failed refused, Bad the refused records by ID), read with
// ImportJob. Records not moved keep working under their version meanwhile.
func (s *Service) startMigrationJob(ctx context.Context, m *migration, filter store.Filter, total int, rep MigrationReport) (MigrationReport, error) {
	jr := ImportReport{Status: JobRunning, DryRun: m.dry, Format: "migration", Total: total, Bad: []ImportBadRow{}, Started: s.now()}
	id, err := s.startJob(ctx, m.t, jr)
	if err != nil {
		return rep, err
	}
	jr.Job, rep.Job = id, id
	jctx := s.transfer.jobContext(ctx)
	s.transfer.wg.Go(func() {
		var mr MigrationReport
		mr.Passed, mr.Failed = []MigrationPass{}, []MigrationFailure{}
		fill := func() {
			jr.Done, jr.Valid, jr.Failed = mr.Checked, mr.PassedCount, mr.FailedCount
			if !m.dry {
				jr.Stored = mr.PassedCount
			}
			jr.Bad = jr.Bad[:0]
			for _, f := range mr.Failed {
				row := ImportBadRow{Record: f.ID, Fields: map[string]ImportProblem{}}
				for p, e := range faultFields(f.Error) {
					row.Fields[p] = ImportProblem{Code: e.Code, EN: e.Text.EN, ZH: e.Text.ZH}
				}
				jr.Bad = append(jr.Bad, row)
			}
			jr.Partial = mr.Truncated
		}
		err := s.runMigration(jctx, m, filter, &mr, func() error {
			fill()
			return s.saveJob(jctx, id, jr)
		})
		fill()
		jr.Finished = s.now()
		switch {
		case err == nil:
			jr.Status = JobDone
		case jctx.Err() != nil:
			jr.Status = JobInterrupted
			jr.Error = problem(fault.Of("interrupted.migration"))
		default:
			s.log.ErrorContext(jctx, "migration job failed", "job", id, "err", err)
			jr.Status = JobFailed
			jr.Error = problem(err)
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(jctx), 10*time.Second)
		defer cancel()
		if serr := s.saveJob(sctx, id, jr); serr != nil {
			s.log.ErrorContext(sctx, "migration job: save the report", "job", id, "err", serr)
		}
	})
	return rep, nil
}
