package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/formloom/formloom/store"
)

// txKey carries the running transaction in a context.
type txKey struct{}

// txState is one transaction of one store; onCommit runs after a successful commit (the
// schema cache is only updated once the schema change is durable).
type txState struct {
	s        *Store
	tx       *sql.Tx
	stmts    map[string]*sql.Stmt
	onCommit []func()
	// unshared are queries prepared for this transaction only: once it ends they are
	// prepared in the writer's shared cache, so later transactions reuse them.
	unshared []string
	// group: the transaction serves several callers (see WithTx); mark is how many
	// onCommit functions the running member found, dropped again if it fails.
	group bool
	mark  int
}

// stmt returns a statement bound to the transaction, prepared once per transaction. It
// never prepares through the writer pool: the transaction holds its only connection.
func (ts *txState) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := ts.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	var err error
	ctx = context.WithoutCancel(ctx) // statements live as long as the transaction
	if shared := ts.s.wStmts.peek(query); shared != nil {
		st = ts.tx.StmtContext(ctx, shared)
	} else {
		st, err = ts.tx.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		ts.unshared = append(ts.unshared, query)
	}
	if ts.stmts == nil {
		ts.stmts = map[string]*sql.Stmt{}
	}
	if len(ts.stmts) < maxCachedStmts {
		ts.stmts[query] = st
	}
	return st, nil
}

// stmtCtx is the context a statement of the transaction runs with. SQLite rolls back the
// whole transaction when a write is interrupted, and a group's transaction holds other
// callers' writes: there a statement runs to its end (a member whose context ended fails
// at its next check instead).
func (ts *txState) stmtCtx(ctx context.Context) context.Context {
	if ts.group {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

func (s *Store) txFrom(ctx context.Context) *txState {
	ts, _ := ctx.Value(txKey{}).(*txState)
	if ts == nil || ts.s != s {
		return nil
	}
	return ts
}

// WithTx runs fn in one transaction on the writer connection. Collection calls made with
// the context fn receives run inside it; a nested WithTx joins the outer transaction.
// Calls made inside fn with another context wait for the writer, which fn holds: always
// pass fn's context down.
//
// Transactions of concurrent callers are committed together (group commit): each fn runs
// alone on the writer inside a savepoint of the open group transaction, and the group is
// committed when no other caller is waiting for the writer, or when it holds maxGroup
// transactions. A fn that fails is rolled back to its savepoint and fails alone; WithTx
// returns only once the group holding fn's writes has committed, so an acknowledged write
// is as durable as before. One commit (one WAL append) then serves many requests.
func (s *Store) WithTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if s.txFrom(ctx) != nil {
		return fn(ctx)
	}
	s.gpending.Add(1)
	s.gmu.Lock()
	s.gpending.Add(-1)
	done, err := s.runMember(ctx, fn)
	if done == nil {
		return err
	}
	// fn succeeded; its group commits when the last waiting caller has run.
	return <-done
}

// maxGroup bounds the transactions committed together, so that a steady stream of callers
// still sees commits (and a member waits for at most maxGroup-1 others).
const maxGroup = 32

// group is the writer's open group transaction.
type group struct {
	ts      *txState
	waiters []chan error // members whose fn succeeded, waiting for the commit
}

// runMember runs fn as one member of the open group (beginning one when none is open). It
// is called with s.gmu held and releases it. It answers a channel that receives the
// group's commit result when fn succeeded and the group is still open, or nil and fn's
// (or the commit's) result.
func (s *Store) runMember(ctx context.Context, fn func(ctx context.Context) error) (done chan error, err error) {
	finished := false
	defer func() {
		if !finished {
			// A panic in fn: roll its savepoint back, keep the group, release the writer.
			s.abortMember()
			s.endTurn()
		}
	}()
	if err := ctx.Err(); err != nil {
		finished = true
		s.endTurn()
		return nil, err
	}
	if s.grp == nil {
		// The group outlives the request that began it: its transaction must not be rolled
		// back when that request's context ends.
		tx, err := s.w.BeginTx(context.Background(), nil)
		if err != nil {
			finished = true
			s.endTurn()
			return nil, fmt.Errorf("sqlite: begin: %w", err)
		}
		s.grp = &group{ts: &txState{s: s, tx: tx, group: true}}
	}
	g := s.grp
	ts := g.ts
	ts.mark = len(ts.onCommit)
	if _, err := ts.tx.ExecContext(context.Background(), "SAVEPOINT member"); err != nil {
		finished = true
		s.failGroup(fmt.Errorf("sqlite: savepoint: %w", err))
		s.endTurn()
		return nil, err
	}
	fnErr := fn(context.WithValue(ctx, txKey{}, ts))
	finished = true
	if fnErr != nil {
		s.abortMember()
		if errors.Is(fnErr, store.ErrVersionConflict) {
			// The caller lost a compare-and-set and will read the document again from
			// the read pool: commit now, or that read would not see the write it lost to
			// while other writers keep the group open, and every retry would lose again.
			s.endTurnCommitting()
		} else {
			s.endTurn()
		}
		return nil, fnErr
	}
	if _, err := ts.tx.ExecContext(context.Background(), "RELEASE member"); err != nil {
		err = fmt.Errorf("sqlite: release savepoint: %w", mapErr(err))
		s.failGroup(err)
		s.endTurn()
		return nil, err
	}
	done = make(chan error, 1)
	g.waiters = append(g.waiters, done)
	s.endTurn()
	return done, nil
}

// abortMember undoes the running member's writes. Should SQLite have rolled back the whole
// transaction (some errors do), the group fails: its members' writes are gone.
func (s *Store) abortMember() {
	g := s.grp
	if g == nil {
		return
	}
	g.ts.onCommit = g.ts.onCommit[:g.ts.mark]
	_, err := g.ts.tx.ExecContext(context.Background(), "ROLLBACK TO member")
	if err == nil {
		_, err = g.ts.tx.ExecContext(context.Background(), "RELEASE member")
	}
	if err != nil {
		s.failGroup(fmt.Errorf("sqlite: the transaction was rolled back: %w", mapErr(err)))
	}
}

// failGroup rolls the open group back and tells its waiting members.
func (s *Store) failGroup(err error) {
	g := s.grp
	if g == nil {
		return
	}
	s.grp = nil
	_ = g.ts.tx.Rollback()
	for _, w := range g.waiters {
		w <- err
	}
}

// endTurn commits the open group when nobody else waits for the writer (or it is full), and
// releases the writer.
func (s *Store) endTurn() {
	if s.grp != nil && s.gpending.Load() > 0 && len(s.grp.waiters) < maxGroup {
		s.gmu.Unlock()
		return
	}
	s.endTurnCommitting()
}

// endTurnCommitting commits the open group, whoever waits, and releases the writer.
func (s *Store) endTurnCommitting() {
	defer s.gmu.Unlock()
	g := s.grp
	if g == nil {
		return
	}
	s.grp = nil
	if len(g.waiters) == 0 {
		_ = g.ts.tx.Rollback() // nothing to keep: every member failed
		return
	}
	err := g.ts.tx.Commit()
	if err != nil {
		err = fmt.Errorf("sqlite: commit: %w", mapErr(err))
	} else {
		s.nCommits.Add(1)
		s.nTx.Add(int64(len(g.waiters)))
		for _, f := range g.ts.onCommit {
			f()
		}
		s.share(context.Background(), g.ts.unshared)
	}
	for _, w := range g.waiters {
		w <- err
	}
	if s.truncate.Load() {
		// The writer is free and every member has its answer: cut the WAL now.
		s.truncateWAL(s.w)
	}
}

// share prepares queries in the writer's statement cache now that the writer is free (a
// transaction cannot prepare through the pool whose only connection it holds). It costs
// one prepare per query per process; failures only mean the next transaction prepares
// again.
func (s *Store) share(ctx context.Context, queries []string) {
	if len(queries) == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx)
	for _, q := range queries {
		if _, err := s.wStmts.get(ctx, q); err != nil {
			return
		}
	}
}

// exec runs a write: inside the context's transaction, or alone on the writer.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if ts := s.txFrom(ctx); ts != nil {
		st, err := ts.stmt(ctx, query)
		if err != nil {
			return nil, err
		}
		return st.ExecContext(ts.stmtCtx(ctx), args...)
	}
	st, err := s.wStmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return s.w.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// query runs a read. write says the statement modifies data (UPDATE … RETURNING) or must
// see the writer's view; otherwise it goes to the read pool unless a transaction is open.
func (s *Store) query(ctx context.Context, write bool, query string, args ...any) (*sql.Rows, error) {
	if ts := s.txFrom(ctx); ts != nil {
		st, err := ts.stmt(ctx, query)
		if err != nil {
			return nil, err
		}
		return st.QueryContext(ts.stmtCtx(ctx), args...)
	}
	cache, db := s.rStmts, s.r
	if write {
		cache, db = s.wStmts, s.w
	}
	st, err := cache.get(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// InTx reports whether ctx carries a transaction of this store (store.TxReporter).
func (s *Store) InTx(ctx context.Context) bool { return s.txFrom(ctx) != nil }
