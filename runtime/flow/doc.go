// Package flow runs the pipelines of published templates on records: it walks a record
// through its pipeline's nodes (tasks, approvals in their modes, conditions, parallel
// branches and joins, automations, CC), resolves who works on each node, applies the
// actions people take (submit, approve, reject, return, transfer, add an approver,
// withdraw, comment, CC), keeps each node's deadline on the workspace's business calendar
// and acts when it passes, keeps everyone's inbox and notifications, and runs the
// template's automations.
//
// The state of a run lives in the record itself (records.Record.Flow), and every action is
// one compare-and-set of the record through records.Service.Step: two approvals at the same
// moment on parallel branches are applied one after the other on the fresh record, so
// neither is lost and the run advances once. Inbox entries, notifications, schedules and
// automation jobs are written in the same transaction as the record.
//
// A run keeps the app version it started with: the pipeline of that version decides every
// later step, whatever was published since.
package flow
