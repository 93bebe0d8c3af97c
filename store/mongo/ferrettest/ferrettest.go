package ferrettest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Start runs FerretDB on a loopback port with its data under dir, until stop is called
// (stop waits for it to end).
func Start(dir string) (uri string, stop func(), err error) {
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(dir) + "/",
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return "", nil, fmt.Errorf("ferrettest: start: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	return f.MongoDBURI(), func() { cancel(); <-done }, nil
}

// New starts a FerretDB for one test, stopped when the test ends, and returns its URI.
func New(t testing.TB) string {
	t.Helper()
	uri, stop, err := Start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return uri
}

// Main runs a test binary's tests with one FerretDB shared by all of them, handing its URI
// to use first; it returns the exit code, for TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(ferrettest.Main(m, func(uri string) { ferretURI = uri })) }
func Main(m *testing.M, use func(uri string)) int {
	dir, err := os.MkdirTemp("", "formloom-ferretdb-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	uri, stop, err := Start(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	use(uri)
	return m.Run()
}
