// Command formloom is the Formloom server: `go run ./server` serves the API and the web UI
// over the embedded database (or MongoDB when FORMLOOM_MONGODB_URI is set).
//
//	formloom [flags]        serve (flags mirror the FORMLOOM_* variables; -help lists them)
//	formloom healthcheck    exit 0 when the local server is ready: /readyz, database included (for containers)
//	formloom templates …    list, validate or install starter templates (see cli_templates.go)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // timezones work in minimal images without a zoneinfo database

	"github.com/formloom/formloom/frontend"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program; ctx ends on SIGINT or SIGTERM.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "healthcheck" {
		return healthcheck(args[1:], getenv, stderr)
	}
	if len(args) > 0 && args[0] == "templates" {
		return templatesCmd(ctx, args[1:], getenv, stdout, stderr)
	}
	cfg, err := config.Load(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := newLogger(cfg, stderr)
	if err := serve(ctx, cfg, log, stdout); err != nil {
		log.Error("formloom stopped", "err", err)
		return 1
	}
	return 0
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	ui, built := frontend.Assets()
	if !built {
		ui = nil // the server explains how to build the UI instead of serving a broken app
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: log, UI: ui})
	if err != nil {
		return err
	}
	defer a.Close()

	created, password, err := a.Accounts.EnsureAdmin(ctx, cfg.AdminEmail, cfg.AdminPassword)
	if err != nil {
		return fmt.Errorf("create the first admin: %w", err)
	}
	if created {
		log.Info("created the first admin", "email", cfg.AdminEmail)
	}
	if password != "" {
		// Shown once, on the terminal only: it is not stored anywhere in clear.
		fmt.Fprintf(stdout, "\n  First admin: %s\n  Password:    %s\n  (shown once; set FORMLOOM_ADMIN_PASSWORD to choose it)\n\n", cfg.AdminEmail, password)
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log.Info("formloom is serving", "addr", ln.Addr().String(), "engine", a.Store.Capabilities().Engine, "ui", ui != nil)
	errc := make(chan error, 1)
	go func() { errc <- a.HTTP.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", cfg.ShutdownTimeout)
	if err := a.HTTP.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// healthcheck asks the local server for /readyz, which answers 200 only while the
// database does: a container whose MongoDB is gone is not healthy. Containers use it, as
// the image has no shell tools.
func healthcheck(args []string, getenv func(string) string, stderr io.Writer) int {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	_, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/readyz")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "readyz:", resp.Status)
		return 1
	}
	return 0
}
