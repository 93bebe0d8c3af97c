package sqlite

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// cursorCodec seals keyset cursors with AES-GCM under a key kept in the database: a cursor
// cannot be forged or edited (a changed byte fails to open), does not reveal the sort
// values it carries (which may be fields the caller may not read), and stays valid across
// restarts.
type cursorCodec struct{ aead cipher.AEAD }

func newCursorCodec(key []byte) (*cursorCodec, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("sqlite: cursor key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sqlite: cursor key: %w", err)
	}
	return &cursorCodec{aead: aead}, nil
}

// cursorKey loads the database's cursor key, creating it on first use.
func (s *Store) cursorKey(ctx context.Context) ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("sqlite: cursor key: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, "INSERT INTO formloom_meta (key, value) VALUES ('cursor_key', ?) ON CONFLICT (key) DO NOTHING", key); err != nil {
		return nil, fmt.Errorf("sqlite: store cursor key: %w", err)
	}
	var stored []byte
	if err := s.w.QueryRowContext(ctx, "SELECT value FROM formloom_meta WHERE key = 'cursor_key'").Scan(&stored); err != nil {
		return nil, fmt.Errorf("sqlite: load cursor key: %w", err)
	}
	if len(stored) != 32 {
		return nil, errors.New("sqlite: stored cursor key is damaged")
	}
	return stored, nil
}

// cursorBody is what a cursor carries: the query it belongs to and the sort keys of the
// last row of its page (the last key is always _id).
type cursorBody struct {
	Query []byte     `json:"q"`
	Keys  []keyValue `json:"k"`
}

// keyValue is one SQL value of a sort key, typed: n null, i integer, f real, s text, b blob.
type keyValue struct {
	T string          `json:"t"`
	V json.RawMessage `json:"v,omitempty"`
}

func encodeKey(v any) (keyValue, error) {
	var kv keyValue
	var err error
	switch x := v.(type) {
	case nil:
		kv.T = "n"
	case int64:
		kv.T = "i"
		kv.V, err = json.Marshal(x)
	case float64:
		kv.T = "f"
		kv.V, err = json.Marshal(x)
	case string:
		kv.T = "s"
		kv.V, err = json.Marshal(x)
	case []byte:
		kv.T = "b"
		kv.V, err = json.Marshal(x)
	default:
		return kv, fmt.Errorf("sqlite: unexpected sort key type %T", v)
	}
	return kv, err
}

func decodeKey(kv keyValue) (any, error) {
	switch kv.T {
	case "n":
		return nil, nil
	case "i":
		var x int64
		err := json.Unmarshal(kv.V, &x)
		return x, err
	case "f":
		var x float64
		if err := json.Unmarshal(kv.V, &x); err != nil || math.IsNaN(x) {
			return nil, errors.New("bad number")
		}
		return x, nil
	case "s":
		var x string
		err := json.Unmarshal(kv.V, &x)
		return x, err
	case "b":
		var x []byte
		err := json.Unmarshal(kv.V, &x)
		return x, err
	}
	return nil, errors.New("bad key type")
}

// queryFingerprint binds a cursor to one collection, filter and order.
func queryFingerprint(coll string, f store.Filter, sort []store.SortKey) []byte {
	js, _ := json.Marshal(struct {
		C string
		F store.Filter
		S []store.SortKey
	}{coll, f, sort})
	sum := sha256.Sum256(js)
	return sum[:12]
}

func (c *cursorCodec) seal(fp []byte, keys []any) (string, error) {
	body := cursorBody{Query: fp}
	for _, k := range keys {
		kv, err := encodeKey(k)
		if err != nil {
			return "", err
		}
		body.Keys = append(body.Keys, kv)
	}
	plain, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(plain)+c.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(c.aead.Seal(nonce, nonce, plain, nil)), nil
}

func badCursor(p fault.FieldError) error {
	return store.NewQueryError("/after", p)
}

// open returns the sort keys of a cursor made by seal for the same query.
func (c *cursorCodec) open(cursor string, fp []byte, nkeys int) ([]any, error) {
	raw, err := base64.RawURLEncoding.Strict().DecodeString(cursor)
	if err != nil || len(raw) < c.aead.NonceSize()+c.aead.Overhead() {
		return nil, badCursor(fault.Problem("bad_cursor.not_issued"))
	}
	ns := c.aead.NonceSize()
	plain, err := c.aead.Open(nil, raw[:ns], raw[ns:], nil)
	if err != nil {
		return nil, badCursor(fault.Problem("bad_cursor.not_issued"))
	}
	var body cursorBody
	if err := json.Unmarshal(plain, &body); err != nil {
		return nil, badCursor(fault.Problem("bad_cursor.damaged"))
	}
	if string(body.Query) != string(fp) || len(body.Keys) != nkeys {
		return nil, badCursor(fault.Problem("bad_cursor.other_query"))
	}
	out := make([]any, nkeys)
	for i, kv := range body.Keys {
		v, err := decodeKey(kv)
		if err != nil {
			return nil, badCursor(fault.Problem("bad_cursor.damaged"))
		}
		out[i] = v
	}
	return out, nil
}
