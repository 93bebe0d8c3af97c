package org

import (
	"context"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Reissued is a new setup link for a member: an invitation sent again, or, for a member
// who has an account, a password reset.
type Reissued struct {
	SetupSecret string
	Reset       bool
}

// ReissueLink gives an owner or admin a new one-time link for a member, voiding the links
// issued before: for someone who lost their invitation, or forgot their password (no mail
// server is needed, as with invitations: the admin passes the link on).
//
// A password belongs to a person, not to a workspace, so resetting one is refused when the
// person also belongs to a workspace the actor does not manage (an admin of one workspace
// must not be able to sign in as someone elsewhere), and when the person administers the
// server, unless the actor does too. Only an owner resets an owner, as only an owner edits one.
func (s *Service) ReissueLink(ctx context.Context, actor, ws, user string) (Reissued, error) {
	am, err := s.requireAdmin(ctx, ws, actor)
	if err != nil {
		return Reissued{}, err
	}
	target, err := s.membership(ctx, ws, user)
	if err != nil {
		return Reissued{}, err
	}
	if target.Role == RoleOwner && am.Role != RoleOwner {
		return Reissued{}, fault.ErrForbidden()
	}
	users, err := s.people.UsersByID(ctx, []string{actor, user})
	if err != nil {
		return Reissued{}, err
	}
	by, whom := users[actor], users[user]
	if whom.Status == "active" && !by.Admin {
		if whom.Admin {
			return Reissued{}, fault.Of("forbidden.reset_admin")
		}
		if err := s.managesEveryWorkspaceOf(ctx, actor, user); err != nil {
			return Reissued{}, err
		}
	}
	secret, reset, err := s.people.ReissueSetup(ctx, user, ws)
	if err != nil {
		return Reissued{}, err
	}
	return Reissued{SetupSecret: secret, Reset: reset}, nil
}

// managesEveryWorkspaceOf answers forbidden unless actor is an owner or admin of every
// workspace user belongs to.
func (s *Service) managesEveryWorkspaceOf(ctx context.Context, actor, user string) error {
	docs, err := store.FindAll(ctx, s.members, store.Eq("userId", user))
	if err != nil {
		return wrap("list memberships", err)
	}
	for _, d := range docs {
		m, err := store.Decode[memberDoc](d)
		if err != nil {
			return err
		}
		am, err := s.membership(ctx, m.WorkspaceID, actor)
		if fault.Is(err, fault.NotFound) || (err == nil && am.Role != RoleOwner && am.Role != RoleAdmin) {
			return fault.Of("forbidden.reset_elsewhere")
		}
		if err != nil {
			return err
		}
	}
	return nil
}
