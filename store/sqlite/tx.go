package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
}

// stmt returns a statement bound to the transaction, prepared once per transaction. It
// never prepares through the writer pool: the transaction holds its only connection.
func (ts *txState) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := ts.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	var err error
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
func (s *Store) WithTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if s.txFrom(ctx) != nil {
		return fn(ctx)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	ts := &txState{s: s, tx: tx}
	committed := false
	defer func() {
		if !committed {
			// A panic in fn still releases the writer; the panic goes on.
			if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) && err != nil {
				err = errors.Join(err, fmt.Errorf("sqlite: rollback: %w", rbErr))
			}
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{}, ts)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", mapErr(err))
	}
	committed = true
	for _, f := range ts.onCommit {
		f()
	}
	s.share(ctx, ts.unshared)
	return nil
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
		return st.ExecContext(ctx, args...)
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
		return st.QueryContext(ctx, args...)
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
