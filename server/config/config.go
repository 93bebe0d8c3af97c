package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Config is everything the server needs to start.
type Config struct {
	Addr            string        // FORMLOOM_ADDR
	DataDir         string        // FORMLOOM_DATA_DIR
	MongoURI        string        // FORMLOOM_MONGODB_URI; empty selects embedded SQLite
	AdminEmail      string        // FORMLOOM_ADMIN_EMAIL
	AdminPassword   string        // FORMLOOM_ADMIN_PASSWORD
	Timezone        string        // FORMLOOM_TIMEZONE
	PublicURL       string        // FORMLOOM_PUBLIC_URL: base of links handed out (setup links)
	SecureCookies   bool          // FORMLOOM_SECURE_COOKIES: mark cookies Secure (behind HTTPS)
	BodyLimit       int           // FORMLOOM_BODY_LIMIT: bytes per request body
	ReadTimeout     time.Duration // FORMLOOM_READ_TIMEOUT
	WriteTimeout    time.Duration // FORMLOOM_WRITE_TIMEOUT
	ShutdownTimeout time.Duration // FORMLOOM_SHUTDOWN_TIMEOUT
	RequestTimeout  time.Duration // FORMLOOM_REQUEST_TIMEOUT: deadline of a request's database work
	LogLevel        string        // FORMLOOM_LOG_LEVEL: debug, info, warn, error
	LogFormat       string        // FORMLOOM_LOG_FORMAT: text or json

	WebhookAllowPrivate bool // FORMLOOM_WEBHOOK_ALLOW_PRIVATE: webhooks may reach private and loopback addresses
}

// Var describes one setting for the README and -help.
type Var struct {
	Env, Flag, Default, Help string
}

// Vars lists every setting with its default.
var Vars = []Var{
	{"FORMLOOM_ADDR", "addr", ":8080", "address to listen on"},
	{"FORMLOOM_DATA_DIR", "data-dir", "./data", "directory for the embedded database and uploaded files"},
	{"FORMLOOM_MONGODB_URI", "mongodb-uri", "", "MongoDB connection string; unset means the embedded SQLite database"},
	{"FORMLOOM_ADMIN_EMAIL", "admin-email", "admin@formloom.local", "e-mail of the first admin, created on first start"},
	{"FORMLOOM_ADMIN_PASSWORD", "admin-password", "", "password of the first admin; unset prints a random one once"},
	{"FORMLOOM_TIMEZONE", "timezone", "Asia/Shanghai", "default timezone of new workspaces (IANA name)"},
	{"FORMLOOM_PUBLIC_URL", "public-url", "", "external base URL used in links handed out, e.g. https://forms.example.com"},
	{"FORMLOOM_SECURE_COOKIES", "secure-cookies", "false", "mark session cookies Secure (set true behind HTTPS)"},
	{"FORMLOOM_WEBHOOK_ALLOW_PRIVATE", "webhook-allow-private", "false", "let webhooks reach loopback, private and link-local addresses"},
	{"FORMLOOM_BODY_LIMIT", "body-limit", "10485760", "maximum request body in bytes"},
	{"FORMLOOM_READ_TIMEOUT", "read-timeout", "30s", "time to read a whole request"},
	{"FORMLOOM_WRITE_TIMEOUT", "write-timeout", "60s", "time to write a response"},
	{"FORMLOOM_SHUTDOWN_TIMEOUT", "shutdown-timeout", "20s", "grace period for requests in flight on SIGINT/SIGTERM"},
	{"FORMLOOM_REQUEST_TIMEOUT", "request-timeout", "30s", "deadline of each request's work, down to every database operation"},
	{"FORMLOOM_LOG_LEVEL", "log-level", "info", "debug, info, warn or error"},
	{"FORMLOOM_LOG_FORMAT", "log-format", "text", "text or json"},
}

// Load reads the variables through getenv, then the flags in args (without the program
// name). Help output goes to out.
func Load(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	fs := flag.NewFlagSet("formloom", flag.ContinueOnError)
	fs.SetOutput(out)
	vals := make(map[string]*string, len(Vars))
	for _, v := range Vars {
		def := v.Default
		if e := getenv(v.Env); e != "" {
			def = e
		}
		vals[v.Flag] = fs.String(v.Flag, def, v.Help+" ("+v.Env+")")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	get := func(name string) string { return *vals[name] }
	c := Config{
		Addr:          get("addr"),
		DataDir:       get("data-dir"),
		MongoURI:      get("mongodb-uri"),
		AdminEmail:    get("admin-email"),
		AdminPassword: get("admin-password"),
		Timezone:      get("timezone"),
		PublicURL:     get("public-url"),
		LogLevel:      get("log-level"),
		LogFormat:     get("log-format"),
	}
	var errs []error
	var err error
	if c.SecureCookies, err = strconv.ParseBool(get("secure-cookies")); err != nil {
		errs = append(errs, fmt.Errorf("FORMLOOM_SECURE_COOKIES: %w", err))
	}
	if c.WebhookAllowPrivate, err = strconv.ParseBool(get("webhook-allow-private")); err != nil {
		errs = append(errs, fmt.Errorf("FORMLOOM_WEBHOOK_ALLOW_PRIVATE: %w", err))
	}
	if c.BodyLimit, err = strconv.Atoi(get("body-limit")); err != nil || c.BodyLimit <= 0 {
		errs = append(errs, fmt.Errorf("FORMLOOM_BODY_LIMIT: want a positive number of bytes, got %q", get("body-limit")))
	}
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"read-timeout", &c.ReadTimeout}, {"write-timeout", &c.WriteTimeout}, {"shutdown-timeout", &c.ShutdownTimeout}, {"request-timeout", &c.RequestTimeout}} {
		if *d.dst, err = time.ParseDuration(get(d.name)); err != nil || *d.dst <= 0 {
			errs = append(errs, fmt.Errorf("-%s: want a positive duration such as 30s, got %q", d.name, get(d.name)))
		}
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		errs = append(errs, fmt.Errorf("FORMLOOM_TIMEZONE: %w", err))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("FORMLOOM_LOG_LEVEL: want debug, info, warn or error, got %q", c.LogLevel))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("FORMLOOM_LOG_FORMAT: want text or json, got %q", c.LogFormat))
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, nil
}
