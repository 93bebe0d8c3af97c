package querylang

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
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
		return qerrOf(at, fault.Problem("bad_json.query_end"))
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return qerrOf(at, fault.Problem("bad_json.query_at_reason").Fill("offset", se.Offset).Fill("reason", se.Error()))
	}
	return qerrOf(at, fault.Problem("bad_json.query_at").Fill("offset", r.dec.InputOffset()))
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
		return "", qerrOf(at, fault.Problem("bad_json.query_object_key"))
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
	return qerrOf(at, fault.Problem("bad_json.query_trailing").Fill("offset", r.dec.InputOffset()))
}

// str reads a string token, refusing anything else with code.
func (r *reader) str(at, code, what string) (string, error) {
	t, err := r.token(at)
	if err != nil {
		return "", err
	}
	s, ok := t.(string)
	if !ok {
		qe := qerrOf(at, fault.Problem("bad_value.must_be_string").Fill("what", what))
		qe.Code = code // the code says what was not a string: a field, an op, a param
		return "", qe
	}
	if utf8.RuneCountInString(s) > MaxStringLen {
		return "", qerrOf(at, fault.Problem("too_long.named").Fill("what", what).Fill("max", MaxStringLen))
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
			return nil, qerrOf(at, fault.Problem("bad_value.query_shape"))
		}
		list := []any{}
		for i := 0; r.more(); i++ {
			iat := at + "/" + strconv.Itoa(i)
			if i >= MaxListLen {
				return nil, qerrOf(iat, fault.Problem("too_long.list").Fill("max", MaxListLen))
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
			return nil, qerrOf(at, fault.Problem("too_long.string").Fill("max", MaxStringLen))
		}
		if strings.IndexByte(v, 0) >= 0 {
			// SQLite stops text functions at NUL: "contains" would match every record.
			return nil, qerrOf(at, fault.Problem("bad_value.nul"))
		}
		return v, nil
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, qerrOf(at, fault.Problem("bad_value.number_range"))
		}
		if f == 0 && strings.ContainsAny(strings.SplitN(strings.ToLower(string(v)), "e", 2)[0], "123456789") {
			return nil, qerrOf(at, fault.Problem("bad_value.number_small"))
		}
		return f, nil
	}
	return nil, qerrOf(at, fault.Problem("bad_value.list_item"))
}
