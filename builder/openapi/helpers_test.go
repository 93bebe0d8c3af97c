package openapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/openapi"
	"github.com/formloom/formloom/builder/template"
)

// app reads the test app and compiles its forms, as the runtime does for a published version.
func app(t testing.TB) (*template.Template, map[string]*form.Form) {
	t.Helper()
	raw, err := os.ReadFile("testdata/app.json")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := template.Check(raw)
	if err != nil {
		t.Fatalf("check template: %v", err)
	}
	keys := make([]string, len(tpl.Forms))
	for i, f := range tpl.Forms {
		keys[i] = f.Key
	}
	forms := map[string]*form.Form{}
	for _, f := range tpl.Forms {
		c, err := form.Compile(f.Schema, form.Options{Forms: keys})
		if err != nil {
			t.Fatalf("compile %s: %v", f.Key, err)
		}
		forms[f.Key] = c
	}
	return tpl, forms
}

const serverURL = "/api/v1/workspaces/ws1/apps/app1"

// generate returns the document of the test app, raw and decoded.
func generate(t testing.TB, lang string) ([]byte, map[string]any) {
	t.Helper()
	tpl, forms := app(t)
	raw, err := openapi.Generate(tpl, forms, openapi.Options{ServerURL: serverURL, Language: lang, Version: "3"})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return raw, decode(t, raw)
}

func decode(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	return doc
}

// get walks a decoded document along keys; it fails the test when a key is missing.
func get(t testing.TB, v any, keys ...string) any {
	t.Helper()
	for i, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s is not an object", strings.Join(keys[:i], "/"))
		}
		if v, ok = m[k]; !ok {
			t.Fatalf("missing %s", strings.Join(keys[:i+1], "/"))
		}
	}
	return v
}

func getObj(t testing.TB, v any, keys ...string) map[string]any {
	t.Helper()
	m, ok := get(t, v, keys...).(map[string]any)
	if !ok {
		t.Fatalf("%s is not an object", strings.Join(keys, "/"))
	}
	return m
}

// compiler returns a JSON Schema compiler that knows the document at docURL and the
// trimmed OpenAPI meta-schema, and reaches nothing outside.
func compiler(t testing.TB, docURL string, doc []byte) *jsonschema.Compiler {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(s string) (io.ReadCloser, error) { return nil, fmt.Errorf("offline: %s", s) }
	meta, err := os.ReadFile("testdata/openapi-3.1-trimmed.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(metaURL, bytes.NewReader(meta)); err != nil {
		t.Fatal(err)
	}
	if doc != nil {
		if err := c.AddResource(docURL, bytes.NewReader(doc)); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

const metaURL = "formloom:///openapi-3.1-trimmed.schema.json"

func unmarshal(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
