package apps

import (
	"context"
	"sync"
	"time"
)

// memoKey carries a request's memo of latest app versions in its context.
type memoKey struct{}

type latestEntry struct {
	app App
	c   *Compiled
}

// memo remembers the latest published versions one request has looked up: the records and
// pipeline services each ask for it (a pipeline's start several times), and each time it
// was a read and a decode of the app document. Writing an app through the context forgets
// them all; the membership is still checked on every call.
type memo struct {
	born time.Time
	mu   sync.Mutex
	m    map[string]latestEntry
}

// WithMemo returns a context in which Latest reads each app once. Give it to one request
// only: what it remembers is not refreshed.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{born: time.Now(), m: map[string]latestEntry{}})
}

// memoLife bounds what a memo is good for: work a request leaves running in the background
// with its context (an import job) reads afresh after it.
const memoLife = 2 * time.Second

func memoFrom(ctx context.Context) *memo {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m == nil || time.Since(m.born) > memoLife {
		return nil
	}
	return m
}

func (m *memo) get(key string) (latestEntry, bool) {
	if m == nil {
		return latestEntry{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.m[key]
	return e, ok
}

func (m *memo) put(key string, e latestEntry) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[key] = e
}

// forget drops everything: an app is being written.
func forget(ctx context.Context) {
	if m := memoFrom(ctx); m != nil {
		m.mu.Lock()
		clear(m.m)
		m.mu.Unlock()
	}
}
