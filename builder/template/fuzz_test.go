package template_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/builder/template"
)

// FuzzCheck: no input makes Check panic, and every refusal is a *Problems with at least
// one problem. Seeds are the fixtures; run longer with go test -fuzz=FuzzCheck.
func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	c := newChecker(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		tpl, err := c.Check(raw)
		if err == nil {
			if tpl == nil {
				t.Fatal("nil template without an error")
			}
			template.Diff(tpl, tpl)
			return
		}
		var p *template.Problems
		if !errors.As(err, &p) || len(p.List) == 0 {
			t.Fatalf("refusal without problems: %v", err)
		}
	})
}
