package notify

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Vault encrypts channel secrets (SMTP passwords, robot signing secrets) at rest with
// AES-256-GCM. Its key lives outside the database — in a file of the data directory,
// created on first start — so that a copy of the database alone does not reveal them.
type Vault struct{ aead cipher.AEAD }

// KeyFile is the key's file name in the data directory.
const KeyFile = "notify.key"

// OpenVault reads the key at path, creating a random one (mode 0600) when missing.
func OpenVault(path string) (*Vault, error) {
	key, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("notify: key: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("notify: key directory: %w", err)
		}
		if err := os.WriteFile(path, key, 0o600); err != nil {
			return nil, fmt.Errorf("notify: write key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("notify: read key: %w", err)
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("notify: key %s must be 32 bytes", path)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("notify: key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("notify: key: %w", err)
	}
	return &Vault{aead: aead}, nil
}

// Seal encrypts a secret; "" stays "".
func (v *Vault) Seal(plain string) (string, error) {
	if plain == "" {
		return "", nil
	}
	nonce := make([]byte, v.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("notify: nonce: %w", err)
	}
	return base64.StdEncoding.EncodeToString(v.aead.Seal(nonce, nonce, []byte(plain), nil)), nil
}

// Open decrypts what Seal made.
func (v *Vault) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < v.aead.NonceSize() {
		return "", errors.New("notify: a stored secret is damaged")
	}
	plain, err := v.aead.Open(nil, raw[:v.aead.NonceSize()], raw[v.aead.NonceSize():], nil)
	if err != nil {
		return "", fmt.Errorf("notify: a stored secret cannot be decrypted (was the key file replaced?): %w", err)
	}
	return string(plain), nil
}
