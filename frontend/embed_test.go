package frontend_test

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/formloom/formloom/frontend"
)

func TestAssetsRootedAtDist(t *testing.T) {
	fsys, built := frontend.Assets()
	if fsys == nil {
		t.Fatal("Assets returned a nil FS")
	}
	// .keep is committed so dist/ exists on a fresh clone; it must sit at the root.
	if _, err := fs.Stat(fsys, ".keep"); err != nil {
		t.Fatalf("dist/.keep not at the FS root: %v", err)
	}
	_, err := fs.Stat(fsys, "index.html")
	switch {
	case built && err != nil:
		t.Fatalf("Assets reports built but index.html is missing: %v", err)
	case !built && !errors.Is(err, fs.ErrNotExist):
		t.Fatalf("Assets reports not built but index.html stat gave %v", err)
	}
	if built {
		if _, err := fs.Stat(fsys, "dist"); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("FS should be rooted inside dist/, found a nested dist: %v", err)
		}
	}
}
