package templates_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/templates"
)

func starterFiles(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("starter/*.json")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		if strings.HasSuffix(p, ".samples.json") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(p), ".json")] = b
	}
	return out
}

func TestEveryStarterTemplatePassesTheChecks(t *testing.T) {
	files := starterFiles(t)
	if len(files) != len(templates.StarterKeys()) {
		t.Fatalf("%d files for %d starter keys", len(files), len(templates.StarterKeys()))
	}
	for _, key := range templates.StarterKeys() {
		raw, ok := files[key]
		if !ok {
			t.Fatalf("no file for starter %s", key)
		}
		tp, err := template.Check(raw)
		if err != nil {
			t.Fatalf("%s: %v", key, problems(err))
		}
		if tp.Key != key || tp.Version != "1.0.0" || tp.SchemaURL == "" {
			t.Errorf("%s: key %q version %q $schema %q", key, tp.Key, tp.Version, tp.SchemaURL)
		}
	}
}

func problems(err error) string {
	var ps *template.Problems
	if !errors.As(err, &ps) {
		return err.Error()
	}
	var b strings.Builder
	for _, p := range ps.List {
		fmt.Fprintf(&b, "\n%s: %s: %s", p.Pointer, p.Code, p.Text.EN)
	}
	return b.String()
}

// TestStarterPipelinesAndAutomationsDecodeStrictly holds the parts the template checks do
// not look into yet to the pipeline engine's types, so that a misspelt member fails now.
func TestStarterPipelinesAndAutomationsDecodeStrictly(t *testing.T) {
	for key, raw := range starterFiles(t) {
		var doc struct {
			Pipelines   []json.RawMessage `json:"pipelines"`
			Automations []json.RawMessage `json:"automations"`
			Calendar    json.RawMessage   `json:"calendar"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		for i, p := range doc.Pipelines {
			var v pipeline.Pipeline
			if err := strict(p, &v); err != nil {
				t.Errorf("%s: /pipelines/%d: %v", key, i, err)
			}
		}
		for i, a := range doc.Automations {
			var v pipeline.Automation
			if err := strict(a, &v); err != nil {
				t.Errorf("%s: /automations/%d: %v", key, i, err)
			}
		}
		if len(doc.Calendar) > 0 {
			var v pipeline.Calendar
			if err := strict(doc.Calendar, &v); err != nil {
				t.Errorf("%s: /calendar: %v", key, err)
			}
		}
	}
}

func strict(raw json.RawMessage, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

// TestEveryStarterLabelIsInBothLanguages walks each file: every text has zh-CN and en, and
// everything people see by name (forms, fields, options, roles, views, dashboards, widgets,
// pipelines, nodes, automations) has such a text.
func TestEveryStarterLabelIsInBothLanguages(t *testing.T) {
	for key, raw := range starterFiles(t) {
		var doc any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		walkTexts(t, key, "", doc)
	}
}

// named are the lists whose items carry a name.
var named = map[string]bool{"forms": true, "roles": true, "views": true, "dashboards": true, "widgets": true, "pipelines": true, "nodes": true, "automations": true}

func walkTexts(t *testing.T, file, ptr string, v any) {
	switch x := v.(type) {
	case map[string]any:
		if zh, ok := x["zh-CN"]; ok {
			en, _ := x["en"].(string)
			if s, _ := zh.(string); s == "" || en == "" {
				t.Errorf("%s: %s: a text without both zh-CN and en", file, ptr)
			}
			return
		}
		for k, c := range x {
			walkTexts(t, file, ptr+"/"+k, c)
		}
		if strings.HasSuffix(ptr, "/x-formloom") && !strings.HasSuffix(ptr, "/schema/x-formloom") {
			requireText(t, file, ptr, x, "label")
		}
		if _, ok := x["value"]; ok && strings.Contains(ptr, "/options/") {
			requireText(t, file, ptr, x, "label")
		}
	case []any:
		parent := ptr[strings.LastIndex(ptr, "/")+1:]
		for i, c := range x {
			p := fmt.Sprintf("%s/%d", ptr, i)
			if m, ok := c.(map[string]any); ok && named[parent] {
				requireText(t, file, p, m, "name")
			}
			walkTexts(t, file, p, c)
		}
	}
}

func requireText(t *testing.T, file, ptr string, m map[string]any, member string) {
	t.Helper()
	txt, ok := m[member].(map[string]any)
	if !ok {
		t.Errorf("%s: %s: no %s", file, ptr, member)
		return
	}
	if s, _ := txt["zh-CN"].(string); s == "" {
		t.Errorf("%s: %s/%s: no zh-CN", file, ptr, member)
	}
	if s, _ := txt["en"].(string); s == "" {
		t.Errorf("%s: %s/%s: no en", file, ptr, member)
	}
}

// The embedded files are the files on disk.
func TestStarterReturnsTheEmbeddedFile(t *testing.T) {
	g := newGallery(t)
	for key, raw := range starterFiles(t) {
		got, ok := g.Starter(key)
		if !ok || !bytes.Equal(got, raw) {
			t.Errorf("Starter(%s) differs from the file", key)
		}
	}
	if _, ok := g.Starter("lead_management"); !ok {
		t.Error("the underscore spelling of a starter key is not found")
	}
	if _, ok := g.Starter("nope"); ok {
		t.Error("an unknown key is found")
	}
}

// A new action item, goal or task of the starters starts at the first of its states: the
// browser form fills a field's plain schema default into a new record.
func TestStarterStatusesStartAtTheirFirstState(t *testing.T) {
	// row names the sub-form whose rows hold the status: a new row starts at its first state too.
	for _, c := range []struct{ starter, form, row, first string }{
		{"meeting-minutes", "task", "", "todo"},
		{"goal-tracking", "goal", "", "not_started"},
		{"task-priority", "task", "", "todo"},
	} {
		type status struct {
			Enum    []string `json:"enum"`
			Default any      `json:"default"`
		}
		var tp struct {
			Forms []struct {
				Key    string `json:"key"`
				Schema struct {
					Properties map[string]struct {
						status
						Items struct {
							Properties map[string]status `json:"properties"`
						} `json:"items"`
					} `json:"properties"`
				} `json:"schema"`
			} `json:"forms"`
		}
		if err := json.Unmarshal(starterFiles(t)[c.starter], &tp); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range tp.Forms {
			if f.Key != c.form {
				continue
			}
			found = true
			st := f.Schema.Properties["status"].status
			if c.row != "" {
				st = f.Schema.Properties[c.row].Items.Properties["status"]
			}
			if len(st.Enum) == 0 || st.Default != st.Enum[0] || st.Enum[0] != c.first {
				t.Errorf("%s %s %s status: enum %v, default %v; want the default %s, the first state", c.starter, c.form, c.row, st.Enum, st.Default, c.first)
			}
		}
		if !found {
			t.Errorf("no %s form in %s", c.form, c.starter)
		}
	}
}
