package store

import "context"

// TxReporter is a Store that can tell whether a context carries one of its transactions.
type TxReporter interface {
	InTx(ctx context.Context) bool
}

// InTx reports whether ctx carries an open transaction of st: what is read through ctx may
// then include writes that are not committed yet (the caller's own, and on SQLite those of
// the group commit's earlier members), so a process-wide cache must not be filled from it.
// Engines that cannot tell answer false.
func InTx(ctx context.Context, st Store) bool {
	r, ok := st.(TxReporter)
	return ok && r.InTx(ctx)
}
