package form_test

import (
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// FuzzPrepare: no input makes Prepare panic, and every refusal is a client error.
func FuzzPrepare(f *testing.F) {
	f.Add([]byte(validLead))
	f.Add(benchRecord(f))
	f.Add([]byte(`{"items": [{"qty": 1e308, "price": 1e308}], "discount": -1e308}`))
	f.Add([]byte(`{"subject": "\ud800", "items": [null, 1, {"qty": "x"}]}`))
	lead := leadForm(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		rec, err := lead.Prepare(in, form.Create, testEnv())
		if err != nil {
			if _, ok := fault.As(err); !ok {
				t.Fatalf("not a client error: %v", err)
			}
			return
		}
		if !json.Valid(lead.AppendJSON(nil, rec)) {
			t.Fatal("prepared record does not encode")
		}
	})
}

// FuzzCompile: no schema makes Compile panic.
func FuzzCompile(f *testing.F) {
	raw, err := os.ReadFile("testdata/lead.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"type": "object", "properties": {"a": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": "a"}}}}`))
	f.Fuzz(func(t *testing.T, schema []byte) {
		fm, err := form.Compile(schema, form.Options{})
		if err != nil {
			return
		}
		_, _ = fm.Prepare([]byte(`{"a": 1, "items": [{"qty": 2}]}`), form.Create, testEnv())
	})
}

func TestConcurrentPrepare(t *testing.T) {
	f := leadForm(t)
	in := benchRecord(t)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				rec, err := f.Prepare(in, form.Create, testEnv())
				if err != nil {
					t.Error(err)
					return
				}
				if rec["total"] != 206724.75 {
					t.Errorf("total %v", rec["total"])
					return
				}
			}
		}()
	}
	wg.Wait()
}
