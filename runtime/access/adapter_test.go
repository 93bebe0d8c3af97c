package access_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/formloom/formloom/store/mongo/ferrettest"

	"github.com/formloom/formloom/runtime/access"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
	"github.com/formloom/formloom/store/sqlite"
)

// ferretURI is the address of a FerretDB started in this test binary ("" when it did not
// start); every test opens a database of its own on it.
var (
	ferretURI string
	dbSeq     atomic.Int64
	runID     = time.Now().UnixNano() % 1_000_000
)

func TestMain(m *testing.M) { os.Exit(ferrettest.Main(m, func(uri string) { ferretURI = uri })) }

// engines opens a fresh store per engine: SQLite and FerretDB (MongoDB's wire protocol).
func engines(t *testing.T) map[string]store.Store {
	t.Helper()
	ctx := context.Background()
	sq, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "a.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sq.Close() })
	out := map[string]store.Store{"sqlite": sq}
	mg, err := mongo.Open(ctx, mongo.Options{URI: ferretURI, Database: fmt.Sprintf("acc%d_%d", runID, dbSeq.Add(1)), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mg.Close() })
	out["ferretdb"] = mg
	for _, st := range out {
		for _, spec := range access.Collections() {
			if err := st.EnsureCollection(ctx, spec); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

const rbacModel = `
[request_definition]
r = sub, dom, obj, act
[policy_definition]
p = sub, dom, obj, act
[role_definition]
g = _, _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
`

func newEnforcer(t *testing.T, a *access.Adapter) *casbin.Enforcer {
	t.Helper()
	m, err := model.NewModelFromString(rbacModel)
	if err != nil {
		t.Fatal(err)
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		t.Fatal(err)
	}
	e.SetAdapter(a)
	return e
}

func mustEnforce(t *testing.T, e *casbin.Enforcer, want bool, rvals ...any) {
	t.Helper()
	ok, err := e.Enforce(rvals...)
	if err != nil || ok != want {
		t.Fatalf("Enforce%v = %v, %v; want %v", rvals, ok, err, want)
	}
}

func sorted(rules [][]string) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = strings.Join(r, ",")
	}
	slices.Sort(out)
	return out
}

// TestAdapterConformance drives the adapter through Casbin's auto-save API on both
// engines: what one enforcer saves another loads, filtered by workspace or not.
func TestAdapterConformance(t *testing.T) {
	for name, st := range engines(t) {
		t.Run(name, func(t *testing.T) {
			w := newEnforcer(t, access.NewAdapter(st))
			if err := w.LoadPolicy(); err != nil {
				t.Fatal(err)
			}
			for _, p := range [][]string{
				{"app1:sales", "ws1", "app1:lead", "read"},
				{"app1:sales", "ws1", "app1:lead", "create"},
				{"app2:audit", "ws2", "app2:lead", "read"},
			} {
				if _, err := w.AddPolicy(p); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := w.AddGroupingPolicies([][]string{{"u1", "app1:sales", "ws1"}, {"dept:d1", "app1:sales", "ws1"}, {"u2", "app2:audit", "ws2"}}); err != nil {
				t.Fatal(err)
			}
			// Storing a rule twice is one rule.
			if err := access.NewAdapter(st).AddPolicy("p", "p", []string{"app1:sales", "ws1", "app1:lead", "read"}); err != nil {
				t.Fatal(err)
			}

			all := newEnforcer(t, access.NewAdapter(st))
			if err := all.LoadPolicy(); err != nil {
				t.Fatal(err)
			}
			mustEnforce(t, all, true, "u1", "ws1", "app1:lead", "read")
			mustEnforce(t, all, true, "dept:d1", "ws1", "app1:lead", "create")
			mustEnforce(t, all, true, "u2", "ws2", "app2:lead", "read")
			mustEnforce(t, all, false, "u1", "ws2", "app2:lead", "read")
			if p, _ := all.GetPolicy(); len(p) != 3 {
				t.Fatalf("policies = %v", p)
			}

			a := access.NewAdapter(st)
			one := newEnforcer(t, a)
			if err := one.LoadFilteredPolicy(access.Filter{Workspace: "ws1"}); err != nil {
				t.Fatal(err)
			}
			if !a.IsFiltered() {
				t.Fatal("not filtered after a filtered load")
			}
			p, _ := one.GetPolicy()
			g, _ := one.GetGroupingPolicy()
			if got, want := sorted(append(p, g...)), []string{"app1:sales,ws1,app1:lead,create", "app1:sales,ws1,app1:lead,read", "dept:d1,app1:sales,ws1", "u1,app1:sales,ws1"}; !slices.Equal(got, want) {
				t.Fatalf("ws1 rules = %v, want %v", got, want)
			}
			if err := one.SavePolicy(); err == nil {
				t.Fatal("saved a filtered policy over every workspace's")
			}

			// Removals through the enforcer reach the store.
			if _, err := w.RemoveGroupingPolicy("u1", "app1:sales", "ws1"); err != nil {
				t.Fatal(err)
			}
			if _, err := w.RemoveFilteredPolicy(0, "app1:sales", "", "", "create"); err != nil {
				t.Fatal(err)
			}
			if _, err := w.RemovePolicies([][]string{{"app2:audit", "ws2", "app2:lead", "read"}}); err != nil {
				t.Fatal(err)
			}
			after := newEnforcer(t, access.NewAdapter(st))
			if err := after.LoadPolicy(); err != nil {
				t.Fatal(err)
			}
			mustEnforce(t, after, false, "u1", "ws1", "app1:lead", "read")
			mustEnforce(t, after, true, "dept:d1", "ws1", "app1:lead", "read")
			mustEnforce(t, after, false, "dept:d1", "ws1", "app1:lead", "create")
			mustEnforce(t, after, false, "u2", "ws2", "app2:lead", "read")

			// SavePolicy replaces everything stored with the enforcer's policy.
			if _, err := after.AddPolicy("app3:x", "ws3", "app3:f", "read"); err != nil {
				t.Fatal(err)
			}
			if err := after.SavePolicy(); err != nil {
				t.Fatal(err)
			}
			last := newEnforcer(t, access.NewAdapter(st))
			if err := last.LoadPolicy(); err != nil {
				t.Fatal(err)
			}
			p, _ = last.GetPolicy()
			g, _ = last.GetGroupingPolicy()
			if got, want := sorted(append(p, g...)), []string{"app1:sales,ws1,app1:lead,read", "app3:x,ws3,app3:f,read", "dept:d1,app1:sales,ws1", "u2,app2:audit,ws2"}; !slices.Equal(got, want) {
				t.Fatalf("after save = %v, want %v", got, want)
			}
		})
	}
}
