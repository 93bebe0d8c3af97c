package org

import (
	"context"
	"errors"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Platform roles of a workspace member.
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// Member is a person in a workspace.
type Member struct {
	UserID      string    `json:"userId"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	Role        string    `json:"role"`
	Status      string    `json:"status"`
	Departments []string  `json:"departments"`
	Joined      time.Time `json:"joined"`
}

type memberDoc struct {
	WorkspaceID string    `json:"workspaceId"`
	UserID      string    `json:"userId"`
	Role        string    `json:"role"`
	Departments []string  `json:"departments"`
	Joined      time.Time `json:"joined"`
}

// memberID is deterministic so that a person is a member of a workspace at most once,
// on every engine, without a compound unique index.
func memberID(ws, user string) string { return ws + ":" + user }

func (s *Service) insertMember(ctx context.Context, ws, user, role string, depts []string) error {
	if depts == nil {
		depts = []string{}
	}
	doc, err := store.NewDocument(memberID(ws, user), memberDoc{WorkspaceID: ws, UserID: user, Role: role, Departments: depts, Joined: s.now()})
	if err != nil {
		return err
	}
	forget(ctx)
	if _, err := s.members.Insert(ctx, doc); err != nil {
		if errors.Is(err, store.ErrExists) {
			return fault.Of("already_member").
				WithProblem("/email", fault.Problem("already_member.email"))
		}
		return wrap("insert member", err)
	}
	return nil
}

// membership returns the actor's membership, or not_found when there is none.
func (s *Service) membership(ctx context.Context, ws, user string) (memberDoc, error) {
	if ws == "" || user == "" {
		return memberDoc{}, fault.ErrNotFound()
	}
	id := memberID(ws, user)
	memo := memoFrom(ctx)
	if m, ok := memo.Get(id); ok {
		return m, nil
	}
	doc, err := s.members.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return memberDoc{}, fault.ErrNotFound()
	}
	if err != nil {
		return memberDoc{}, wrap("get membership", err)
	}
	m, err := store.Decode[memberDoc](doc)
	if err == nil {
		memo.Put(id, m)
	}
	return m, err
}

// Membership tells whether user belongs to ws and with which role (not_found otherwise).
func (s *Service) Membership(ctx context.Context, ws, user string) (Member, error) {
	m, err := s.membership(ctx, ws, user)
	if err != nil {
		return Member{}, err
	}
	return Member{UserID: m.UserID, Role: m.Role, Departments: m.Departments, Joined: m.Joined}, nil
}

func (s *Service) requireAdmin(ctx context.Context, ws, actor string) (memberDoc, error) {
	m, err := s.membership(ctx, ws, actor)
	if err != nil {
		return m, err
	}
	if m.Role != RoleOwner && m.Role != RoleAdmin {
		return m, fault.ErrForbidden()
	}
	return m, nil
}

func checkRole(pointer, role, actorRole string) error {
	switch role {
	case RoleAdmin, RoleMember:
		return nil
	case RoleOwner:
		if actorRole == RoleOwner {
			return nil
		}
		return fault.Of("forbidden.owner_only")
	}
	return fault.FieldOf(pointer, "enum.role")
}

// ListMembers returns every member of a workspace the actor belongs to.
func (s *Service) ListMembers(ctx context.Context, actor, ws string) ([]Member, error) {
	if _, err := s.membership(ctx, ws, actor); err != nil {
		return nil, err
	}
	docs, err := store.FindAll(ctx, s.members, store.Eq("workspaceId", ws))
	if err != nil {
		return nil, wrap("list members", err)
	}
	mds := make([]memberDoc, len(docs))
	ids := make([]string, len(docs))
	for i, d := range docs {
		if mds[i], err = store.Decode[memberDoc](d); err != nil {
			return nil, err
		}
		ids[i] = mds[i].UserID
	}
	users, err := s.people.UsersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Member, 0, len(mds))
	for _, m := range mds {
		u := users[m.UserID]
		out = append(out, Member{UserID: m.UserID, Email: u.Email, Name: u.Name, Role: m.Role, Status: u.Status, Departments: m.Departments, Joined: m.Joined})
	}
	return out, nil
}

// Invite is an admin's request to add a person.
type Invite struct {
	Email       string   `json:"email"`
	Name        string   `json:"name"`
	Role        string   `json:"role"`
	Departments []string `json:"departments"`
}

// Invited is the new member and, for people without an account yet, the one-time secret of
// their setup link (no mail server is needed: the admin passes the link on).
type Invited struct {
	Member      Member
	SetupSecret string
}

// InviteMember adds a person by e-mail, creating a pending account if needed.
func (s *Service) InviteMember(ctx context.Context, actor, ws string, in Invite) (Invited, error) {
	am, err := s.requireAdmin(ctx, ws, actor)
	if err != nil {
		return Invited{}, err
	}
	if in.Role == "" {
		in.Role = RoleMember
	}
	if err := checkRole("/role", in.Role, am.Role); err != nil {
		return Invited{}, err
	}
	if err := s.checkDepartments(ctx, ws, "/departments", in.Departments); err != nil {
		return Invited{}, err
	}
	u, err := s.people.FindByEmail(ctx, in.Email)
	if fault.Is(err, fault.NotFound) {
		u, err = s.people.CreatePending(ctx, in.Email, in.Name)
	}
	if err != nil {
		return Invited{}, err
	}
	if err := s.insertMember(ctx, ws, u.ID, in.Role, in.Departments); err != nil {
		return Invited{}, err
	}
	out := Invited{Member: Member{UserID: u.ID, Email: u.Email, Name: u.Name, Role: in.Role, Status: u.Status, Departments: nonNil(in.Departments), Joined: s.now()}}
	if u.Status != "active" {
		if out.SetupSecret, err = s.people.IssueSetup(ctx, u.ID, ws); err != nil {
			return Invited{}, err
		}
	}
	return out, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MemberChange is a partial update of a membership; nil fields stay as they are.
type MemberChange struct {
	Role        *string   `json:"role"`
	Departments *[]string `json:"departments"`
}

// UpdateMember changes a member's role or departments; owners and admins only, and only an
// owner touches an owner.
func (s *Service) UpdateMember(ctx context.Context, actor, ws, user string, ch MemberChange) (Member, error) {
	am, err := s.requireAdmin(ctx, ws, actor)
	if err != nil {
		return Member{}, err
	}
	if ch.Role != nil {
		if err := checkRole("/role", *ch.Role, am.Role); err != nil {
			return Member{}, err
		}
	}
	if ch.Departments != nil {
		if err := s.checkDepartments(ctx, ws, "/departments", *ch.Departments); err != nil {
			return Member{}, err
		}
	}
	m, err := s.changeMember(ctx, ws, user, func(m *memberDoc) error {
		if m.Role == RoleOwner && am.Role != RoleOwner {
			return fault.ErrForbidden()
		}
		if ch.Role != nil && m.Role == RoleOwner && *ch.Role != RoleOwner {
			if err := s.keepAnOwner(ctx, ws, user); err != nil {
				return err
			}
		}
		if ch.Role != nil {
			m.Role = *ch.Role
		}
		if ch.Departments != nil {
			m.Departments = nonNil(*ch.Departments)
		}
		return nil
	})
	if err != nil {
		return Member{}, err
	}
	users, err := s.people.UsersByID(ctx, []string{user})
	if err != nil {
		return Member{}, err
	}
	u := users[user]
	return Member{UserID: user, Email: u.Email, Name: u.Name, Role: m.Role, Status: u.Status, Departments: m.Departments, Joined: m.Joined}, nil
}

func (s *Service) keepAnOwner(ctx context.Context, ws, leaving string) error {
	n, err := s.members.Count(ctx, store.And(store.Eq("workspaceId", ws), store.Eq("role", RoleOwner), store.Cmp("userId", store.OpNe, leaving)))
	if err != nil {
		return wrap("count owners", err)
	}
	if n == 0 {
		return fault.Of("last_owner")
	}
	return nil
}

// changeMember applies change to a membership with compare-and-set.
func (s *Service) changeMember(ctx context.Context, ws, user string, change func(*memberDoc) error) (memberDoc, error) {
	forget(ctx)
	m, err := store.Modify(ctx, s.members, memberID(ws, user), change)
	return m, orgErr("update member", err)
}

// RemoveMember takes a person out of a workspace. Members may remove themselves (leave).
func (s *Service) RemoveMember(ctx context.Context, actor, ws, user string) error {
	am, err := s.membership(ctx, ws, actor)
	if err != nil {
		return err
	}
	if actor != user && am.Role != RoleOwner && am.Role != RoleAdmin {
		return fault.ErrForbidden()
	}
	target, err := s.membership(ctx, ws, user)
	if err != nil {
		return err
	}
	if target.Role == RoleOwner {
		if am.Role != RoleOwner {
			return fault.ErrForbidden()
		}
		if err := s.keepAnOwner(ctx, ws, user); err != nil {
			return err
		}
	}
	forget(ctx)
	if err := s.members.Delete(ctx, memberID(ws, user), 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		return wrap("delete member", err)
	}
	return s.clearHead(ctx, ws, user)
}
