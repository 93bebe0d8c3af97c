package files_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/store/mongo/ferrettest"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/formloom/formloom/runtime/files"
)

// ferretURI is FerretDB v1 started in this process for the GridFS tests; every test gets a
// database of its own.
var (
	ferretURI string
	dbSeq     atomic.Int64
)

func TestMain(m *testing.M) { os.Exit(ferrettest.Main(m, func(uri string) { ferretURI = uri })) }

// failingReader yields some bytes, then fails, as a client that goes away mid-upload.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	n := min(len(p), f.n)
	for i := range n {
		p[i] = 'x'
	}
	f.n -= n
	return n, nil
}

// testBlobs is the contract every Blobs keeps.
func testBlobs(t *testing.T, b files.Blobs) {
	ctx := context.Background()
	data := bytes.Repeat([]byte("formloom附件"), 100_000) // ~1.4 MB: several GridFS chunks
	if err := b.Put(ctx, "d4f1c2a9b8e7d6c5b4a3", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	rc, err := b.Open(ctx, "d4f1c2a9b8e7d6c5b4a3")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes (want %d): %v", len(got), len(data), err)
	}
	if err := b.Put(ctx, "e4f1c2a9b8e7d6c5b4a3", &failingReader{n: 300_000}); err == nil {
		t.Fatal("a failing upload was accepted")
	}
	if _, err := b.Open(ctx, "e4f1c2a9b8e7d6c5b4a3"); !errors.Is(err, files.ErrNoBlob) {
		t.Fatalf("a failed upload left a blob: %v", err)
	}
	if err := b.Delete(ctx, "d4f1c2a9b8e7d6c5b4a3"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Open(ctx, "d4f1c2a9b8e7d6c5b4a3"); !errors.Is(err, files.ErrNoBlob) {
		t.Fatalf("open after delete: %v", err)
	}
	if err := b.Delete(ctx, "d4f1c2a9b8e7d6c5b4a3"); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
}

func TestDirBlobs(t *testing.T) {
	root := filepath.Join(t.TempDir(), "files")
	b, err := files.NewDirBlobs(root)
	if err != nil {
		t.Fatal(err)
	}
	testBlobs(t, b)
	// IDs that are not the store's cannot name paths, and failed writes leave no temp files.
	if _, err := b.Open(context.Background(), "../../etc/passwd"); !errors.Is(err, files.ErrNoBlob) {
		t.Fatalf("path as id: %v", err)
	}
	if err := b.Put(context.Background(), "a3", strings.NewReader("x")); err == nil {
		t.Fatal("a short id was accepted")
	}
	var left []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Fatalf("files left behind: %v", left)
	}
}

func TestGridFSBlobs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client, err := driver.Connect(options.Client().ApplyURI(ferretURI))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	db := client.Database(fmt.Sprintf("files_test_%d_%d", os.Getpid(), dbSeq.Add(1)))
	t.Cleanup(func() { _ = db.Drop(context.Background()) })
	if err := client.Ping(ctx, nil); err != nil {
		t.Fatal(err)
	}
	testBlobs(t, files.NewGridFSBlobs(db))
}
