package form_test

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/form"
)

// TestNoBranchingOnTypeNames: what a field type means lives in its TypeDef, so the code
// outside this package asks the definition (Field.Def, TypeOf) instead of comparing the
// type's name. A comparison or switch case against a type constant (form.Subform,
// template.TypeSelect) or a type name written out ("money" against something's Type),
// or a map keyed by type names, is a second registry a new type would have to be added
// to by hand. Constants may still build values (Type: template.TypeSelect).
func TestNoBranchingOnTypeNames(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	found, err := typeNameBranches(root, filepath.Join("builder", "form"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s: branches on a field type's name; ask its TypeDef instead (add a field to form.TypeDef and set it in fieldtype_<name>.go)", f)
	}
}

// TestTypeNameBranchesFound: the scan finds each shape of branching it is meant to find,
// and leaves construction and unrelated strings alone, so the test above cannot pass by
// finding nothing.
func TestTypeNameBranchesFound(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("kinds/kinds.go", `package kinds

const (
	TypeSelect = "select"
	ChartNumber = "number"
)
`)
	write("use/use.go", `package use

import (
	fm "github.com/formloom/formloom/builder/form"
	"example.com/m/kinds"
)

type F struct{ Type string; FT fm.Type }

var byType = map[fm.Type]bool{fm.Money: true}                 // 10: map keyed by constants
var names = map[string]bool{"text": true, "textarea": true}   // 11: map keyed by names

func f(x F, typ string, chart string) F {
	if x.FT == fm.Subform {                                      // 14: constant
		return x
	}
	if x.Type != kinds.TypeSelect {                              // 17: another package's constant
		return x
	}
	switch x.Type {
	case "money":                                                // 21: name against a Type
	}
	if typ == "lookup" {                                         // 23: name against typ
		return x
	}
	if chart == kinds.ChartNumber || chart == "number" {         // not a field type
		return x
	}
	switch chart {
	case "date":                                                 // not a Type
	}
	return F{Type: kinds.TypeSelect, FT: fm.Select}              // construction
}
`)
	found, err := typeNameBranches(dir, filepath.Join("builder", "form"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range found {
		_, after, _ := strings.Cut(f, "use.go:")
		line, _, _ := strings.Cut(after, ":")
		lines = append(lines, line)
	}
	if got, want := strings.Join(lines, ","), "10,11,14,17,21,23"; got != want {
		t.Fatalf("found lines %s, want %s:\n%s", got, want, strings.Join(found, "\n"))
	}
}

// typeNameBranches lists, as "file:line: expression", the places in the non-test Go files
// under root (but not under skip, the registry) that branch on a field type's name.
func typeNameBranches(root, skip string) ([]string, error) {
	modPath, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	for _, typ := range form.Types() {
		names[string(typ)] = true
	}
	type file struct {
		rel, pkg string
		ast      *ast.File
	}
	fset := token.NewFileSet()
	var files []file
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules" || d.Name() == "frontend") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && rel != "." {
				return filepath.SkipDir // another module (tools)
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		af, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("parse %s: %w", rel, err)
		}
		files = append(files, file{rel: filepath.ToSlash(rel), pkg: path.Join(modPath, filepath.ToSlash(filepath.Dir(rel))), ast: af})
		return nil
	})
	if err != nil {
		return nil, err
	}

	// The type constants: package form's constants of type Type, and constants named
	// Type… elsewhere whose value is a type's name.
	consts := map[string]map[string]bool{formPath: {}}
	formConsts, err := formTypeConsts()
	if err != nil {
		return nil, err
	}
	for _, name := range formConsts {
		consts[formPath][name] = true
	}
	for _, f := range files {
		for _, decl := range f.ast.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) && strings.HasPrefix(n.Name, "Type") && names[stringLit(vs.Values[i])] {
						if consts[f.pkg] == nil {
							consts[f.pkg] = map[string]bool{}
						}
						consts[f.pkg][n.Name] = true
					}
				}
			}
		}
	}

	var found []string
	for _, f := range files {
		if f.rel == filepath.ToSlash(skip) || strings.HasPrefix(f.rel, filepath.ToSlash(skip)+"/") {
			continue
		}
		imports := map[string]string{}
		for _, im := range f.ast.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = p
		}
		isConst := func(e ast.Expr) bool {
			switch x := unconvert(e).(type) {
			case *ast.Ident:
				return consts[f.pkg][x.Name]
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok {
					return consts[imports[id.Name]][x.Sel.Name]
				}
			}
			return false
		}
		isName := func(e ast.Expr) bool { return names[stringLit(unconvert(e))] }
		report := func(n ast.Node) {
			pos := fset.Position(n.Pos())
			found = append(found, fmt.Sprintf("%s:%d: %s", f.rel, pos.Line, exprText(fset, n)))
		}
		ast.Inspect(f.ast, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BinaryExpr:
				if x.Op != token.EQL && x.Op != token.NEQ {
					return true
				}
				if isConst(x.X) || isConst(x.Y) || isName(x.X) && typeish(x.Y) || isName(x.Y) && typeish(x.X) {
					report(x)
				}
			case *ast.SwitchStmt:
				for _, s := range x.Body.List {
					for _, e := range s.(*ast.CaseClause).List {
						if isConst(e) || isName(e) && x.Tag != nil && typeish(x.Tag) {
							report(e)
						}
					}
				}
			case *ast.CompositeLit:
				if _, isMap := x.Type.(*ast.MapType); !isMap || len(x.Elts) == 0 {
					return true
				}
				allNames := len(x.Elts) >= 2
				for _, el := range x.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						return true
					}
					if isConst(kv.Key) {
						report(x)
						return true
					}
					allNames = allNames && isName(kv.Key)
				}
				if allNames {
					report(x)
				}
			}
			return true
		})
	}
	sort.Strings(found)
	return found, nil
}

const formPath = "github.com/formloom/formloom/builder/form"

// formTypeConsts are the names of package form's constants of type Type, read from its
// source so that a constant added there is covered without a list here.
func formTypeConsts() ([]string, error) {
	entries, err := os.ReadDir(".")
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, e.Name(), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", e.Name(), err)
		}
		for _, decl := range af.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "Type" {
					for _, n := range vs.Names {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out, nil
}

// typeish reports whether an expression reads like a field's type: something.Type, or a
// variable named after a type (typ, fieldType).
func typeish(e ast.Expr) bool {
	switch x := unconvert(e).(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name == "Type"
	case *ast.Ident:
		return strings.Contains(strings.ToLower(x.Name), "typ")
	}
	return false
}

// unconvert strips conversions such as string(t) and form.Type(s).
func unconvert(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.CallExpr:
			if len(x.Args) == 1 {
				if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "string" {
					e = x.Args[0]
					continue
				}
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Type" {
					e = x.Args[0]
					continue
				}
			}
		}
		return e
	}
}

func stringLit(e ast.Expr) string {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return ""
	}
	return s
}

func exprText(fset *token.FileSet, n ast.Node) string {
	start, end := fset.Position(n.Pos()), fset.Position(n.End())
	b, err := os.ReadFile(start.Filename)
	if err != nil || end.Offset > len(b) {
		return ""
	}
	s := string(b[start.Offset:end.Offset])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	return s
}

func modulePath(goMod string) (string, error) {
	f, err := os.Open(goMod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(sc.Text(), "module "); ok {
			return strings.TrimSpace(m), nil
		}
	}
	return "", fmt.Errorf("%s names no module", goMod)
}
