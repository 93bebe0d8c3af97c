package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/schedule"
)

// Kind is the schedule kind of deliveries.
const Kind = "notify"

// Channel names: "email", or "robot:" and the robot's ID.
const ChannelEmail = "email"

// RobotChannel is the channel name of a robot.
func RobotChannel(id string) string { return "robot:" + id }

// Delivery is one message to one channel. Event identifies what happened (a notification's
// ID): with the channel it keys the outbox item, so one event reaches a channel once.
type Delivery struct {
	Event     string  `json:"event"`
	Channel   string  `json:"channel"`
	Workspace string  `json:"ws"`
	To        string  `json:"to,omitempty"` // e-mail address
	Lang      string  `json:"lang"`
	Message   Message `json:"message"`
}

// ItemID is the outbox key of a delivery.
func ItemID(event, channel string) string { return "notify:" + event + ":" + channel }

// Enqueue stores d in the outbox, due at due (zero: now). Called inside a transaction, it
// is stored only if that commits. An event already queued for that channel is not queued
// again.
func Enqueue(ctx context.Context, sch *schedule.Scheduler, d Delivery, due time.Time) error {
	if d.Event == "" || d.Channel == "" || d.Workspace == "" {
		return errors.New("notify: a delivery needs an event, a channel and a workspace")
	}
	id := ItemID(d.Event, d.Channel)
	if _, _, err := sch.Get(ctx, id); err == nil {
		return nil // already queued (or failed and kept): once per event and channel
	}
	p, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("notify: encode delivery %s: %w", id, err)
	}
	return sch.Enqueue(ctx, schedule.Item{ID: id, Kind: Kind, Due: due, Payload: p})
}

// Channels finds a workspace's channel settings when a delivery runs, so that secrets
// never sit in the outbox.
type Channels interface {
	SMTP(ctx context.Context, ws string) (SMTP, error)
	Robot(ctx context.Context, ws, id string) (Robot, error)
}

// Log records each attempt, for admins to see what failed and why.
type Log interface {
	Attempt(ctx context.Context, d Delivery, attempt int, err error)
}

// Register makes sch deliver notify items through s, finding channels with ch.
func (s *Sender) Register(sch *schedule.Scheduler, ch Channels, log Log) {
	sch.HandleOutside(Kind, func(ctx context.Context, it schedule.Item) error {
		var d Delivery
		if err := json.Unmarshal(it.Payload, &d); err != nil {
			return schedule.Permanent(fmt.Errorf("notify: decode delivery %s: %w", it.ID, err))
		}
		err := s.deliver(ctx, ch, d)
		if log != nil {
			logged := err
			if err != nil && it.Attempts+1 >= sch.MaxAttempts() {
				logged = lastAttempt{err} // the schedule keeps it as failed: no retry is left
			}
			log.Attempt(ctx, d, it.Attempts+1, logged)
		}
		if _, ok := fault.As(err); ok {
			return schedule.Permanent(err) // settings refuse it: retrying cannot help
		}
		return err
	})
}

func (s *Sender) deliver(ctx context.Context, ch Channels, d Delivery) error {
	if d.Channel == ChannelEmail {
		c, err := ch.SMTP(ctx, d.Workspace)
		if err != nil {
			return err
		}
		return s.SendMail(ctx, c, d.To, d.Lang, d.Message)
	}
	if len(d.Channel) > len("robot:") && d.Channel[:len("robot:")] == "robot:" {
		r, err := ch.Robot(ctx, d.Workspace, d.Channel[len("robot:"):])
		if err != nil {
			return err
		}
		return s.SendRobot(ctx, r, d.Message)
	}
	return schedule.Permanent(fmt.Errorf("notify: unknown channel %q", d.Channel))
}

// lastAttempt marks the error of a delivery's last attempt.
type lastAttempt struct{ error }

func (e lastAttempt) Unwrap() error { return e.error }

// DeliveryStatus is the status admins see after an attempt that ended with err: sent,
// retrying, or failed when settings refuse it or no retry is left.
func DeliveryStatus(err error) string {
	if err == nil {
		return "sent"
	}
	var last lastAttempt
	if _, ok := fault.As(err); ok || errors.As(err, &last) {
		return "failed"
	}
	return "retrying"
}
