package store

import "context"

// Store is a database of document collections. Implementations are safe for concurrent use.
type Store interface {
	// EnsureCollection creates the collection and its declared indexes if missing, and
	// drops those spec.Retire names. It is idempotent and safe to call from several
	// instances at once.
	EnsureCollection(ctx context.Context, spec CollectionSpec) error
	// Collection returns a handle; using one that was never ensured is an error.
	Collection(name string) Collection
	// WithTx runs fn so that the writes it makes through ctx commit together, when the
	// engine has transactions (Capabilities().Transactions). Without them fn simply runs,
	// and callers make their writes idempotent. fn may be called again on a transient
	// conflict, so it must not have effects outside the store.
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	Capabilities() Capabilities
	// Ping checks that the database answers (readiness).
	Ping(ctx context.Context) error
	Close() error
}

// Capabilities says what an engine can promise.
type Capabilities struct {
	Engine       string // "sqlite", "mongo"
	Transactions bool
}

// Collection is a set of JSON documents.
type Collection interface {
	Name() string
	// Insert stores a new document with version 1; ErrExists if the ID is taken,
	// a *DuplicateError if a unique index refuses it.
	Insert(ctx context.Context, d Document) (Document, error)
	Get(ctx context.Context, id string) (Document, error)
	// Update replaces the data of d.ID if its stored version is still d.Version, and
	// returns the document with the next version. ErrVersionConflict if it moved on,
	// ErrNotFound if it is gone.
	Update(ctx context.Context, d Document) (Document, error)
	// Delete removes a document; version 0 deletes whatever version is stored.
	Delete(ctx context.Context, id string, version int64) error
	DeleteMany(ctx context.Context, f Filter) (int64, error)
	Find(ctx context.Context, q Query) (Page, error)
	// FindOne returns the first document matching f in _id order, or ErrNotFound.
	FindOne(ctx context.Context, f Filter) (Document, error)
	Count(ctx context.Context, f Filter) (int64, error)
	Aggregate(ctx context.Context, a Aggregation) ([]Group, error)
}
