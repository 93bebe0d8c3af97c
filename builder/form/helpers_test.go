package form_test

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// cst is the workspace timezone of the tests (UTC+8, like Asia/Shanghai).
var cst = time.FixedZone("CST", 8*3600)

// testEnv is 2026-05-01 20:00 UTC, which is already 2026-05-02 in CST.
func testEnv() form.Env {
	return form.Env{Now: time.Date(2026, 5, 1, 20, 0, 0, 0, time.UTC), Location: cst}
}

func leadForm(t testing.TB) *form.Form {
	t.Helper()
	raw, err := os.ReadFile("testdata/lead.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := form.Compile(raw, form.Options{Forms: []string{"lead", "contract"}})
	if err != nil {
		t.Fatalf("compile lead form: %v", err)
	}
	return f
}

// compileProps compiles a form made of the given properties (a JSON object's inside).
func compileProps(t *testing.T, props string) (*form.Form, error) {
	t.Helper()
	return form.Compile(json.RawMessage(`{"type":"object","properties":{`+props+`}}`), form.Options{})
}

func mustCompileProps(t *testing.T, props string) *form.Form {
	t.Helper()
	f, err := compileProps(t, props)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return f
}

// fieldCodes returns pointer → code of a validation or request error.
func fieldCodes(t *testing.T, err error) (*fault.Error, map[string]string) {
	t.Helper()
	fe, ok := fault.As(err)
	if !ok {
		t.Fatalf("want a *fault.Error, got %v", err)
	}
	codes := map[string]string{}
	for p, e := range fe.Fields {
		codes[p] = e.Code
		if e.Text.EN == "" || e.Text.ZH == "" {
			t.Errorf("%s: message missing a language: %+v", p, e.Text)
		}
	}
	return fe, codes
}

// problemCodes returns pointer → code of a compile error.
func problemCodes(t *testing.T, err error) map[string]string {
	t.Helper()
	var ce *form.CompileError
	if !errors.As(err, &ce) {
		t.Fatalf("want a *form.CompileError, got %v", err)
	}
	out := map[string]string{}
	for _, p := range ce.Problems {
		out[p.Pointer] = p.Code
		if p.Text.EN == "" || p.Text.ZH == "" {
			t.Errorf("%s: message missing a language: %+v", p.Pointer, p.Text)
		}
	}
	return out
}

func prepare(t *testing.T, f *form.Form, in string) (map[string]any, error) {
	t.Helper()
	return f.Prepare(json.RawMessage(in), form.Create, testEnv())
}
