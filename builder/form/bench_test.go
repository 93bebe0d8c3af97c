package form_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
)

// benchRecord is a 20-field submission of about 1 KB to the lead form, with a 3-row sub-form.
const benchRecord = `{
  "subject": "华东区年度采购框架协议 — 第二期",
  "notes": "客户希望在五月底前完成比价，已约定下周二上门演示。Prefers invoices in English.",
  "budget": 250000,
  "score": 87.5,
  "due": "2026-06-30",
  "meetAt": "2026-05-12T14:30:00+08:00",
  "status": "following",
  "tags": ["vip", "urgent"],
  "vip": true,
  "phone": "13812345678",
  "office": "021-62345678",
  "email": "li.wei@example.com",
  "website": "https://www.example.com/about",
  "owner": "u_01HZX3K9Q7",
  "helpers": ["u_01HZX3K9Q8", "u_01HZX3K9Q9"],
  "dept": "d_sales_east",
  "contract": "r_01HZX4ABCD",
  "files": ["f_01HZX5AAAA", "f_01HZX5BBBB"],
  "discount": 5,
  "items": [
    {"product": "服务器 R740", "qty": 4, "price": 38500},
    {"product": "交换机 S5720", "qty": 10, "price": 4200.5},
    {"product": "实施服务（人天）", "qty": 12, "price": 1800}
  ]
}`

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
	in := []byte(benchRecord)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var out []byte
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		rec, err := f.Prepare(in, form.Create, env)
		if err != nil {
			b.Fatal(err)
		}
		out = f.AppendJSON(out[:0], rec)
	}
	// On a shared machine ns/op includes waiting for a core; CPU time per op is the work
	// itself (GC included), what ns/op would be with the cores to ourselves.
	if cpu1, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
	if !json.Valid(out) {
		b.Fatalf("encoded record is not JSON: %s", out)
	}
}
