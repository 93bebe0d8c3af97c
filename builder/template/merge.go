package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Conflict kinds.
const (
	ConflictChanged       = "changed_both"     // both sides changed the value differently
	ConflictRemovedLocal  = "removed_locally"  // removed here, changed in the new template
	ConflictRemovedRemote = "removed_upstream" // changed here, removed from the new template
)

// Sides of a conflict, for resolving it.
const (
	SideLocal  = "local"
	SideRemote = "remote"
)

// Conflict is a place where the app and the new template disagree. The merged document
// holds the local value there (or, for an item removed on one side and changed on the
// other, the changed item), until the conflict is resolved.
type Conflict struct {
	// Pointer locates the conflict in the merged document, which has the local
	// document's layout plus the template's additions appended.
	Pointer string `json:"pointer"`
	Kind    string `json:"kind"`
	// Base, Local and Remote are the values as JSON (json.RawMessage); nil where the
	// side has no value (removed, or never there).
	Base   any `json:"base"`
	Local  any `json:"local"`
	Remote any `json:"remote"`
}

// ErrBadResolution is returned when a resolution names no conflict or no side.
var ErrBadResolution = errors.New("template: bad conflict resolution")

// Merge3 merges the changes from base to remote into local, three ways, knowing the
// template's structure: objects merge member by member; keyed lists (forms, roles,
// permissions by role and form, views, dashboards, widgets, pipelines, their nodes, edges
// by from and to, automations, select options by value) merge by key, keeping the local
// order and appending the remote additions; required lists, enums, ui.order, actions and
// view columns merge as sets. A value changed on one side takes that side; changed on both
// to different values it is a Conflict and the local value is kept. An item removed on one
// side and changed on the other is a Conflict too, and the changed item is kept.
//
// The merged template is checked; when it is not valid Merge3 returns no document and an
// error wrapping the *Problems, so that a broken merge is never applied.
func Merge3(base, local, remote json.RawMessage) (json.RawMessage, []Conflict, error) {
	return Merge3Resolved(base, local, remote, nil)
}

// Merge3Resolved is Merge3 with some conflicts resolved: resolve maps a conflict's
// Pointer (as Merge3 reports it) to SideLocal or SideRemote. Resolved conflicts are not
// returned; a resolution that names no conflict, or no side, is an error wrapping
// ErrBadResolution.
func Merge3Resolved(base, local, remote json.RawMessage, resolve map[string]string) (json.RawMessage, []Conflict, error) {
	var docs [3]any
	for i, raw := range []json.RawMessage{base, local, remote} {
		v, err := decodeOrdered(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("template: merge: %s: %w", [3]string{"base", "local", "remote"}[i], err)
		}
		docs[i] = v
	}
	for p, side := range resolve {
		if side != SideLocal && side != SideRemote {
			return nil, nil, fmt.Errorf("%w: %q at %q is neither local nor remote", ErrBadResolution, side, p)
		}
	}
	m := &merger{resolve: resolve, used: map[string]bool{}}
	out := m.value(nil, "", docs[0], docs[1], docs[2])
	for p := range resolve {
		if !m.used[p] {
			return nil, m.conflicts, fmt.Errorf("%w: no conflict at %q", ErrBadResolution, p)
		}
	}
	var b bytes.Buffer
	writeOrdered(&b, dropTombstones(out))
	merged := json.RawMessage(b.Bytes())
	if _, err := Check(merged); err != nil {
		return nil, m.conflicts, fmt.Errorf("template: merged template is not valid: %w", err)
	}
	return merged, m.conflicts, nil
}

// absent marks a member or item that a side does not have; tombstone, one removed by a
// resolution (it keeps its place until the end, so that later pointers stay as reported).
type marker int

const (
	absent marker = iota + 1
	tombstone
)

// object is a JSON object that keeps its members' order.
type object struct {
	keys []string
	vals map[string]any
}

func (o *object) get(k string) any {
	if v, ok := o.vals[k]; ok {
		return v
	}
	return absent
}

func (o *object) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

type merger struct {
	resolve   map[string]string
	used      map[string]bool
	conflicts []Conflict
}

// conflict records a disagreement at pointer and returns the value to keep: keep unless
// the caller resolved it, then the chosen side.
func (m *merger) conflict(pointer, kind string, b, l, r, keep any) any {
	if side, ok := m.resolve[pointer]; ok {
		m.used[pointer] = true
		v := l
		if side == SideRemote {
			v = r
		}
		if v == absent {
			return tombstone
		}
		return v
	}
	m.conflicts = append(m.conflicts, Conflict{Pointer: pointer, Kind: kind, Base: rawOf(b), Local: rawOf(l), Remote: rawOf(r)})
	return keep
}

// value merges one value at pointer; shape is the pointer with list indexes as "*",
// which tells what the value is. Any of b, l, r may be absent, but not both l and r.
func (m *merger) value(shape []string, pointer string, b, l, r any) any {
	switch {
	case sameJSON(l, r):
		return l
	case sameJSON(b, l):
		return r
	case sameJSON(b, r):
		return l
	}
	lo, lok := l.(*object)
	ro, rok := r.(*object)
	bo, bok := b.(*object)
	if lok && rok && (bok || b == absent) {
		if !bok {
			bo = &object{vals: map[string]any{}}
		}
		return m.object(shape, pointer, bo, lo, ro)
	}
	la, lok := l.([]any)
	ra, rok := r.([]any)
	ba, bok := b.([]any)
	if lok && rok && (bok || b == absent) {
		switch kind, key := listKind(shape); kind {
		case listSet:
			return mergeSet(ba, la, ra)
		case listKeyed:
			if out, ok := m.keyed(shape, pointer, key, ba, la, ra); ok {
				return out
			}
		}
	}
	return m.conflict(pointer, ConflictChanged, b, l, r, l)
}

func (m *merger) object(shape []string, pointer string, b, l, r *object) any {
	out := &object{vals: map[string]any{}}
	member := func(k string) {
		p := pointer + "/" + escapeToken(k)
		if v := m.member(append(slices.Clip(shape), k), p, b.get(k), l.get(k), r.get(k)); v != absent {
			out.set(k, v)
		}
	}
	for _, k := range l.keys {
		member(k)
	}
	for _, k := range r.keys {
		if _, ok := l.vals[k]; !ok {
			member(k)
		}
	}
	return out
}

// member merges a member or item that may be missing on some sides; absent drops it.
func (m *merger) member(shape []string, pointer string, b, l, r any) any {
	switch {
	case l == absent && r == absent:
		return absent
	case l == absent && b == absent:
		return r // added by the template
	case r == absent && b == absent:
		return l // added here
	case l == absent:
		if sameJSON(b, r) {
			return absent
		}
		return m.conflict(pointer, ConflictRemovedLocal, b, l, r, r)
	case r == absent:
		if sameJSON(b, l) {
			return absent
		}
		return m.conflict(pointer, ConflictRemovedRemote, b, l, r, l)
	}
	return m.value(shape, pointer, b, l, r)
}

// keyed merges a list of objects identified by key; ok is false when some item has no
// key or shares one, and the list is then merged as a whole value.
func (m *merger) keyed(shape []string, pointer string, key func(*object) (string, bool), b, l, r []any) (any, bool) {
	bi, ok1 := indexBy(b, key)
	li, ok2 := indexBy(l, key)
	ri, ok3 := indexBy(r, key)
	if !ok1 || !ok2 || !ok3 {
		return nil, false
	}
	itemShape := append(slices.Clip(shape), "*")
	out := make([]any, 0, len(l)+len(r))
	item := func(k string) {
		p := pointer + "/" + fmt.Sprint(len(out))
		if v := m.member(itemShape, p, get(b, bi, k), get(l, li, k), get(r, ri, k)); v != absent {
			out = append(out, v)
		}
	}
	for _, v := range l {
		k, _ := key(v.(*object))
		item(k)
	}
	for _, v := range r {
		k, _ := key(v.(*object))
		if _, ok := li[k]; !ok {
			item(k)
		}
	}
	return out, true
}

func get(list []any, idx map[string]int, k string) any {
	if i, ok := idx[k]; ok {
		return list[i]
	}
	return absent
}

func indexBy(list []any, key func(*object) (string, bool)) (map[string]int, bool) {
	idx := make(map[string]int, len(list))
	for i, v := range list {
		o, ok := v.(*object)
		if !ok {
			return nil, false
		}
		k, ok := key(o)
		if !ok {
			return nil, false
		}
		if _, dup := idx[k]; dup {
			return nil, false
		}
		idx[k] = i
	}
	return idx, true
}

// mergeSet keeps the local items in order, less those the template removed, and appends
// the template's additions.
func mergeSet(b, l, r []any) any {
	in := func(list []any) map[string]bool {
		s := make(map[string]bool, len(list))
		for _, v := range list {
			s[canonicalOf(v)] = true
		}
		return s
	}
	bs, ls, rs := in(b), in(l), in(r)
	out := make([]any, 0, len(l)+len(r))
	seen := map[string]bool{}
	for _, v := range l {
		c := canonicalOf(v)
		if seen[c] || (bs[c] && !rs[c]) {
			continue
		}
		seen[c] = true
		out = append(out, v)
	}
	for _, v := range r {
		c := canonicalOf(v)
		if seen[c] || bs[c] || ls[c] {
			continue
		}
		seen[c] = true
		out = append(out, v)
	}
	return out
}

type listKindT int

const (
	listWhole listKindT = iota
	listKeyed
	listSet
)

func memberKey(name string) func(*object) (string, bool) {
	return func(o *object) (string, bool) {
		s, ok := o.get(name).(string)
		return s, ok
	}
}

func pairKey(a, b string, optionalB bool) func(*object) (string, bool) {
	return func(o *object) (string, bool) {
		x, ok := o.get(a).(string)
		if !ok {
			return "", false
		}
		y, ok := o.get(b).(string)
		if !ok && !(optionalB && o.get(b) == absent) {
			return "", false
		}
		return x + "\x00" + y, true
	}
}

// listKind tells how the list at shape merges, and for keyed lists the key of an item.
func listKind(shape []string) (listKindT, func(*object) (string, bool)) {
	is := func(pattern ...string) bool { return slices.Equal(shape, pattern) }
	switch {
	case is("forms"), is("roles"), is("views"), is("dashboards"), is("pipelines"), is("automations"),
		is("dashboards", "*", "widgets"), is("pipelines", "*", "nodes"):
		return listKeyed, memberKey("key")
	case is("permissions"):
		return listKeyed, pairKey("role", "form", true)
	case is("pipelines", "*", "edges"):
		return listKeyed, pairKey("from", "to", false)
	case is("forms", "*", "ui", "order"), is("permissions", "*", "actions"), is("views", "*", "columns"):
		return listSet, nil
	}
	// Inside a form's schema: property maps are objects already; options, required lists
	// and enums are recognised by name.
	if len(shape) >= 4 && shape[0] == "forms" && shape[2] == "schema" {
		last := shape[len(shape)-1]
		parent := shape[len(shape)-2]
		switch {
		case last == "options" && parent == "x-formloom":
			return listKeyed, memberKey("value")
		case (last == "required" || last == "enum") && parent != "properties":
			return listSet, nil
		}
	}
	return listWhole, nil
}

// decodeOrdered reads one JSON value keeping object member order.
func decodeOrdered(raw json.RawMessage) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	v, err := readValue(d, 0)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON value")
	}
	return v, nil
}

func readValue(d *json.Decoder, depth int) (any, error) {
	if depth > maxMergeDepth {
		return nil, errors.New("nested too deep")
	}
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{vals: map[string]any{}}
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := readValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				o.set(k, v)
			}
			_, err := d.Token()
			return o, err
		case '[':
			list := []any{}
			for d.More() {
				v, err := readValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := d.Token()
			return list, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	}
	return t, nil
}

// maxMergeDepth bounds the nesting the merge reads; Check allows less.
const maxMergeDepth = 128

// dropTombstones removes what resolutions removed.
func dropTombstones(v any) any {
	switch v := v.(type) {
	case *object:
		out := &object{vals: map[string]any{}}
		for _, k := range v.keys {
			if x := v.vals[k]; x != tombstone {
				out.set(k, dropTombstones(x))
			}
		}
		return out
	case []any:
		out := make([]any, 0, len(v))
		for _, x := range v {
			if x != tombstone {
				out = append(out, dropTombstones(x))
			}
		}
		return out
	}
	return v
}

func writeOrdered(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case *object:
		b.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			writeOrdered(b, v.vals[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeOrdered(b, x)
		}
		b.WriteByte(']')
	case string:
		writeString(b, v)
	case json.Number:
		b.WriteString(v.String())
	case bool:
		if v {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	default:
		b.WriteString("null")
	}
}

func writeString(b *bytes.Buffer, s string) {
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)         // a string always encodes
	b.Truncate(b.Len() - 1) // the encoder's newline
}

// canonicalOf is a value's JSON with members sorted, for comparing values.
func canonicalOf(v any) string {
	var b strings.Builder
	canon(&b, v)
	return b.String()
}

func canon(b *strings.Builder, v any) {
	switch v := v.(type) {
	case *object:
		keys := slices.Sorted(slices.Values(v.keys))
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			var s bytes.Buffer
			writeString(&s, k)
			b.Write(s.Bytes())
			b.WriteByte(':')
			canon(b, v.vals[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			canon(b, x)
		}
		b.WriteByte(']')
	case marker:
		fmt.Fprintf(b, "<%d>", v)
	default:
		var s bytes.Buffer
		writeOrdered(&s, v)
		b.Write(s.Bytes())
	}
}

func sameJSON(a, b any) bool { return canonicalOf(a) == canonicalOf(b) }

// rawOf is a side's value for a Conflict: its JSON, or nil when absent.
func rawOf(v any) any {
	if m, ok := v.(marker); ok && (m == absent || m == tombstone) {
		return nil
	}
	var b bytes.Buffer
	writeOrdered(&b, dropTombstones(v))
	return json.RawMessage(b.Bytes())
}
