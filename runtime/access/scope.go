package access

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/querylang"
)

// compileScope turns one permission's data scope into a store filter over stored records
// (zero: every record).
func (s *Service) compileScope(ctx context.Context, req records.AccessRequest, e *appEntry, p *template.Permission) (store.Filter, error) {
	user := req.Member.UserID
	switch p.ScopeKind() {
	case template.ScopeAll:
		return store.Filter{}, nil
	case template.ScopeOwn:
		return store.Eq("owner", user), nil
	case template.ScopeDepartment, template.ScopeDepartmentTree:
		owners, err := s.departmentPeople(ctx, req, p.ScopeKind() == template.ScopeDepartmentTree)
		if err != nil {
			return store.Filter{}, err
		}
		vals := make([]any, len(owners))
		for i, o := range owners {
			vals[i] = o
		}
		return store.In("owner", vals...), nil
	case template.ScopeFilter:
		i := slices.IndexFunc(e.template.Forms, func(f template.Form) bool { return f.Key == req.Form })
		if i < 0 {
			return store.Filter{}, fmt.Errorf("access: scope filter of unknown form %q", req.Form)
		}
		params := querylang.StandardParams(user, req.Member.Departments, s.now(), time.UTC)
		f, err := querylang.ParseFilter(p.Scope.Filter, e.template.QueryFields(i), params, "")
		if err != nil {
			return store.Filter{}, fmt.Errorf("access: scope filter of role %s: %w", p.Role, err)
		}
		if f.IsZero() {
			return f, nil
		}
		return records.StoredFilter(f), nil
	}
	return store.Filter{}, fmt.Errorf("access: unknown scope %q", p.ScopeKind())
}

// recordInScope tells whether the request's record lies in the permission's scope.
func (s *Service) recordInScope(ctx context.Context, req records.AccessRequest, e *appEntry, p *template.Permission) (bool, error) {
	rec := req.Record
	switch p.ScopeKind() {
	case template.ScopeAll:
		return true, nil
	case template.ScopeOwn:
		return rec.Owner == req.Member.UserID, nil
	case template.ScopeDepartment, template.ScopeDepartmentTree:
		owners, err := s.departmentPeople(ctx, req, p.ScopeKind() == template.ScopeDepartmentTree)
		return slices.Contains(owners, rec.Owner), err
	}
	f, err := s.compileScope(ctx, req, e, p)
	if err != nil || f.IsZero() {
		return err == nil, err
	}
	n, err := s.records.Count(ctx, store.And(store.Eq(store.PathID, rec.ID), f))
	if err != nil {
		return false, wrap("check record scope", err)
	}
	return n > 0, nil
}

// departmentPeople lists the actor and every member of the actor's departments (and, for
// a tree, of the departments below them).
func (s *Service) departmentPeople(ctx context.Context, req records.AccessRequest, tree bool) ([]string, error) {
	o, err := s.orgOf(ctx, req.Workspace)
	if err != nil {
		return nil, err
	}
	depts := map[string]bool{}
	for _, d := range req.Member.Departments {
		depts[d] = true
	}
	if tree {
		depts = o.subtree(req.Member.Departments)
	}
	seen := map[string]bool{req.Member.UserID: true}
	out := []string{req.Member.UserID}
	for d := range depts {
		for _, u := range o.members[d] {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// orgView is a workspace's departments as the scopes need them.
type orgView struct {
	members  map[string][]string // department → user IDs
	children map[string][]string // department → sub-departments
	parent   map[string]string   // department → its parent ("" for a root)
	roles    map[string]string   // user ID → platform role (owner, admin, member)
	expires  time.Time
}

// orgTTL bounds how stale a cached org tree may be: the same second that policy changes
// take to reach every process.
const orgTTL = time.Second

type orgCache struct {
	mu    sync.Mutex
	views map[string]*orgView // by workspace
}

func newOrgCache() *orgCache { return &orgCache{views: map[string]*orgView{}} }

// memberDoc and departmentDoc are the parts of runtime/org's documents access reads: the
// tree is needed on behalf of no particular actor (role holders, pipeline assignees).
type memberDoc struct {
	UserID      string   `json:"userId"`
	Role        string   `json:"role"`
	Departments []string `json:"departments"`
}

type departmentDoc struct {
	Parent string `json:"parent"`
}

// orgOf returns the workspace's members and department tree, cached for orgTTL.
func (s *Service) orgOf(ctx context.Context, ws string) (*orgView, error) {
	now := s.now()
	s.orgCache.mu.Lock()
	v, ok := s.orgCache.views[ws]
	s.orgCache.mu.Unlock()
	if ok && now.Before(v.expires) {
		return v, nil
	}
	ms, err := store.FindAll(ctx, s.members, store.Eq("workspaceId", ws))
	if err != nil {
		return nil, wrap("list members", err)
	}
	ds, err := store.FindAll(ctx, s.departments, store.Eq("workspaceId", ws))
	if err != nil {
		return nil, wrap("list departments", err)
	}
	v = &orgView{members: map[string][]string{}, children: map[string][]string{}, parent: map[string]string{},
		roles: map[string]string{}, expires: now.Add(orgTTL)}
	for _, d := range ms {
		m, err := store.Decode[memberDoc](d)
		if err != nil {
			return nil, err
		}
		v.roles[m.UserID] = m.Role
		for _, dep := range m.Departments {
			v.members[dep] = append(v.members[dep], m.UserID)
		}
	}
	for _, d := range ds {
		dd, err := store.Decode[departmentDoc](d)
		if err != nil {
			return nil, err
		}
		v.parent[d.ID] = dd.Parent
		if dd.Parent != "" {
			v.children[dd.Parent] = append(v.children[dd.Parent], d.ID)
		}
	}
	s.orgCache.mu.Lock()
	if len(s.orgCache.views) >= 4096 {
		s.orgCache.views = map[string]*orgView{}
	}
	s.orgCache.views[ws] = v
	s.orgCache.mu.Unlock()
	return v, nil
}

// subtree returns the departments and every department below them.
func (o *orgView) subtree(depts []string) map[string]bool {
	out := make(map[string]bool, len(depts))
	queue := slices.Clone(depts)
	for _, d := range depts {
		out[d] = true
	}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for _, c := range o.children[d] {
			if !out[c] {
				out[c] = true
				queue = append(queue, c)
			}
		}
	}
	return out
}

// holderDepartments returns the departments whose roles a member of depts holds: depts and
// every department above them, sorted.
func (s *Service) holderDepartments(ctx context.Context, ws string, depts []string) ([]string, error) {
	if len(depts) == 0 {
		return nil, nil
	}
	o, err := s.orgOf(ctx, ws)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(depts)
	for _, d := range depts {
		// The org tree is at most 32 deep and has no cycles; the bound only guards
		// against a corrupted one.
		for p, n := o.parent[d], 0; p != "" && n < 64; p, n = o.parent[p], n+1 {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}
