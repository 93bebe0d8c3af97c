package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
)

// member is one key of a JSON object with its raw value, in document order.
type member struct {
	key string
	raw json.RawMessage
}

var errNotObject = errors.New("not a JSON object")

// members reads the keys of a JSON object in document order; Go maps forget it, and the
// schema's property order is the form's field order.
func members(raw []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errNotObject
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key: key, raw: v})
	}
	return out, nil
}

// memberRaw returns the raw value of key in a JSON object, or nil.
func memberRaw(raw []byte, key string) json.RawMessage {
	ms, err := members(raw)
	if err != nil {
		return nil
	}
	for _, m := range ms {
		if m.key == key {
			return m.raw
		}
	}
	return nil
}

// orderedMembers lists the keys of the object at raw in order, with their raw values.
func orderedMembers(raw []byte) ([]string, map[string]json.RawMessage) {
	ms, err := members(raw)
	if err != nil {
		return nil, nil
	}
	keys := make([]string, len(ms))
	byKey := make(map[string]json.RawMessage, len(ms))
	for i, m := range ms {
		keys[i] = m.key
		byKey[m.key] = m.raw
	}
	return keys, byKey
}

// Accessors over a schema decoded with UseNumber.

func getObj(m map[string]any, k string) (map[string]any, bool) {
	v, ok := m[k].(map[string]any)
	return v, ok
}

func getStr(m map[string]any, k string) (string, bool) {
	v, ok := m[k].(string)
	return v, ok
}

func getBool(m map[string]any, k string) (bool, bool) {
	v, ok := m[k].(bool)
	return v, ok
}

// getInt reads a whole number; ok is false when the key is absent, present is true when
// the key exists at all (so that a wrong type can be reported).
func getInt(m map[string]any, k string) (n int64, ok, present bool) {
	v, present := m[k]
	if !present {
		return 0, false, false
	}
	num, isNum := v.(json.Number)
	if !isNum {
		return 0, false, true
	}
	i, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		f, ferr := num.Float64()
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, false, true
		}
		i = int64(f)
	}
	return i, true, true
}

// schemaTypes returns the "type" keyword as a list ("string" → [string]).
func schemaTypes(m map[string]any) []string {
	switch t := m["type"].(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// hasOnlyType reports whether the "type" keyword allows exactly one of want (plus, at most,
// "null", which the server treats as "no value").
func hasOnlyType(m map[string]any, want ...string) (string, bool) {
	ts := schemaTypes(m)
	found := ""
	for _, t := range ts {
		if t == "null" {
			continue
		}
		if found != "" {
			return "", false
		}
		found = t
	}
	for _, w := range want {
		if found == w {
			return found, true
		}
	}
	return "", false
}

// textOf reads a Text ({"zh-CN": …, "en": …}) from a schema value.
func textOf(v any) (zh, en string, ok bool) {
	m, isObj := v.(map[string]any)
	if !isObj {
		if s, isStr := v.(string); isStr && s != "" {
			return s, s, true
		}
		return "", "", false
	}
	zh, _ = m["zh-CN"].(string)
	en, _ = m["en"].(string)
	if zh == "" && en == "" {
		return "", "", false
	}
	if zh == "" {
		zh = en
	}
	if en == "" {
		en = zh
	}
	return zh, en, true
}

// resolvePointer finds the value at a JSON pointer (already split and unescaped) in doc.
func resolvePointer(doc any, tokens []string) (any, bool) {
	cur := doc
	for _, t := range tokens {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[t]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}
