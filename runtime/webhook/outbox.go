package webhook

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/schedule"
)

// Kind is the schedule kind of webhook deliveries.
const Kind = "webhook"

// payload is a delivery as stored in the schedule.
type payload struct {
	URL    string `json:"url"`
	Secret string `json:"secret"` // base64
	Event  Event  `json:"event"`
}

// Enqueue puts a delivery of ev to url in the outbox (schedule item "webhook:"+ev.ID, due
// now). Called with the context of a store transaction, the delivery is stored only if
// that transaction commits. Enqueueing the same event ID again re-arms the same delivery.
func Enqueue(ctx context.Context, sch *schedule.Scheduler, url string, secret []byte, ev Event) error {
	if ev.ID == "" || ev.Type == "" {
		return errors.New("webhook: an event needs an ID and a type")
	}
	if err := CheckURL(url, true); err != nil { // the private-address rule applies when sending
		return err
	}
	p, err := json.Marshal(payload{URL: url, Secret: base64.StdEncoding.EncodeToString(secret), Event: ev})
	if err != nil {
		return fmt.Errorf("webhook: encode delivery %s: %w", ev.ID, err)
	}
	return sch.Enqueue(ctx, schedule.Item{ID: "webhook:" + ev.ID, Kind: Kind, Payload: p})
}

// Register makes sch deliver webhook items through s.
func (s *Sender) Register(sch *schedule.Scheduler) {
	sch.HandleOutside(Kind, s.handle)
}

func (s *Sender) handle(ctx context.Context, it schedule.Item) error {
	var p payload
	if err := json.Unmarshal(it.Payload, &p); err != nil {
		return schedule.Permanent(fmt.Errorf("webhook: decode delivery %s: %w", it.ID, err))
	}
	secret, err := base64.StdEncoding.DecodeString(p.Secret)
	if err != nil {
		return schedule.Permanent(fmt.Errorf("webhook: decode secret of %s: %w", it.ID, err))
	}
	// The lease is confirmed on the database's clock right before sending: a run that lost
	// its item (to an instance that took it over after the lease ended) sends nothing.
	if err := schedule.CheckLease(ctx); err != nil {
		return err
	}
	err = s.Deliver(ctx, p.URL, secret, p.Event)
	if _, ok := fault.As(err); ok {
		return schedule.Permanent(err) // the URL is refused: retrying cannot help
	}
	return err
}
