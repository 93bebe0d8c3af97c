package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statement cache; queries beyond it are prepared per call.
const maxCachedStmts = 512

// stmtCache keeps prepared statements by SQL text: preparing a query with JSON expressions
// costs more than running it against an index.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db, m: map[string]*sql.Stmt{}} }

// get returns a cached statement, or nil with a nil error when the cache is full.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, ok := c.m[query]
	full := len(c.m) >= maxCachedStmts
	c.mu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok {
		_ = st.Close()
		return prev, nil
	}
	c.m[query] = st
	return st, nil
}

// peek returns a cached statement without preparing one.
func (c *stmtCache) peek(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// forget drops every statement (after a schema change they would be re-prepared anyway,
// but dropping them keeps the cache from holding statements of a removed index).
func (c *stmtCache) forget() {
	c.mu.Lock()
	old := c.m
	c.m = map[string]*sql.Stmt{}
	c.mu.Unlock()
	for _, st := range old {
		_ = st.Close()
	}
}

func (c *stmtCache) close() { c.forget() }
