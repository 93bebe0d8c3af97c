package apps

import (
	"context"

	"github.com/formloom/formloom/runtime/requestmemo"
)

// memoKey carries a request's memo of latest app versions in its context: the records and
// pipeline services each ask for it (a pipeline's start several times), and each time it was
// a read and a decode of the app document. The membership is still checked on every call.
type memoKey struct{}

type latestEntry struct {
	app      App
	compiled *Compiled
}

// WithMemo returns a context in which Latest reads each app once. Give it to one request
// only: what it remembers is not refreshed.
func WithMemo(ctx context.Context) context.Context {
	return requestmemo.With[latestEntry](ctx, memoKey{}, nil)
}

func memoFrom(ctx context.Context) *requestmemo.Memo[latestEntry] {
	return requestmemo.From[latestEntry](ctx, memoKey{})
}

// forget drops everything: an app is being written.
func forget(ctx context.Context) { memoFrom(ctx).Forget() }
