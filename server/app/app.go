package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/runtime/access"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/audit"
	"github.com/formloom/formloom/runtime/calendar"
	"github.com/formloom/formloom/runtime/files"
	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/notify"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/runtime/schedule"
	"github.com/formloom/formloom/runtime/search"
	"github.com/formloom/formloom/runtime/webhook"
	"github.com/formloom/formloom/server/api"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
	"github.com/formloom/formloom/templates"
)

// Options are the parts of start-up that tests change.
type Options struct {
	Logger   *slog.Logger
	Hash     account.HashParams // zero: production cost
	UI       fs.FS
	Accounts account.Options // Hash above wins over Accounts.Hash
	// Now is the clock of pipelines and the scheduler (tests move it); nil: the real one.
	Now func() time.Time
	// ManualSchedule leaves due work to the caller (App.Scheduler.RunDue) instead of a
	// background loop, so that tests decide when deadlines fire.
	ManualSchedule bool
}

// App is a running Formloom: its HTTP handler and the services behind it.
type App struct {
	HTTP      *fiber.App
	Store     store.Store
	Accounts  *account.Service
	Org       *org.Service
	Apps      *apps.Service
	Records   *records.Service
	Files     *files.Service
	Flow      *flow.Service
	Scheduler *schedule.Scheduler
	// SearchIndex is the records' full-text index; nil on engines without one.
	SearchIndex *search.Index
	Search      *search.Service

	bg         *background
	stopSearch func()
}

// Open builds the app over the configured store.
func Open(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a, err := build(ctx, cfg, st, opts)
	if err != nil {
		return nil, errors.Join(err, st.Close())
	}
	return a, nil
}

func openStore(ctx context.Context, cfg config.Config) (store.Store, error) {
	if cfg.MongoURI != "" {
		return openMongo(ctx, cfg)
	}
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(cfg.DataDir, "formloom.db")})
	if err != nil {
		return nil, fmt.Errorf("app: open embedded database: %w", err)
	}
	return st, nil
}

func build(ctx context.Context, cfg config.Config, st store.Store, opts Options) (*App, error) {
	// Collections and indexes are declared in code and ensured at every start (idempotent),
	// so a new index ships with the code that needs it.
	for _, spec := range collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			return nil, fmt.Errorf("app: ensure collection %s: %w", spec.Name, err)
		}
	}
	// Records carry their full-text index with them where the engine has one (search).
	st, searchIndex, err := search.Attach(ctx, st)
	if err != nil {
		return nil, err
	}
	if err := store.Migrate(ctx, st, migrations()); err != nil {
		return nil, fmt.Errorf("app: migrate stored data: %w", err)
	}
	accOpts := opts.Accounts
	accOpts.Logger = opts.Logger
	if opts.Hash != (account.HashParams{}) {
		accOpts.Hash = opts.Hash
	}
	accounts, err := account.New(st, accOpts)
	if err != nil {
		return nil, err
	}
	people := org.New(st, accounts, cfg.Timezone)
	gallery, err := templates.New(st, people)
	if err != nil {
		return nil, err
	}
	appSvc, err := apps.New(st, people, gallery)
	if err != nil {
		return nil, err
	}
	// Role permissions from the templates decide record access; see runtime/access.
	accessSvc := access.New(st, people, appSvc, access.Options{Logger: opts.Logger})
	appSvc.UseAccess(accessSvc) // managers design apps; publishing stores the permissions
	// Records tell the pipeline engine of every write (automations); the engine is built
	// just below, over the records.
	// A record created by a request carries that request's audit entry (audit.Arm).
	var engine *flow.Service
	auditSvc := audit.New(st, people)
	written := func(ctx context.Context, c *apps.Compiled, ws, form, event string, rec records.Record) error {
		if event == records.EventCreated {
			if err := auditSvc.WriteArmed(ctx, ws, c.AppID, form, rec.ID); err != nil {
				return err
			}
		}
		return engine.RecordWritten(ctx, c, ws, form, event, rec)
	}
	calendars := calendar.NewService(st, people, calendar.Options{Timezone: cfg.Timezone})
	recordSvc := records.New(st, appSvc, people, records.Options{Access: accessSvc, Logger: opts.Logger, Now: opts.Now, Written: written,
		Calendar: func(ctx context.Context, ws string) (form.WorkingDays, error) {
			c, _, err := calendars.Get(ctx, ws)
			if err != nil {
				return nil, err
			}
			return c, nil
		}})
	sch := schedule.New(st, schedule.Options{Logger: opts.Logger, Now: opts.Now})
	secrets := webhook.NewSecrets(st)
	// Notifications also reach members by e-mail and group robots, as they choose (notify).
	vault, err := notify.OpenVault(filepath.Join(cfg.DataDir, notify.KeyFile))
	if err != nil {
		return nil, err
	}
	notifier := notify.New(st, sch, vault, people, notify.NewSender(notify.SenderOptions{AllowPrivate: cfg.WebhookAllowPrivate}),
		notify.Options{AllowPrivate: cfg.WebhookAllowPrivate, PublicURL: cfg.PublicURL, Logger: opts.Logger, Now: opts.Now})
	engine = flow.New(notifier.Watch(st), flow.Deps{Records: recordSvc, Apps: appSvc, Org: people, Roles: accessSvc,
		Calendar: workCalendar{calendars}, Jobs: jobs{sch}, Webhooks: outbox{sch, secrets}}, flow.Options{Now: opts.Now, Logger: opts.Logger})
	registerJobs(sch, engine, webhook.NewSender(webhook.SenderOptions{AllowPrivate: cfg.WebhookAllowPrivate}))
	fileSvc, err := openFiles(cfg, st, sch, opts.Logger, opts.Now)
	if err != nil {
		return nil, err
	}
	a := &App{Store: st, Accounts: accounts, Org: people, Apps: appSvc, Records: recordSvc, Files: fileSvc, Flow: engine, Scheduler: sch, SearchIndex: searchIndex}
	a.Search = search.New(search.Deps{Apps: appSvc, Org: people, Access: accessSvc, Records: recordSvc,
		Index: searchIndex, Logger: opts.Logger})
	a.HTTP = api.New(api.Deps{
		Config:     cfg,
		Logger:     opts.Logger,
		DB:         st,
		Accounts:   accounts,
		Org:        people,
		Apps:       appSvc,
		Records:    recordSvc,
		Files:      fileSvc,
		Access:     accessSvc,
		Audit:      auditSvc,
		Calendar:   calendars,
		Flow:       engine,
		Secrets:    secrets,
		Templates:  gallery,
		SessionTTL: accOpts.SessionTTL,
		UI:         opts.UI,
		Search:     a.Search,
		Notify:     notifier,
	})
	if !opts.ManualSchedule {
		a.bg = startBackground(sch)
	}
	if searchIndex != nil {
		a.stopSearch = searchIndex.Start(st, opts.Logger)
	}
	return a, nil
}

func collections() []store.CollectionSpec {
	return slices.Concat(account.Collections(), org.Collections(), apps.Collections(), records.Collections(), files.Collections(), access.Collections(), calendar.Collections(), audit.Collections(), templates.Collections(), flow.Collections(), schedule.Collections(), webhook.Collections(), notify.Collections())
}

// Close stops background work (import jobs end as interrupted) and then releases the store.
func (a *App) Close() error {
	a.bg.stop()
	if a.stopSearch != nil {
		a.stopSearch()
	}
	a.Records.Shutdown()
	return a.Store.Close()
}
