package api

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
)

// recordRoutes registers the records of a form under /api/v1/workspaces/:ws/apps (r is
// that group).
func (s *server) recordRoutes(r fiber.Router) {
	f := r.Group("/:app/forms/:form")
	f.Get("/records", s.listRecords)
	f.Post("/records", s.createRecord)
	f.Post("/records/check", s.checkRecord) // record_check_handlers.go
	f.Post("/linkage", s.formLinkage)       // record_linkage_handlers.go
	f.Get("/choices", s.recordChoices)      // record_choice_handlers.go
	f.Get("/records/:id", s.getRecord)
	f.Patch("/records/:id", s.updateRecord)
	f.Delete("/records/:id", s.deleteRecord)
	f.Post("/records/:id/restore", s.restoreRecord)
	f.Get("/records/:id/history", s.recordHistory)
	f.Get("/records/:id/runtime", s.recordRuntime)
	f.Post("/migrations", s.migrateRecords)
	s.transferRoutes(r) // import, export, API document (transfer_handlers.go)
	s.viewRoutes(r)
	s.fileRoutes(f) // attachments (file_handlers.go)
	s.actionRoutes(f)
}

func recordRef(c *fiber.Ctx) records.Ref {
	return records.Ref{Actor: actor(c), Workspace: c.Params("ws"), App: c.Params("app"), Form: c.Params("form")}
}

// sendRecord answers one record with its version as the ETag, for the next If-Match.
func sendRecord(c *fiber.Ctx, status int, r records.Record) error {
	c.Set(fiber.HeaderETag, `"`+strconv.FormatInt(r.Version, 10)+`"`)
	return c.Status(status).JSON(r)
}

func (s *server) listRecords(c *fiber.Ctx) error {
	total, err := boolParam(c, "total")
	if err != nil {
		return err
	}
	deleted, err := boolParam(c, "deleted")
	if err != nil {
		return err
	}
	page, err := s.records.List(c.UserContext(), recordRef(c), records.ListQuery{
		Filter: c.Query("filter"), Sort: c.Query("sort"), Limit: c.Query("limit"), Cursor: c.Query("cursor"),
		Total: total, Deleted: deleted,
	})
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// boolParam reads an optional true/false URL parameter.
func boolParam(c *fiber.Ctx, name string) (bool, error) {
	switch c.Query(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, fault.Of("invalid_query").
		WithProblem("/"+name, fault.Problem("bad_value.bool_param"))
}

func (s *server) createRecord(c *fiber.Ctx) error {
	// The body is the record's field values; the form decodes it strictly and reports
	// problems at pointers into it.
	draft, err := boolParam(c, "draft")
	if err != nil {
		return err
	}
	ref := recordRef(c)
	// A form with a pipeline that starts by itself submits the record at once, unless the
	// client saves a draft (?draft=true) to submit later with the submit action. The start
	// runs in the record's transaction: a start that fails leaves no record behind, and
	// the run starts from the record as written, without reading it back.
	// Whether it starts, and as whom, is read before the transaction opens.
	ctx := s.armAudit(c)
	var then records.Then
	if s.flow != nil && !draft {
		st, err := s.flow.StarterFor(ctx, ref)
		if err != nil {
			return err
		}
		if st != nil {
			then = st.Then
		}
	}
	r, err := s.records.CreateThen(ctx, ref, json.RawMessage(c.Body()), then)
	if err != nil {
		return err
	}
	return sendRecord(c, fiber.StatusCreated, r)
}

func (s *server) getRecord(c *fiber.Ctx) error {
	r, err := s.records.Get(c.UserContext(), recordRef(c), c.Params("id"))
	if err != nil {
		return err
	}
	return sendRecord(c, fiber.StatusOK, r)
}

// recordRuntime answers the record's form as the caller may see it, for anyone who may
// read the record: pipeline participants without a role grant included.
func (s *server) recordRuntime(c *fiber.Ctx) error {
	rt, err := s.records.RecordRuntime(c.UserContext(), recordRef(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(rt)
}

func (s *server) updateRecord(c *fiber.Ctx) error {
	if c.Get(fiber.HeaderIfMatch) == "" {
		return preconditionRequired()
	}
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	patch, err := decodePatch(c.Body())
	if err != nil {
		return err
	}
	r, err := s.records.Update(c.UserContext(), recordRef(c), c.Params("id"), v, patch)
	if err != nil {
		return err
	}
	return sendRecord(c, fiber.StatusOK, r)
}

func (s *server) deleteRecord(c *fiber.Ctx) error {
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	if err := s.records.Delete(c.UserContext(), recordRef(c), c.Params("id"), v); err != nil {
		return err
	}
	return noContent(c)
}

func (s *server) restoreRecord(c *fiber.Ctx) error {
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	r, err := s.records.Restore(c.UserContext(), recordRef(c), c.Params("id"), v)
	if err != nil {
		return err
	}
	return sendRecord(c, fiber.StatusOK, r)
}

func (s *server) recordHistory(c *fiber.Ctx) error {
	ctx := c.UserContext()
	ref, id := recordRef(c), c.Params("id")
	h, err := s.records.History(ctx, ref, id, c.Query("limit"), c.Query("cursor"))
	if err != nil {
		return err
	}
	named, err := s.historyFiles(ctx, ref, id, h.Items)
	if err != nil {
		return err
	}
	return c.JSON(historyAnswer{HistoryPage: h, Files: named})
}

// migrationFailure is a record a version refuses, its problems in the error shape's terms.
type migrationFailure struct {
	ID          string                `json:"id"`
	FormVersion int                   `json:"formVersion"`
	Code        string                `json:"code"`
	Message     string                `json:"message"`
	Fields      map[string]fieldError `json:"fields"`
}

type migrationReport struct {
	DryRun      bool                    `json:"dryRun"`
	To          int                     `json:"to"`
	Checked     int                     `json:"checked"`
	PassedCount int                     `json:"passedCount"`
	FailedCount int                     `json:"failedCount"`
	Passed      []records.MigrationPass `json:"passed"`
	Failed      []migrationFailure      `json:"failed"`
	Truncated   bool                    `json:"truncated"`
}

func (s *server) migrateRecords(c *fiber.Ctx) error {
	var in records.MigrationRequest
	if err := bind(c, &in); err != nil {
		return err
	}
	rep, err := s.records.Migrate(c.UserContext(), recordRef(c), in)
	if err != nil {
		return err
	}
	lang := language(c.Get(fiber.HeaderAcceptLanguage))
	if rep.Job != "" {
		// A background job: follow it where import jobs are followed.
		loc := strings.TrimSuffix(c.Path(), "/migrations") + "/imports/" + rep.Job
		c.Location(loc)
		return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"job": rep.Job, "status": records.JobRunning, "dryRun": rep.DryRun, "to": rep.To, "url": loc})
	}
	out := migrationReport{DryRun: rep.DryRun, To: rep.To, Checked: rep.Checked, PassedCount: rep.PassedCount, FailedCount: rep.FailedCount,
		Passed: rep.Passed, Failed: make([]migrationFailure, 0, len(rep.Failed)), Truncated: rep.Truncated}
	for _, f := range rep.Failed {
		mf := migrationFailure{ID: f.ID, FormVersion: f.FormVersion, Code: f.Error.Code, Message: f.Error.Text.In(lang), Fields: map[string]fieldError{}}
		for p, fe := range f.Error.Fields {
			mf.Fields[p] = fieldError{Code: fe.Code, Message: fe.Text.In(lang)}
		}
		out.Failed = append(out.Failed, mf)
	}
	return c.JSON(out)
}

// ifMatch reads If-Match: a record version as the ETag gave it ("3", 3 or W/"3"); "*" or
// no header means any version.
func ifMatch(c *fiber.Ctx) (int64, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" || h == "*" {
		return records.AnyVersion, nil
	}
	v := strings.TrimPrefix(h, "W/")
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	} else if v != h {
		v = "" // W/ needs a quoted tag
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || !wellFormedVersion(v) {
		return 0, fault.Of("invalid_if_match")
	}
	return n, nil
}

// wellFormedVersion: only decimal digits, no sign, no leading zero, as the ETag gives them.
func wellFormedVersion(v string) bool {
	if v == "" || len(v) > 18 || v[0] == '0' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// preconditionRequired: updates must say which version they change, so that nobody
// overwrites a change they have not seen.
func preconditionRequired() error {
	return fault.Of("if_match_required")
}

// decodePatch reads a PATCH body: a JSON object of field values, null clearing a field.
// It is parsed as records are (builder/form), so duplicate keys, trailing data, NUL
// characters, lone surrogates and numbers that underflow to 0 are refused naming the value.
func decodePatch(body []byte) (map[string]any, error) {
	return form.DecodeObject(body)
}
