package api

import (
	"bufio"
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/tabular"
)

// transferRoutes registers import, export and the app's API document under
// /api/v1/workspaces/:ws/apps (r is that group).
func (s *server) transferRoutes(r fiber.Router) {
	r.Get("/:app/openapi.json", s.appOpenAPI)
	f := r.Group("/:app/forms/:form")
	f.Get("/export", s.exportRecords)
	f.Post("/import", s.importRecords)
	f.Get("/imports/:job", s.importJob)
}

// contentTypes of the export formats.
var contentTypes = map[tabular.Format]string{
	tabular.CSV:  "text/csv; charset=utf-8",
	tabular.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// exportRecords streams a CSV or XLSX file of the form's records matching filter, in sort
// order. Everything a client can get wrong is checked before the first byte; the file is
// then written page by page as the client reads it.
func (s *server) exportRecords(c *fiber.Ctx) error {
	format := tabular.Format(c.Query("format", string(tabular.CSV)))
	exp, err := s.records.PrepareExport(c.UserContext(), recordRef(c), records.ExportQuery{
		Format: format, Filter: c.Query("filter"), Sort: c.Query("sort"),
		Language: language(c.Get(fiber.HeaderAcceptLanguage)),
		IDs:      c.Query("ids") == "true",
	})
	if err != nil {
		return err
	}
	c.Attachment(exp.FileName())
	c.Set(fiber.HeaderContentType, contentTypes[format])
	c.Set(fiber.HeaderCacheControl, "no-store")
	// The stream outlives the handler: the request's context must not end it.
	ctx := context.WithoutCancel(c.UserContext())
	log, rid := s.log, requestID(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		start := time.Now()
		n, err := exp.WriteTo(ctx, w)
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			// The status is sent: the client sees a cut-off file, the log says why.
			log.WarnContext(ctx, "export stopped", "requestId", rid, "rows", n, "err", err)
			return
		}
		log.DebugContext(ctx, "export done", "requestId", rid, "rows", n, "took", time.Since(start))
	})
	return nil
}

// importReport is records.ImportReport in the client's language.
type importReport struct {
	Job      string         `json:"job,omitempty"`
	Status   string         `json:"status"`
	DryRun   bool           `json:"dryRun"`
	Format   string         `json:"format"`
	Total    int            `json:"total"`
	Done     int            `json:"done"`
	Valid    int            `json:"valid"`
	Stored   int            `json:"stored"`
	Failed   int            `json:"failed"`
	Bad      []importBadRow `json:"bad"`
	Partial  bool           `json:"partial"`
	Ignored  []string       `json:"ignored"`
	Missing  []string       `json:"missing"`
	Error    *fieldError    `json:"error,omitempty"`
	Started  time.Time      `json:"started"`
	Finished *time.Time     `json:"finished,omitempty"`
}

type importBadRow struct {
	Row    int                   `json:"row"`
	Fields map[string]fieldError `json:"fields"`
}

func reportIn(r records.ImportReport, lang string) importReport {
	msg := func(p records.ImportProblem) fieldError {
		if lang == "zh" {
			return fieldError{Code: p.Code, Message: p.ZH}
		}
		return fieldError{Code: p.Code, Message: p.EN}
	}
	out := importReport{Job: r.Job, Status: r.Status, DryRun: r.DryRun, Format: r.Format, Total: r.Total, Done: r.Done,
		Valid: r.Valid, Stored: r.Stored, Failed: r.Failed, Bad: make([]importBadRow, 0, len(r.Bad)), Partial: r.Partial,
		Ignored: r.Ignored, Missing: r.Missing, Started: r.Started}
	if out.Ignored == nil {
		out.Ignored = []string{}
	}
	if out.Missing == nil {
		out.Missing = []string{}
	}
	if !r.Finished.IsZero() {
		out.Finished = &r.Finished
	}
	if r.Error != nil {
		e := msg(*r.Error)
		out.Error = &e
	}
	for _, b := range r.Bad {
		row := importBadRow{Row: b.Row, Fields: make(map[string]fieldError, len(b.Fields))}
		for p, e := range b.Fields {
			row.Fields[p] = msg(e)
		}
		out.Bad = append(out.Bad, row)
	}
	return out
}

// importRecords imports the request body, a CSV or XLSX file as it is (not multipart),
// into the form. Small files are answered with the report; large ones start a job,
// answered 202 with its ID and a Location to follow it.
func (s *server) importRecords(c *fiber.Ctx) error {
	dry, err := boolParam(c, "dryRun")
	if err != nil {
		return err
	}
	rep, err := s.records.Import(c.UserContext(), recordRef(c), records.ImportRequest{
		Format: tabular.Format(c.Query("format")), DryRun: dry,
		Language: language(c.Get(fiber.HeaderAcceptLanguage)), File: c.Body(),
	})
	if err != nil {
		return err
	}
	lang := language(c.Get(fiber.HeaderAcceptLanguage))
	if rep.Job != "" {
		c.Location(c.Path() + "s/" + rep.Job) // …/import → …/imports/{job}
		return c.Status(fiber.StatusAccepted).JSON(reportIn(rep, lang))
	}
	return c.JSON(reportIn(rep, lang))
}

func (s *server) importJob(c *fiber.Ctx) error {
	rep, err := s.records.ImportJob(c.UserContext(), recordRef(c), c.Params("job"))
	if err != nil {
		return err
	}
	return c.JSON(reportIn(rep, language(c.Get(fiber.HeaderAcceptLanguage))))
}

// appOpenAPI serves the OpenAPI 3.1 document of the app's latest published version.
func (s *server) appOpenAPI(c *fiber.Ctx) error {
	doc, err := s.records.OpenAPI(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), language(c.Get(fiber.HeaderAcceptLanguage)))
	if err != nil {
		return err
	}
	c.Type("json")
	return c.Send(doc)
}
