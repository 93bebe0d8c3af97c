package form

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// TestAppendValueMatchesEncodingJSON compares the encoder with encoding/json (without
// HTML escaping) on awkward text and numbers.
func TestAppendValueMatchesEncodingJSON(t *testing.T) {
	values := []any{
		"", "plain", "引号\"和\\反斜杠", "tab\tnew\nline\rcr", "\x00\x01\x1f\x7f", "\u2028\u2029", "a\u2028b",
		"\xff\xfe bad utf-8 \xe2\x80", "<>&", "emoji 😀", "\xe2\x82\xac euro",
		0.0, 1.0, -1.0, 0.1, 1e20, 1e21, 1.5e-7, 1e-6, 123456789012345.0, 1e15, -2.5e-9, math.MaxFloat64,
		true, false, nil, []any{1.0, "x", nil}, map[string]any{"b": 1.0, "a": []any{}},
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		b := make([]byte, r.IntN(12))
		for j := range b {
			b[j] = "a\"\\\n\x01\xe2\x80\xa8\xa9\xff\xc3\xa9"[r.IntN(12)]
		}
		values = append(values, string(b))
	}
	for _, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		got := appendValue(nil, v)
		if string(got) != string(bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("%q: got %s, want %s", v, got, want.Bytes())
		}
	}
}
