package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/formloom/formloom/server/app"
	"github.com/formloom/formloom/server/config"
)

const searchUsage = `usage:
  formloom search rebuild [--data-dir <dir>] [other server flags]
`

// searchCmd is `formloom search rebuild`: it indexes every record again (after a restore
// from a backup, or should the index ever disagree with the records). Exit 0 on success,
// 1 when it failed, 2 on a usage error.
func searchCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "rebuild" {
		fmt.Fprint(stderr, searchUsage)
		return 2
	}
	cfg, err := config.Load(args[1:], getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: newLogger(cfg, stderr), ManualSchedule: true})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer a.Close()
	if a.SearchIndex == nil {
		fmt.Fprintln(stdout, "this database engine searches without an index: nothing to rebuild")
		return 0
	}
	n, err := a.SearchIndex.Rebuild(ctx, a.Store)
	if err != nil {
		fmt.Fprintln(stderr, "rebuild:", err)
		return 1
	}
	fmt.Fprintf(stdout, "search index rebuilt: %d records read\n", n)
	return 0
}
