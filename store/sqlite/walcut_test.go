package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// TestWALIsCutUnderSteadyWritesAndReads: with readers always inside the WAL a passive
// checkpoint never lets it restart, so the writer cuts it between its turns once it is
// past the limit. It stays near the limit instead of growing with every write (a long
// WAL makes a restart after a crash slow), and every write is still there.
func TestWALIsCutUnderSteadyWritesAndReads(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "wal.db")
	const pages = 64 // 256 KB of 4 KB pages
	st, err := sqlite.Open(ctx, sqlite.Options{Path: path, WALPages: pages})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.EnsureCollection(ctx, store.CollectionSpec{Name: "notes"}); err != nil {
		t.Fatal(err)
	}
	notes := st.Collection("notes")
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := notes.Find(ctx, store.Query{Limit: 5}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	body := strings.Repeat("x", 2000)
	var maxWAL int64
	const writers, each = 8, 250 // about 4 MB of pages written: 16 times the limit
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				doc, err := store.NewDocument(fmt.Sprintf("n%d-%d", w, i), map[string]any{"body": body})
				if err != nil {
					t.Error(err)
					return
				}
				if err := st.WithTx(ctx, func(ctx context.Context) error { _, err := notes.Insert(ctx, doc); return err }); err != nil {
					t.Error(err)
					return
				}
				if fi, err := os.Stat(path + "-wal"); err == nil {
					mu.Lock()
					maxWAL = max(maxWAL, fi.Size())
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	if t.Failed() {
		return
	}
	if cuts := st.Stats().WALCuts; cuts == 0 {
		t.Fatalf("no WAL cut after %d writes of %d B with a limit of %d pages (largest WAL %d B)", writers*each, len(body), pages, maxWAL)
	}
	n, err := notes.Count(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != writers*each {
		t.Fatalf("%d notes stored, want %d", n, writers*each)
	}
}
