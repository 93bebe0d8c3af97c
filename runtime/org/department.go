package org

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Department is a node of a workspace's org tree. Parent is "" for a root; Head is the
// user ID of its head (负责人), or "".
type Department struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Parent  string    `json:"parent"`
	Head    string    `json:"head"`
	Created time.Time `json:"created"`
}

type departmentDoc struct {
	WorkspaceID string    `json:"workspaceId"`
	Name        string    `json:"name"`
	Parent      string    `json:"parent"`
	Head        string    `json:"head"`
	Created     time.Time `json:"created"`
}

func (d departmentDoc) department(id string) Department {
	return Department{ID: id, Name: d.Name, Parent: d.Parent, Head: d.Head, Created: d.Created}
}

// DepartmentInput creates a department or, with nil fields left alone, changes one.
type DepartmentInput struct {
	Name   *string `json:"name"`
	Parent *string `json:"parent"`
	Head   *string `json:"head"`
}

// maxDepth bounds the tree so that walking it is cheap and cycles are impossible to miss.
const maxDepth = 32

// ListDepartments returns a workspace's departments as a flat list in creation order.
func (s *Service) ListDepartments(ctx context.Context, actor, ws string) ([]Department, error) {
	if _, err := s.membership(ctx, ws, actor); err != nil {
		return nil, err
	}
	return s.departmentsOf(ctx, ws)
}

func (s *Service) departmentsOf(ctx context.Context, ws string) ([]Department, error) {
	docs, err := store.FindAll(ctx, s.departments, store.Eq("workspaceId", ws))
	if err != nil {
		return nil, wrap("list departments", err)
	}
	out := make([]Department, len(docs))
	for i, d := range docs {
		dd, err := store.Decode[departmentDoc](d)
		if err != nil {
			return nil, err
		}
		out[i] = dd.department(d.ID)
	}
	return out, nil
}

// CreateDepartment adds a department; owners and admins only.
func (s *Service) CreateDepartment(ctx context.Context, actor, ws string, in DepartmentInput) (Department, error) {
	if _, err := s.requireAdmin(ctx, ws, actor); err != nil {
		return Department{}, err
	}
	if in.Name == nil {
		return Department{}, fault.FieldOf("/name", "required.name")
	}
	d := departmentDoc{WorkspaceID: ws, Created: s.now()}
	id := store.NewID()
	if err := s.applyDepartment(ctx, ws, id, &d, in); err != nil {
		return Department{}, err
	}
	doc, err := store.NewDocument(id, d)
	if err != nil {
		return Department{}, err
	}
	if _, err := s.departments.Insert(ctx, doc); err != nil {
		return Department{}, wrap("insert department", err)
	}
	return d.department(id), nil
}

// UpdateDepartment renames, moves or changes the head of a department.
func (s *Service) UpdateDepartment(ctx context.Context, actor, ws, id string, in DepartmentInput) (Department, error) {
	if _, err := s.requireAdmin(ctx, ws, actor); err != nil {
		return Department{}, err
	}
	if _, _, err := s.getDepartment(ctx, ws, id); err != nil {
		return Department{}, err
	}
	d, err := store.Modify(ctx, s.departments, id, func(d *departmentDoc) error {
		return s.applyDepartment(ctx, ws, id, d, in)
	})
	if err != nil {
		return Department{}, orgErr("update department", err)
	}
	return d.department(id), nil
}

func (s *Service) getDepartment(ctx context.Context, ws, id string) (store.Document, departmentDoc, error) {
	doc, err := s.departments.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return doc, departmentDoc{}, fault.ErrNotFound()
	}
	if err != nil {
		return doc, departmentDoc{}, wrap("get department", err)
	}
	d, err := store.Decode[departmentDoc](doc)
	if err != nil {
		return doc, d, err
	}
	if d.WorkspaceID != ws {
		return doc, departmentDoc{}, fault.ErrNotFound()
	}
	return doc, d, nil
}

// applyDepartment validates in and applies it to d (the department with the given id).
func (s *Service) applyDepartment(ctx context.Context, ws, id string, d *departmentDoc, in DepartmentInput) error {
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		switch {
		case n == "":
			return fault.FieldOf("/name", "required.name")
		case utf8.RuneCountInString(n) > 100:
			return fault.FieldOf("/name", "too_long.name")
		}
		d.Name = n
	}
	if in.Head != nil {
		if *in.Head != "" {
			if _, err := s.membership(ctx, ws, *in.Head); fault.Is(err, fault.NotFound) {
				return fault.FieldOf("/head", "not_member.head")
			} else if err != nil {
				return err
			}
		}
		d.Head = *in.Head
	}
	if in.Parent != nil {
		if err := s.checkParent(ctx, ws, id, *in.Parent); err != nil {
			return err
		}
		d.Parent = *in.Parent
	}
	return nil
}

// checkParent refuses unknown parents, cycles and trees deeper than maxDepth.
func (s *Service) checkParent(ctx context.Context, ws, id, parent string) error {
	if parent == "" {
		return nil
	}
	all, err := s.departmentsOf(ctx, ws)
	if err != nil {
		return err
	}
	byID := make(map[string]Department, len(all))
	for _, d := range all {
		byID[d.ID] = d
	}
	if _, ok := byID[parent]; !ok {
		return fault.FieldOf("/parent", "not_found.parent")
	}
	depth := 0
	for p := parent; p != ""; p = byID[p].Parent {
		if p == id {
			return fault.FieldOf("/parent", "cycle.parent")
		}
		if depth++; depth >= maxDepth { // the department itself is one level below its depth ancestors
			return fault.FieldOf("/parent", "too_deep.parent").Fill("max", maxDepth)
		}
	}
	return nil
}

// DeleteDepartment removes a department without sub-departments and takes it out of every
// member's list.
func (s *Service) DeleteDepartment(ctx context.Context, actor, ws, id string) error {
	if _, err := s.requireAdmin(ctx, ws, actor); err != nil {
		return err
	}
	if _, _, err := s.getDepartment(ctx, ws, id); err != nil {
		return err
	}
	n, err := s.departments.Count(ctx, store.And(store.Eq("workspaceId", ws), store.Eq("parent", id)))
	if err != nil {
		return wrap("count sub-departments", err)
	}
	if n > 0 {
		return fault.Of("has_children")
	}
	if err := s.departments.Delete(ctx, id, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		return wrap("delete department", err)
	}
	members, err := store.FindAll(ctx, s.members, store.Eq("workspaceId", ws))
	if err != nil {
		return wrap("list members", err)
	}
	for _, md := range members {
		m, err := store.Decode[memberDoc](md)
		if err != nil {
			return err
		}
		if !slices.Contains(m.Departments, id) {
			continue
		}
		if _, err := s.changeMember(ctx, ws, m.UserID, func(m *memberDoc) error {
			m.Departments = slices.DeleteFunc(m.Departments, func(d string) bool { return d == id })
			return nil
		}); err != nil && !fault.Is(err, fault.NotFound) {
			return err
		}
	}
	return nil
}

// checkDepartments requires every ID to be a department of ws.
func (s *Service) checkDepartments(ctx context.Context, ws, pointer string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	all, err := s.departmentsOf(ctx, ws)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(all))
	for _, d := range all {
		known[d.ID] = true
	}
	for i, id := range ids {
		if !known[id] {
			return fault.FieldOf(fmt.Sprintf("%s/%d", pointer, i), "not_found.parent")
		}
	}
	return nil
}

// clearHead leaves departments headed by a departing member without a head, rather than
// pointing approvals at someone who is gone.
func (s *Service) clearHead(ctx context.Context, ws, user string) error {
	docs, err := store.FindAll(ctx, s.departments, store.And(store.Eq("workspaceId", ws), store.Eq("head", user)))
	if err != nil {
		return wrap("list headed departments", err)
	}
	empty := ""
	for _, d := range docs {
		_, err := store.Modify(ctx, s.departments, d.ID, func(dd *departmentDoc) error {
			return s.applyDepartment(ctx, ws, d.ID, dd, DepartmentInput{Head: &empty})
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return orgErr("clear department head", err)
		}
	}
	return nil
}
