// Package schedule runs due work stored as documents: deadlines, reminders, webhook
// deliveries. Items live in the "schedule" collection and are claimed with leases
// (compare-and-set on the item's version), so that several instances sharing one database
// run each item once, pending items survive restarts, and items that fell due while no
// instance was running are caught up on the next pass.
//
// Handle runs a handler inside the store transaction that also completes the item: its
// writes commit only if the claim still holds, which gives exactly-once effects on engines
// with transactions. HandleOutside is for external side effects (HTTP calls): the handler
// runs outside any transaction and the item is completed afterwards, so a crash in between
// repeats it; such handlers deduplicate on their side (webhook receivers use the delivery
// ID).
package schedule
