package form_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/internal/cputime"
)

func BenchmarkPrepare(b *testing.B) {
	raw, err := os.ReadFile("testdata/lead.json")
	if err != nil {
		b.Fatal(err)
	}
	f, err := form.Compile(raw, form.Options{})
	if err != nil {
		b.Fatal(err)
	}
	env := form.Env{Now: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC), Location: time.FixedZone("CST", 8*3600)}
	in := benchRecord(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var out []byte
	cpu0, cpuOK := cputime.Process()
	for b.Loop() {
		rec, err := f.Prepare(in, form.Create, env)
		if err != nil {
			b.Fatal(err)
		}
		out = f.AppendJSON(out[:0], rec)
	}
	// On a shared machine ns/op includes waiting for a core; CPU time per op is the work
	// itself (GC included), what ns/op would be with the cores to ourselves.
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
	if !json.Valid(out) {
		b.Fatalf("encoded record is not JSON: %s", out)
	}
}

// benchRecord is a 20-field submission of about 1 KB to the lead form, with a 3-row sub-form.
func benchRecord(t testing.TB) []byte {
	t.Helper()
	in, err := os.ReadFile("testdata/bench_record.json")
	if err != nil {
		t.Fatal(err)
	}
	return in
}
