package account

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// tokenPrefix marks Formloom API tokens, so that leaked ones are easy to spot in scanners.
const tokenPrefix = "fl_"

// Token is an API token's public description; its secret is shown once, at creation.
type Token struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

type tokenDoc struct {
	UserID  string    `json:"userId"`
	Name    string    `json:"name"`
	Hash    string    `json:"hash"`
	Created time.Time `json:"created"`
}

// CreateToken issues an API token for a user and returns its one-time secret.
func (s *Service) CreateToken(ctx context.Context, userID, name string) (Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Token{}, "", fault.FieldOf("/name", "required.token_name")
	}
	if utf8.RuneCountInString(name) > 100 {
		return Token{}, "", fault.FieldOf("/name", "too_long.name")
	}
	raw, err := randomSecret(32)
	if err != nil {
		return Token{}, "", err
	}
	secret := tokenPrefix + raw
	td := tokenDoc{UserID: userID, Name: name, Hash: secretID(secret), Created: s.now()}
	doc, err := store.NewDocument("", td)
	if err != nil {
		return Token{}, "", err
	}
	if _, err := s.tokens.Insert(ctx, doc); err != nil {
		return Token{}, "", wrap("insert token", err)
	}
	return Token{ID: doc.ID, Name: name, Created: td.Created}, secret, nil
}

// ListTokens returns a user's tokens, newest first.
func (s *Service) ListTokens(ctx context.Context, userID string) ([]Token, error) {
	page, err := s.tokens.Find(ctx, store.Query{
		Filter: store.Eq("userId", userID),
		Sort:   []store.SortKey{{Field: store.PathCreated, Desc: true}},
		Limit:  store.MaxLimit,
	})
	if err != nil {
		return nil, wrap("list tokens", err)
	}
	out := make([]Token, 0, len(page.Docs))
	for _, doc := range page.Docs {
		td, err := store.Decode[tokenDoc](doc)
		if err != nil {
			return nil, err
		}
		out = append(out, Token{ID: doc.ID, Name: td.Name, Created: td.Created})
	}
	return out, nil
}

// RevokeToken deletes one of the user's tokens; someone else's token is not found.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID string) error {
	doc, err := s.tokens.Get(ctx, tokenID)
	if errors.Is(err, store.ErrNotFound) {
		return fault.ErrNotFound()
	}
	if err != nil {
		return wrap("get token", err)
	}
	td, err := store.Decode[tokenDoc](doc)
	if err != nil {
		return err
	}
	if td.UserID != userID {
		return fault.ErrNotFound()
	}
	if err := s.tokens.Delete(ctx, tokenID, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		return wrap("delete token", err)
	}
	return nil
}

// AuthenticateToken resolves a bearer secret.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (Principal, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 128 {
		return Principal{}, fault.ErrUnauthenticated()
	}
	doc, err := s.tokens.FindOne(ctx, store.Eq("hash", secretID(secret)))
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, fault.ErrUnauthenticated()
	}
	if err != nil {
		return Principal{}, wrap("find token", err)
	}
	td, err := store.Decode[tokenDoc](doc)
	if err != nil {
		return Principal{}, err
	}
	u, err := s.activeUser(ctx, td.UserID)
	if err != nil {
		return Principal{}, err
	}
	return Principal{User: u, Via: ViaToken, TokenID: doc.ID}, nil
}
