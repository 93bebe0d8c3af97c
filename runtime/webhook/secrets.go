package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"

	"github.com/formloom/formloom/store"
)

const (
	keysColl = "webhook_keys"
	masterID = "master"
)

// Collections declares what the package stores: the key app secrets derive from.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{{Name: keysColl}}
}

// Secrets gives each app its webhook signing secret: HMAC-SHA256 of the app's ID under
// one random key kept in the database, so every instance signs alike and nothing per app
// needs storing.
type Secrets struct {
	keys store.Collection

	mu     sync.Mutex
	master []byte
}

// NewSecrets returns the app secrets over st.
func NewSecrets(st store.Store) *Secrets {
	return &Secrets{keys: st.Collection(keysColl)}
}

type keyDoc struct {
	Key string `json:"key"` // base64 of 32 random bytes
}

// ForApp returns the signing secret of an app: the text ForAppText shows, as bytes — the
// key receivers configure is exactly what signs.
func (s *Secrets) ForApp(ctx context.Context, appID string) ([]byte, error) {
	t, err := s.ForAppText(ctx, appID)
	return []byte(t), err
}

// ForAppText is the secret as receivers configure it: "whsec_" and base64url of
// HMAC-SHA256 of the app's ID under the stored key.
func (s *Secrets) ForAppText(ctx context.Context, appID string) (string, error) {
	m, err := s.masterKey(ctx)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, m)
	mac.Write([]byte("formloom webhook secret\x00" + appID))
	return "whsec_" + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// masterKey reads the key, creating it on first use; of two instances creating it at
// once, the first insert wins and the other reads it.
func (s *Secrets) masterKey(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.master != nil {
		return s.master, nil
	}
	for range 2 {
		d, err := s.keys.Get(ctx, masterID)
		if err == nil {
			k, err := store.Decode[keyDoc](d)
			if err != nil {
				return nil, fmt.Errorf("webhook: read key: %w", err)
			}
			b, err := base64.StdEncoding.DecodeString(k.Key)
			if err != nil || len(b) < 32 {
				return nil, fmt.Errorf("webhook: stored key is damaged")
			}
			s.master = b
			return b, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("webhook: read key: %w", err)
		}
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("webhook: new key: %w", err)
		}
		doc, err := store.NewDocument(masterID, keyDoc{Key: base64.StdEncoding.EncodeToString(b)})
		if err != nil {
			return nil, err
		}
		if _, err := s.keys.Insert(ctx, doc); err != nil && !errors.Is(err, store.ErrExists) {
			return nil, fmt.Errorf("webhook: store key: %w", err)
		}
	}
	return nil, fmt.Errorf("webhook: key could not be created")
}
