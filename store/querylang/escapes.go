package querylang

import (
	"unicode/utf16"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/jsonstring"
)

// checkEscapes refuses what encoding/json would turn into U+FFFD without a word: invalid
// UTF-8 and \u escapes of lone UTF-16 surrogates. A filter is small (MaxInputBytes), so one
// pass over its bytes before parsing costs nothing.
func checkEscapes(data []byte, at string) error {
	if !utf8.Valid(data) {
		return qerrOf(at, fault.Problem("bad_json.query_utf8"))
	}
	for i := 0; i+5 < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		if data[i+1] != 'u' {
			i++ // an escape of one character: skip it, so that \\u is not read as \u
			continue
		}
		r, ok := jsonstring.Hex4(data, i+2)
		if !ok || !utf16.IsSurrogate(r) {
			i += 5
			continue
		}
		var r2 rune
		if i+11 < len(data) && data[i+6] == '\\' && data[i+7] == 'u' {
			r2, ok = jsonstring.Hex4(data, i+8)
		} else {
			ok = false
		}
		if !ok || utf16.DecodeRune(r, r2) == utf8.RuneError {
			return qerrOf(at, fault.Problem("bad_value.surrogate"))
		}
		i += 11
	}
	return nil
}
