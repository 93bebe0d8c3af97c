package fault_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/formloom/formloom/fault"
)

func TestFieldOfBuildsTheCataloguedProblem(t *testing.T) {
	t.Parallel()
	e := fault.FieldOf("/name", "required.name")
	f := e.Fields["/name"]
	if e.Code != "validation_failed" || f.Code != "required" || f.Text.EN != "Enter a name." || f.Text.ZH != "请填写名称。" {
		t.Fatalf("got %+v", e)
	}
}

// TestFieldCatalogueKeysUsed: every field key the code asks for is in the field catalogue,
// and every entry is asked for somewhere.
func TestFieldCatalogueKeysUsed(t *testing.T) {
	t.Parallel()
	call := regexp.MustCompile(`\b(?:FieldOf|WithFieldOf)\(.*?, "([a-z_]+\.[a-z_0-9]+)"\)`)
	used := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "frontend" || strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllSubmatch(b, -1) {
			key := string(m[1])
			used[key] = true
			if _, ok := fault.LookupField(key); !ok {
				t.Errorf("%s: field key %q is not in fault/field_catalogue.go", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range fault.FieldKeys() {
		if !used[key] {
			t.Errorf("field catalogue entry %q is not used", key)
		}
	}
}
