package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/formloom/formloom/store"
)

// Collection is the name of the collection holding scheduled items.
const Collection = "schedule"

// Item statuses as stored.
const (
	StatusPending = "pending"
	StatusFailed  = "failed" // gave up after MaxAttempts; kept for inspection
)

// ErrRunning: Enqueue of an ID whose item is being run by an instance right now. A handler
// may re-arm its own item (the same ID) through the context it was given.
var ErrRunning = errors.New("schedule: item is running")

// Item is one piece of due work.
type Item struct {
	ID       string // caller-chosen unique key; enqueueing an existing ID re-arms it
	Kind     string
	Due      time.Time
	Payload  json.RawMessage
	Attempts int // set by the scheduler: how many runs failed before this one
}

// Handler runs one item. A returned error schedules a retry with backoff.
type Handler func(ctx context.Context, it Item) error

// record is an item as stored. Times are Unix milliseconds so that the claim query can
// compare them as numbers on every engine.
type record struct {
	Kind      string          `json:"kind"`
	Due       int64           `json:"due"`
	Payload   json.RawMessage `json:"payload,omitempty"`
	Attempts  int             `json:"attempts"`
	Status    string          `json:"status"`
	Owner     string          `json:"owner"`
	Lease     int64           `json:"lease"` // lease expiry; 0 when nobody holds it
	LastError string          `json:"lastError,omitempty"`
}

func (r record) item(id string) Item {
	return Item{ID: id, Kind: r.Kind, Due: time.UnixMilli(r.Due).UTC(), Payload: r.Payload, Attempts: r.Attempts}
}

// Collections declares the collection the scheduler uses and the index its claim query
// needs: status equality, then due as sort and range, then _id, the tiebreaker every list
// sort ends with, so that a pass reads one index range with no sort step.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{{
		Name: Collection,
		Indexes: []store.Index{{
			Name: "schedule_due",
			Keys: []store.SortKey{{Field: "status"}, {Field: "due"}, {Field: store.PathID}},
		}},
	}}
}
