// Package notify carries notifications beyond the app: e-mail through the workspace's SMTP
// server, and messages to DingTalk (钉钉), WeCom (企业微信) and Feishu (飞书) group robots, each
// in its vendor's documented message format and signature scheme.
//
// Deliveries go through the schedule (the outbox): Enqueue stores one item per event and
// channel, keyed by both, in the caller's transaction, so an event is delivered once per
// channel however often it is retried; a failed send is retried with the schedule's backoff
// and, after its last attempt, kept as failed for admins to see. Robot URLs pass the same
// private-address guard as webhooks, checked on save and again when connecting.
//
// A pipeline's notifications reach channels in two steps: the step's transaction stores
// the in-app notification and, when the workspace has channels, one fan-out item; after
// the commit that item reads the recipient's preferences and queues the deliveries.
package notify
