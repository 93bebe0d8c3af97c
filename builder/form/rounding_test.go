package form_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
)

// A number formula with a precision stores the rounded value, not float noise, in sub-form
// rows as at the top level.
func TestFormulaPrecisionRoundsFloatNoise(t *testing.T) {
	schema := `{"type":"object","properties":{
	  "items":{"type":"array","x-formloom":{"type":"subform","label":{"zh-CN":"明细"}},
	    "items":{"type":"object","properties":{
	      "qty":{"type":"number","x-formloom":{"type":"number","label":{"zh-CN":"数量"}}},
	      "price":{"type":"number","x-formloom":{"type":"money","label":{"zh-CN":"单价"}}},
	      "amount":{"type":"number","readOnly":true,"x-formloom":{"type":"formula","label":{"zh-CN":"金额"},"expr":"qty * price * 0.9","precision":2}}}}},
	  "total":{"type":"number","readOnly":true,"x-formloom":{"type":"formula","label":{"zh-CN":"合计"},"expr":"SUM(items.amount) * 1","precision":2}}}}`
	f, err := form.Compile(json.RawMessage(schema), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.Prepare(json.RawMessage(`{"items":[{"qty":2,"price":100.25}]}`), form.Create, form.Env{Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	row := rec["items"].([]any)[0].(map[string]any)
	if row["amount"] != 180.45 || rec["total"] != 180.45 {
		t.Fatalf("stored values: amount %v, total %v", row["amount"], rec["total"])
	}
	out := string(f.AppendJSON(nil, rec))
	want := `{"items":[{"qty":2,"price":100.25,"amount":180.45}],"total":180.45}`
	if out != want {
		t.Fatalf("got %s, want %s", out, want)
	}
}
