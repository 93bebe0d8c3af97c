package tabular_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/runtime/tabular"
)

// names is a Refs over a fixed directory.
type names map[string]string // id → name

func (n names) Name(_ *form.Field, id string) string { return n[id] }

func (n names) Resolve(_ *form.Field, text string) (string, bool) {
	for id, name := range n {
		if name == text {
			return id, true
		}
	}
	return "", false
}

var directory = names{"u1": "张三", "u2": "李四", "u3": "Wang Wu", "d1": "华东销售部", "c1": "HT-2026-001"}

// Export then import gives the records back, for every format and language, whichever
// language the importer uses, with and without names for IDs.
func TestRoundTrip(t *testing.T) {
	f := leadForm(t)
	var originals []map[string]any
	for _, in := range sampleInputs {
		originals = append(originals, prepare(t, f, in))
	}
	for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		for _, lang := range []string{"zh-CN", "en"} {
			for _, refs := range []tabular.Refs{nil, directory} {
				name := string(format) + "/" + lang
				if refs != nil {
					name += "/names"
				}
				t.Run(name, func(t *testing.T) {
					opts := tabular.Options{Language: lang, Location: cst, Refs: refs}
					data := export(t, f, format, tabular.ExportOptions{Options: opts}, originals)
					other := opts
					other.Language = map[string]string{"zh-CN": "en", "en": "zh-CN"}[lang]
					good, rep := importAll(t, f, format, tabular.ImportOptions{Options: other}, data)
					if len(rep.Bad) > 0 {
						t.Fatalf("bad rows: %+v", rep.Bad)
					}
					if len(rep.Header.Problems) > 0 {
						t.Fatalf("column problems: %+v", rep.Header.Problems)
					}
					if len(good) != len(originals) {
						t.Fatalf("%d rows back, want %d", len(good), len(originals))
					}
					for i, g := range good {
						if !same(t, originals[i], g.Record) {
							t.Errorf("record %d:\nwant %s\ngot  %s", i, jsonText(originals[i]), jsonText(g.Record))
						}
						if !same(t, writable(f, originals[i]), writable(f, g.Record)) {
							t.Errorf("record %d: the client's part differs", i)
						}
					}
					if refs != nil && !strings.Contains(string(data), "张三") && format == tabular.CSV {
						t.Error("member names are not shown")
					}
				})
			}
		}
	}
}

// The first data row is row 2 of a CSV file and row 3 of an XLSX file (after the hidden
// key row); row numbers count as the sheet shows them.
func TestRoundTripRowNumbers(t *testing.T) {
	f := leadForm(t)
	recs := []map[string]any{prepare(t, f, sampleInputs[0]), prepare(t, f, sampleInputs[3])}
	for format, first := range map[tabular.Format]int{tabular.CSV: 2, tabular.XLSX: 3} {
		data := export(t, f, format, tabular.ExportOptions{Options: tabular.Options{Location: cst}}, recs)
		good, _ := importAll(t, f, format, tabular.ImportOptions{Options: tabular.Options{Location: cst}}, data)
		if len(good) != 2 || good[0].Line != first || good[1].Line != first+1 {
			t.Errorf("%s: lines %+v, want %d and %d", format, good, first, first+1)
		}
	}
}
