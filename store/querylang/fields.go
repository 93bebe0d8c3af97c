package querylang

import (
	"fmt"
	"sort"
	"strings"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// FieldType is the type of a declared field, as the query language sees it.
type FieldType string

// The field types.
const (
	// String: text. Supports every operator.
	String FieldType = "string"
	// Number: JSON numbers, compared numerically.
	Number FieldType = "number"
	// Bool: true or false.
	Bool FieldType = "bool"
	// Date: a calendar date stored as "YYYY-MM-DD" text; compared as text, which is
	// chronological for that form.
	Date FieldType = "date"
	// Datetime: an instant stored as RFC 3339 text in the canonical form of
	// FormatDatetime (UTC, milliseconds), so that text order is time order.
	Datetime FieldType = "datetime"
	// Array: a list of scalars (multi-select options, members, departments); Field.Elem
	// gives the type of the items.
	Array FieldType = "array"
	// Object: a nested object; only exists applies. Declare its paths ("address.city")
	// to filter on its members.
	Object FieldType = "object"
)

// Field declares how one path may be used. Filter allows filters on it, Sort allows
// sorting by it, Group allows it as a group-by dimension or a metric of an aggregation.
// Elem is the item type of an Array field (String when empty) and must be empty for
// the other types.
//
// The meta paths _id (string), _version (number), _created and _updated (timestamps)
// have fixed types; list them to allow them, and their Type is ignored.
type Field struct {
	Type   FieldType
	Elem   FieldType
	Filter bool
	Sort   bool
	Group  bool
	// Label is what the field is called on screen: Chinese messages name the field by it
	// (English ones keep the path, which clients and tests match on word for word).
	Label fault.Text
}

// Fields is an allow-list, keyed by field path ("status", "address.city", "items.qty",
// "_created"). A path that is not listed does not exist as far as the query is concerned.
type Fields map[string]Field

// MetaFields lists the meta paths with the uses that suit them: _id and _version for
// filtering (and _id for sorting), _created and _updated for filtering, sorting and
// date-bucket aggregations.
func MetaFields() Fields {
	return Fields{
		store.PathID:      {Type: String, Filter: true, Sort: true},
		store.PathVersion: {Type: Number, Filter: true},
		store.PathCreated: {Type: Datetime, Filter: true, Sort: true, Group: true},
		store.PathUpdated: {Type: Datetime, Filter: true, Sort: true, Group: true},
	}
}

// Validate reports the first problem with the allow-list itself, in path order: a path
// the store would refuse, an unknown type, or an Elem that does not fit. Parsing never
// lets such an entry through, but Validate says why it is unusable.
func (fs Fields) Validate() error {
	paths := make([]string, 0, len(fs))
	for p := range fs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := checkPath(p); err != nil {
			return fmt.Errorf("querylang: field %q: %w", p, err)
		}
		f := fs[p]
		if store.IsMetaPath(p) {
			continue
		}
		if !f.Type.valid() {
			return fmt.Errorf("querylang: field %q: unknown type %q", p, f.Type)
		}
		if f.Type == Array {
			if f.Elem != "" && !f.Elem.scalar() {
				return fmt.Errorf("querylang: field %q: array items must be of a scalar type, not %q", p, f.Elem)
			}
		} else if f.Elem != "" {
			return fmt.Errorf("querylang: field %q: only arrays have an item type", p)
		}
	}
	return nil
}

func (t FieldType) valid() bool { return t == Array || t == Object || t.scalar() }

func (t FieldType) scalar() bool {
	switch t {
	case String, Number, Bool, Date, Datetime:
		return true
	}
	return false
}

// kind is the resolved type of a path: the declared type, with the meta paths fixed and
// _created/_updated distinguished because their values are timestamps in the AST.
type kind struct {
	t     FieldType
	elem  FieldType // for Array
	time  bool      // _created, _updated: values become time.Time
	label fault.Text
}

func kindOf(path string, f Field) kind {
	switch path {
	case store.PathID:
		return kind{t: String}
	case store.PathVersion:
		return kind{t: Number}
	case store.PathCreated, store.PathUpdated:
		return kind{t: Datetime, time: true}
	}
	k := kind{t: f.Type}
	if f.Type == Array {
		k.elem = f.Elem
		if k.elem == "" {
			k.elem = String
		}
	}
	return k
}

// use is what a field is looked up for.
type use int

const (
	useFilter use = iota
	useSort
	useGroup
)

// lookup resolves a client-supplied path against the allow-list. Unlisted paths are
// unknown_field whatever the reason (absent, hidden by permissions, malformed), so a
// client learns nothing about fields it may not see.
func (fs Fields) lookup(path string, u use, at string) (kind, error) {
	f, ok := fs[path]
	if !ok {
		return kind{}, qerrOf(at, fault.Problem("unknown_field.query_named").FillText("field", named(path)))
	}
	if err := checkPath(path); err != nil {
		return kind{}, qerrOf(at, fault.Problem("bad_field.path").FillAll(map[string]fault.Text{"field": named(path), "reason": {EN: err.Error(), ZH: err.Error()}}))
	}
	k := kindOf(path, f)
	k.label = f.Label
	if !k.t.valid() || (k.t == Array && !k.elem.scalar()) {
		return kind{}, qerrOf(at, fault.Problem("bad_field.query_declaration").FillText("field", fieldName(path, f.Label)))
	}
	switch u {
	case useFilter:
		if !f.Filter {
			return kind{}, qerrOf(at, fault.Problem("not_filterable.query_named").FillText("field", fieldName(path, f.Label)))
		}
	case useSort:
		if !f.Sort || k.t == Array || k.t == Object {
			return kind{}, qerrOf(at, fault.Problem("not_sortable.query_named").FillText("field", fieldName(path, f.Label)))
		}
	case useGroup:
		if !f.Group || k.t == Array || k.t == Object {
			return kind{}, qerrOf(at, fault.Problem("not_groupable.query_named").FillText("field", fieldName(path, f.Label)))
		}
	}
	return k, nil
}

// checkPath accepts what store.CheckPath accepts and, besides the store's meta paths,
// other names of one segment starting with an underscore: names the caller gives to
// members it keeps outside the fields (a record's pipeline stage) and maps to stored
// paths itself. Such a name reaching the store unmapped is refused there.
func checkPath(p string) error {
	if len(p) > 1 && p[0] == '_' && !strings.Contains(p, ".") {
		return store.CheckPath(p[1:])
	}
	return store.CheckPath(p)
}
