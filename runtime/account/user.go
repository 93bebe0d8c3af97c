package account

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// User statuses.
const (
	StatusActive  = "active"
	StatusPending = "pending" // invited, has not set a password yet
)

// User is a person who can sign in. The password hash never leaves this package.
type User struct {
	ID      string    `json:"id"`
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	Admin   bool      `json:"admin"`
	Status  string    `json:"status"`
	Created time.Time `json:"created"`
}

type userDoc struct {
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"passwordHash,omitempty"`
	Admin        bool      `json:"admin"`
	Status       string    `json:"status"`
	Created      time.Time `json:"created"`
}

func (d userDoc) user(id string) User {
	return User{ID: id, Email: d.Email, Name: d.Name, Admin: d.Admin, Status: d.Status, Created: d.Created}
}

// NormalizeEmail lower-cases and checks an address; the error names the field pointer given.
func NormalizeEmail(pointer, email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 {
		return "", fault.FieldOf(pointer, "email.address")
	}
	return e, nil
}

func checkPassword(pointer, password string) error {
	switch {
	case utf8.RuneCountInString(password) < 8:
		return fault.FieldOf(pointer, "too_short.password")
	case len(password) > 256:
		return fault.FieldOf(pointer, "too_long.password")
	}
	return nil
}

func checkName(pointer, name string) (string, error) {
	n := strings.TrimSpace(name)
	if utf8.RuneCountInString(n) > 100 {
		return "", fault.FieldOf(pointer, "too_long.name")
	}
	return n, nil
}

// EnsureAdmin creates the first admin when no admin exists yet. With an empty password it
// generates one and returns it, so that main can print it once.
func (s *Service) EnsureAdmin(ctx context.Context, email, password string) (created bool, generated string, err error) {
	if _, err := s.users.FindOne(ctx, store.Eq("admin", true)); err == nil {
		return false, "", nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, "", wrap("find admin", err)
	}
	email, err = NormalizeEmail("/adminEmail", email)
	if err != nil {
		return false, "", err
	}
	if password == "" {
		if generated, err = randomSecret(12); err != nil {
			return false, "", err
		}
		password = generated
	}
	if err := checkPassword("/adminPassword", password); err != nil {
		return false, "", err
	}
	hash, err := hashPassword(s.opts.Hash, password)
	if err != nil {
		return false, "", err
	}
	name := email[:strings.IndexByte(email, '@')]
	doc, err := store.NewDocument("", userDoc{Email: email, Name: name, PasswordHash: hash, Admin: true, Status: StatusActive, Created: s.now()})
	if err != nil {
		return false, "", err
	}
	if _, err := s.users.Insert(ctx, doc); err != nil {
		// Several instances starting at once on an empty database all find no admin; the
		// unique e-mail index lets one insert win, and the others find its admin.
		if errors.Is(err, store.ErrDuplicate) {
			if _, ferr := s.users.FindOne(ctx, store.Eq("admin", true)); ferr == nil {
				return false, "", nil
			}
		}
		return false, "", wrap("insert admin", err)
	}
	return true, generated, nil
}

// CreateUser adds an active user with a password (used by tests and the command line).
func (s *Service) CreateUser(ctx context.Context, email, name, password string) (User, error) {
	email, err := NormalizeEmail("/email", email)
	if err != nil {
		return User{}, err
	}
	if err := checkPassword("/password", password); err != nil {
		return User{}, err
	}
	hash, err := hashPassword(s.opts.Hash, password)
	if err != nil {
		return User{}, err
	}
	return s.insertUser(ctx, userDoc{Email: email, Name: name, PasswordHash: hash, Status: StatusActive, Created: s.now()})
}

// CreatePending adds an invited user who has no password yet.
func (s *Service) CreatePending(ctx context.Context, email, name string) (User, error) {
	email, err := NormalizeEmail("/email", email)
	if err != nil {
		return User{}, err
	}
	if name, err = checkName("/name", name); err != nil {
		return User{}, err
	}
	return s.insertUser(ctx, userDoc{Email: email, Name: name, Status: StatusPending, Created: s.now()})
}

func (s *Service) insertUser(ctx context.Context, u userDoc) (User, error) {
	doc, err := store.NewDocument("", u)
	if err != nil {
		return User{}, err
	}
	if _, err := s.users.Insert(ctx, doc); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return User{}, fault.Of("email_taken").
				WithProblem("/email", fault.Problem("unique.email"))
		}
		return User{}, wrap("insert user", err)
	}
	return u.user(doc.ID), nil
}

// GetUser returns a user by ID.
func (s *Service) GetUser(ctx context.Context, id string) (User, error) {
	d, err := s.getUserDoc(ctx, id)
	if err != nil {
		return User{}, err
	}
	return d.user(id), nil
}

func (s *Service) getUserDoc(ctx context.Context, id string) (userDoc, error) {
	doc, err := s.users.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return userDoc{}, fault.ErrNotFound().Wrap(err)
	}
	if err != nil {
		return userDoc{}, wrap("get user", err)
	}
	return store.Decode[userDoc](doc)
}

// FindByEmail returns the user with that address, or a not_found fault.
func (s *Service) FindByEmail(ctx context.Context, email string) (User, error) {
	email, err := NormalizeEmail("/email", email)
	if err != nil {
		return User{}, err
	}
	doc, err := s.users.FindOne(ctx, store.Eq("email", email))
	if errors.Is(err, store.ErrNotFound) {
		return User{}, fault.ErrNotFound().Wrap(err)
	}
	if err != nil {
		return User{}, wrap("find user", err)
	}
	u, err := store.Decode[userDoc](doc)
	if err != nil {
		return User{}, err
	}
	return u.user(doc.ID), nil
}

// UsersByID loads several users at once; unknown IDs are absent from the map.
func (s *Service) UsersByID(ctx context.Context, ids []string) (map[string]User, error) {
	out := make(map[string]User, len(ids))
	for start := 0; start < len(ids); start += store.MaxLimit {
		end := min(start+store.MaxLimit, len(ids))
		vals := make([]any, 0, end-start)
		for _, id := range ids[start:end] {
			vals = append(vals, id)
		}
		page, err := s.users.Find(ctx, store.Query{Filter: store.In(store.PathID, vals...), Limit: store.MaxLimit})
		if err != nil {
			return nil, wrap("load users", err)
		}
		for _, doc := range page.Docs {
			u, err := store.Decode[userDoc](doc)
			if err != nil {
				return nil, err
			}
			out[doc.ID] = u.user(doc.ID)
		}
	}
	return out, nil
}
