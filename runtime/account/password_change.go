package account

import (
	"context"
	"errors"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// ChangePassword lets a signed-in person choose a new password. The current one must be
// given, so that a session left open on a shared computer cannot lock its owner out, and
// wrong guesses count against the same limits as sign-in. Every other session of the
// person ends (a password is changed because it may have leaked); the one asking stays
// signed in. API tokens stay: they are revoked one by one where they are listed.
func (s *Service) ChangePassword(ctx context.Context, p Principal, current, next, addr string) error {
	if p.Via != ViaSession {
		return fault.Of("forbidden.session_only")
	}
	if current == "" {
		return fault.FieldOf("/current", "required.current_password")
	}
	if err := checkPassword("/password", next); err != nil {
		return err
	}
	now := s.now()
	pair := p.User.Email + "\x00" + addr
	if blocked, wait := s.byPair.blocked(pair, now); blocked {
		e := fault.Of("too_many_attempts")
		e.RetryAfter = wait
		return e
	}
	d, err := s.getUserDoc(ctx, p.User.ID)
	if err != nil {
		return err
	}
	ok, err := verifyPassword(d.PasswordHash, current)
	if err != nil {
		return wrap("verify password", err)
	}
	if !ok {
		s.byAccount.fail(p.User.Email, now)
		s.byPair.fail(pair, now)
		return fault.FieldOf("/current", "wrong.current_password")
	}
	if current == next {
		return fault.FieldOf("/password", "same.password")
	}
	hash, err := hashPassword(s.opts.Hash, next)
	if err != nil {
		return err
	}
	// Compare-and-set on the hash read above: two changes racing from two sessions do not
	// both pass the check of the same old password.
	if _, err := s.updateUser(ctx, p.User.ID, func(u *userDoc) error {
		if u.PasswordHash != d.PasswordHash {
			return fault.FieldOf("/current", "wrong.current_password")
		}
		u.PasswordHash = hash
		return nil
	}); err != nil {
		return err
	}
	return s.revokeOtherSessions(ctx, p.User.ID, p.SessionID)
}

// revokeOtherSessions ends every session of a user but keep (none when keep is empty).
func (s *Service) revokeOtherSessions(ctx context.Context, userID, keep string) error {
	f := store.Eq("userId", userID)
	if keep != "" {
		f = store.And(f, store.Cmp(store.PathID, store.OpNe, keep))
	}
	if _, err := s.sessions.DeleteMany(ctx, f); err != nil && !errors.Is(err, store.ErrNotFound) {
		return wrap("revoke sessions", err)
	}
	return nil
}

// Rename changes the name a person goes by, as colleagues see it in member pickers, to-dos
// and timelines. It may not be blank: a name is how colleagues tell people apart.
func (s *Service) Rename(ctx context.Context, userID, name string) (User, error) {
	name, err := checkName("/name", name)
	if err != nil {
		return User{}, err
	}
	if name == "" {
		return User{}, fault.FieldOf("/name", "required.person_name")
	}
	return s.updateUser(ctx, userID, func(u *userDoc) error {
		u.Name = name
		return nil
	})
}
