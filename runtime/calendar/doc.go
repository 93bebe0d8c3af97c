// Package calendar is the business calendar: which days are working days (weekdays,
// holidays, make-up working days) and which hours of them count, in one timezone. It adds
// durations given in working hours or working days to instants (deadlines), measures the
// working time between two instants (handling times), and keeps one calendar per workspace.
package calendar
