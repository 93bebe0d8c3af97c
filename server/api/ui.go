package api

import (
	"io/fs"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

const uiMissingPage = `<!doctype html><html><head><meta charset="utf-8"><title>Formloom</title></head>
<body><h1>Formloom</h1><p>The API is running at <code>/api/v1</code>. The web UI is not built into this binary:
run <code>make build-ui</code> (or <code>make run</code>) to include it.</p></body></html>`

// serveUI serves the single-page app, falling back to index.html for client-side routes.
func serveUI(app *fiber.App, ui fs.FS) {
	if ui == nil {
		app.Get("/*", func(c *fiber.Ctx) error {
			if c.Path() != "/" {
				return fiber.ErrNotFound
			}
			c.Type("html")
			return c.SendString(uiMissingPage)
		})
		return
	}
	app.Use("/", filesystem.New(filesystem.Config{
		Root:         http.FS(ui),
		Index:        "index.html",
		NotFoundFile: "index.html",
		MaxAge:       0,
	}))
}
