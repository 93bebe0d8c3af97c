package form

import (
	"os"
	"testing"
	"time"
)

// BenchmarkStages times each step of Prepare on its own, to see where the time goes.
func BenchmarkStages(b *testing.B) {
	raw, _ := os.ReadFile("testdata/lead.json")
	f, err := Compile(raw, Options{})
	if err != nil {
		b.Fatal(err)
	}
	in, _ := os.ReadFile("testdata/bench_record.json")
	env := Env{Now: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC), Location: time.UTC}
	fresh := func() map[string]any {
		rec, err := decodeObject(in, len(f.top))
		if err != nil {
			b.Fatal(err)
		}
		return rec
	}
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			fresh()
		}
	})
	b.Run("clean", func(b *testing.B) {
		rec := fresh()
		for b.Loop() {
			_ = f.clean(rec, nil, place{}, f.top, nil) // measured for its cost; its problems are tested elsewhere
		}
	})
	b.Run("compute", func(b *testing.B) {
		rec := fresh()
		for b.Loop() {
			f.compute(rec, &env, &fieldErrors{})
		}
	})
	b.Run("validate", func(b *testing.B) {
		rec := fresh()
		f.compute(rec, &env, &fieldErrors{})
		for b.Loop() {
			var errs fieldErrors
			f.validate(rec, &errs)
		}
	})
	b.Run("validate-v5-only", func(b *testing.B) {
		rec := fresh()
		f.compute(rec, &env, &fieldErrors{})
		for b.Loop() {
			if err := f.schema.Validate(rec); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		rec := fresh()
		for b.Loop() {
			var errs fieldErrors
			f.check(rec, &errs)
		}
	})
	b.Run("encode", func(b *testing.B) {
		rec := fresh()
		f.compute(rec, &env, &fieldErrors{})
		var out []byte
		for b.Loop() {
			out = f.AppendJSON(out[:0], rec)
		}
	})
}
