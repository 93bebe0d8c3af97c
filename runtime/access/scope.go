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
	o, err := s.orgOf(ctx, req.Workspace, req.Member.UserID)
	if err != nil {
		return nil, err
	}
	depts := map[string]bool{}
	for _, d := range req.Member.Departments {
		depts[d] = true
	}
	if tree {
		queue := slices.Clone(req.Member.Departments)
		for len(queue) > 0 {
			d := queue[0]
			queue = queue[1:]
			for _, c := range o.children[d] {
				if !depts[c] {
					depts[c] = true
					queue = append(queue, c)
				}
			}
		}
	}
	out := []string{req.Member.UserID}
	for d := range depts {
		for _, u := range o.members[d] {
			if !slices.Contains(out, u) {
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
	expires  time.Time
}

// orgTTL bounds how stale a cached org tree may be: the same second that policy changes
// take to reach every process.
const orgTTL = time.Second

type orgCache struct {
	mu sync.Mutex
	m  map[string]*orgView
}

func newOrgCache() *orgCache { return &orgCache{m: map[string]*orgView{}} }

func (s *Service) orgOf(ctx context.Context, ws, actor string) (*orgView, error) {
	now := s.now()
	s.orgCache.mu.Lock()
	v, ok := s.orgCache.m[ws]
	s.orgCache.mu.Unlock()
	if ok && now.Before(v.expires) {
		return v, nil
	}
	ms, err := s.org.ListMembers(ctx, actor, ws)
	if err != nil {
		return nil, err
	}
	ds, err := s.org.ListDepartments(ctx, actor, ws)
	if err != nil {
		return nil, err
	}
	v = &orgView{members: map[string][]string{}, children: map[string][]string{}, expires: now.Add(orgTTL)}
	for _, m := range ms {
		for _, d := range m.Departments {
			v.members[d] = append(v.members[d], m.UserID)
		}
	}
	for _, d := range ds {
		if d.Parent != "" {
			v.children[d.Parent] = append(v.children[d.Parent], d.ID)
		}
	}
	s.orgCache.mu.Lock()
	if len(s.orgCache.m) >= 4096 {
		s.orgCache.m = map[string]*orgView{}
	}
	s.orgCache.m[ws] = v
	s.orgCache.mu.Unlock()
	return v, nil
}
