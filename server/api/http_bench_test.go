package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/server/apitest"
)

// benchLeads is a 14-field lead form like the reference measurement's "leads" collection,
// with a select status (list-indexed) and a formula.
const benchLeads = `{
  "key": "bench-leads", "name": {"zh-CN": "线索", "en": "Leads"},
  "forms": [{"key": "lead", "name": {"zh-CN": "线索", "en": "Lead"}, "schema": {"type": "object", "required": ["subject", "status"], "properties": {
    "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "主题"}}},
    "company": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "公司"}}},
    "contact": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "联系人"}}},
    "phone": {"type": "string", "x-formloom": {"type": "phone", "label": {"zh-CN": "电话"}}},
    "email": {"type": "string", "format": "email", "x-formloom": {"type": "email", "label": {"zh-CN": "邮箱"}}},
    "status": {"type": "string", "enum": ["new", "won", "lost"], "x-formloom": {"type": "select", "label": {"zh-CN": "状态"},
      "options": [{"value": "new", "label": {"zh-CN": "新建"}}, {"value": "won", "label": {"zh-CN": "赢单"}}, {"value": "lost", "label": {"zh-CN": "输单"}}]}},
    "channel": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "渠道"}}},
    "budget": {"type": "number", "minimum": 0, "x-formloom": {"type": "money", "label": {"zh-CN": "预算"}}},
    "qty": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "数量"}}},
    "total": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "合计"}, "expr": "budget * qty"}},
    "found": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "发现日期"}}},
    "urgent": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "紧急"}}},
    "region": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "区域"}}},
    "notes": {"type": "string", "x-formloom": {"type": "textarea", "label": {"zh-CN": "备注"}}}
  }}}]
}`

const benchLead = `{"subject":"华东区采购意向 %d","company":"星河科技有限公司","contact":"王磊","phone":"13800138000",` +
	`"email":"wang.lei@example.com","status":"%s","channel":"展会","budget":120000,"qty":3,"found":"2026-11-20",` +
	`"urgent":false,"region":"上海","notes":"客户希望下月安排演示，预算已获批。"}`

// BenchmarkHTTPCreate posts leads over loopback through the whole stack (cookie session and
// CSRF, JSON decoding, validation, formulas, the record and its timeline in one
// transaction) from 50 concurrent clients, and reports creates per second and latency
// percentiles. Run: go test ./server/api -run '^$' -bench HTTP -benchtime 5000x
func BenchmarkHTTPCreate(b *testing.B) {
	a, url, s := benchApp(b)
	var n atomic.Int64
	lat := make([]time.Duration, b.N+64)
	b.SetParallelism(25) // 25 × 2 cores = 50 clients
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			t0 := time.Now()
			resp := a.Do(a.Request(s, "POST", url, fmt.Sprintf(benchLead, i, []string{"new", "won", "lost"}[i%3])))
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				b.Errorf("create: %d", resp.StatusCode)
				return
			}
			lat[i] = time.Since(t0)
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	reportLatency(b, lat[1:n.Load()+1])
	b.ReportMetric(float64(n.Load())/elapsed.Seconds(), "creates/s")
}

// BenchmarkHTTPList reads the first 20-row page of leads filtered by status, newest first,
// over loopback, from a form holding 10,000 leads. Run with -benchtime 2000x.
func BenchmarkHTTPList(b *testing.B) {
	a, url, s := benchApp(b)
	for i := range 10_000 {
		resp := a.Do(a.Request(s, "POST", url, fmt.Sprintf(benchLead, i, []string{"new", "won", "lost"}[i%3])))
		resp.Body.Close()
	}
	filter := `?limit=20&sort=-_created&filter=` + strings.ReplaceAll(`{"field":"status","op":"eq","value":"new"}`, `"`, "%22")
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		resp := a.Do(a.Request(s, "GET", url+filter, ""))
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("list: %d", resp.StatusCode)
		}
		lat[i] = time.Since(t0)
	}
	b.StopTimer()
	reportLatency(b, lat)
}

func benchApp(b *testing.B) (*apitest.TestApp, string, apitest.Session) {
	b.Helper()
	a := apitest.New(b)
	s := a.SignIn("ann@formloom.test")
	st, body := a.Call(s, "POST", "/api/v1/workspaces", `{"name":"bench"}`)
	if st != 201 {
		b.Fatalf("workspace: %d %s", st, body)
	}
	ws := field(b, body, "id")
	st, body = a.Call(s, "POST", "/api/v1/workspaces/"+ws+"/apps", `{"definition":`+benchLeads+`}`)
	if st != 201 {
		b.Fatalf("app: %d %s", st, body)
	}
	return a, "/api/v1/workspaces/" + ws + "/apps/" + field(b, body, "id") + "/forms/lead/records", s
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
