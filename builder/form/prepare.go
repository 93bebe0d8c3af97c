package form

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
)

// Mode says whether a record is being created or updated.
type Mode uint8

// The modes.
const (
	Create Mode = iota + 1
	// Update: the input is the whole record after the change (stored record merged with
	// the client's changes) and Env.Previous is the stored record.
	Update
)

// Env is what Prepare needs from outside the record. There is no global clock: TODAY()
// and NOW() come from Now, in Location.
type Env struct {
	Now      time.Time
	Location *time.Location // the workspace's timezone; UTC when nil

	// Previous is the stored record (Update). Server-owned values equal to the stored ones
	// may come back in the input (a client that read the record and sends it whole); any
	// other server-owned value is refused. Serial numbers and, without Lookup, lookup values
	// are kept from it.
	Previous map[string]any

	// Lookup returns field of the record id of form, for lookup fields; formulas may use
	// lookups, so they are filled before formulas run. Nil: lookups keep their stored values
	// (Update) or stay empty (Create) and the runtime fills them.
	Lookup func(form, id, field string) (any, bool)

	// Calendar is the workspace's business calendar, for NETWORKDAYS and WORKDAY. Nil:
	// Monday to Friday are working days.
	Calendar WorkingDays

	// Creator is who creates the record (Create): fields whose default is the current user
	// or their department get it when the input leaves them out.
	Creator Creator
}

// WorkingDays says which dates are working days (holidays and 调休 included).
// runtime/calendar's Calendar is one.
type WorkingDays interface {
	IsWorkingDay(t time.Time) bool
}

// Prepare is the write path of one record: it decodes input (a JSON object), refuses
// unknown and server-owned fields (400), normalises values, computes formulas, validates
// against the compiled JSON Schema and the x-formloom rules, and returns the record to store.
//
// Errors are *fault.Error: BadRequest with code invalid_json, unknown_field or
// readonly_field; Invalid with code validation_failed and one entry per bad field, keyed
// by a JSON pointer into the submitted data.
func (f *Form) Prepare(input json.RawMessage, mode Mode, env Env) (map[string]any, error) {
	rec, err := decodeObject(input, len(f.top))
	if err != nil {
		return nil, err
	}
	return f.PrepareMap(rec, mode, env)
}

// PrepareMap is Prepare for an input already decoded (JSON types: numbers as float64 or
// json.Number). It takes ownership of rec: the returned record is rec, changed in place.
func (f *Form) PrepareMap(rec map[string]any, mode Mode, env Env) (map[string]any, error) {
	if rec == nil {
		rec = map[string]any{}
	}
	if env.Location == nil {
		env.Location = time.UTC
	}
	var prev map[string]any
	if mode == Update {
		prev = env.Previous
	}
	var bad *fault.Error
	bad = f.clean(rec, prev, place{}, f.top, bad)
	if bad != nil {
		return nil, bad
	}
	if mode == Create {
		f.fillCurrent(rec, env.Creator)
	}
	f.serverValues(rec, prev, &env)
	errs := fieldErrors{}
	f.compute(rec, &env, &errs)
	hidden := f.hide(rec)
	if hidden != nil {
		// Formulas may have read what was hidden: compute again without it.
		f.compute(rec, &env, &errs)
		f.hide(rec)
	}
	f.validate(rec, &errs)
	f.check(rec, &errs)
	f.checkRules(rec, &env, &errs)
	if hidden != nil {
		errs.dropHidden(hidden)
	}
	if len(errs.fields) > 0 {
		e := fault.Of("validation_failed")
		e.Fields = errs.fields
		return nil, e
	}
	return rec, nil
}

// clean refuses unknown fields and client-sent server-owned values, drops nulls (no value)
// and brings numbers and datetimes to their stored form. at says where obj is.
func (f *Form) clean(obj, prev map[string]any, at place, fields map[string]*spec, bad *fault.Error) *fault.Error {
	for k, v := range obj {
		s := fields[k]
		if s == nil {
			bad = refuse(bad, at.pointer(escapeToken(k)), fault.Problem("unknown_field.record"))
			continue
		}
		if v == nil {
			delete(obj, k)
			continue
		}
		if str, ok := v.(string); ok && s.field.Required && strings.TrimSpace(str) == "" && s.field.Kind == KindString {
			// Required text means something written: blanks count as no value.
			delete(obj, k)
			continue
		}
		if s.children == nil && badTextIn(v) {
			if bad == nil {
				bad = fault.Of("invalid_value")
			}
			bad = bad.WithFieldOf(at.pointer(escapeToken(k)), "nul_character.record")
			continue
		}
		if s.server {
			if pv, ok := prev[k]; ok && JSONEqual(pv, v) {
				delete(obj, k) // sent back unchanged; recomputed or restored below
				continue
			}
			bad = refuse(bad, at.pointer(k), fault.Problem("readonly_field.server_owned"))
			continue
		}
		switch {
		case s.number:
			if _, ok := v.(float64); ok {
				continue
			}
			if n, ok := v.(json.Number); ok {
				if x, err := n.Float64(); err == nil {
					obj[k] = x
				}
			} else if x, ok := toNumber(v); ok {
				obj[k] = x
			}
		case s.datetime:
			// An offset like +10:60 is left as typed, for the format check to refuse it.
			if str, ok := v.(string); ok && isStrictDateTime(str) {
				if t, err := time.Parse(time.RFC3339Nano, str); err == nil {
					if canon := formatDatetime(t); canon != str {
						obj[k] = canon
					}
				}
			}
		case s.children != nil:
			rows, ok := v.([]any)
			if !ok {
				continue
			}
			prevRows, _ := prev[k].([]any)
			for i, r := range rows {
				row, ok := r.(map[string]any)
				if !ok {
					continue
				}
				var prevRow map[string]any
				if i < len(prevRows) {
					prevRow, _ = prevRows[i].(map[string]any)
				}
				bad = f.clean(row, prevRow, place{sub: k, row: i}, s.children, bad)
			}
		}
	}
	return bad
}

// place is where an object sits in the record: the record itself (sub == "") or row
// number row of sub-form sub. Pointers are built from it only when an error needs one.
type place struct {
	sub string
	row int
}

func (p place) pointer(key string) string {
	if p.sub == "" {
		return "/" + key
	}
	return "/" + p.sub + "/" + itoa(p.row) + "/" + key
}

func refuse(bad *fault.Error, pointer string, p fault.FieldError) *fault.Error {
	if bad == nil {
		if p.Code == "unknown_field" {
			bad = fault.Of("unknown_field")
		} else {
			bad = fault.Of("readonly_field")
		}
	} else if p.Code == "unknown_field" {
		unknown := fault.Of("unknown_field")
		bad.Code, bad.Text = unknown.Code, unknown.Text
	}
	return bad.WithProblem(pointer, p)
}

// serverValues fills serial numbers kept from the stored record and lookup values.
func (f *Form) serverValues(rec, prev map[string]any, env *Env) {
	for _, s := range f.serials {
		if v, ok := prev[s.key]; ok {
			rec[s.key] = v
		}
	}
	for _, s := range f.lookups {
		if s.parent == nil {
			f.lookup(rec, prev, s, env)
			continue
		}
		rows, _ := rec[s.parent.key].([]any)
		prevRows, _ := prev[s.parent.key].([]any)
		for i, r := range rows {
			row, ok := r.(map[string]any)
			if !ok {
				continue
			}
			var prevRow map[string]any
			if i < len(prevRows) {
				prevRow, _ = prevRows[i].(map[string]any)
			}
			f.lookup(row, prevRow, s, env)
		}
	}
}

// lookup fills one lookup field of obj (the record or a row).
func (f *Form) lookup(obj, prev map[string]any, s *spec, env *Env) {
	src := s.field.Lookup
	rel := obj[src.Relation]
	if env.Lookup == nil {
		// Keep the stored value while the relation has not changed.
		if v, ok := prev[s.key]; ok && rel != nil && JSONEqual(rel, prev[src.Relation]) {
			obj[s.key] = v
		}
		return
	}
	target := ""
	for _, o := range siblings(f, s) {
		if o.key == src.Relation {
			target = o.field.Target
		}
	}
	switch r := rel.(type) {
	case string:
		if v, ok := env.Lookup(target, r, src.Field); ok && v != nil {
			obj[s.key] = jsonNumber(v)
		}
	case []any:
		vals := make([]any, 0, len(r))
		for _, id := range r {
			if ids, ok := id.(string); ok {
				if v, ok := env.Lookup(target, ids, src.Field); ok {
					vals = append(vals, jsonNumber(v))
				}
			}
		}
		obj[s.key] = vals
	}
}

// jsonNumber turns Go numbers from the store (int64, json.Number…) into float64, the one
// number type of decoded records.
func jsonNumber(v any) any {
	if n, ok := anyNumber(v); ok {
		return n
	}
	return v
}

func siblings(f *Form, s *spec) []*spec {
	if s.parent != nil {
		return s.parent.rows
	}
	return f.order
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
