package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/files"
)

// fileRoutes registers uploads to a form's attachment fields and downloads of the files
// attached to its records (f is the form's group).
func (s *server) fileRoutes(f fiber.Router) {
	f.Post("/fields/:field/files", s.uploadFile)
	f.Get("/records/:id/files", s.recordFiles)
	f.Get("/records/:id/files/:file", s.downloadFile)
}

// recordFiles lists the names, sizes and types of the files a record holds, as its reader
// sees it (a field hidden from them lists nothing), for the record page's previews.
func (s *server) recordFiles(c *fiber.Ctx) error {
	if s.files == nil {
		return fault.ErrNotFound()
	}
	ctx := c.UserContext()
	ref, id := recordRef(c), c.Params("id")
	rec, err := s.records.Get(ctx, ref, id)
	if err != nil {
		if fault.Is(err, fault.Forbidden) {
			return fault.ErrNotFound()
		}
		return err
	}
	all, err := s.files.OfRecord(ctx, files.Place{Workspace: ref.Workspace, App: ref.App, Form: ref.Form}, id)
	if err != nil {
		return err
	}
	out := make([]files.Info, 0, len(all))
	for _, f := range all {
		if holdsFile(rec.Data, f.Field, f.ID) {
			out = append(out, f.Info())
		}
	}
	return c.JSON(fiber.Map{"items": out})
}

// uploadFile takes the raw file as the body, named by the filename query parameter or the
// Content-Disposition header. The field's limits decide: the body is read up to one byte
// past its maxSize and no further. With ?record=, an actor whose roles give them no write
// on the form may still upload to a field their open step on that record lets them fill.
func (s *server) uploadFile(c *fiber.Ctx) error {
	if s.files == nil {
		return fault.ErrNotFound()
	}
	ref := recordRef(c)
	var step func(context.Context) (map[string]bool, error)
	if id := c.Query("record"); id != "" && s.flow != nil {
		step = func(ctx context.Context) (map[string]bool, error) { return s.flow.StepFields(ctx, ref, id) }
	}
	fd, err := s.records.AttachmentField(c.UserContext(), ref, c.Params("field"), step)
	if err != nil {
		return err
	}
	return s.storeUpload(c, files.Upload{
		Place:    files.Place{Workspace: ref.Workspace, App: ref.App, Form: ref.Form, Field: fd.Path},
		Uploader: ref.Actor, MaxSize: fd.MaxSize, Accept: fd.Accept,
	})
}

// uploadPublicFile takes a file from a public link's visitor for a field the link exposes,
// as uploadFile does for members; it is counted per address and per link like submissions.
// The file is uploaded as the link's owner, who the submission will be created by.
func (s *server) uploadPublicFile(c *fiber.Ctx, lim *windowLimiter) error {
	if s.files == nil {
		return fault.ErrNotFound()
	}
	if err := limitPublic(c, lim, "upload-", publicUploadsPerIP, publicUploadsPerLink); err != nil {
		return err
	}
	t, err := s.records.PublicAttachmentField(c.UserContext(), c.Params("token"), c.Params("field"))
	if err != nil {
		return err
	}
	return s.storeUpload(c, files.Upload{
		Place:    files.Place{Workspace: t.Workspace, App: t.App, Form: t.Form, Field: t.Field.Path},
		Uploader: t.Owner, MaxSize: t.Field.MaxSize, Accept: t.Field.Accept,
	})
}

// storeUpload streams the request's body into u's place, named by the filename query
// parameter or the Content-Disposition header, and answers the file's facts.
func (s *server) storeUpload(c *fiber.Ctx, u files.Upload) error {
	u.Name = c.Query("filename")
	if u.Name == "" {
		if _, params, err := mime.ParseMediaType(c.Get(fiber.HeaderContentDisposition)); err == nil {
			u.Name = params["filename"]
		}
	}
	var body io.Reader
	if c.Request().IsBodyStream() {
		body = c.Request().BodyStream()
	} else {
		body = bytes.NewReader(c.Body())
	}
	f, err := s.files.Upload(c.UserContext(), u, body)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(f.Info())
}

// downloadFile streams a file attached to a record to whoever may read the record and see
// the field that holds it; anything else is not found, so that file IDs reveal nothing.
func (s *server) downloadFile(c *fiber.Ctx) error {
	if s.files == nil {
		return fault.ErrNotFound()
	}
	ctx := c.UserContext()
	ref, id := recordRef(c), c.Params("id")
	f, err := s.files.Get(ctx, c.Params("file"))
	if err != nil {
		return err
	}
	if f.Workspace != ref.Workspace || f.App != ref.App || f.Form != ref.Form || f.Record != id {
		return fault.ErrNotFound()
	}
	rec, err := s.records.Get(ctx, ref, id)
	if err != nil {
		if fault.Is(err, fault.Forbidden) {
			return fault.ErrNotFound()
		}
		return err
	}
	if !holdsFile(rec.Data, f.Field, f.ID) {
		return fault.ErrNotFound()
	}
	rc, err := s.files.Open(ctx, f)
	if err != nil {
		return err
	}
	inline := previewable(f.ContentType)
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set(fiber.HeaderContentDisposition, contentDisposition(f.Name, inline))
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set(fiber.HeaderContentSecurityPolicy, fileCSP(f.ContentType))
	return c.SendStream(rc, int(f.Size)) // fasthttp closes rc when done
}

// holdsFile reports whether the record's value at field (a dotted path into sub-form rows)
// lists file id. A field hidden from the reader is absent from data, so it holds nothing.
func holdsFile(data json.RawMessage, field, id string) bool {
	var rec map[string]any
	if json.Unmarshal(data, &rec) != nil {
		return false
	}
	key, sub, nested := strings.Cut(field, ".")
	if !nested {
		return listHas(rec[key], id)
	}
	rows, _ := rec[key].([]any)
	for _, r := range rows {
		if row, ok := r.(map[string]any); ok && listHas(row[sub], id) {
			return true
		}
	}
	return false
}

func listHas(v any, id string) bool {
	switch x := v.(type) {
	case []any:
		return slices.Contains(x, any(id))
	case string:
		return x == id
	}
	return false
}

// inlineTypes are the sniffed types a browser may show in place: raster images and PDF,
// which run no script of the page's origin. SVG, HTML and everything else download.
var inlineTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/bmp": true, "application/pdf": true}

// fileCSP lets a file load nothing and run nothing. PDFs drop the sandbox: browsers refuse
// their built-in viewer in sandboxed documents, and the viewer runs a PDF's scripts apart
// from the page's origin; the embed of the file itself is all they may load.
func fileCSP(contentType string) string {
	if t, _, err := mime.ParseMediaType(contentType); err == nil && t == "application/pdf" {
		return "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
	}
	return "default-src 'none'; sandbox"
}

func previewable(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	return err == nil && inlineTypes[t]
}

// contentDisposition names the file, shown in place (inline) or downloaded: a plain ASCII
// fallback and the exact name in RFC 5987 encoding (Chinese names survive).
func contentDisposition(name string, inline bool) string {
	fallback := []byte(name)
	for i, b := range fallback {
		if b < 0x20 || b >= 0x7f || b == '"' || b == '\\' || b == ';' {
			fallback[i] = '_'
		}
	}
	// QueryEscape writes spaces as "+", which RFC 5987 does not know.
	enc := strings.ReplaceAll(url.QueryEscape(name), "+", "%20")
	kind := "attachment"
	if inline {
		kind = "inline"
	}
	return kind + "; filename=" + strconv.Quote(string(fallback)) + "; filename*=UTF-8''" + enc
}
