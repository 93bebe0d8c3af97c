package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"

	"github.com/formloom/formloom/server/apitest"
)

// TestAssetsCompressedAndCached checks that hashed assets are served compressed as the
// client's Accept-Encoding asks, cached for a year as immutable, and that index.html and
// the client-side routes it answers are revalidated on every load.
func TestAssetsCompressedAndCached(t *testing.T) {
	t.Parallel()
	js := strings.Repeat("export const greeting = 'hello from formloom';\n", 200)
	ui := fstest.MapFS{
		"index.html":             {Data: []byte(`<!doctype html><script type="module" src="/assets/index-abc123.js"></script>`)},
		"assets/index-abc123.js": {Data: []byte(js)},
	}
	a := apitest.NewWith(t, apitest.Options{UI: ui})
	get := func(url, enc string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", url, nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		resp := a.Do(req)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	for _, c := range []struct {
		accept, encoding string
		decode           func([]byte) ([]byte, error)
	}{
		{"gzip, deflate, br", "br", func(b []byte) ([]byte, error) { return io.ReadAll(brotli.NewReader(bytes.NewReader(b))) }},
		{"gzip", "gzip", func(b []byte) ([]byte, error) {
			r, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(r)
		}},
		{"br;q=0, gzip", "gzip", nil},
		{"identity", "", func(b []byte) ([]byte, error) { return b, nil }},
	} {
		resp, body := get("/assets/index-abc123.js", c.accept) //nolint:bodyclose // get closes it
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != c.encoding {
			t.Fatalf("Accept-Encoding %q: %d, Content-Encoding %q", c.accept, resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		if got := resp.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Fatalf("asset Cache-Control %q", got)
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
			t.Fatalf("asset headers: %v", resp.Header)
		}
		if c.decode != nil {
			plain, err := c.decode(body)
			if err != nil || string(plain) != js {
				t.Fatalf("%s body does not decode to the asset: %v", c.encoding, err)
			}
			if c.encoding != "" && len(body) >= len(js)/4 {
				t.Fatalf("%s body is %d bytes for %d", c.encoding, len(body), len(js))
			}
		}
	}
	if resp, _ := get("/assets/missing-000.js", "br"); resp.StatusCode != 404 { //nolint:bodyclose // get closes it
		t.Fatalf("missing asset: %d", resp.StatusCode)
	}
	for _, url := range []string{"/", "/w/some-workspace/inbox"} {
		resp, body := get(url, "gzip, br") //nolint:bodyclose // get closes it
		if resp.StatusCode != 200 || !strings.Contains(string(body), "index-abc123.js") {
			t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
			t.Fatalf("GET %s Cache-Control %q", url, got)
		}
	}
}

// TestAssetsPrecompressed checks that files the build compressed are sent as they are.
func TestAssetsPrecompressed(t *testing.T) {
	t.Parallel()
	js := strings.Repeat("export const x = 1;\n", 100)
	ui := fstest.MapFS{
		"index.html":         {Data: []byte(`<!doctype html>`)},
		"assets/app-1.js":    {Data: []byte(js)},
		"assets/app-1.js.br": {Data: []byte("precompressed-br")},
		"assets/app-1.js.gz": {Data: []byte("precompressed-gz")},
	}
	a := apitest.NewWith(t, apitest.Options{UI: ui})
	for enc, want := range map[string]string{"br": "precompressed-br", "gzip": "precompressed-gz"} {
		req, _ := http.NewRequest("GET", "/assets/app-1.js", nil)
		req.Header.Set("Accept-Encoding", enc)
		resp := a.Do(req)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != enc || string(body) != want {
			t.Fatalf("%s: %q %q", enc, resp.Header.Get("Content-Encoding"), body)
		}
	}
}
