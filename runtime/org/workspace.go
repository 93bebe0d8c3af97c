package org

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Workspace is a tenant. Role is the caller's role in it.
type Workspace struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Timezone string    `json:"timezone"`
	Role     string    `json:"role"`
	Created  time.Time `json:"created"`
}

type workspaceDoc struct {
	Name      string    `json:"name"`
	Timezone  string    `json:"timezone"`
	CreatedBy string    `json:"createdBy"`
	Created   time.Time `json:"created"`
}

func checkWorkspaceName(name string) (string, error) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return "", fault.FieldOf("/name", "required.name")
	case utf8.RuneCountInString(n) > 100:
		return "", fault.FieldOf("/name", "too_long.name")
	}
	return n, nil
}

// CreateWorkspace makes a workspace with the actor as its owner.
func (s *Service) CreateWorkspace(ctx context.Context, actor, name string) (Workspace, error) {
	name, err := checkWorkspaceName(name)
	if err != nil {
		return Workspace{}, err
	}
	wd := workspaceDoc{Name: name, Timezone: s.timezone, CreatedBy: actor, Created: s.now()}
	doc, err := store.NewDocument("", wd)
	if err != nil {
		return Workspace{}, err
	}
	// Together where the engine allows; without transactions a crash in between leaves an
	// unreachable workspace, which is harmless.
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.workspaces.Insert(ctx, doc); err != nil {
			return wrap("insert workspace", err)
		}
		return s.insertMember(ctx, doc.ID, actor, RoleOwner, nil)
	})
	if err != nil {
		return Workspace{}, err
	}
	return Workspace{ID: doc.ID, Name: name, Timezone: wd.Timezone, Role: RoleOwner, Created: wd.Created}, nil
}

// ListWorkspaces returns the workspaces the actor belongs to, oldest membership first.
func (s *Service) ListWorkspaces(ctx context.Context, actor string) ([]Workspace, error) {
	mds, err := store.FindAll(ctx, s.members, store.Eq("userId", actor))
	if err != nil {
		return nil, wrap("list memberships", err)
	}
	out := make([]Workspace, 0, len(mds))
	for _, md := range mds {
		m, err := store.Decode[memberDoc](md)
		if err != nil {
			return nil, err
		}
		w, err := s.loadWorkspace(ctx, m.WorkspaceID)
		if fault.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		w.Role = m.Role
		out = append(out, w)
	}
	return out, nil
}

func (s *Service) loadWorkspace(ctx context.Context, id string) (Workspace, error) {
	doc, err := s.workspaces.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Workspace{}, fault.ErrNotFound()
	}
	if err != nil {
		return Workspace{}, wrap("get workspace", err)
	}
	wd, err := store.Decode[workspaceDoc](doc)
	if err != nil {
		return Workspace{}, err
	}
	return Workspace{ID: doc.ID, Name: wd.Name, Timezone: wd.Timezone, Created: wd.Created}, nil
}

// GetWorkspace returns a workspace the actor belongs to.
func (s *Service) GetWorkspace(ctx context.Context, actor, ws string) (Workspace, error) {
	m, err := s.membership(ctx, ws, actor)
	if err != nil {
		return Workspace{}, err
	}
	w, err := s.loadWorkspace(ctx, ws)
	if err != nil {
		return Workspace{}, err
	}
	w.Role = m.Role
	return w, nil
}

// RenameWorkspace changes the name; owners and admins only.
func (s *Service) RenameWorkspace(ctx context.Context, actor, ws, name string) (Workspace, error) {
	m, err := s.requireAdmin(ctx, ws, actor)
	if err != nil {
		return Workspace{}, err
	}
	name, err = checkWorkspaceName(name)
	if err != nil {
		return Workspace{}, err
	}
	wd, err := store.Modify(ctx, s.workspaces, ws, func(wd *workspaceDoc) error {
		wd.Name = name
		return nil
	})
	if err != nil {
		return Workspace{}, wrap("rename workspace", err)
	}
	return Workspace{ID: ws, Name: name, Timezone: wd.Timezone, Role: m.Role, Created: wd.Created}, nil
}

// WorkspaceName returns a workspace's name without a membership check: for an invitee's
// setup page, who holds a valid link into it but is not signed in yet.
func (s *Service) WorkspaceName(ctx context.Context, ws string) (string, error) {
	w, err := s.loadWorkspace(ctx, ws)
	return w.Name, err
}
