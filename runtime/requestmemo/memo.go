package requestmemo

import (
	"context"
	"sync"
	"time"
)

// Life bounds what a memo is good for.
const Life = 2 * time.Second

// Memo maps keys to values read during one request. A nil *Memo remembers nothing, so
// callers need not check whether the request has one.
type Memo[V any] struct {
	born   time.Time
	clone  func(V) V
	mu     sync.Mutex
	values map[string]V
}

// With returns a context carrying a new memo under key. clone, when given, copies values in
// and out so that callers cannot change what is remembered.
func With[V any](ctx context.Context, key any, clone func(V) V) context.Context {
	return context.WithValue(ctx, key, &Memo[V]{born: time.Now(), clone: clone, values: map[string]V{}})
}

// From is the memo under key in ctx, or nil when there is none or it is older than Life.
func From[V any](ctx context.Context, key any) *Memo[V] {
	m, _ := ctx.Value(key).(*Memo[V])
	if m == nil || time.Since(m.born) > Life {
		return nil
	}
	return m
}

// Get returns the value remembered for k.
func (m *Memo[V]) Get(k string) (V, bool) {
	var zero V
	if m == nil {
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[k]
	if ok && m.clone != nil {
		v = m.clone(v)
	}
	return v, ok
}

// Put remembers v for k.
func (m *Memo[V]) Put(k string, v V) {
	if m == nil {
		return
	}
	if m.clone != nil {
		v = m.clone(v)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[k] = v
}

// Forget drops everything: the request is writing what the memo holds.
func (m *Memo[V]) Forget() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.values)
}
