package fault_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// inlineAllowed holds the files outside fault/ that still write texts in both languages
// where they are used, with how many such literals each holds. They are words that are
// not messages (the yes/no and date words a spreadsheet cell is read with, sample data of
// benchmarks and store tests, the API description) or messages not yet in a catalogue.
// The test fails when a file gains one, so that a new message goes to a catalogue; lower
// the count when a file loses some.
var inlineAllowed = map[string]int{
	// A field type's description and the names of its items, where the type lives (the
	// API description and messages' {items} use them), and the word joining type names.
	"builder/form/compile_field.go":         1,
	"builder/form/fieldtype.go":             2,
	"builder/form/fieldtype_attachment.go":  1,
	"builder/form/fieldtype_member.go":      1,
	"builder/form/fieldtype_money.go":       1,
	"builder/form/fieldtype_multiselect.go": 1,
	"builder/form/fieldtype_phone.go":       3,
	"builder/form/fieldtype_relation.go":    1,
	"builder/form/fieldtype_select.go":      1,
	"builder/form/fieldtype_serial.go":      1,
	"builder/form/fieldtype_signature.go":   1,
	"builder/form/fieldtype_subform.go":     1,
	"builder/form/messages.go":              1,
	// The OpenAPI description of the record API, written for each form in both languages.
	"builder/openapi/paths.go":  25,
	"builder/openapi/schema.go": 3,
	"builder/openapi/shared.go": 42,
	"builder/openapi/words.go":  2,
	// The words a spreadsheet cell is read and written with (是/否, 2026年1月2日, 元).
	"runtime/tabular/options.go": 2,
	"runtime/tabular/parse.go":   5,
	// Sample data of benchmarks and of the store's shared tests.
	"bench/compare/formloom.go":    8,
	"store/storetest/crud.go":      5,
	"store/storetest/operators.go": 12,
	"store/storetest/paging.go":    1,
	"store/storetest/sort.go":      1,
}

// TestNoInlineMessages: outside fault/, no non-test Go file writes a message in both
// languages itself: every string literal holding Chinese text, and every fault.Text
// composite literal holding a string literal, is a finding. A field type's description
// (the words helper of builder/form) is where the type lives, by design.
func TestNoInlineMessages(t *testing.T) {
	t.Parallel()
	found := inlineMessages(t, "..")
	for file, lines := range found {
		if allowed, ok := inlineAllowed[file]; ok && len(lines) <= allowed {
			if len(lines) < allowed {
				t.Errorf("%s holds %d inline texts, fewer than the %d allowed: lower inlineAllowed", file, len(lines), allowed)
			}
			continue
		}
		t.Errorf("%s writes messages where they are used (lines %v): put them in fault's catalogues", file, lines)
	}
	for file := range inlineAllowed {
		if _, ok := found[file]; !ok {
			t.Errorf("%s holds no inline texts any more: remove it from inlineAllowed", file)
		}
	}
}

// TestInlineMessagesFound: the scan finds a message pair written inline, in each way code
// writes one.
func TestInlineMessagesFound(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := `package x

import "github.com/formloom/formloom/fault"

var a = fault.Text{EN: "Gone.", ZH: "没了。"}
var b = fault.Text{EN: "English only."}
var c = fault.Of("not_found").WithField("/x", "bad", "Bad.", "不对。")
var d = words("Number", "数字")

func words(en, zh string) fault.Text { return fault.Text{EN: en, ZH: zh} }
`
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got := inlineMessages(t, dir)["x.go"]
	if want := []int{5, 6, 7}; !slices.Equal(got, want) {
		t.Fatalf("found lines %v, want %v", got, want)
	}
}

// inlineMessages scans the non-test Go files under root (but fault/) and returns the lines
// of inline texts by file, relative to root.
func inlineMessages(t *testing.T, root string) map[string][]int {
	t.Helper()
	found := map[string][]int{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (name == "node_modules" || name == "frontend" || name == "fault" || name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		seen := map[int]bool{}
		add := func(pos token.Pos) {
			line := fset.Position(pos).Line
			if !seen[line] {
				seen[line] = true
				found[rel] = append(found[rel], line)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				// words(en, zh) is builder/form's description helper: a field type's words
				// live with the type.
				if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "words" {
					return false
				}
			case *ast.CompositeLit:
				if isFaultText(x.Type) {
					for _, el := range x.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							el = kv.Value
						}
						if lit, ok := el.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							add(lit.Pos())
						}
					}
				}
			case *ast.BasicLit:
				if x.Kind == token.STRING && hasHan(x.Value) {
					add(x.Pos())
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, lines := range found {
		sort.Ints(lines)
	}
	return found
}

// isFaultText reports whether a composite literal's type is fault.Text.
func isFaultText(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "fault" && sel.Sel.Name == "Text"
}

func hasHan(lit string) bool {
	s, err := strconv.Unquote(lit)
	if err != nil {
		s = lit
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
