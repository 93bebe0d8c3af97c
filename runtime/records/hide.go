package records

import (
	"bytes"
	"encoding/json"
	"errors"
)

var errNotObject = errors.New("record data is not a JSON object")

// withoutKeys copies the JSON object data leaving out the top-level members whose keys are
// in hidden, in one pass over the bytes: the other members are copied as they are (in
// their order), nothing is decoded or encoded again. data must be valid JSON, as the store
// hands it out.
func withoutKeys(data []byte, hidden map[string]bool) ([]byte, error) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, errNotObject
	}
	out := make([]byte, 0, len(data))
	out = append(out, '{')
	i++
	first := true
	for {
		i = skipSpace(data, i)
		if i >= len(data) {
			return nil, errNotObject
		}
		if data[i] == '}' {
			break
		}
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		if i >= len(data) || data[i] != '"' {
			return nil, errNotObject
		}
		keyStart := i
		keyEnd := stringEnd(data, i) + 1
		raw := data[keyStart+1 : keyEnd-1]
		drop := hidden[string(raw)]          // no copy: the compiler looks the bytes up as they are
		if bytes.IndexByte(raw, '\\') >= 0 { // an escaped key: compare its value
			var key string
			if err := json.Unmarshal(data[keyStart:keyEnd], &key); err != nil {
				return nil, err
			}
			drop = hidden[key]
		}
		i = skipSpace(data, keyEnd)
		if i >= len(data) || data[i] != ':' {
			return nil, errNotObject
		}
		valStart := skipSpace(data, i+1)
		valEnd := valueEnd(data, valStart)
		if valEnd <= valStart {
			return nil, errNotObject
		}
		if !drop {
			if !first {
				out = append(out, ',')
			}
			first = false
			out = append(out, data[keyStart:keyEnd]...)
			out = append(out, ':')
			out = append(out, data[valStart:valEnd]...)
		}
		i = valEnd
	}
	return append(out, '}'), nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// stringEnd is the index of the quote closing the JSON string opening at i.
func stringEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(b) - 1
}

// valueEnd is the index just after the JSON value starting at i.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i) + 1
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = stringEnd(b, j)
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(b)
	default: // number, true, false, null
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
			j++
		}
		return j
	}
}
