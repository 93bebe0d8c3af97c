package jsonstring

import (
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Mode says what a string may hold beyond JSON's grammar.
type Mode int

const (
	// Strict refuses \u0000 (ErrNUL) and surrogates that do not pair (ErrLoneSurrogate);
	// the caller has checked that the whole input is valid UTF-8.
	Strict Mode = iota
	// Lenient keeps \u0000 and turns lone surrogates and invalid UTF-8 into U+FFFD, as
	// encoding/json does.
	Lenient
)

// Errors of Strict mode: the text is JSON, but not a value the caller takes.
var (
	ErrNUL           = errors.New("NUL character in a string")
	ErrLoneSurrogate = errors.New("lone surrogate in a string")
)

// SyntaxError is text that is not a JSON string; Offset is the byte it was found at.
type SyntaxError struct {
	Offset int
	What   string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s at offset %d", e.What, e.Offset) }

// Append appends the text of the JSON string whose opening quote is at data[start] to dst
// and returns it with the offset just past the closing quote.
func Append(dst, data []byte, start int, mode Mode) ([]byte, int, error) {
	p := start + 1 // past the opening quote
	for p < len(data) {
		c := data[p]
		switch {
		case c == '"':
			return dst, p + 1, nil
		case c < 0x20:
			return nil, p, &SyntaxError{p, "control character in string"}
		case c == '\\':
			var err error
			if dst, p, err = escape(dst, data, p+1, mode); err != nil {
				return nil, p, err
			}
		case c < utf8.RuneSelf || mode == Strict:
			dst = append(dst, c)
			p++
		default:
			r, size := utf8.DecodeRune(data[p:])
			if r == utf8.RuneError && size == 1 {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			} else {
				dst = append(dst, data[p:p+size]...)
			}
			p += size
		}
	}
	return nil, p, &SyntaxError{p, "unterminated string"}
}

// escape appends the character of the escape whose letter is at data[p] and returns the
// offset after it.
func escape(dst, data []byte, p int, mode Mode) ([]byte, int, error) {
	if p >= len(data) {
		return nil, p, &SyntaxError{p, "unterminated escape"}
	}
	switch e := data[p]; e {
	case '"', '\\', '/':
		return append(dst, e), p + 1, nil
	case 'b':
		return append(dst, '\b'), p + 1, nil
	case 'f':
		return append(dst, '\f'), p + 1, nil
	case 'n':
		return append(dst, '\n'), p + 1, nil
	case 'r':
		return append(dst, '\r'), p + 1, nil
	case 't':
		return append(dst, '\t'), p + 1, nil
	case 'u':
		return unicodeEscape(dst, data, p, mode)
	}
	return nil, p, &SyntaxError{p, "bad escape"}
}

// unicodeEscape appends the character of the \u escape whose 'u' is at data[p], joining a
// surrogate pair written as two escapes.
func unicodeEscape(dst, data []byte, p int, mode Mode) ([]byte, int, error) {
	r, ok := Hex4(data, p+1)
	if !ok {
		return nil, p, &SyntaxError{p, `bad \u escape`}
	}
	end := p + 5
	if r == 0 && mode == Strict {
		return nil, end, ErrNUL
	}
	if utf16.IsSurrogate(r) {
		pair := utf8.RuneError
		if end+1 < len(data) && data[end] == '\\' && data[end+1] == 'u' {
			if lo, ok := Hex4(data, end+2); ok {
				pair = utf16.DecodeRune(r, lo)
			}
		}
		switch {
		case pair != utf8.RuneError:
			end += 6
		case mode == Strict:
			return nil, end, ErrLoneSurrogate
		}
		r = pair
	}
	return utf8.AppendRune(dst, r), end, nil
}

// Hex4 reads the four hex digits of a \u escape at data[p:]; false when there are not four.
func Hex4(data []byte, p int) (rune, bool) {
	if p+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[p : p+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r*16 + rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r*16 + rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r*16 + rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
