package mongo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// maxDepth bounds the nesting of stored JSON, well under MongoDB's own limit of 100 levels
// (the store adds none of its own).
const maxDepth = 90

// checkKey refuses keys the store cannot keep: "_" starts the store's own top-level
// fields, and BSON keys cannot hold NUL. Keys starting with "$" or holding "." are kept
// escaped (escapeKey).
func checkKey(k string, top bool) error {
	if top && strings.HasPrefix(k, "_") {
		return fmt.Errorf("data key %q: keys starting with an underscore are reserved for the store", k)
	}
	if strings.IndexByte(k, 0) >= 0 {
		return fmt.Errorf("data key %q: keys may not contain NUL", k)
	}
	return nil
}

// jsonToBSON is the slow path of dataElements: the JSON object as bson.D, a repeated key
// keeping its last value.
func jsonToBSON(data []byte) (bson.D, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("data is not JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("data must be a JSON object")
	}
	doc, err := readObject(dec, 1)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data has trailing content after the JSON object")
	}
	return doc, nil
}

func readObject(dec *json.Decoder, depth int) (bson.D, error) {
	if depth > maxDepth {
		return nil, errors.New("data nests too deeply")
	}
	doc := bson.D{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("data is not JSON: %w", err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New("data is not JSON: object key is not a string")
		}
		if err := checkKey(key, depth == 1); err != nil {
			return nil, err
		}
		v, err := readValue(dec, depth)
		if err != nil {
			return nil, err
		}
		replaced := false
		for i := range doc { // a repeated key keeps its last value, as encoding/json does
			if doc[i].Key == escapeKey(key) {
				doc[i].Value, replaced = v, true
				break
			}
		}
		if !replaced {
			doc = append(doc, bson.E{Key: escapeKey(key), Value: v})
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, fmt.Errorf("data is not JSON: %w", err)
	}
	return doc, nil
}

func readArray(dec *json.Decoder, depth int) (bson.A, error) {
	if depth > maxDepth {
		return nil, errors.New("data nests too deeply")
	}
	arr := bson.A{}
	for dec.More() {
		v, err := readValue(dec, depth)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("data is not JSON: %w", err)
	}
	return arr, nil
}

func readValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("data is not JSON: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return readObject(dec, depth+1)
		}
		return readArray(dec, depth+1)
	case json.Number:
		return jsonNumber(string(t))
	case string, bool, nil:
		return t, nil
	}
	return nil, fmt.Errorf("data is not JSON: unexpected token %v", tok)
}

// jsonNumber keeps integral numbers as int64 and everything else as double.
func jsonNumber(s string) (any, error) {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("data number %s is out of range", s)
	}
	return numberValue(f), nil
}

// numberValue stores an integral float as int64 when that is exact.
func numberValue(f float64) any {
	if f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 {
		return int64(f)
	}
	return f
}

// metaNames are the top-level fields a stored document has besides its data.
var metaNames = [...]string{"_id", "_version", "_created", "_updated"}

func isMetaKey(k string) bool {
	for _, m := range metaNames {
		if k == m {
			return true
		}
	}
	return false
}

// bsonToJSON writes the data part of a stored document (every top-level field but the
// store's own) as a JSON object.
func bsonToJSON(doc bsoncore.Document) (json.RawMessage, error) {
	elems, err := doc.Elements()
	if err != nil {
		return nil, fmt.Errorf("read stored document: %w", err)
	}
	buf := make([]byte, 0, len(doc))
	buf = append(buf, '{')
	first := true
	for _, e := range elems {
		k := e.Key()
		if isMetaKey(k) {
			continue
		}
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = appendJSONString(buf, unescapeKey(k))
		buf = append(buf, ':')
		if buf, err = appendJSONValue(buf, e.Value(), 1); err != nil {
			return nil, err
		}
	}
	buf = append(buf, '}')
	return buf, nil
}

func appendJSONValue(buf []byte, v bsoncore.Value, depth int) ([]byte, error) {
	if depth > maxDepth+1 {
		return nil, errors.New("read stored document: nesting too deep")
	}
	switch v.Type {
	case bsoncore.TypeNull, bsoncore.TypeUndefined:
		return append(buf, "null"...), nil
	case bsoncore.TypeBoolean:
		b, ok := v.BooleanOK()
		if !ok {
			return nil, errBadBSON
		}
		return strconv.AppendBool(buf, b), nil
	case bsoncore.TypeInt32:
		i, ok := v.Int32OK()
		if !ok {
			return nil, errBadBSON
		}
		return strconv.AppendInt(buf, int64(i), 10), nil
	case bsoncore.TypeInt64:
		i, ok := v.Int64OK()
		if !ok {
			return nil, errBadBSON
		}
		return strconv.AppendInt(buf, i, 10), nil
	case bsoncore.TypeDouble:
		f, ok := v.DoubleOK()
		if !ok {
			return nil, errBadBSON
		}
		return appendJSONFloat(buf, f), nil
	case bsoncore.TypeDecimal128:
		h, l, ok := v.Decimal128OK()
		if !ok {
			return nil, errBadBSON
		}
		s := bson.NewDecimal128(h, l).String()
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return appendJSONFloat(buf, f), nil
		}
		return appendJSONString(buf, s), nil
	case bsoncore.TypeString:
		s, ok := v.StringValueOK()
		if !ok {
			return nil, errBadBSON
		}
		return appendJSONString(buf, s), nil
	case bsoncore.TypeDateTime:
		ms, ok := v.DateTimeOK()
		if !ok {
			return nil, errBadBSON
		}
		return appendJSONString(buf, time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z07:00")), nil
	case bsoncore.TypeObjectID:
		id, ok := v.ObjectIDOK()
		if !ok {
			return nil, errBadBSON
		}
		return appendJSONString(buf, bson.ObjectID(id).Hex()), nil
	case bsoncore.TypeEmbeddedDocument:
		return appendJSONObject(buf, v, depth)
	case bsoncore.TypeArray:
		return appendJSONArray(buf, v, depth)
	}
	// Types JSON cannot hold never come from the store; written by someone else, they
	// read as their extended-JSON text rather than failing the whole document.
	return appendJSONString(buf, v.String()), nil
}

// appendJSONObject appends the embedded document v (at depth) as a JSON object, its keys
// unescaped.
func appendJSONObject(buf []byte, v bsoncore.Value, depth int) ([]byte, error) {
	d, ok := v.DocumentOK()
	if !ok {
		return nil, errBadBSON
	}
	elems, err := d.Elements()
	if err != nil {
		return nil, errBadBSON
	}
	buf = append(buf, '{')
	for i, e := range elems {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, unescapeKey(e.Key()))
		buf = append(buf, ':')
		if buf, err = appendJSONValue(buf, e.Value(), depth+1); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

// appendJSONArray appends the array v (at depth) as a JSON array.
func appendJSONArray(buf []byte, v bsoncore.Value, depth int) ([]byte, error) {
	a, ok := v.ArrayOK()
	if !ok {
		return nil, errBadBSON
	}
	vals, err := a.Values()
	if err != nil {
		return nil, errBadBSON
	}
	buf = append(buf, '[')
	for i, e := range vals {
		if i > 0 {
			buf = append(buf, ',')
		}
		if buf, err = appendJSONValue(buf, e, depth+1); err != nil {
			return nil, err
		}
	}
	return append(buf, ']'), nil
}

var errBadBSON = errors.New("read stored document: malformed BSON")

// appendJSONFloat formats like encoding/json does.
func appendJSONFloat(buf []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(buf, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	buf = strconv.AppendFloat(buf, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(buf)
		if n >= 4 && buf[n-4] == 'e' && buf[n-3] == '-' && buf[n-2] == '0' {
			buf[n-2] = buf[n-1]
			buf = buf[:n-1]
		}
	}
	return buf
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s for JSON; invalid UTF-8 becomes U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c >= 0x20:
				buf = append(buf, c)
			case c == '\n':
				buf = append(buf, '\\', 'n')
			case c == '\r':
				buf = append(buf, '\\', 'r')
			case c == '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf = append(buf, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}
