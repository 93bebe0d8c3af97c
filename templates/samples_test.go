package templates_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/templates"
)

func TestEveryStarterHasSamplesThatFitItsForms(t *testing.T) {
	g := newGallery(t)
	for _, key := range templates.StarterKeys() {
		samples, err := g.Samples(strings.ReplaceAll(key, "-", "_"))
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		raw, _ := g.Starter(key)
		var def struct {
			Forms []struct {
				Key    string `json:"key"`
				Schema struct {
					Properties map[string]struct {
						X struct {
							Type string `json:"type"`
						} `json:"x-formloom"`
					} `json:"properties"`
					Required []string `json:"required"`
				} `json:"schema"`
			} `json:"forms"`
		}
		if err := json.Unmarshal(raw, &def); err != nil {
			t.Fatal(err)
		}
		if len(samples) != len(def.Forms) {
			t.Errorf("%s: samples for %d of %d forms", key, len(samples), len(def.Forms))
		}
		for _, f := range def.Forms {
			recs := samples[f.Key]
			if len(recs) < 3 || len(recs) > 12 {
				t.Errorf("%s/%s: %d sample records, want 3 to 12", key, f.Key, len(recs))
			}
			for i, r := range recs {
				var m map[string]any
				if err := json.Unmarshal(r, &m); err != nil {
					t.Fatalf("%s/%s[%d]: %v", key, f.Key, i, err)
				}
				for name, v := range m {
					if name == templates.SampleFlowKey {
						continue
					}
					p, ok := f.Schema.Properties[name]
					switch {
					case !ok:
						t.Errorf("%s/%s[%d]: no field %s", key, f.Key, i, name)
					case p.X.Type == "serial" || p.X.Type == "formula" || p.X.Type == "lookup" || p.X.Type == "department":
						t.Errorf("%s/%s[%d]: %s is a %s field", key, f.Key, i, name, p.X.Type)
					case p.X.Type == "member" && (v != templates.SampleMember || !slices.Contains(f.Schema.Required, name)):
						t.Errorf("%s/%s[%d]: member field %s is %v (only required ones, as %s)", key, f.Key, i, name, v, templates.SampleMember)
					}
				}
			}
		}
	}
}

func TestSamplesOfOtherTemplatesAreNone(t *testing.T) {
	g := newGallery(t)
	for _, key := range []string{"visits", "no-such-template", ""} {
		s, err := g.Samples(key)
		if err != nil || s == nil || len(s) != 0 {
			t.Errorf("%q: %v %v", key, s, err)
		}
	}
}

func TestSampleFilesAreStarters(t *testing.T) {
	paths, err := filepath.Glob("starter/*.samples.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if key := strings.TrimSuffix(filepath.Base(p), ".samples.json"); !slices.Contains(templates.StarterKeys(), key) {
			t.Errorf("%s: no starter template %s", p, key)
		}
	}
}

func TestSampleOrderAndPlaceholders(t *testing.T) {
	samples := map[string][]json.RawMessage{
		"contact":  {json.RawMessage(`{"customer": "$customer[1]"}`)},
		"customer": {json.RawMessage(`{}`), json.RawMessage(`{}`)},
		"a":        {json.RawMessage(`{}`)},
	}
	if got := templates.SampleOrder(samples); !slices.Equal(got, []string{"a", "customer", "contact"}) {
		t.Fatalf("order: %v", got)
	}
	rec := json.RawMessage(`{"customer": "$customer[1]", "owner": "$me", "n": 12345678901234567, "rows": [{"by": "$me"}], "note": "$5"}`)
	out, err := templates.ResolveSample(rec, "u1", map[string][]string{"customer": {"c0", "c1"}})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(out)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	if m["customer"] != "c1" || m["owner"] != "u1" || m["n"] != json.Number("12345678901234567") || m["note"] != "$5" ||
		m["rows"].([]any)[0].(map[string]any)["by"] != "u1" {
		t.Fatalf("resolved: %s", out)
	}
	if _, err := templates.ResolveSample(json.RawMessage(`{"c": "$customer[2]"}`), "u1", map[string][]string{"customer": {"c0"}}); err == nil {
		t.Fatal("a reference to a record not created resolved")
	}
}
