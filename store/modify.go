package store

import (
	"context"
	"errors"
)

// Modify reads document id of c into a T, lets change edit it, and writes it back with
// compare-and-set, starting over when another writer got there first. An error from change
// aborts without writing; a missing document is ErrNotFound.
func Modify[T any](ctx context.Context, c Collection, id string, change func(*T) error) (T, error) {
	for {
		doc, err := c.Get(ctx, id)
		if err != nil {
			var zero T
			return zero, err
		}
		v, err := Decode[T](doc)
		if err != nil {
			return v, err
		}
		if err := change(&v); err != nil {
			return v, err
		}
		next, err := NewDocument(id, v)
		if err != nil {
			return v, err
		}
		next.Version, next.Created = doc.Version, doc.Created
		if _, err := c.Update(ctx, next); errors.Is(err, ErrVersionConflict) {
			if err := ctx.Err(); err != nil {
				return v, err
			}
			continue
		} else if err != nil {
			return v, err
		}
		return v, nil
	}
}

// Replacer is a collection that replaces a document whatever its stored version in one
// statement (the SQLite engine). Replace uses it when it can.
type Replacer interface {
	Replace(ctx context.Context, d Document) (Document, error)
}

// Replace stores d.Data as document d.ID whatever version is stored, and returns the
// document with its next version; ErrNotFound if there is none. For documents that one
// writer decides whole (an inbox entry mirroring its record's state), it saves reading
// the document first: collections that cannot replace without reading are read and
// compare-and-set, starting over when another writer got there first.
func Replace(ctx context.Context, c Collection, d Document) (Document, error) {
	if r, ok := c.(Replacer); ok {
		return r.Replace(ctx, d)
	}
	for {
		cur, err := c.Get(ctx, d.ID)
		if err != nil {
			return Document{}, err
		}
		next := d
		next.Version, next.Created = cur.Version, cur.Created
		out, err := c.Update(ctx, next)
		if errors.Is(err, ErrVersionConflict) {
			if err := ctx.Err(); err != nil {
				return Document{}, err
			}
			continue
		}
		return out, err
	}
}
