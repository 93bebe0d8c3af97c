package tabular_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/formloom/formloom/internal/cputime"
	"github.com/formloom/formloom/runtime/tabular"
)

// The benchmarks export and import 10,000 lead records (26 columns, a sub-form row each).

func benchExport(b *testing.B, format tabular.Format) {
	f := leadForm(b)
	recs := bulk(b, 10_000)
	opts := tabular.ExportOptions{Options: tabular.Options{Language: "zh-CN", Location: cst}}
	var size int
	b.ResetTimer()
	cpu0, cpuOK := cputime.Process()
	for b.Loop() {
		var buf bytes.Buffer
		w, err := tabular.NewWriter(&buf, format, f, opts)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs {
			if err := w.Write(tabular.Record{ID: "r", Data: r}); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "file-bytes")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10_000, "ns/row")
	// On a shared machine ns/row includes waiting for a core; CPU time is the work itself.
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/10_000, "cpu-ns/row")
	}
}

func BenchmarkExportCSV10k(b *testing.B)  { benchExport(b, tabular.CSV) }
func BenchmarkExportXLSX10k(b *testing.B) { benchExport(b, tabular.XLSX) }

// benchImport reads and prepares (validates, computes formulas) every row: a dry run.
func benchImport(b *testing.B, format tabular.Format) {
	f := leadForm(b)
	data := export(b, f, format, tabular.ExportOptions{Options: tabular.Options{Language: "zh-CN", Location: cst}}, bulk(b, 10_000))
	b.ResetTimer()
	cpu0, cpuOK := cputime.Process()
	for b.Loop() {
		r, err := tabular.NewReader(bytes.NewReader(data), format, f, tabular.ImportOptions{Options: tabular.Options{Location: cst}})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := tabular.PrepareRows(context.Background(), r, f, tabular.PrepareOptions{Env: testEnv()})
		if err != nil || rep.Good != 10_000 {
			b.Fatalf("good %d, err %v", rep.Good, err)
		}
		r.Close()
	}
	b.ReportMetric(float64(len(data)), "file-bytes")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10_000, "ns/row")
	// On a shared machine ns/row includes waiting for a core; CPU time is the work itself.
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/10_000, "cpu-ns/row")
	}
}

func BenchmarkImportCSV10k(b *testing.B)  { benchImport(b, tabular.CSV) }
func BenchmarkImportXLSX10k(b *testing.B) { benchImport(b, tabular.XLSX) }

// benchRead only reads and decodes the rows, without the form: what reading a file costs
// by itself.
func benchRead(b *testing.B, format tabular.Format) {
	f := leadForm(b)
	data := export(b, f, format, tabular.ExportOptions{Options: tabular.Options{Language: "zh-CN", Location: cst}}, bulk(b, 10_000))
	b.ResetTimer()
	cpu0, cpuOK := cputime.Process()
	for b.Loop() {
		r, err := tabular.NewReader(bytes.NewReader(data), format, f, tabular.ImportOptions{Options: tabular.Options{Location: cst}})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for row, err := range r.All() {
			if err != nil || row.Errors != nil {
				b.Fatalf("row %d: %v %v", row.Line, err, row.Errors)
			}
			n++
		}
		if n != 10_000 {
			b.Fatalf("%d rows", n)
		}
		r.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10_000, "ns/row")
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N)/10_000, "cpu-ns/row")
	}
}

func BenchmarkReadCSV10k(b *testing.B)  { benchRead(b, tabular.CSV) }
func BenchmarkReadXLSX10k(b *testing.B) { benchRead(b, tabular.XLSX) }
