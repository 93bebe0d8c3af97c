package form_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/formloom/formloom/builder/form"
)

// typesFixture is read by frontend/src/fields/registry.test.ts: the TypeScript registry
// must hold exactly the types registered here.
var typesFixture = filepath.Join("..", "..", "frontend", "src", "fields", "testdata", "types.json")

type typeEntry struct {
	Type string   `json:"type"`
	Keys []string `json:"keys"`
	// Computed is checked against the UI's flag: both sides must agree on what nobody writes.
	Computed bool `json:"computed"`
	Label    struct {
		EN string `json:"en"`
		ZH string `json:"zh-CN"`
	} `json:"label"`
}

// TestTypesFixture fails when a field type is added or removed here without regenerating
// the fixture the frontend checks its registry against: regenerate it with
// FORMLOOM_UPDATE_FIELD_TYPES=1 go test ./builder/form -run TestTypesFixture.
func TestTypesFixture(t *testing.T) {
	var list []typeEntry
	for _, typ := range form.Types() {
		def, _ := form.TypeOf(typ)
		e := typeEntry{Type: string(typ), Keys: append([]string{}, def.Keys...), Computed: def.Computed}
		e.Label.EN, e.Label.ZH = def.Words.EN, def.Words.ZH
		list = append(list, e)
	}
	b, err := json.MarshalIndent(map[string]any{"types": list}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if os.Getenv("FORMLOOM_UPDATE_FIELD_TYPES") != "" {
		if err := os.MkdirAll(filepath.Dir(typesFixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(typesFixture, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(typesFixture)
	if err != nil {
		t.Fatalf("read the fixture (regenerate it with FORMLOOM_UPDATE_FIELD_TYPES=1): %v", err)
	}
	if !bytes.Equal(want, b) {
		t.Fatal("the registered field types changed: regenerate the fixture with FORMLOOM_UPDATE_FIELD_TYPES=1 and add the type to frontend/src/fields (npx vitest run src/fields)")
	}
}

// TestEveryTypeRegistered: every type the format names has a definition that names it in
// both languages, says how a spreadsheet holds it, and compiles.
func TestEveryTypeRegistered(t *testing.T) {
	t.Parallel()
	all := []form.Type{form.Text, form.Textarea, form.Number, form.Money, form.Date, form.Datetime,
		form.Select, form.Multi, form.Checkbox, form.Phone, form.Email, form.URL, form.Member,
		form.Department, form.Serial, form.Attachment, form.Signature, form.Relation, form.Lookup, form.Subform,
		form.Formula, form.Tags, form.Group}
	if got := form.Types(); len(got) != len(all) {
		t.Fatalf("registered %d types, the format has %d: %v", len(got), len(all), got)
	}
	for _, typ := range all {
		def, ok := form.TypeOf(typ)
		switch {
		case !ok:
			t.Errorf("%s: not registered", typ)
		case def.Name != typ:
			t.Errorf("%s: registered as %s", typ, def.Name)
		case def.Words.EN == "" || def.Words.ZH == "":
			t.Errorf("%s: no name in both languages: %+v", typ, def.Words)
		}
	}
	if _, ok := form.TypeOf("rating"); ok {
		t.Error("an unknown type is registered")
	}
}

// TestRegistryDrivesCompile: a type's extra keys are exactly the ones compile accepts.
func TestRegistryDrivesCompile(t *testing.T) {
	t.Parallel()
	money, _ := form.TypeOf(form.Money)
	for _, tc := range []struct {
		key string
		ok  bool
	}{{"currency", true}, {"precision", true}, {"unique", false}, {"options", false}} {
		ok := false
		for _, k := range money.Keys {
			ok = ok || k == tc.key
		}
		if ok != tc.ok {
			t.Fatalf("money key %q: registered %v, want %v", tc.key, ok, tc.ok)
		}
		schema := `{"type":"object","properties":{"amt":{"type":"number","x-formloom":{"type":"money","` + tc.key + `":` + map[string]string{"currency": `"USD"`, "precision": "2", "unique": "true", "options": "[]"}[tc.key] + `}}}}`
		_, err := form.Compile([]byte(schema), form.Options{})
		if (err == nil) != tc.ok {
			t.Errorf("money with %q: compile error %v, want accepted=%v", tc.key, err, tc.ok)
		}
	}
}
