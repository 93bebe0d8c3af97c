package fault_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/fault"
)

// errorCodesFile is the web UI's list of the codes the server answers with.
var errorCodesFile = filepath.Join("..", "frontend", "src", "shared", "errorCodes.ts")

func TestOfBuildsTheCataloguedError(t *testing.T) {
	t.Parallel()
	e := fault.Of("invalid_json.duplicate_key")
	if e.Code != "invalid_json" || e.Kind != fault.BadRequest || e.Text.EN == "" || e.Text.ZH == "" {
		t.Fatalf("got %+v", e)
	}
	if nf := fault.ErrNotFound(); nf.Code != "not_found" || nf.Kind != fault.NotFound || nf.Text.ZH != "未找到。" {
		t.Fatalf("not found: %+v", nf)
	}
	if f := fault.Field("/x", "required", "Required.", "必填。"); f.Code != "validation_failed" || f.Fields["/x"].Code != "required" {
		t.Fatalf("field: %+v", f)
	}
	if u := fault.Of("no_such_key"); u.Code != "internal" || u.Err == nil {
		t.Fatalf("unknown key: %+v", u)
	}
}

// TestCatalogueKeysUsed: every key the code asks for is in the catalogue, and every entry
// of the catalogue is asked for somewhere.
func TestCatalogueKeysUsed(t *testing.T) {
	t.Parallel()
	checkKeysUsed(t, regexp.MustCompile(`\bOf\("([^"]+)"\)`), fault.Keys(), "fault/catalogue.go",
		func(key string) bool { _, ok := fault.Lookup(key); return ok })
}

// checkKeysUsed reads every non-test Go file of the module for the keys call's first group
// captures: each must be known, and each of keys must be captured somewhere.
func checkKeysUsed(t *testing.T, call *regexp.Regexp, keys []string, catalogue string, known func(key string) bool) {
	t.Helper()
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
			if !known(key) {
				t.Errorf("%s: key %q is not in %s", path, key, catalogue)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		if !used[key] {
			t.Errorf("%s entry %q is not used", catalogue, key)
		}
	}
}

// TestErrorCodesFile: the web UI's list of codes is the catalogue's; regenerate it with
// FORMLOOM_UPDATE_ERROR_CODES=1 go test ./fault -run TestErrorCodesFile.
func TestErrorCodesFile(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("// The error codes the server answers with (fault/catalogue.go), for mapping errors to\n")
	b.WriteString("// what the UI does. Generated: FORMLOOM_UPDATE_ERROR_CODES=1 go test ./fault -run TestErrorCodesFile\n")
	b.WriteString("export const ERROR_CODES = [\n")
	for _, c := range fault.Codes() {
		b.WriteString("  '" + c + "',\n")
	}
	b.WriteString("] as const;\n\n/** An error code of the server's catalogue. */\nexport type ErrorCode = (typeof ERROR_CODES)[number];\n\n")
	b.WriteString("/** isErrorCode reports whether code is one the server's catalogue has. */\n")
	b.WriteString("export function isErrorCode(code: string): code is ErrorCode {\n  return (ERROR_CODES as readonly string[]).includes(code);\n}\n\n")
	b.WriteString("// The codes of the problems with one field (fault/field_catalogue.go), found in an error's\n// fields by JSON pointer.\n")
	b.WriteString("export const FIELD_ERROR_CODES = [\n")
	for _, c := range fault.FieldCodes() {
		b.WriteString("  '" + c + "',\n")
	}
	b.WriteString("] as const;\n\n/** A field problem's code of the server's field catalogue. */\nexport type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];\n")
	if os.Getenv("FORMLOOM_UPDATE_ERROR_CODES") != "" {
		if err := os.MkdirAll(filepath.Dir(errorCodesFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(errorCodesFile, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(errorCodesFile)
	if err != nil {
		t.Fatalf("read %s (regenerate it with FORMLOOM_UPDATE_ERROR_CODES=1): %v", errorCodesFile, err)
	}
	if !bytes.Equal(want, b.Bytes()) {
		t.Fatal("the catalogue's codes changed: regenerate frontend/src/shared/errorCodes.ts with FORMLOOM_UPDATE_ERROR_CODES=1")
	}
}

// TestCataloguesSayBoth: every message of the catalogues says something in both languages,
// and every code a message or field problem has is in the web UI's list (TestErrorCodesFile
// keeps the list the catalogues').
func TestCataloguesSayBoth(t *testing.T) {
	t.Parallel()
	for _, key := range fault.Keys() {
		if m, _ := fault.Lookup(key); m.EN == "" || m.ZH == "" {
			t.Errorf("catalogue %s: a language is missing: %+v", key, m)
		}
	}
	for _, key := range fault.FieldKeys() {
		if m, _ := fault.LookupField(key); m.EN == "" || m.ZH == "" {
			t.Errorf("field catalogue %s: a language is missing: %+v", key, m)
		}
	}
	list, err := os.ReadFile(errorCodesFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range append(fault.Codes(), fault.FieldCodes()...) {
		if !bytes.Contains(list, []byte("'"+code+"'")) {
			t.Errorf("code %s is not exported in %s", code, errorCodesFile)
		}
	}
}

// TestTemplatesTakeTheirValues: a catalogue message built from values is a template that
// Fill completes in both languages, and the Chinese text of a template asks for no value
// the English one does not (a call site fills what the English text names).
func TestTemplatesTakeTheirValues(t *testing.T) {
	t.Parallel()
	e := fault.Of("too_many_rows").Fill("max", 5000)
	if e.Code != "too_many_rows" || e.Kind != fault.TooLarge || e.Text.EN != "The file has more than 5000 rows." || e.Text.ZH != "文件超过 5000 行。" {
		t.Fatalf("filled: %+v", e)
	}
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	for _, key := range fault.Keys() {
		m, _ := fault.Lookup(key)
		en := placeholder.FindAllString(m.EN, -1)
		for _, p := range placeholder.FindAllString(m.ZH, -1) {
			if !slices.Contains(en, p) {
				t.Errorf("%s: the Chinese message asks for %s, the English one does not", key, p)
			}
		}
	}
}
