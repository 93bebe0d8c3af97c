package jsonstring_test

import (
	"errors"
	"testing"

	"github.com/formloom/formloom/jsonstring"
)

func TestAppend(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, in        string
		strict, lenient string
		strictErr       error
		syntaxAt        int // -1: no syntax error
	}{
		{name: "plain", in: `"abc"`, strict: "abc", lenient: "abc", syntaxAt: -1},
		{name: "escapes", in: `"a\"\\\/\b\f\n\r\t"`, strict: "a\"\\/\b\f\n\r\t", lenient: "a\"\\/\b\f\n\r\t", syntaxAt: -1},
		{name: "unicode", in: `"\u7985\u00e9"`, strict: "禅é", lenient: "禅é", syntaxAt: -1},
		{name: "surrogate pair", in: `"\ud83d\ude00"`, strict: "😀", lenient: "😀", syntaxAt: -1},
		{name: "lone surrogate", in: `"\ud83dx"`, strictErr: jsonstring.ErrLoneSurrogate, lenient: "\uFFFDx", syntaxAt: -1},
		{name: "high then non-low", in: `"\ud83d\u0041"`, strictErr: jsonstring.ErrLoneSurrogate, lenient: "\uFFFDA", syntaxAt: -1},
		{name: "NUL", in: `"a\u0000"`, strictErr: jsonstring.ErrNUL, lenient: "a\x00", syntaxAt: -1},
		{name: "invalid UTF-8", in: "\"a\xffb\"", strict: "a\xffb", lenient: "a\uFFFDb", syntaxAt: -1},
		{name: "control character", in: "\"a\nb\"", syntaxAt: 2},
		{name: "bad escape", in: `"a\x"`, syntaxAt: 3},
		{name: "bad hex", in: `"\u12g4"`, syntaxAt: 2},
		{name: "unterminated", in: `"abc`, syntaxAt: 4},
		{name: "escape at the end", in: `"abc\`, syntaxAt: 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, mode := range []jsonstring.Mode{jsonstring.Strict, jsonstring.Lenient} {
				got, end, err := jsonstring.Append(nil, []byte(c.in), 0, mode)
				var syntax *jsonstring.SyntaxError
				switch {
				case c.syntaxAt >= 0:
					if !errors.As(err, &syntax) || syntax.Offset != c.syntaxAt {
						t.Errorf("mode %d: %v, want a syntax error at %d", mode, err, c.syntaxAt)
					}
				case mode == jsonstring.Strict && c.strictErr != nil:
					if !errors.Is(err, c.strictErr) {
						t.Errorf("strict: %v, want %v", err, c.strictErr)
					}
				default:
					want := c.lenient
					if mode == jsonstring.Strict {
						want = c.strict
					}
					if err != nil || string(got) != want || end != len(c.in) {
						t.Errorf("mode %d: %q, %d, %v; want %q, %d", mode, got, end, err, want, len(c.in))
					}
				}
			}
		})
	}
}
