package account

import (
	"context"
	"errors"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// Setup links let an invited user choose a password, or a user who forgot theirs choose a
// new one (a reset link, which an administrator hands over as they hand over
// invitations). The secret travels in the link; the store keeps its hash, and the link
// works once.
type setupDoc struct {
	UserID  string    `json:"userId"`
	Context string    `json:"context"` // what the link is for, e.g. the inviting workspace's ID
	Expires time.Time `json:"expires"`
	Reset   bool      `json:"reset,omitempty"`
}

// SetupLink is what a setup link's page shows before it is used.
type SetupLink struct {
	User    User
	Context string
	Reset   bool // the user has an account and chooses a new password
}

func errBadSetup() *fault.Error {
	return fault.Of("setup_link_invalid")
}

// IssueSetup creates a one-time setup link secret for a pending user. Context is kept with
// it and returned by SetupInfo (the workspace the invitation came from).
func (s *Service) IssueSetup(ctx context.Context, userID, context string) (string, error) {
	return s.issueSetup(ctx, userID, context, false)
}

func (s *Service) issueSetup(ctx context.Context, userID, context string, reset bool) (string, error) {
	secret, err := randomSecret(32)
	if err != nil {
		return "", err
	}
	doc, err := store.NewDocument(secretID(secret), setupDoc{UserID: userID, Context: context, Expires: s.now().Add(s.opts.SetupTTL), Reset: reset})
	if err != nil {
		return "", err
	}
	if _, err := s.setups.Insert(ctx, doc); err != nil {
		return "", wrap("insert setup link", err)
	}
	return secret, nil
}

// ReissueSetup issues a new link for a user and voids the ones issued before, so that
// only the newest link an administrator handed over works: a fresh invitation for a user
// who has not set a password yet, a reset link for one who has.
func (s *Service) ReissueSetup(ctx context.Context, userID, context string) (secret string, reset bool, err error) {
	u, err := s.GetUser(ctx, userID)
	if err != nil {
		return "", false, err
	}
	if _, err := s.setups.DeleteMany(ctx, store.Eq("userId", userID)); err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", false, wrap("void setup links", err)
	}
	reset = u.Status == StatusActive
	secret, err = s.issueSetup(ctx, userID, context, reset)
	return secret, reset, err
}

// SetupInfo tells whose link a secret is, without using it up.
func (s *Service) SetupInfo(ctx context.Context, secret string) (SetupLink, error) {
	sd, _, err := s.loadSetup(ctx, secret)
	if err != nil {
		return SetupLink{}, err
	}
	u, err := s.GetUser(ctx, sd.UserID)
	if err != nil {
		return SetupLink{}, err
	}
	if !sd.fits(u.Status) {
		return SetupLink{}, errBadSetup()
	}
	return SetupLink{User: u, Context: sd.Context, Reset: sd.Reset}, nil
}

// fits tells whether the link still suits its user: an invitation is for someone without
// a password yet, a reset for someone with one.
func (sd setupDoc) fits(status string) bool {
	if sd.Reset {
		return status == StatusActive
	}
	return status == StatusPending
}

func (s *Service) loadSetup(ctx context.Context, secret string) (setupDoc, store.Document, error) {
	if secret == "" || len(secret) > 128 {
		return setupDoc{}, store.Document{}, errBadSetup()
	}
	doc, err := s.setups.Get(ctx, secretID(secret))
	if errors.Is(err, store.ErrNotFound) {
		return setupDoc{}, doc, errBadSetup()
	}
	if err != nil {
		return setupDoc{}, doc, wrap("get setup link", err)
	}
	sd, err := store.Decode[setupDoc](doc)
	if err != nil {
		return setupDoc{}, doc, err
	}
	if !s.now().Before(sd.Expires) {
		return setupDoc{}, doc, errBadSetup()
	}
	return sd, doc, nil
}

// CompleteSetup sets the password (and optionally the name) of the link's pending user,
// activates them, burns the link and opens a session. A reset link sets a new password
// (the name stays) and ends every session the user had, since whoever held the old
// password may hold one of them.
func (s *Service) CompleteSetup(ctx context.Context, secret, password, name, addr string) (Principal, string, error) {
	if err := checkPassword("/password", password); err != nil {
		return Principal{}, "", err
	}
	name, err := checkName("/name", name)
	if err != nil {
		return Principal{}, "", err
	}
	sd, linkDoc, err := s.loadSetup(ctx, secret)
	if err != nil {
		return Principal{}, "", err
	}
	// Burning the link first, guarded by its version, makes a double submit use it once.
	if err := s.setups.Delete(ctx, linkDoc.ID, linkDoc.Version); err != nil {
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrVersionConflict) {
			return Principal{}, "", errBadSetup()
		}
		return Principal{}, "", wrap("burn setup link", err)
	}
	hash, err := hashPassword(s.opts.Hash, password)
	if err != nil {
		return Principal{}, "", err
	}
	u, err := s.updateUser(ctx, sd.UserID, func(d *userDoc) error {
		if !sd.fits(d.Status) {
			return errBadSetup()
		}
		d.PasswordHash, d.Status = hash, StatusActive
		if name != "" && !sd.Reset {
			d.Name = name
		}
		return nil
	})
	if err != nil {
		return Principal{}, "", err
	}
	if sd.Reset {
		if err := s.RevokeSessions(ctx, u.ID); err != nil {
			return Principal{}, "", err
		}
	}
	return s.openSession(ctx, u, addr)
}

// updateUser applies change with compare-and-set. An error from change aborts without
// writing.
func (s *Service) updateUser(ctx context.Context, id string, change func(*userDoc) error) (User, error) {
	u, err := store.Modify(ctx, s.users, id, change)
	if err != nil {
		if _, ok := fault.As(err); ok {
			return User{}, err
		}
		return User{}, wrap("update user", err)
	}
	return u.user(id), nil
}
