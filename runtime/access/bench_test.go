package access

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store/sqlite"
)

// benchPolicies builds 1,000 workspaces with one app each: 2 roles × 5 actions = 10 p rules
// per app (10,000 in all) and 10 users per workspace holding a role (10,000 g rules).
func benchPolicies(b *testing.B) (*Service, records.AccessRequest) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(b.TempDir(), "bench.db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	for _, spec := range Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			b.Fatal(err)
		}
	}
	s := New(st, nil, nil, Options{})
	all := map[string]*appEntry{}
	var grouping [][]string
	var req records.AccessRequest
	for w := range 1000 {
		ws, app := fmt.Sprintf("ws%04d", w), fmt.Sprintf("app%04d", w)
		tpl := &template.Template{
			Forms: []template.Form{{Key: "lead"}},
			Roles: []template.Role{{Key: "sales"}, {Key: "super"}},
			Permissions: []template.Permission{
				{Role: "sales", Form: "lead", Actions: []string{"create", "read", "update", "delete", "export"}, Scope: &template.Scope{Kind: template.ScopeOwn}, Fields: map[string]string{"budget": "hidden"}},
				{Role: "super", Form: "lead", Actions: []string{"create", "read", "update", "delete", "export"}},
			},
		}
		c := &apps.Compiled{AppID: app, Version: 1, Template: tpl}
		all[app] = compileApp(ws, c)
		for u := range 10 {
			user := fmt.Sprintf("u%04d-%d", w, u)
			grouping = append(grouping, []string{user, roleSubject(app, "sales"), ws})
			if w == 500 && u == 3 {
				req = records.AccessRequest{Member: org.Member{UserID: user, Role: org.RoleMember}, Workspace: ws, App: c, Form: "lead", Action: records.ActionRead}
			}
		}
	}
	var policies [][]string
	for _, a := range all {
		policies = append(policies, a.policies...)
	}
	sn, err := buildSnapshot(0, policies, grouping, all)
	if err != nil {
		b.Fatal(err)
	}
	s.snap.Store(sn)
	return s, req
}

// BenchmarkAuthorize is one decision as records asks for it, the policy's answer cached.
func BenchmarkAuthorize(b *testing.B) {
	s, req := benchPolicies(b)
	ctx := context.Background()
	if g, err := s.Authorize(ctx, req); err != nil || !g.Hidden["budget"] || g.Scope.IsZero() {
		b.Fatalf("decision: %+v %v", g, err)
	}
	b.ReportAllocs()
	// Decisions are timed in batches of 16 (a clock read per decision would be a tenth of
	// its cost); the batches' per-decision times give the median and p99.
	const batch = 16
	var samples []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		for range batch {
			if _, err := s.Authorize(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
		samples = append(samples, time.Since(t0)/batch)
	}
	b.StopTimer()
	slices.Sort(samples)
	if n := len(samples); n > 0 {
		b.ReportMetric(float64(samples[n/2].Nanoseconds()), "p50-ns/decision")
		b.ReportMetric(float64(samples[n*99/100].Nanoseconds()), "p99-ns/decision")
	}
}

// BenchmarkEnforceUncached is Casbin's own decision in one workspace's enforcer, what a
// cache miss costs.
func BenchmarkEnforceUncached(b *testing.B) {
	s, req := benchPolicies(b)
	e := s.snap.Load().enforcers[req.Workspace]
	obj := formObject(req.App.AppID, "lead")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ok, err := e.Enforce(req.Member.UserID, req.Workspace, obj, "read")
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
