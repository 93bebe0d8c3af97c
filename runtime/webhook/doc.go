// Package webhook delivers automation events to external HTTP endpoints: signed JSON POSTs
// sent through the scheduler's outbox, so that a delivery is enqueued in the same
// transaction as the change that caused it and retried with backoff until the receiver
// accepts it. Deliveries are at-least-once; receivers deduplicate on the delivery ID.
// Addresses on private networks are refused, at validation and again at connect time.
package webhook
