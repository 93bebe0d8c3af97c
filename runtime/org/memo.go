package org

import (
	"context"
	"slices"
	"sync"
	"time"
)

// memoKey carries a request's memo of memberships in its context.
type memoKey struct{}

// memo remembers the memberships one request has read: the API checks the caller's
// membership, then the app, records and pipeline services check it again, each a read of
// the same document. Writing a membership through the context forgets them all.
type memo struct {
	born time.Time
	mu   sync.Mutex
	m    map[string]memberDoc
}

// WithMemo returns a context in which memberships read through this service are read once.
// Give it to one request only: what it remembers is not refreshed.
func WithMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &memo{born: time.Now(), m: map[string]memberDoc{}})
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

func (m *memo) get(id string) (memberDoc, bool) {
	if m == nil {
		return memberDoc{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.m[id]
	d.Departments = slices.Clone(d.Departments)
	return d, ok
}

func (m *memo) put(id string, d memberDoc) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	d.Departments = slices.Clone(d.Departments)
	m.m[id] = d
}

// forget drops everything: a membership of the workspace is being written.
func forget(ctx context.Context) {
	if m := memoFrom(ctx); m != nil {
		m.mu.Lock()
		clear(m.m)
		m.mu.Unlock()
	}
}
