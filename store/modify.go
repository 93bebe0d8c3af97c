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
