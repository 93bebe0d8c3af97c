package form

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/jsonstring"
)

// maxDepth bounds nesting in submitted records: a record, a sub-form, a row, a list.
const maxDepth = 16

// decodeObject parses a submitted record: one JSON object, numbers as float64. It is a
// small single-pass parser rather than encoding/json because records are decoded on every
// write, and it refuses what encoding/json would let through silently: duplicate keys
// (which one would win?), invalid UTF-8, and absurd nesting.
//
// Text values and keys are slices of one copy of the input: one allocation for all the
// strings without escapes, instead of one each. hint sizes the top-level map.
func decodeObject(data []byte, hint int) (map[string]any, error) {
	if !utf8.Valid(data) {
		return nil, fault.Of("invalid_json.not_utf8")
	}
	d := decoder{data: data, text: string(data), hint: hint}
	d.space()
	if d.pos >= len(d.data) || d.data[d.pos] != '{' {
		return nil, fault.Of("invalid_json.record_not_object")
	}
	v, err := d.value(0)
	if err != nil {
		var bv *badValue
		if errors.As(err, &bv) {
			return nil, bv.fault()
		}
		return nil, err
	}
	d.space()
	if d.pos != len(d.data) {
		return nil, fault.Of("invalid_json.after_record")
	}
	return v.(map[string]any), nil
}

// smallNumbers holds 0…1023 already boxed: quantities, percentages and scores are mostly
// small whole numbers, and each would otherwise cost an allocation. Never written after init.
var smallNumbers = func() (t [1024]any) {
	for i := range t {
		t[i] = float64(i)
	}
	return t
}()

type decoder struct {
	data []byte
	text string // data as a string: unescaped strings are substrings of it
	pos  int
	hint int
}

func (d *decoder) syntax() error {
	return fault.Of("invalid_json.at_byte").Fill("offset", d.pos)
}

func (d *decoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, fault.Of("invalid_json.too_deep")
	}
	d.space()
	if d.pos >= len(d.data) {
		return nil, d.syntax()
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		str, err := d.string()
		if err != nil {
			return nil, err
		}
		return str, nil
	case c == 't':
		return d.literal("true", true)
	case c == 'f':
		return d.literal("false", false)
	case c == 'n':
		return d.literal("null", nil)
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	return nil, d.syntax()
}

func (d *decoder) literal(word string, v any) (any, error) {
	if len(d.data)-d.pos < len(word) || string(d.data[d.pos:d.pos+len(word)]) != word {
		return nil, d.syntax()
	}
	d.pos += len(word)
	return v, nil
}

func (d *decoder) object(depth int) (any, error) {
	d.pos++ // {
	size := 8
	if depth == 0 && d.hint > size {
		size = d.hint
	}
	m := make(map[string]any, size)
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return m, nil
	}
	for {
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return nil, d.syntax()
		}
		key, err := d.string()
		if err != nil {
			return nil, err
		}
		if strings.IndexByte(key, 0) >= 0 {
			return nil, &badValue{code: "nul_character", text: nulText()}
		}
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.syntax()
		}
		d.pos++
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, within(err, key)
		}
		n := len(m)
		m[key] = v
		if len(m) == n {
			return nil, fault.Of("invalid_json.duplicate_key").
				WithProblem("/"+escapeToken(key), fault.Problem("duplicate_key.json"))
		}
		d.space()
		if d.pos >= len(d.data) {
			return nil, d.syntax()
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return m, nil
		default:
			return nil, d.syntax()
		}
	}
}

func (d *decoder) array(depth int) (any, error) {
	d.pos++ // [
	list := make([]any, 0, 4)
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return list, nil
	}
	for {
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, within(err, strconv.Itoa(len(list)))
		}
		list = append(list, v)
		d.space()
		if d.pos >= len(d.data) {
			return nil, d.syntax()
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return list, nil
		default:
			return nil, d.syntax()
		}
	}
}

func (d *decoder) number() (any, error) {
	start := d.pos
	p := d.pos
	data := d.data
	if p < len(data) && data[p] == '-' {
		p++
	}
	switch {
	case p < len(data) && data[p] == '0':
		p++
	case p < len(data) && data[p] >= '1' && data[p] <= '9':
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
	default:
		d.pos = p
		return nil, d.syntax()
	}
	simple := true
	if p < len(data) && data[p] == '.' {
		simple = false
		p++
		if p >= len(data) || data[p] < '0' || data[p] > '9' {
			d.pos = p
			return nil, d.syntax()
		}
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
	}
	if p < len(data) && (data[p] == 'e' || data[p] == 'E') {
		simple = false
		p++
		if p < len(data) && (data[p] == '+' || data[p] == '-') {
			p++
		}
		if p >= len(data) || data[p] < '0' || data[p] > '9' {
			d.pos = p
			return nil, d.syntax()
		}
		for p < len(data) && data[p] >= '0' && data[p] <= '9' {
			p++
		}
	}
	d.pos = p
	text := data[start:p]
	if simple && len(text) < 16 {
		// Whole numbers that fit exactly: no need for the general parser.
		neg := text[0] == '-'
		digits := text
		if neg {
			digits = text[1:]
		}
		var n int64
		for _, c := range digits {
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		} else if n < int64(len(smallNumbers)) {
			return smallNumbers[n], nil
		}
		return float64(n), nil
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil {
		return nil, fault.Of("invalid_json.number_range")
	}
	if f == 0 && nonZeroMantissa(text) {
		return nil, &badValue{code: "number_underflow", text: underflowText()}
	}
	return f, nil
}

func (d *decoder) string() (string, error) {
	d.pos++ // opening quote
	start := d.pos
	data := d.data
	// Fast path: no escapes, ASCII or valid UTF-8.
	for p := start; p < len(data); p++ {
		c := data[p]
		if c == '"' {
			d.pos = p + 1
			return d.text[start:p], nil // the input was checked to be UTF-8 as a whole
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	buf, end, err := jsonstring.Append(make([]byte, 0, 32), data, start-1, jsonstring.Strict)
	d.pos = end
	var syntax *jsonstring.SyntaxError
	switch {
	case err == nil:
		return string(buf), nil
	case errors.Is(err, jsonstring.ErrNUL):
		return "", &badValue{code: "nul_character", text: nulText()}
	case errors.Is(err, jsonstring.ErrLoneSurrogate):
		return "", &badValue{code: "lone_surrogate", text: surrogateText()}
	case errors.As(err, &syntax):
		d.pos = syntax.Offset
	}
	return "", d.syntax()
}

// jsonEqual compares two decoded JSON values; numbers compare by value whatever their Go type.
func JSONEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !JSONEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !JSONEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	n, ok1 := anyNumber(a)
	m, ok2 := anyNumber(b)
	return ok1 && ok2 && n == m
}

func anyNumber(v any) (float64, bool) {
	if n, ok := toNumber(v); ok {
		return n, true
	}
	if s, ok := v.(interface{ Float64() (float64, error) }); ok {
		f, err := s.Float64()
		return f, err == nil
	}
	return 0, false
}
