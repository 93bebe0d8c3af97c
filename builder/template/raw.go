package template

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Raw is an object of the template whose shape a later part of the format defines
// (pipelines, automations). Only its key is read here; the JSON is kept as written.
type Raw struct {
	Key  string
	JSON json.RawMessage
}

// UnmarshalJSON keeps the object and reads its key.
func (r *Raw) UnmarshalJSON(b []byte) error {
	var head struct {
		Key string `json:"key"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	r.Key = head.Key
	r.JSON = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON writes the object as it was read.
func (r Raw) MarshalJSON() ([]byte, error) {
	if len(r.JSON) == 0 {
		return nil, errors.New("template: raw item without JSON")
	}
	return r.JSON, nil
}

// Field returns the string member name of the object, or "" when it is absent or not a
// string.
func (r Raw) Field(name string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(r.JSON, &m) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(m[name], &s) != nil {
		return ""
	}
	return s
}

// equalJSON reports whether two JSON texts hold the same value, whatever their layout
// and member order.
func equalJSON(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if len(a) == 0 || len(b) == 0 {
		return len(bytes.TrimSpace(a)) == 0 && len(bytes.TrimSpace(b)) == 0
	}
	ca, err1 := canonical(a)
	cb, err2 := canonical(b)
	return err1 == nil && err2 == nil && bytes.Equal(ca, cb)
}

// canonical re-encodes JSON with sorted members and numbers as written.
func canonical(b json.RawMessage) ([]byte, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
