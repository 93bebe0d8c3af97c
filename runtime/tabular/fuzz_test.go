package tabular_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/tabular"
)

// fuzzImport reads data as an import would (header, every row through the form): no input
// panics, and every refusal is a client fault, never an internal error.
func fuzzImport(t *testing.T, f *form.Form, format tabular.Format, data []byte) {
	opts := tabular.ImportOptions{MaxRows: 200, MaxBytes: 4 << 20, Options: tabular.Options{Refs: directory}}
	r, err := tabular.NewReader(bytes.NewReader(data), format, f, opts)
	if err != nil {
		if _, ok := fault.As(err); !ok {
			t.Fatalf("open: not a fault: %v", err)
		}
		return
	}
	defer r.Close()
	if r.Header().Err() != nil {
		return
	}
	_, rep, err := tabular.PrepareAll(context.Background(), r, f, testEnv())
	if err != nil {
		if _, ok := fault.As(err); !ok {
			t.Fatalf("rows: not a fault: %v", err)
		}
		return
	}
	for _, b := range rep.Bad {
		if len(b.Errors) == 0 {
			t.Fatalf("row %d refused without a reason", b.Line)
		}
	}
}

func FuzzImportCSV(f *testing.F) {
	lead := leadForm(f)
	for _, in := range sampleInputs {
		f.Add(export(f, lead, tabular.CSV, tabular.ExportOptions{}, []map[string]any{prepare(f, lead, in)}))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, lead, tabular.CSV, data) })
}

func FuzzImportXLSX(f *testing.F) {
	lead := leadForm(f)
	for _, in := range sampleInputs {
		f.Add(export(f, lead, tabular.XLSX, tabular.ExportOptions{}, []map[string]any{prepare(f, lead, in)}))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzImport(t, lead, tabular.XLSX, data) })
}
