package template

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Data scopes of a permission.
const (
	ScopeAll            = "all"            // every record of the form
	ScopeOwn            = "own"            // records the member created or owns
	ScopeDepartment     = "department"     // records of the member's own departments
	ScopeDepartmentTree = "departmentTree" // … and of their sub-departments
	ScopeFilter         = "filter"         // records matching a filter in the query language
)

// Scope is a permission's data scope: one of the named scopes written as a string
// ("own"), or {"filter": {…}} with a filter in the query language, which may use the
// parameters currentUser, currentDepartments, today and now.
type Scope struct {
	Kind   string          // a named scope; empty when Filter is set
	Filter json.RawMessage // the filter of a filter scope
}

// UnmarshalJSON reads either form.
func (s *Scope) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		*s = Scope{}
		return json.Unmarshal(b, &s.Kind)
	}
	var obj struct {
		Filter json.RawMessage `json:"filter"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&obj); err != nil {
		return err
	}
	if obj.Filter == nil {
		return errors.New("template: a scope object needs a filter")
	}
	*s = Scope{Filter: obj.Filter}
	return nil
}

// MarshalJSON writes the form it was read in.
func (s Scope) MarshalJSON() ([]byte, error) {
	if s.Filter != nil {
		return json.Marshal(struct {
			Filter json.RawMessage `json:"filter"`
		}{s.Filter})
	}
	return json.Marshal(s.Kind)
}
