package access

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/store"
)

//go:embed model.conf
var modelText string

// maxDecisions bounds the decision cache of one snapshot; past it decisions are computed
// every time (still correct, only slower).
const maxDecisions = 100_000

// appEntry is one app version's compiled permissions.
type appEntry struct {
	appID     string
	workspace string
	version   int
	template  *template.Template
	policies  [][]string // p rules
}

// snapshot is one immutable policy: an enforcer per workspace and what they were built
// from. A new snapshot replaces it whole (sharing the enforcers of workspaces that did not
// change); decisions cached in it die with it. One enforcer per workspace keeps a decision
// from scanning every workspace's rules.
type snapshot struct {
	version   int64 // the change counter it was built at
	grouping  [][]string
	apps      map[string]*appEntry // by app ID
	enforcers map[string]*casbin.Enforcer

	decisions sync.Map // decisionKey → *decision
	cached    atomic.Int64
}

// compileApp turns an app version's permissions into p rules.
func compileApp(ws string, c *apps.Compiled) *appEntry {
	e := &appEntry{appID: c.AppID, workspace: ws, version: c.Version, template: c.Template}
	for _, p := range c.Template.Permissions {
		obj := formObject(c.AppID, p.Form)
		if p.Form == "" {
			obj = appObject(c.AppID) // app-level: manage
		}
		for _, act := range p.Actions {
			e.policies = append(e.policies, []string{roleSubject(c.AppID, p.Role), ws, obj, act})
		}
	}
	return e
}

// buildSnapshot builds every workspace's enforcer from the stored p and g rules (without
// their ptype); appsSeen are the app versions the process has resolved so far.
func buildSnapshot(version int64, pRules, grouping [][]string, appsSeen map[string]*appEntry) (*snapshot, error) {
	if appsSeen == nil {
		appsSeen = map[string]*appEntry{}
	}
	sn := &snapshot{version: version, grouping: grouping, apps: appsSeen, enforcers: map[string]*casbin.Enforcer{}}
	policies := map[string][][]string{}
	for _, p := range pRules {
		policies[p[1]] = append(policies[p[1]], p)
	}
	groups := map[string][][]string{}
	for _, g := range grouping {
		groups[g[2]] = append(groups[g[2]], g)
	}
	for ws, ps := range policies {
		e, err := newEnforcer(ps, groups[ws])
		if err != nil {
			return nil, err
		}
		sn.enforcers[ws] = e
	}
	return sn, nil
}

// loadEnforcer builds one workspace's enforcer from the rules stored for it, read through
// ctx: inside a transaction that has just stored an app version's rules (syncApp), the
// enforcer must see them, which a read outside the transaction would not.
func (s *Service) loadEnforcer(ctx context.Context, ws string) (*casbin.Enforcer, error) {
	rules, err := s.adapter.Rules(ctx, store.Eq("dom", ws))
	if err != nil {
		return nil, fmt.Errorf("access: load rules of %s: %w", ws, err)
	}
	p, g := splitRules(rules)
	return newEnforcer(p, g)
}

// splitRules parts stored rules into Casbin's policies (p) and groupings (g), each without
// its kind.
func splitRules(rules [][]string) (p, g [][]string) {
	for _, r := range rules {
		switch r[0] {
		case "p":
			p = append(p, r[1:])
		case "g":
			g = append(g, r[1:])
		}
	}
	return p, g
}

// syncApp stores the p rules of an app version in place of the app's previous ones, unless
// a newer version's rules are stored already.
func (s *Service) syncApp(ctx context.Context, e *appEntry, version int) error {
	app := e.appID
	stored, err := store.FindAll(ctx, s.adapter.rules, store.And(store.Eq("dom", e.workspace), store.Eq("ptype", "p"), store.Eq("app", app)))
	if err != nil {
		return wrap("load app rules", err)
	}
	want := make(map[string]bool, len(e.policies))
	for _, p := range e.policies {
		want[ruleID("p", p)] = true
	}
	var stale [][]string
	for _, d := range stored {
		r, err := store.Decode[ruleDoc](d)
		if err != nil {
			return err
		}
		if r.Ver > version {
			return nil
		}
		if !want[d.ID] {
			stale = append(stale, r.rule())
		}
	}
	if err := s.adapter.RemovePoliciesCtx(ctx, "p", stale); err != nil {
		return err
	}
	return s.adapter.AddPoliciesCtx(ctx, "p", e.policies, version)
}

// newEnforcer builds one workspace's enforcer.
func newEnforcer(policies, grouping [][]string) (*casbin.Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("access: model: %w", err)
	}
	e, err := casbin.NewEnforcer(m)
	if err != nil {
		return nil, fmt.Errorf("access: enforcer: %w", err)
	}
	e.EnableAutoSave(false)
	if len(policies) > 0 {
		if _, err := e.AddPolicies(dedupe(policies)); err != nil {
			return nil, fmt.Errorf("access: add policies: %w", err)
		}
	}
	if len(grouping) > 0 {
		if _, err := e.AddGroupingPolicies(dedupe(grouping)); err != nil {
			return nil, fmt.Errorf("access: add assignments: %w", err)
		}
	}
	return e, nil
}

// dedupe drops repeated rules (AddPolicies refuses a batch holding one twice).
func dedupe(rules [][]string) [][]string {
	seen := make(map[string]bool, len(rules))
	out := make([][]string, 0, len(rules))
	for _, r := range rules {
		k := fmt.Sprintf("%q", r)
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// withApp returns a snapshot that knows app version c, building and swapping in a new one
// (only the app's workspace's enforcer is rebuilt) when the current one does not.
func (s *Service) withApp(ctx context.Context, sn *snapshot, ws string, c *apps.Compiled) (*snapshot, *appEntry, error) {
	if e, ok := sn.apps[c.AppID]; ok && e.version == c.Version && e.workspace == ws {
		return sn, e, nil
	}
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	cur := s.snap.Load()
	if e, ok := cur.apps[c.AppID]; ok && e.version == c.Version && e.workspace == ws {
		return cur, e, nil
	}
	if e, ok := cur.apps[c.AppID]; ok && e.version > c.Version {
		// A newer version is already in force; a slow request about an older one is
		// answered from its own permissions without going backwards.
		return cur, compileApp(ws, c), nil
	}
	entry := compileApp(ws, c)
	// The version's rules go to the store (the publish normally wrote them already) and the
	// workspace's enforcer is reloaded from there, with the assignments made since.
	if err := s.syncApp(ctx, entry, c.Version); err != nil {
		return nil, nil, err
	}
	e, err := s.loadEnforcer(ctx, ws)
	if err != nil {
		return nil, nil, err
	}
	next := &snapshot{version: cur.version, apps: make(map[string]*appEntry, len(cur.apps)+1),
		enforcers: make(map[string]*casbin.Enforcer, len(cur.enforcers)+1)}
	for k, v := range cur.apps {
		next.apps[k] = v
	}
	next.apps[c.AppID] = entry
	for _, g := range cur.grouping {
		if g[2] != ws {
			next.grouping = append(next.grouping, g)
		}
	}
	wsGroups, err := e.GetGroupingPolicy()
	if err != nil {
		return nil, nil, fmt.Errorf("access: assignments: %w", err)
	}
	next.grouping = append(next.grouping, wsGroups...)
	for k, v := range cur.enforcers {
		next.enforcers[k] = v
	}
	next.enforcers[ws] = e
	if store.InTx(ctx, s.st) {
		// Read through an open transaction, the rules and assignments may hold writes that
		// are never committed: this request is answered from them, and the next one outside
		// a transaction builds the snapshot everyone shares.
		return next, entry, nil
	}
	s.snap.Store(next)
	return next, entry, nil
}

// decisionKey identifies one question whose answer depends only on the snapshot.
type decisionKey struct {
	ws, app, form, action, user, depts string
}

// decision is which permissions of the actor's roles grant the action on the form.
type decision struct {
	perms []*template.Permission
	// The field rules of perms, computed once: they are the same for every request the
	// decision answers (callers only read them).
	hidden, readOnly map[string]bool
}

// decide answers from the cache or from the enforcer.
func (sn *snapshot) decide(k decisionKey, depts []string, e *appEntry) (*decision, error) {
	if d, ok := sn.decisions.Load(k); ok {
		return d.(*decision), nil
	}
	subjects := make([]string, 0, 1+len(depts))
	subjects = append(subjects, k.user)
	for _, d := range depts {
		subjects = append(subjects, deptSubject(d))
	}
	obj := formObject(k.app, k.form)
	allowed := false
	enf := sn.enforcers[k.ws]
	for _, sub := range subjects {
		if enf == nil {
			break // no rules in the workspace: nothing is granted
		}
		ok, err := enf.Enforce(sub, k.ws, obj, k.action)
		if err != nil {
			return nil, fmt.Errorf("access: enforce: %w", err)
		}
		if ok {
			allowed = true
			break
		}
	}
	d := &decision{}
	if allowed {
		// The roles held (directly or through a department) name the permissions whose
		// scopes and field rules apply.
		prefix := k.app + ":"
		var roles []string
		for _, sub := range subjects {
			for _, r := range enf.GetRolesForUserInDomain(sub, k.ws) {
				if len(r) > len(prefix) && r[:len(prefix)] == prefix && !slices.Contains(roles, r[len(prefix):]) {
					roles = append(roles, r[len(prefix):])
				}
			}
		}
		for i := range e.template.Permissions {
			p := &e.template.Permissions[i]
			if p.Form == k.form && slices.Contains(roles, p.Role) && slices.Contains(p.Actions, k.action) {
				d.perms = append(d.perms, p)
			}
		}
	}
	if len(d.perms) > 0 {
		d.hidden = hiddenFields(d.perms)
		d.readOnly = readOnlyFields(d.perms, d.hidden)
	}
	if sn.cached.Load() < maxDecisions {
		if _, loaded := sn.decisions.LoadOrStore(k, d); !loaded {
			sn.cached.Add(1)
		}
	}
	return d, nil
}
