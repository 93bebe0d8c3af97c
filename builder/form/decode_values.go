package form

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
)

// badValue is a well-formed JSON value the product refuses: a text with a NUL character or
// a lone UTF-16 surrogate (encoding/json would turn it into U+FFFD silently), or a number
// that underflows to 0. path is filled in, innermost first, as the decoder
// unwinds, so that the error names the value.
type badValue struct {
	path []string
	code string
	text fault.Text
}

func (b *badValue) Error() string { return b.code }

// The problems of a refused value, from the field catalogue.
func nulText() fault.Text       { return fault.Problem("nul_character.value").Text }
func surrogateText() fault.Text { return fault.Problem("lone_surrogate.value").Text }
func underflowText() fault.Text { return fault.Problem("number_underflow.value").Text }

// within adds the key or index holding the value that failed.
func within(err error, token string) error {
	var bv *badValue
	if errors.As(err, &bv) {
		bv.path = append(bv.path, token)
	}
	return err
}

// fault is the 400 naming the refused value by its JSON pointer.
func (b *badValue) fault() *fault.Error {
	ptr := ""
	for i := len(b.path) - 1; i >= 0; i-- {
		ptr += "/" + escapeToken(b.path[i])
	}
	return fault.Of("invalid_value").
		WithField(ptr, b.code, b.text.EN, b.text.ZH)
}

// nonZeroMantissa reports whether a JSON number's digits before its exponent are not all 0.
func nonZeroMantissa(text []byte) bool {
	for _, c := range text {
		switch {
		case c == 'e' || c == 'E':
			return false
		case c >= '1' && c <= '9':
			return true
		}
	}
	return false
}

// DecodeObject parses a JSON object as records are parsed (numbers as float64, duplicate
// keys, NUL characters, lone surrogates and underflowing numbers refused with a 400 naming
// the value), for inputs that are merged into a record, such as a PATCH body.
func DecodeObject(data []byte) (map[string]any, error) {
	return decodeObject(data, 8)
}

// BadText reports whether a text value from outside JSON (a spreadsheet cell, an
// automation's value) holds what a record may not: a NUL character or invalid UTF-8.
func BadText(s string) bool {
	return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)
}

// badTextIn reports whether a value holds a text BadText refuses, at any depth.
func badTextIn(v any) bool {
	switch x := v.(type) {
	case string:
		return BadText(x)
	case []any:
		for _, item := range x {
			if badTextIn(item) {
				return true
			}
		}
	case map[string]any:
		for k, item := range x {
			if BadText(k) || badTextIn(item) {
				return true
			}
		}
	}
	return false
}
