package mongo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/formloom/formloom/jsonstring"
)

// dataElements turns a document's JSON object into the BSON elements of its fields, in
// the order written: integral numbers as int64 (so that indexes and sums see whole
// numbers), others as double. Keys are checked: top-level keys may not start with "_"
// (the store's fields) and no key may hold a NUL byte; keys starting with "$" or holding
// "." are written escaped (keys.go).
//
// A single pass writes BSON straight from the JSON text; an object that repeats a key
// (rare) goes through the slower path, which keeps the last value as encoding/json does.
func dataElements(data []byte) ([]byte, error) {
	p := jsonParser{s: data}
	p.ws()
	if p.i >= len(p.s) || p.s[p.i] != '{' {
		return nil, errors.New("data must be a JSON object")
	}
	doc, err := p.object(make([]byte, 0, len(data)+len(data)/4), 1)
	if errors.Is(err, errRepeatedKey) {
		return dataElementsSlow(data)
	}
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, errors.New("data has trailing content after the JSON object")
	}
	return doc[4 : len(doc)-1], nil // the elements, without the length and the terminator
}

// dataElementsSlow is dataElements through bson.D.
func dataElementsSlow(data []byte) ([]byte, error) {
	d, err := jsonToBSON(data)
	if err != nil {
		return nil, err
	}
	raw, err := bson.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode data: %w", err)
	}
	return raw[4 : len(raw)-1], nil
}

var errRepeatedKey = errors.New("repeated key")

type jsonParser struct {
	s []byte
	i int
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) errAt(what string) error {
	return fmt.Errorf("data is not JSON: %s at offset %d", what, p.i)
}

// object parses {...} at p.i and appends it as a BSON document.
func (p *jsonParser) object(dst []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errors.New("data nests too deeply")
	}
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	p.i++ // {
	p.ws()
	var keys []string
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return finishDoc(dst, start), nil
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.errAt("expected a key")
		}
		key, err := p.str(nil)
		if err != nil {
			return nil, err
		}
		k := string(key)
		if err := checkKey(k, depth == 1); err != nil {
			return nil, err
		}
		for _, seen := range keys {
			if seen == k {
				return nil, errRepeatedKey
			}
		}
		keys = append(keys, k)
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errAt("expected ':'")
		}
		p.i++
		if dst, err = p.element(dst, escapeKey(k), depth); err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errAt("unexpected end")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return finishDoc(dst, start), nil
		default:
			return nil, p.errAt("expected ',' or '}'")
		}
	}
}

// array parses [...] at p.i and appends it as a BSON array.
func (p *jsonParser) array(dst []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errors.New("data nests too deeply")
	}
	start := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	p.i++ // [
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return finishDoc(dst, start), nil
	}
	var err error
	for n := 0; ; n++ {
		if dst, err = p.element(dst, strconv.Itoa(n), depth); err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errAt("unexpected end")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return finishDoc(dst, start), nil
		default:
			return nil, p.errAt("expected ',' or ']'")
		}
	}
}

func finishDoc(dst []byte, start int) []byte {
	dst = append(dst, 0)
	binary.LittleEndian.PutUint32(dst[start:], uint32(len(dst)-start))
	return dst
}

// element parses one value and appends it as the element key.
func (p *jsonParser) element(dst []byte, key string, depth int) ([]byte, error) {
	p.ws()
	if p.i >= len(p.s) {
		return nil, p.errAt("unexpected end")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		dst = bsoncore.AppendHeader(dst, bsoncore.TypeEmbeddedDocument, key)
		return p.object(dst, depth+1)
	case c == '[':
		dst = bsoncore.AppendHeader(dst, bsoncore.TypeArray, key)
		return p.array(dst, depth+1)
	case c == '"':
		dst = bsoncore.AppendHeader(dst, bsoncore.TypeString, key)
		lenAt := len(dst)
		dst = append(dst, 0, 0, 0, 0)
		var err error
		if dst, err = p.str(dst); err != nil {
			return nil, err
		}
		dst = append(dst, 0)
		binary.LittleEndian.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
		return dst, nil
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range [...]string{"true", "false", "null"} {
			if len(p.s)-p.i >= len(lit) && string(p.s[p.i:p.i+len(lit)]) == lit {
				p.i += len(lit)
				if lit == "null" {
					return bsoncore.AppendNullElement(dst, key), nil
				}
				return bsoncore.AppendBooleanElement(dst, key, lit == "true"), nil
			}
		}
		return nil, p.errAt("unknown literal")
	case c == '-' || (c >= '0' && c <= '9'):
		v, err := p.number()
		if err != nil {
			return nil, err
		}
		if i, ok := v.(int64); ok {
			return bsoncore.AppendInt64Element(dst, key, i), nil
		}
		return bsoncore.AppendDoubleElement(dst, key, v.(float64)), nil
	}
	return nil, p.errAt("unexpected character")
}

// number parses a JSON number: int64 when integral and in range, else float64.
func (p *jsonParser) number() (any, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.s) && p.s[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, p.errAt("bad number")
	}
	integral := true
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		integral = false
		if digits() == 0 {
			return nil, p.errAt("bad number")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		integral = false
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.errAt("bad number")
		}
	}
	text := string(p.s[start:p.i])
	if integral {
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return i, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, fmt.Errorf("data number %s is out of range", text)
	}
	return numberValue(f), nil
}

// str parses a JSON string at p.i and appends its UTF-8 bytes (invalid UTF-8 and lone
// surrogates become U+FFFD, as with encoding/json).
func (p *jsonParser) str(dst []byte) ([]byte, error) {
	dst, end, err := jsonstring.Append(dst, p.s, p.i, jsonstring.Lenient)
	p.i = end
	if err != nil {
		return nil, fmt.Errorf("data is not JSON: %w", err)
	}
	return dst, nil
}
