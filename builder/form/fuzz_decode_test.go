package form_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// FuzzDecodeRecord: request bodies of record writes and patches. No input panics; every
// refusal is a 400; and nothing accepted holds a NUL character or invalid UTF-8 (a lone
// surrogate would come out as invalid text).
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"a":1,"b":"x","c":[1,{"d":null}]}`, `{"a":"\u0000"}`, `{"a":"\ud800"}`, `{"a":"\ud83d\ude00"}`,
		`{"a":1e-400}`, `{"a":1e999}`, `{"a":-0.0}`, `{"a":1,"a":2}`, `[1]`, `{"a":"\u00e9\\"}`,
		`{"a":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := form.DecodeObject(data)
		if err != nil {
			fe, ok := fault.As(err)
			if !ok || fe.Kind != fault.BadRequest {
				t.Fatalf("%q: not a 400: %v", data, err)
			}
			return
		}
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case string:
				if strings.IndexByte(x, 0) >= 0 || !utf8.ValidString(x) {
					t.Fatalf("%q: accepted text %q", data, x)
				}
			case []any:
				for _, y := range x {
					walk(y)
				}
			case map[string]any:
				for k, y := range x {
					walk(k)
					walk(y)
				}
			}
		}
		walk(m)
	})
}
