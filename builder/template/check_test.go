package template_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFileB(b testing.TB, path string) []byte {
	b.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

func newChecker(t testing.TB) *template.Checker {
	t.Helper()
	c, err := template.NewChecker()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// problemsOf returns the *Problems of err, failing when err is something else.
func problemsOf(t *testing.T, err error) *template.Problems {
	t.Helper()
	var p *template.Problems
	if !errors.As(err, &p) {
		t.Fatalf("want *template.Problems, got %T: %v", err, err)
	}
	return p
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func list(p *template.Problems) []string {
	out := make([]string, len(p.List))
	for i, x := range p.List {
		ptr := x.Pointer
		if ptr == "" {
			ptr = "(root)"
		}
		out[i] = ptr + " " + x.Code
	}
	return out
}

func TestValidFixtures(t *testing.T) {
	c := newChecker(t)
	files, _ := filepath.Glob("testdata/valid/*.json")
	if len(files) < 2 {
		t.Fatalf("want valid fixtures, found %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			tpl, err := c.Check(readFile(t, f))
			if err != nil {
				var p *template.Problems
				if errors.As(err, &p) {
					t.Fatalf("valid fixture refused:\n%s", strings.Join(list(p), "\n"))
				}
				t.Fatal(err)
			}
			if tpl.Key == "" || len(tpl.Forms) == 0 {
				t.Fatalf("template not decoded: %+v", tpl)
			}
		})
	}
}

// TestInvalidFixtures: each testdata/invalid/NAME.json is refused with exactly the
// problems (pointer and code) listed in NAME.expect.
func TestInvalidFixtures(t *testing.T) {
	c := newChecker(t)
	files, _ := filepath.Glob("testdata/invalid/*.json")
	if len(files) < 40 {
		t.Fatalf("want the invalid fixtures, found %d", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			want := strings.Fields(strings.ReplaceAll(string(readFile(t, strings.TrimSuffix(f, ".json")+".expect")), " ", "\x00"))
			for i := range want {
				want[i] = strings.ReplaceAll(want[i], "\x00", " ")
			}
			tpl, err := c.Check(readFile(t, f))
			if err == nil {
				t.Fatalf("accepted: %s", tpl.Key)
			}
			if tpl != nil {
				t.Error("a refused template must not be returned")
			}
			got := list(problemsOf(t, err))
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("problems:\n got  %q\n want %q", got, want)
			}
		})
	}
}

// The acceptance case of the format: a formula naming a missing field is refused with
// the pointer to that formula.
func TestFormulaNamingMissingField(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(readFile(t, "testdata/valid/crm.json"), &doc); err != nil {
		t.Fatal(err)
	}
	forms := doc["forms"].([]any)
	props := forms[1].(map[string]any)["schema"].(map[string]any)["properties"].(map[string]any)
	props["total"].(map[string]any)["x-formloom"].(map[string]any)["expr"] = "SUM(items.subtotal) + shipping"
	raw, _ := json.Marshal(doc)
	_, err := template.Check(raw)
	p := problemsOf(t, err)
	const at = "/forms/1/schema/properties/total/x-formloom/expr"
	if !p.Has(at, "unknown_field") {
		t.Fatalf("want unknown_field at %s, got %q", at, list(p))
	}
	fe, ok := fault.As(err)
	if !ok || fe.Kind != fault.Invalid || fe.Code != template.CodeInvalidTemplate {
		t.Fatalf("want a 422 invalid_template fault, got %+v", fe)
	}
	if fe.Fields[at].Code != "unknown_field" || fe.Fields[at].Text.EN == "" || fe.Fields[at].Text.ZH == "" {
		t.Fatalf("fault field at %s: %+v", at, fe.Fields[at])
	}
}

func TestProblemsAreBilingualAndOrdered(t *testing.T) {
	var doc map[string]any
	_ = json.Unmarshal(readFile(t, "testdata/valid/small.json"), &doc)
	doc["roles"] = []any{map[string]any{"key": "a"}, map[string]any{"key": "b", "name": map[string]any{"zh-CN": "乙"}, "x": 1}}
	views := doc["views"].([]any)
	for i := 0; i < 11; i++ {
		views = append(views, map[string]any{"key": "v", "form": "nope", "name": map[string]any{"zh-CN": "视图"}})
	}
	doc["views"] = views
	raw, _ := json.Marshal(doc)
	_, err := template.Check(raw)
	p := problemsOf(t, err)
	got := list(p)
	want := []string{"/roles/0/name required", "/roles/1/x unknown_key"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		// Meaning is only checked once the shape is right.
		t.Fatalf("got %q, want %q", got, want)
	}
	for _, x := range p.List {
		if x.Text.EN == "" || x.Text.ZH == "" {
			t.Errorf("%s %s: want both languages, got %+v", x.Pointer, x.Code, x.Text)
		}
	}

	// With the shape fixed, the eleven added views are checked: their form is missing and
	// from the second on their key repeats; problems come in document order, /views/2
	// before /views/10.
	doc["roles"] = []any{map[string]any{"key": "sales", "name": map[string]any{"zh-CN": "销售"}}}
	raw, _ = json.Marshal(doc)
	_, err = template.Check(raw)
	got = list(problemsOf(t, err))
	if len(got) != 21 || got[0] != "/views/1/form unknown_form" || got[1] != "/views/2/form unknown_form" ||
		got[2] != "/views/2/key duplicate_key" || got[18] != "/views/10/key duplicate_key" ||
		got[20] != "/views/11/key duplicate_key" {
		t.Fatalf("order: %q", got)
	}
}

func TestFaultConversion(t *testing.T) {
	_, err := template.Check([]byte(`{"key": "x-y", "name": {"zh-CN": "甲"}, "forms": [], "extra": 1}`))
	fe, ok := fault.As(err)
	if !ok {
		t.Fatalf("fault.As failed on %T", err)
	}
	if fe.Kind != fault.Invalid || fe.Code != "invalid_template" {
		t.Fatalf("got %+v", fe)
	}
	if fe.Fields["/forms"].Code != "minItems" || fe.Fields["/extra"].Code != "unknown_key" {
		t.Fatalf("fields: %+v", fe.Fields)
	}
	if fe.Err == nil {
		t.Fatal("the cause is kept for logs")
	}
	b, err := json.Marshal(problemsOf(t, err))
	if err != nil || !strings.HasPrefix(string(b), `[{"pointer":"/extra","code":"unknown_key","message":{"en":`) ||
		!strings.Contains(string(b), `"zh-CN"`) {
		t.Fatalf("problem JSON: %s %v", b, err)
	}
}

func TestInputLimits(t *testing.T) {
	c := newChecker(t)
	cases := map[string]struct {
		raw  string
		want string
	}{
		"empty":      {"", "(root) bad_json"},
		"whitespace": {"   ", "(root) bad_json"},
		"number":     {"42", "(root) type"},
		"null":       {"null", "(root) type"},
		"broken":     {`{"key": "a-b", "name": {"zh-CN": "甲"}, "forms": [}`, "/forms/0 bad_json"},
		"duplicate":  {`{"name": {"zh-CN": "a", "zh-CN": "b"}}`, "/name/zh-CN duplicate_member"},
		"too large":  {`{"key": "` + strings.Repeat("a", template.MaxBytes) + `"}`, "(root) too_large"},
		"deep array": {strings.Repeat("[", 100) + strings.Repeat("]", 100), "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0 too_deep"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := c.Check([]byte(tc.raw))
			got := list(problemsOf(t, err))
			if len(got) != 1 || got[0] != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A checked template encodes back to a template that checks to the same value: export
// and import lose nothing.
func TestRoundTrip(t *testing.T) {
	c := newChecker(t)
	for _, f := range []string{"testdata/valid/crm.json", "testdata/valid/sections.json"} {
		first, err := c.Check(readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(first)
		if err != nil {
			t.Fatal(err)
		}
		second, err := c.Check(b)
		if err != nil {
			t.Fatalf("re-encoded template refused: %v\n%s", err, b)
		}
		b2, _ := json.Marshal(second)
		if string(b) != string(b2) {
			t.Fatalf("round trip changed the template:\n%s\n%s", b, b2)
		}
		if len(template.Diff(first, second)) != 0 {
			t.Fatalf("diff of a round trip: %+v", template.Diff(first, second))
		}
	}
}

func TestCheckerIsSafeForConcurrentUse(t *testing.T) {
	c := newChecker(t)
	raw := readFile(t, "testdata/valid/crm.json")
	bad := readFile(t, "testdata/invalid/view-unknown-column.json")
	done := make(chan error, 16)
	for i := 0; i < 16; i++ {
		go func(i int) {
			if i%2 == 0 {
				_, err := c.Check(raw)
				done <- err
				return
			}
			_, err := c.Check(bad)
			if err == nil {
				done <- errors.New("invalid template accepted")
				return
			}
			done <- nil
		}(i)
	}
	for i := 0; i < 16; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
