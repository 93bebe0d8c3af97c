package access_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/access"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store/sqlite"
)

// benchApp: salespeople create and see their own leads; supervisors see their department
// tree's.
const benchApp = `{
  "key": "bench-leads",
  "name": {"zh-CN": "线索", "en": "Leads"},
  "forms": [{"key": "lead", "name": {"zh-CN": "线索", "en": "Lead"},
    "schema": {"type": "object", "required": ["subject"], "properties": {
      "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "主题", "en": "Subject"}}},
      "status": {"type": "string", "enum": ["new", "following", "closed"], "x-formloom": {"type": "select", "label": {"zh-CN": "状态", "en": "Status"},
        "options": [{"value": "new", "label": {"zh-CN": "新", "en": "New"}}, {"value": "following", "label": {"zh-CN": "跟进", "en": "Following"}}, {"value": "closed", "label": {"zh-CN": "关闭", "en": "Closed"}}]}},
      "budget": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "预算", "en": "Budget"}}}
    }}}],
  "roles": [{"key": "sales", "name": {"zh-CN": "销售", "en": "Sales"}}, {"key": "supervisor", "name": {"zh-CN": "主管", "en": "Supervisor"}}],
  "permissions": [
    {"role": "sales", "form": "lead", "actions": ["create", "read"], "scope": "own"},
    {"role": "supervisor", "form": "lead", "actions": ["read"], "scope": "departmentTree"}
  ]
}`

// listBench is 100,000 leads in one workspace whose org is a root, 3 regions, 3 teams per
// region and 10 salespeople per team (90 people, each owning about 1,111 leads); one
// supervisor per region and one per team, each a member of that department.
type listBench struct {
	svc        *records.Service
	ws, app    string
	regionBoss string // sees a region: 30 people, a third of the leads
	teamBoss   string // sees a team: 10 people, a ninth of the leads
}

func newListBench(b *testing.B, n int) *listBench {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(b.TempDir(), "bench.db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	for _, spec := range slices.Concat(account.Collections(), org.Collections(), apps.Collections(), records.Collections(), access.Collections()) {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			b.Fatal(err)
		}
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	acc, err := account.New(st, account.Options{Hash: account.TestHashParams, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	people := org.New(st, acc, "Asia/Shanghai")
	user := func(name string) string {
		u, err := acc.CreateUser(ctx, name+"@formloom.test", name, "bench-password")
		if err != nil {
			b.Fatal(err)
		}
		return u.ID
	}
	owner := user("owner")
	w, err := people.CreateWorkspace(ctx, owner, "Bench")
	if err != nil {
		b.Fatal(err)
	}
	dept := func(name, parent string) string {
		d, err := people.CreateDepartment(ctx, owner, w.ID, org.DepartmentInput{Name: &name, Parent: &parent})
		if err != nil {
			b.Fatal(err)
		}
		return d.ID
	}
	invite := func(name string, depts ...string) string {
		id := user(name)
		if _, err := people.InviteMember(ctx, owner, w.ID, org.Invite{Email: name + "@formloom.test", Role: org.RoleMember, Departments: depts}); err != nil {
			b.Fatal(err)
		}
		return id
	}
	appSvc, err := apps.New(st, people, nil)
	if err != nil {
		b.Fatal(err)
	}
	ac := access.New(st, people, appSvc, access.Options{Logger: quiet})
	appSvc.UseAccess(ac)
	a, err := appSvc.Create(ctx, owner, w.ID, apps.NewApp{Definition: json.RawMessage(benchApp)})
	if err != nil {
		b.Fatal(err)
	}
	lb := &listBench{svc: records.New(st, appSvc, people, records.Options{Access: ac, Logger: quiet}), ws: w.ID, app: a.ID}
	root := dept("总部", "")
	var sales []string
	for r := range 3 {
		region := dept(fmt.Sprintf("区域%d", r), root)
		boss := invite(fmt.Sprintf("region%d", r), region)
		if r == 0 {
			lb.regionBoss = boss
		}
		for tm := range 3 {
			team := dept(fmt.Sprintf("区域%d-组%d", r, tm), region)
			boss := invite(fmt.Sprintf("team%d-%d", r, tm), team)
			if r == 0 && tm == 0 {
				lb.teamBoss = boss
			}
			if err := ac.Assign(ctx, owner, w.ID, a.ID, "supervisor", access.Assignee{User: boss}); err != nil {
				b.Fatal(err)
			}
			for p := range 10 {
				sales = append(sales, invite(fmt.Sprintf("s%d-%d-%d", r, tm, p), team))
			}
		}
		if err := ac.Assign(ctx, owner, w.ID, a.ID, "supervisor", access.Assignee{User: boss}); err != nil {
			b.Fatal(err)
		}
	}
	// The whole company sells: the role is given to the root and reaches every team.
	if err := ac.Assign(ctx, owner, w.ID, a.ID, "sales", access.Assignee{Department: root}); err != nil {
		b.Fatal(err)
	}
	// Leads go in through records.Create, round robin over the salespeople, 16 writers.
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				ref := records.Ref{Actor: sales[i%int64(len(sales))], Workspace: w.ID, App: a.ID, Form: "lead"}
				in := fmt.Sprintf(`{"subject":"Lead %d","status":%q,"budget":%d}`, i, []string{"new", "following", "closed"}[i%3], i%5000)
				if _, err := lb.svc.Create(ctx, ref, json.RawMessage(in)); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	return lb
}

// BenchmarkListDepartmentTree is a 20-lead page, newest first, as a supervisor whose scope
// is a department tree, over 100,000 leads on SQLite, through records.Service (membership,
// app, permissions, scope filter, query, field rules).
func BenchmarkListDepartmentTree(b *testing.B) {
	lb := newListBench(b, 100_000)
	ctx := context.Background()
	for _, c := range []struct{ name, actor, filter string }{
		{"region", lb.regionBoss, ""},
		{"team", lb.teamBoss, ""},
		{"team-status", lb.teamBoss, `{"field":"status","op":"eq","value":"closed"}`},
	} {
		b.Run(c.name, func(b *testing.B) {
			ref := records.Ref{Actor: c.actor, Workspace: lb.ws, App: lb.app, Form: "lead"}
			q := records.ListQuery{Limit: "20", Filter: c.filter}
			if p, err := lb.svc.List(ctx, ref, q); err != nil || len(p.Items) != 20 {
				b.Fatalf("first page: %d items, %v", len(p.Items), err)
			}
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := lb.svc.List(ctx, ref, q); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
