package template_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The published meta-schema is itself a valid draft 2020-12 schema, and a validator
// other than the checker (compiled from the published bytes alone) accepts the valid
// fixtures and refuses a template with an unknown member.
func TestMetaSchemaIsPublishable(t *testing.T) {
	raw := template.MetaSchema()
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" || doc["$id"] != template.MetaSchemaID {
		t.Fatalf("$schema/$id: %v %v", doc["$schema"], doc["$id"])
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource("mem://template.json", bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem://template.json")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/valid/*.json")
	for _, f := range files {
		v, err := decode(readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	v, _ := decode(readFile(t, "testdata/invalid/unknown-top-level-key.json"))
	if s.Validate(v) == nil {
		t.Error("a template with an unknown member passed the published meta-schema")
	}
}

func TestMetaSchemaReturnsACopy(t *testing.T) {
	a := template.MetaSchema()
	a[0] = 'x'
	if b := template.MetaSchema(); b[0] != '{' {
		t.Fatal("MetaSchema shares its bytes with callers")
	}
}

func decode(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}
