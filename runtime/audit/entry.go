package audit

import "time"

// Entry is one audited change or export.
type Entry struct {
	ID        string         `json:"id"`
	Workspace string         `json:"workspace"`
	Actor     string         `json:"actor"`
	At        time.Time      `json:"at"` // set by the store on write
	IP        string         `json:"ip"`
	RequestID string         `json:"requestId"`
	Kind      string         `json:"kind"`   // e.g. app.publish, role.assign, record.update
	Target    string         `json:"target"` // the app, record, member, … concerned
	Summary   map[string]any `json:"summary,omitempty"`
}

// Filter narrows a listing; zero fields match everything.
type Filter struct {
	Actor  string
	Kind   string // a prefix: "record." matches every record kind
	Target string
	From   time.Time // inclusive
	To     time.Time // exclusive
}

// Page is one page of entries, newest first; Next is empty on the last page.
type Page struct {
	Items []Entry `json:"items"`
	Next  string  `json:"next,omitempty"`
}

// entryDoc is an entry as stored; the time is the document's own creation time.
type entryDoc struct {
	Workspace string         `json:"ws"`
	Actor     string         `json:"actor"`
	IP        string         `json:"ip,omitempty"`
	RequestID string         `json:"rid,omitempty"`
	Kind      string         `json:"kind"`
	Target    string         `json:"target,omitempty"`
	Summary   map[string]any `json:"summary,omitempty"`
}
