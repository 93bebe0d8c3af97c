package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/templates"
)

const templatesUsage = `usage:
  formloom templates list
  formloom templates validate <file>...
  formloom templates install <key> --workspace <id> [--data-dir <dir>] [other server flags]
`

// templatesCmd is `formloom templates …`: exit 0 on success, 1 when the work failed
// (invalid files, install refused), 2 on a usage error.
func templatesCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, templatesUsage)
		return 2
	}
	switch args[0] {
	case "list":
		return listTemplates(stdout, stderr)
	case "validate":
		return validateTemplates(args[1:], stdout, stderr)
	case "install":
		return installTemplate(ctx, args[1:], getenv, stdout, stderr)
	}
	fmt.Fprint(stderr, templatesUsage)
	return 2
}

func listTemplates(stdout, stderr io.Writer) int {
	es, err := templates.StarterEntries()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, e := range es {
		fmt.Fprintf(stdout, "%-20s %-8s %-14s %d forms  %s / %s\n", e.Key, e.Version, e.Category, e.Forms, e.Name.ZH, e.Name.EN)
	}
	return 0
}

// validateTemplates checks each file and prints every problem as `file: pointer: code: message`.
func validateTemplates(files []string, stdout, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprint(stderr, templatesUsage)
		return 2
	}
	code := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			code = 1
			continue
		}
		_, err = template.Check(raw)
		var ps *template.Problems
		switch {
		case err == nil:
			fmt.Fprintf(stdout, "%s: ok\n", f)
		case errors.As(err, &ps):
			for _, p := range ps.List {
				ptr := p.Pointer
				if ptr == "" {
					ptr = "/"
				}
				fmt.Fprintf(stdout, "%s: %s: %s: %s\n", f, ptr, p.Code, p.Text.EN)
			}
			code = 1
		default:
			fmt.Fprintf(stderr, "%s: %v\n", f, err)
			code = 1
		}
	}
	return code
}

// installTemplate opens the database as the server does and installs a gallery template
// into a workspace as its first owner.
func installTemplate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	key, ws, rest, err := installArgs(args)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprint(stderr, templatesUsage)
		return 2
	}
	cfg, err := config.Load(rest, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: newLogger(cfg, stderr)})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer a.Close()
	owner, err := firstOwner(ctx, a.Store, ws)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	created, err := a.Apps.Create(ctx, owner, ws, apps.NewApp{Template: key})
	if err != nil {
		fmt.Fprintln(stderr, "install:", err)
		return 1
	}
	fmt.Fprintf(stdout, "installed %s as app %s (%s) in workspace %s\n", key, created.ID, created.Name.ZH, ws)
	return 0
}

// installArgs takes the key (first), --workspace and its value out of args; the rest are
// the server's flags.
func installArgs(args []string) (key, ws string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case strings.HasPrefix(a, "-") && name == "workspace":
			if !hasValue {
				if i+1 >= len(args) {
					return "", "", nil, errors.New("--workspace needs a workspace ID")
				}
				i++
				value = args[i]
			}
			ws = value
		case !strings.HasPrefix(a, "-") && key == "" && i == 0:
			key = a
		default:
			rest = append(rest, a)
		}
	}
	if key == "" {
		return "", "", nil, errors.New("name the template to install")
	}
	if ws == "" {
		return "", "", nil, errors.New("--workspace is required")
	}
	return key, ws, rest, nil
}

// firstOwner is the owner of ws who joined first: the one an install from the command line
// acts as.
func firstOwner(ctx context.Context, st store.Store, ws string) (string, error) {
	page, err := st.Collection("members").Find(ctx, store.Query{
		Filter: store.And(store.Eq("workspaceId", ws), store.Eq("role", org.RoleOwner)),
		Sort:   []store.SortKey{{Field: store.PathCreated}},
		Limit:  1,
	})
	if err != nil {
		return "", fmt.Errorf("find the workspace's owner: %w", err)
	}
	if len(page.Docs) == 0 {
		return "", fmt.Errorf("no workspace %s (or it has no owner)", ws)
	}
	m, err := store.Decode[struct {
		UserID string `json:"userId"`
	}](page.Docs[0])
	if err != nil {
		return "", fmt.Errorf("read the workspace's owner: %w", err)
	}
	return m.UserID, nil
}
