package org

import (
	"context"
	"slices"

	"github.com/formloom/formloom/runtime/requestmemo"
)

// memoKey carries a request's memo of memberships in its context: the API checks the
// caller's membership, then the app, records and pipeline services check it again, each a
// read of the same document.
type memoKey struct{}

// WithMemo returns a context in which memberships read through this service are read once.
// Give it to one request only: what it remembers is not refreshed.
func WithMemo(ctx context.Context) context.Context {
	return requestmemo.With(ctx, memoKey{}, func(d memberDoc) memberDoc {
		d.Departments = slices.Clone(d.Departments)
		return d
	})
}

func memoFrom(ctx context.Context) *requestmemo.Memo[memberDoc] {
	return requestmemo.From[memberDoc](ctx, memoKey{})
}

// forget drops everything: a membership of the workspace is being written.
func forget(ctx context.Context) { memoFrom(ctx).Forget() }
