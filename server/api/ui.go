package api

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

const uiMissingPage = `<!doctype html><html><head><meta charset="utf-8"><title>Formloom</title></head>
<body><h1>Formloom</h1><p>The API is running at <code>/api/v1</code>. The web UI is not built into this binary:
run <code>make build-ui</code> (or <code>make run</code>) to include it.</p></body></html>`

// Cache headers: hashed assets never change under their name; index.html names the
// current ones, so it is checked on every load.
const (
	immutableCache = "public, max-age=31536000, immutable"
	revalidate     = "no-cache"
)

// serveUI serves the single-page app, falling back to index.html for client-side routes.
// Hashed assets under /assets/ are served compressed (brotli or gzip, as the client's
// Accept-Encoding allows) and cached for a year; everything else is revalidated.
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
	assets := &assetCache{ui: ui, m: map[string]*compressed{}}
	// Compress every asset once in the background at start-up, so that the first visitor
	// does not wait for it (a request arriving first compresses its own asset).
	go assets.warm()
	app.Get("/assets/*", assets.serve)
	app.Use("/", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, revalidate)
		return c.Next()
	}, filesystem.New(filesystem.Config{
		Root:         http.FS(ui),
		Index:        "index.html",
		NotFoundFile: "index.html",
		MaxAge:       0,
	}))
}

// compressed is one asset in its three encodings, made on first request.
type compressed struct {
	once     sync.Once
	raw, gz  []byte
	br       []byte
	ctype    string
	notFound bool
	err      error
}

// assetCache compresses each asset once (at start-up, or on its first request if that
// comes first): a few megabytes of built JavaScript and CSS, kept for the life of the
// process.
type assetCache struct {
	ui fs.FS
	mu sync.Mutex
	m  map[string]*compressed
}

func (a *assetCache) entry(name string) *compressed {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.m[name]
	if !ok {
		e = &compressed{}
		a.m[name] = e
	}
	return e
}

// warm compresses the built assets, one at a time so that start-up work stays on one core.
func (a *assetCache) warm() {
	entries, err := fs.ReadDir(a.ui, "assets")
	if err != nil {
		return // no assets directory: nothing to prepare
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".br") || strings.HasSuffix(e.Name(), ".gz") {
			continue
		}
		name := "assets/" + e.Name()
		c := a.entry(name)
		c.once.Do(func() { c.load(a.ui, name) })
	}
}

func (a *assetCache) serve(c *fiber.Ctx) error {
	rel := strings.TrimPrefix(path.Clean("/"+c.Params("*")), "/")
	if rel == "" || strings.Contains(rel, "..") {
		return fiber.ErrNotFound
	}
	name := "assets/" + rel
	e := a.entry(name)
	e.once.Do(func() { e.load(a.ui, name) })
	if e.notFound {
		return fiber.ErrNotFound
	}
	if e.err != nil {
		return e.err
	}
	c.Set(fiber.HeaderCacheControl, immutableCache)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderContentType, e.ctype)
	body := e.raw
	switch enc := acceptedEncoding(c.Get(fiber.HeaderAcceptEncoding)); {
	case enc == "br" && e.br != nil:
		c.Set(fiber.HeaderContentEncoding, "br")
		body = e.br
	case (enc == "br" || enc == "gzip") && e.gz != nil:
		c.Set(fiber.HeaderContentEncoding, "gzip")
		body = e.gz
	}
	return c.Send(body)
}

// load reads an asset and compresses it when that makes it smaller (images are already
// compressed and are served as they are).
func (e *compressed) load(ui fs.FS, name string) {
	raw, err := fs.ReadFile(ui, name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		e.notFound = true
		return
	}
	if err != nil {
		e.err = err
		return
	}
	e.raw = raw
	e.ctype = mime.TypeByExtension(path.Ext(name))
	if e.ctype == "" {
		e.ctype = "application/octet-stream"
	}
	if !compressible(e.ctype) {
		return
	}
	// The build precompresses (frontend/scripts/compress.mjs, brotli at its best level);
	// compress here only what it did not.
	if b, err := fs.ReadFile(ui, name+".br"); err == nil && len(b) < len(raw) {
		e.br = b
	}
	if b, err := fs.ReadFile(ui, name+".gz"); err == nil && len(b) < len(raw) {
		e.gz = b
	}
	if e.br != nil && e.gz != nil {
		return
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, werr := zw.Write(raw)
	if cerr := zw.Close(); werr == nil && cerr == nil && gz.Len() < len(raw) && e.gz == nil {
		e.gz = gz.Bytes()
	}
	if e.br != nil {
		return
	}
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, 6) // close to 11 in size for JavaScript, many times faster
	_, werr = bw.Write(raw)
	if cerr := bw.Close(); werr == nil && cerr == nil && br.Len() < len(raw) {
		e.br = br.Bytes()
	}
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") || strings.Contains(ctype, "json") ||
		strings.Contains(ctype, "svg") || strings.Contains(ctype, "wasm")
}

// acceptedEncoding picks brotli over gzip among the encodings the client accepts ("" for
// neither); an encoding with q=0 is refused.
func acceptedEncoding(header string) string {
	var br, gz bool
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		enc := strings.ToLower(strings.TrimSpace(fields[0]))
		refused := false
		for _, p := range fields[1:] {
			if q := strings.ReplaceAll(strings.TrimSpace(p), " ", ""); q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				refused = true
			}
		}
		if refused {
			continue
		}
		switch enc {
		case "br":
			br = true
		case "gzip", "x-gzip", "*":
			gz = true
		}
	}
	switch {
	case br:
		return "br"
	case gz:
		return "gzip"
	}
	return ""
}
