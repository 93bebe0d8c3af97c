package api

import (
	"context"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/access"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/audit"
	"github.com/formloom/formloom/runtime/calendar"
	"github.com/formloom/formloom/runtime/files"
	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/templates"
)

// Pinger answers whether the database is reachable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps is what the HTTP layer needs: configuration, the domain services and the UI assets.
type Deps struct {
	Config     config.Config
	Logger     *slog.Logger
	DB         Pinger
	Accounts   *account.Service
	Org        *org.Service
	Apps       *apps.Service
	Records    *records.Service
	Files      *files.Service  // attachments; nil: uploads and downloads are not found
	Access     *access.Service // app role assignments; nil: their routes are not found
	Audit      *audit.Service  // the audit log; nil: nothing is recorded and its route is not found
	Calendar   *calendar.Service
	Templates  *templates.Gallery // the template gallery; nil: its routes are not found
	SessionTTL time.Duration
	Flow       *flow.Service    // pipelines; nil: their routes are not found
	Secrets    *webhook.Secrets // apps' webhook signing secrets
	UI         fs.FS            // built web UI with index.html at its root; nil serves a placeholder
}

type server struct {
	cfg        config.Config
	log        *slog.Logger
	db         Pinger
	accounts   *account.Service
	org        *org.Service
	apps       *apps.Service
	records    *records.Service
	files      *files.Service
	access     *access.Service
	flow       *flow.Service
	secrets    *webhook.Secrets
	audit      *audit.Service
	calendar   *calendar.Service
	templates  *templates.Gallery
	sessionTTL time.Duration
}

// New builds the Fiber app with every route.
func New(d Deps) *fiber.App {
	s := &server{cfg: d.Config, log: d.Logger, db: d.DB, accounts: d.Accounts, org: d.Org, apps: d.Apps, records: d.Records, files: d.Files, access: d.Access, flow: d.Flow, secrets: d.Secrets, audit: d.Audit, calendar: d.Calendar, sessionTTL: d.SessionTTL}
	s.templates = d.Templates
	if s.sessionTTL == 0 {
		s.sessionTTL = 30 * 24 * time.Hour
	}
	app := fiber.New(fiber.Config{
		AppName:               "formloom",
		ErrorHandler:          errorHandler(d.Logger),
		BodyLimit:             d.Config.BodyLimit,
		ReadTimeout:           d.Config.ReadTimeout,
		WriteTimeout:          d.Config.WriteTimeout,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
		// Values from the request outlive handlers (rate-limit keys, stored documents), so
		// they must not alias fasthttp's reused buffers.
		Immutable: true,
	})
	app.Use(withRequestID, accessLog(d.Logger), recoverPanics(d.Logger), securityHeaders, requestDeadline(d.Config.RequestTimeout))

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)

	v1 := app.Group("/api/v1", s.authenticate, s.auditTrail)
	s.authRoutes(v1)
	v1.Get("/schemas/template.json", s.metaSchema)
	s.templateRoutes(v1)
	s.workspaceRoutes(v1.Group("/workspaces", requireAuth))
	s.publicRoutes(v1)
	v1.All("/*", func(c *fiber.Ctx) error { return fiber.ErrNotFound })

	serveUI(app, d.UI)
	return app
}

func (s *server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

func (s *server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "readiness check failed", "err", err)
		return unavailable()
	}
	return c.JSON(fiber.Map{"status": "ready"})
}
