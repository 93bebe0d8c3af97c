package records

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/formloom/formloom/store"
)

// Record is one record as clients see it. Version is the record's own revision (the
// If-Match value of updates); FormVersion the app version it is validated and shown with;
// Data the field values.
type Record struct {
	ID          string          `json:"id"`
	Version     int64           `json:"version"`
	FormVersion int             `json:"formVersion"`
	Created     time.Time       `json:"created"`
	Updated     time.Time       `json:"updated"`
	CreatedBy   string          `json:"createdBy"`
	UpdatedBy   string          `json:"updatedBy"`
	Owner       string          `json:"owner"`
	Deleted     bool            `json:"deleted,omitempty"`
	DeletedAt   *time.Time      `json:"deletedAt,omitempty"`
	Data        json.RawMessage `json:"data"`
	// Flow is the state of the record's pipeline run (package flow owns its shape); absent
	// when the form has no pipeline or the record was never submitted.
	Flow json.RawMessage `json:"flow,omitempty"`
	// Stage is the stage label of the node the record is at; Due when its current work is
	// due and Overdue once that passed unhandled.
	Stage   string     `json:"stage,omitempty"`
	Due     *time.Time `json:"due,omitempty"`
	Overdue bool       `json:"overdue,omitempty"`

	// people are the run's participants with the fields hidden from each (never sent).
	people json.RawMessage
}

// storedDoc is a record as stored, its fields left as raw JSON (most reads only pass them
// on). Keys are short and never start with "_"; the fields sit under "f" so that a form's
// keys never clash with the record's own.
//
// The app is not stored: it is the part of Form before its dot (formID), and decodeStored
// fills App from it. Records written before carry an "app" member of the same value; it is
// dropped at their next write.
type storedDoc struct {
	Workspace   string `json:"ws"`
	App         string `json:"-"`    // derived from Form when read, never written
	Form        string `json:"form"` // formID(app, key)
	FormVersion int    `json:"fv"`
	Owner       string `json:"owner"`
	CreatedBy   string `json:"createdBy"`
	UpdatedBy   string `json:"updatedBy"`
	Deleted     bool   `json:"deleted"`
	DeletedAt   string `json:"deletedAt,omitempty"` // canonical datetime text
	DeletedBy   string `json:"deletedBy,omitempty"`
	// Pipeline members, flat so that views filter and sort by them: the stage label, the
	// run's status, when the current work is due (canonical datetime text) and whether it
	// went overdue. WF is the engine's state, written before "f" like every meta member.
	Stage      string          `json:"stage,omitempty"`
	FlowStatus string          `json:"wfs,omitempty"`
	Due        string          `json:"due,omitempty"`
	Overdue    bool            `json:"od,omitempty"`
	WF         json.RawMessage `json:"wf,omitempty"`
	People     json.RawMessage `json:"wfp,omitempty"`
	F          json.RawMessage `json:"f,omitempty"`
}

// loaded is a stored record with its store metadata.
type loaded struct {
	doc store.Document
	rec storedDoc
}

// fKey starts the fields member. encode writes it last, engines keep key order, and the
// members before it hold only IDs, numbers and booleans, so its first occurrence is the
// top-level one.
var fKey = []byte(`,"f":`)

func decodeStored(d store.Document) (loaded, error) {
	var r storedDoc
	// Fast path: read the flat meta part by hand and take the fields as they are, instead
	// of scanning the whole record twice with reflection (lists decode many records).
	data := bytes.TrimSpace(d.Data)
	if i := bytes.Index(data, fKey); i > 0 && data[len(data)-1] == '}' {
		f := bytes.TrimSpace(data[i+len(fKey) : len(data)-1])
		if len(f) > 1 && f[0] == '{' && f[len(f)-1] == '}' && parseMeta(data[:i], &r) {
			r.F = f
			r.fillApp()
			return loaded{doc: d, rec: r}, nil
		}
		r = storedDoc{}
	}
	if err := json.Unmarshal(d.Data, &r); err != nil {
		return loaded{}, fmt.Errorf("records: decode %s: %w", d.ID, err)
	}
	if len(r.F) == 0 || string(r.F) == "null" {
		r.F = json.RawMessage("{}")
	}
	r.fillApp()
	return loaded{doc: d, rec: r}, nil
}

// fillApp sets App from Form, whether or not the document has an "app" member.
func (r *storedDoc) fillApp() { r.App = appOfForm(r.Form) }

// fields decodes the record's field values.
func (l loaded) fields() (map[string]any, error) {
	m := map[string]any{}
	if err := json.Unmarshal(l.rec.F, &m); err != nil {
		return nil, fmt.Errorf("records: decode fields of %s: %w", l.doc.ID, err)
	}
	return m, nil
}

// encode writes the stored document with f (a JSON object) as its fields, last: the meta
// members are marshalled and f is appended as it is, not re-validated (it comes from the
// form's encoder or from the store).
func (r storedDoc) encode(f json.RawMessage) (json.RawMessage, error) {
	r.F = nil
	meta, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("records: encode record: %w", err)
	}
	f = bytes.TrimSpace(f)
	if len(f) < 2 || f[0] != '{' || len(meta) < 2 {
		return nil, fmt.Errorf("records: encode record: fields are not a JSON object")
	}
	out := make([]byte, 0, len(meta)+len(fKey)+len(f))
	out = append(out, meta[:len(meta)-1]...)
	out = append(out, fKey...)
	out = append(out, f...)
	return append(out, '}'), nil
}

// public is the client's view of a stored record.
func (l loaded) public() Record {
	r := Record{
		ID: l.doc.ID, Version: l.doc.Version, FormVersion: l.rec.FormVersion,
		Created: l.doc.Created, Updated: l.doc.Updated,
		CreatedBy: l.rec.CreatedBy, UpdatedBy: l.rec.UpdatedBy, Owner: l.rec.Owner,
		Deleted: l.rec.Deleted, Data: l.rec.F,
	}
	if l.rec.DeletedAt != "" {
		if t, err := time.Parse(time.RFC3339Nano, l.rec.DeletedAt); err == nil {
			r.DeletedAt = &t
		}
	}
	if len(l.rec.WF) > 0 {
		r.Flow, r.Stage, r.Overdue, r.people = l.rec.WF, l.rec.Stage, l.rec.Overdue, l.rec.People
		if l.rec.Due != "" {
			if t, err := time.Parse(time.RFC3339Nano, l.rec.Due); err == nil {
				r.Due = &t
			}
		}
	}
	return r
}

// parseMeta reads `{"ws":"…","fv":1,"deleted":false,…` (the record's members before "f"):
// string values without escapes, whole numbers and booleans. Anything else reports false
// and the caller decodes the slow, general way.
func parseMeta(b []byte, r *storedDoc) bool {
	if len(b) < 2 || b[0] != '{' {
		return false
	}
	p := 1
	for {
		key, next, ok := metaString(b, p)
		if !ok || next >= len(b) || b[next] != ':' {
			return false
		}
		p = next + 1
		if key == "wf" || key == "wfp" {
			// The engine's state is an object; it is passed on as it is.
			end, ok := objectEnd(b, p)
			if !ok {
				return false
			}
			if key == "wf" {
				r.WF = b[p:end]
			} else {
				r.People = b[p:end]
			}
			if end == len(b) {
				return true
			}
			if b[end] != ',' {
				return false
			}
			p = end + 1
			continue
		}
		end := p
		for end < len(b) && b[end] != ',' {
			end++
		}
		raw := b[p:end]
		var str string
		isStr := len(raw) > 0 && raw[0] == '"'
		if isStr {
			s, n, ok := metaString(b, p)
			if !ok || n != end {
				return false
			}
			str = s
		}
		if !r.setMeta(key, raw, str, isStr) {
			return false
		}
		if end == len(b) {
			return true
		}
		p = end + 1
	}
}

// setMeta stores one scalar metadata entry (raw, or str when isStr) in r; false for an
// unknown key or a value of the wrong kind.
func (r *storedDoc) setMeta(key string, raw []byte, str string, isStr bool) bool {
	if field := r.metaStringField(key); field != nil {
		if !isStr {
			return false
		}
		*field = str
		return true
	}
	switch key {
	case "fv":
		n, err := strconv.Atoi(string(raw))
		if err != nil {
			return false
		}
		r.FormVersion = n
	case "deleted", "od":
		target := &r.Deleted
		if key == "od" {
			target = &r.Overdue
		}
		switch string(raw) {
		case "true":
			*target = true
		case "false":
			*target = false
		default:
			return false
		}
	default:
		return false
	}
	return true
}

// metaStringField is the field of r a string-valued metadata key fills, nil for others.
func (r *storedDoc) metaStringField(key string) *string {
	switch key {
	case "ws":
		return &r.Workspace
	case "app":
		return &r.App
	case "form":
		return &r.Form
	case "owner":
		return &r.Owner
	case "createdBy":
		return &r.CreatedBy
	case "updatedBy":
		return &r.UpdatedBy
	case "deletedAt":
		return &r.DeletedAt
	case "deletedBy":
		return &r.DeletedBy
	case "stage":
		return &r.Stage
	case "wfs":
		return &r.FlowStatus
	case "due":
		return &r.Due
	}
	return nil
}

// metaString reads a JSON string without escapes starting at b[p] == '"' and returns it
// and the index after its closing quote.
func metaString(b []byte, p int) (string, int, bool) {
	if p >= len(b) || b[p] != '"' {
		return "", p, false
	}
	for i := p + 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return string(b[p+1 : i]), i + 1, true
		case c == '\\' || c < 0x20:
			return "", p, false
		}
	}
	return "", p, false
}

// objectEnd returns the index just after the JSON object starting at b[p], skipping
// strings (with their escapes) so that braces inside them do not count.
func objectEnd(b []byte, p int) (int, bool) {
	if p >= len(b) || b[p] != '{' {
		return p, false
	}
	depth, inStr := 0, false
	for i := p; i < len(b); i++ {
		c := b[i]
		if inStr {
			switch c {
			case '\\':
				i++
			case '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return p, false
}
