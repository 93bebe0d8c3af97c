package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
	"github.com/formloom/formloom/store/storetest"
)

func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), "formloom.db")})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}
