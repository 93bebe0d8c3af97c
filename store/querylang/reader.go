package querylang

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// reader walks JSON one token at a time, so that objects are seen in document order
// (errors are reported for the first offending key, every time), duplicate keys are
// noticed, and a hostile input is refused as soon as it goes wrong rather than after it
// has been decoded in full.
type reader struct {
	dec *json.Decoder
}

func newReader(data []byte) *reader {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &reader{dec: dec}
}

func (r *reader) token(at string) (json.Token, error) {
	t, err := r.dec.Token()
	if err != nil {
		return nil, r.syntax(at, err)
	}
	return t, nil
}

func (r *reader) syntax(at string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return qerr(at, CodeBadJSON, "unexpected end of JSON input")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return qerr(at, CodeBadJSON, fmt.Sprintf("malformed JSON at byte %d: %s", se.Offset, se.Error()))
	}
	return qerr(at, CodeBadJSON, fmt.Sprintf("malformed JSON at byte %d", r.dec.InputOffset()))
}

// more reports whether the current object or array has another member.
func (r *reader) more() bool { return r.dec.More() }

// open reads the next token and reports whether it is the delimiter d.
func (r *reader) open(at string, d json.Delim) (bool, json.Token, error) {
	t, err := r.token(at)
	if err != nil {
		return false, nil, err
	}
	got, ok := t.(json.Delim)
	return ok && got == d, t, nil
}

// close consumes the end of the current object or array; the decoder has already
// checked that it is there when more returned false.
func (r *reader) close(at string) error {
	_, err := r.token(at)
	return err
}

// key reads an object key.
func (r *reader) key(at string) (string, error) {
	t, err := r.token(at)
	if err != nil {
		return "", err
	}
	k, ok := t.(string)
	if !ok { // the decoder only yields strings in key position
		return "", qerr(at, CodeBadJSON, "malformed JSON: expected an object key")
	}
	return k, nil
}

// end checks that nothing but white space follows the value.
func (r *reader) end(at string) error {
	_, err := r.dec.Token()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return r.syntax(at, err)
	}
	return qerr(at, CodeBadJSON, fmt.Sprintf("unexpected data after the JSON value at byte %d", r.dec.InputOffset()))
}

// str reads a string token, refusing anything else with code.
func (r *reader) str(at, code, what string) (string, error) {
	t, err := r.token(at)
	if err != nil {
		return "", err
	}
	s, ok := t.(string)
	if !ok {
		return "", qerr(at, code, what+" must be a string")
	}
	if utf8.RuneCountInString(s) > MaxStringLen {
		return "", qerr(at, CodeTooLong, fmt.Sprintf("%s is longer than %d characters", what, MaxStringLen))
	}
	return s, nil
}

// value reads a comparison value: null, a boolean, a number, a string, or a list of those
// (no objects, no nested lists), within the length limits.
func (r *reader) value(at string) (any, error) {
	t, err := r.token(at)
	if err != nil {
		return nil, err
	}
	if d, ok := t.(json.Delim); ok {
		if d != '[' {
			return nil, qerr(at, CodeBadValue, "a value is null, a boolean, a number, a string or a list of those")
		}
		list := []any{}
		for i := 0; r.more(); i++ {
			iat := at + "/" + strconv.Itoa(i)
			if i >= MaxListLen {
				return nil, qerr(iat, CodeTooLong, fmt.Sprintf("a list has at most %d items", MaxListLen))
			}
			t, err := r.token(iat)
			if err != nil {
				return nil, err
			}
			v, err := scalarToken(t, iat)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, r.close(at)
	}
	return scalarToken(t, at)
}

func scalarToken(t json.Token, at string) (any, error) {
	switch v := t.(type) {
	case nil, bool:
		return v, nil
	case string:
		if utf8.RuneCountInString(v) > MaxStringLen {
			return nil, qerr(at, CodeTooLong, fmt.Sprintf("a string value has at most %d characters", MaxStringLen))
		}
		if strings.IndexByte(v, 0) >= 0 {
			// SQLite stops text functions at NUL: "contains" would match every record.
			return nil, qerr(at, CodeBadValue, "a string value may not contain the NUL character")
		}
		return v, nil
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, qerr(at, CodeBadValue, "number out of range")
		}
		if f == 0 && strings.ContainsAny(strings.SplitN(strings.ToLower(string(v)), "e", 2)[0], "123456789") {
			return nil, qerr(at, CodeBadValue, "number too small: it would be 0")
		}
		return f, nil
	}
	return nil, qerr(at, CodeBadValue, "a list item is null, a boolean, a number or a string")
}
