package tabular_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/tabular"
)

// cst is the workspace timezone of the tests (UTC+8, like Asia/Shanghai).
var cst = time.FixedZone("CST", 8*3600)

func testEnv() form.Env {
	return form.Env{Now: time.Date(2026, 5, 1, 20, 0, 0, 0, time.UTC), Location: cst}
}

// leadForm is a form with every field type but serial numbers' allocation: text,
// textarea, money, number, date, datetime, select, multiselect, checkbox, phones, email,
// URL, members, department, serial, relation, lookup, attachments, a sub-form whose rows
// carry a select and a formula, and form-level formulas.
func leadForm(t testing.TB) *form.Form {
	t.Helper()
	raw, err := os.ReadFile("testdata/lead.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := form.Compile(raw, form.Options{Forms: []string{"lead", "contract"}})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return f
}

func prepare(t testing.TB, f *form.Form, in string) map[string]any {
	t.Helper()
	rec, err := f.Prepare(json.RawMessage(in), form.Create, testEnv())
	if err != nil {
		t.Fatalf("prepare %s: %v", in, err)
	}
	return rec
}

// sampleInputs are records as clients send them, chosen to catch formatting trouble.
var sampleInputs = []string{
	`{"subject":"大客户采购","notes":"第一行\n第二行, 带逗号和\"引号\"","budget":123456.5,"score":7.5,"due":"2026-06-01",
	  "meetAt":"2026-05-03T01:30:00.250Z","status":"following","tags":["vip","urgent"],"vip":true,
	  "phone":"13800138000","office":"010-12345678","email":"a@example.com","website":"https://example.com/a?b=1&c=2",
	  "owner":"u1","helpers":["u2","u3"],"dept":"d1","contract":"c1","files":["f1","f2"],
	  "items":[{"product":"甲","qty":2,"price":100.25,"unit":"box"},{"product":"乙","qty":1,"price":0.1}],"discount":10}`,
	`{"subject":"=HYPERLINK(\"http://evil\")","notes":"-5 and +3 and @x","budget":0,"status":"new","vip":false,
	  "items":[{"product":"'quoted","qty":3}]}`,
	`{"subject":"'=already quoted","budget":1e6,"status":"closed","meetAt":"2026-12-31T23:59:59.999+08:00",
	  "items":[{"product":"<b>html</b>","qty":1,"price":1234567.89}],"discount":0}`,
	`{"subject":"Plain English","budget":99.99,"status":"new","due":"1999-02-28","score":100,
	  "items":[{"product":"x","qty":10,"price":3.3}]}`,
}

// writable removes what the server fills from a prepared record: an import gives the
// client's part back, and preparing it computes the rest again.
func writable(f *form.Form, rec map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range rec {
		if fd, ok := f.Field(k); ok && fd.ServerOwned {
			continue
		}
		out[k] = v
	}
	return out
}

// same compares two records as JSON.
func same(t *testing.T, want, got any) bool {
	t.Helper()
	norm := func(v any) any {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	return reflect.DeepEqual(norm(want), norm(got))
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// export writes records to a file in memory.
func export(t testing.TB, f *form.Form, format tabular.Format, opts tabular.ExportOptions, recs []map[string]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := tabular.NewWriter(&buf, format, f, opts)
	if err != nil {
		t.Fatalf("new writer: %v", err)
	}
	for i, r := range recs {
		if err := w.Write(tabular.Record{ID: fmt.Sprintf("r%d", i), Data: r}); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return buf.Bytes()
}

// importAll reads a file and prepares every row.
func importAll(t testing.TB, f *form.Form, format tabular.Format, opts tabular.ImportOptions, data []byte) ([]tabular.Good, *tabular.Report) {
	t.Helper()
	r, err := tabular.NewReader(bytes.NewReader(data), format, f, opts)
	if err != nil {
		t.Fatalf("new reader: %v", err)
	}
	defer r.Close()
	good, rep, err := tabular.PrepareAll(context.Background(), r, f, testEnv())
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	return good, rep
}

// readRows reads a file's rows without preparing them.
func readRows(t testing.TB, f *form.Form, format tabular.Format, opts tabular.ImportOptions, data []byte) (*tabular.Header, []tabular.Row) {
	t.Helper()
	r, err := tabular.NewReader(bytes.NewReader(data), format, f, opts)
	if err != nil {
		t.Fatalf("new reader: %v", err)
	}
	defer r.Close()
	var rows []tabular.Row
	for row, err := range r.All() {
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		rows = append(rows, row)
	}
	return r.Header(), rows
}

// codes lists pointer → code.
func codes(errs map[string]fault.FieldError) map[string]string {
	out := map[string]string{}
	for p, e := range errs {
		out[p] = e.Code
	}
	return out
}

func checkMessages(t *testing.T, errs map[string]fault.FieldError) {
	t.Helper()
	for p, e := range errs {
		if e.Text.EN == "" || e.Text.ZH == "" || e.Code == "" {
			t.Errorf("%s: incomplete error %+v", p, e)
		}
	}
}

func csvOf(lines ...string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }
