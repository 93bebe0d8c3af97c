// Package frontend holds the web UI (React + TypeScript, built by Vite into dist/) and
// embeds the built files into the server binary, so that one binary serves the API and
// the UI. The sources live beside this file; `npm run build` refreshes dist/.
package frontend

import (
	"embed"
	"io/fs"
)

// dist is the Vite output. It always holds at least .keep, so the package compiles on a
// fresh clone before the UI has been built.
//
//go:embed all:dist
var dist embed.FS

// Assets returns the built UI rooted at dist/ (index.html, assets/…) and whether the UI
// has been built, that is whether index.html exists. When it has not, the server shows
// a page explaining how to build it instead of a broken app.
func Assets() (fs.FS, bool) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// Only possible for an invalid constant path; report "not built" rather than panic.
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return sub, false
	}
	return sub, true
}
