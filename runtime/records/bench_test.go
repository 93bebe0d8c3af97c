package records

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/internal/cputime"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// benchEnv is a fresh embedded database with one workspace, one member, one department
// and the CRM test app (testdata/crm.json) installed.
type benchEnv struct {
	st   store.Store
	svc  *Service
	ref  Ref
	dept string
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(b.TempDir(), "bench.db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	for _, spec := range slices.Concat(account.Collections(), org.Collections(), apps.Collections(), Collections()) {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			b.Fatal(err)
		}
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	acc, err := account.New(st, account.Options{Hash: account.TestHashParams, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	u, err := acc.CreateUser(ctx, "bench@formloom.test", "bench", "bench-password")
	if err != nil {
		b.Fatal(err)
	}
	people := org.New(st, acc, "Asia/Shanghai")
	w, err := people.CreateWorkspace(ctx, u.ID, "Bench")
	if err != nil {
		b.Fatal(err)
	}
	name := "Sales"
	d, err := people.CreateDepartment(ctx, u.ID, w.ID, org.DepartmentInput{Name: &name})
	if err != nil {
		b.Fatal(err)
	}
	appSvc, err := apps.New(st, people, nil)
	if err != nil {
		b.Fatal(err)
	}
	def, err := os.ReadFile("testdata/crm.json")
	if err != nil {
		b.Fatal(err)
	}
	a, err := appSvc.Create(ctx, u.ID, w.ID, apps.NewApp{Definition: def})
	if err != nil {
		b.Fatal(err)
	}
	return &benchEnv{st: st, svc: New(st, appSvc, people, Options{Logger: quiet}), ref: Ref{Actor: u.ID, Workspace: w.ID, App: a.ID, Form: "lead"}, dept: d.ID}
}

var benchStatuses = []string{"new", "following", "closed"}

// input is a lead of about 1 KB: 18 fields, two item rows, a member, a department.
func (e *benchEnv) input(i int64) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"subject":"Lead %d from the spring campaign","notes":"Met at the Shanghai trade fair; wants a quote for 200 seats before the end of the quarter.",`+
		`"status":%q,"budget":%d,"score":72.5,"due":"2026-12-01","meetAt":"2026-11-23T10:00:00+08:00","tags":["vip"],"vip":true,`+
		`"phone":"1%010d","office":"021-66668888","email":"buyer%d@example.com","website":"https://example.com/lead/%d",`+
		`"owner":%q,"helpers":[%q],"dept":%q,"discount":5,`+
		`"items":[{"product":"Seat licence","qty":200,"price":12.5},{"product":"Onboarding","qty":1,"price":3000}]}`,
		i, benchStatuses[i%3], 1000+i%5000, 3000000000+i, i, i, e.ref.Actor, e.ref.Actor, e.dept))
}

// BenchmarkCreate is one record through the whole write path: membership and app checks,
// decode, validate, formulas, reference checks, serial number, unique index, the record
// and its timeline entry in one transaction.
func BenchmarkCreate(b *testing.B) {
	e := newBenchEnv(b)
	ctx := context.Background()
	measure(b, func(i int64) {
		if _, err := e.svc.Create(ctx, e.ref, e.input(i)); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// latency reports the median and 99th percentile of the timed operation.
type latency []time.Duration

func (l latency) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	b.ReportMetric(float64(l[len(l)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(l[len(l)*99/100].Microseconds())/1000, "p99-ms")
}

// measure runs op in b.Loop and reports p50, p99 and the process's CPU time per
// operation: the work itself, whatever else the machine is doing.
func measure(b *testing.B, op func(i int64)) {
	b.Helper()
	var lat latency
	var i int64
	cpu0, cpuOK := cputime.Process()
	for b.Loop() {
		i++
		t0 := time.Now()
		op(i)
		lat = append(lat, time.Since(t0))
	}
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
	lat.report(b)
}

// BenchmarkCreateParallel is the same with 50 concurrent writers (the peer comparison's
// concurrency); ns/op is the inverse of throughput.
func BenchmarkCreateParallel(b *testing.B) {
	e := newBenchEnv(b)
	ctx := context.Background()
	var n atomic.Int64
	b.SetParallelism(max(1, 50/max(1, runtime.GOMAXPROCS(0))))
	cpu0, cpuOK := cputime.Process()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.svc.Create(ctx, e.ref, e.input(n.Add(1))); err != nil {
				b.Error(err)
				return
			}
		}
	})
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// seed stores n leads straight through the store (prepared once, then varied), so that
// list benchmarks start from a large form quickly.
func (e *benchEnv) seed(b *testing.B, n int) {
	b.Helper()
	ctx := context.Background()
	t, err := e.svc.resolve(ctx, e.ref)
	if err != nil {
		b.Fatal(err)
	}
	f, _, err := t.latestForm()
	if err != nil {
		b.Fatal(err)
	}
	const batch = 1000
	for start := 0; start < n; start += batch {
		err := e.st.WithTx(ctx, func(ctx context.Context) error {
			for i := start; i < min(n, start+batch); i++ {
				rec, err := f.Prepare(e.input(int64(i)), form.Create, form.Env{Now: store.Now()})
				if err != nil {
					return err
				}
				rec["leadNo"] = "XS-2026-" + strconv.Itoa(i)
				sd := storedDoc{Workspace: e.ref.Workspace, App: e.ref.App, Form: t.storedForm, FormVersion: t.latest.Version, Owner: e.ref.Actor, CreatedBy: e.ref.Actor, UpdatedBy: e.ref.Actor}
				data, err := sd.encode(f.AppendJSON(nil, rec))
				if err != nil {
					return err
				}
				if _, err := e.svc.records.Insert(ctx, store.Document{Data: data}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList is a 20-row page of 100,000 leads: filtered by status, newest first,
// decoded and ready to encode, through the service (membership, app, allow-list, parse).
func BenchmarkList(b *testing.B) {
	e := newBenchEnv(b)
	e.seed(b, 100_000)
	ctx := context.Background()
	q := ListQuery{Filter: `{"field":"status","op":"eq","value":"new"}`, Limit: "20"}
	// The first list ensures the form's indexes.
	if p, err := e.svc.List(ctx, e.ref, q); err != nil || len(p.Items) != 20 {
		b.Fatalf("%v %d", err, len(p.Items))
	}
	b.Run("status-newest", func(b *testing.B) {
		measure(b, func(int64) {
			if _, err := e.svc.List(ctx, e.ref, q); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("status-newest-total", func(b *testing.B) {
		q := q
		q.Total = true
		measure(b, func(int64) {
			if _, err := e.svc.List(ctx, e.ref, q); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("newest-page-50", func(b *testing.B) {
		// A deep page by cursor: keyset paging costs the same on page 50 as on page 1.
		var cursor string
		for range 50 {
			p, err := e.svc.List(ctx, e.ref, ListQuery{Limit: "20", Cursor: cursor})
			if err != nil {
				b.Fatal(err)
			}
			cursor = p.Next
		}
		measure(b, func(int64) {
			if _, err := e.svc.List(ctx, e.ref, ListQuery{Limit: "20", Cursor: cursor}); err != nil {
				b.Fatal(err)
			}
		})
	})
}
