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

// Inserter is a collection that inserts several new documents in one statement, all or
// none: ErrExists when one of their IDs is taken, and then none is stored (the SQLite
// engine).
type Inserter interface {
	InsertAll(ctx context.Context, docs ...Document) error
}

// Putter is a collection that stores several documents whole in one statement, each
// inserted or written over the stored one whatever its version (the SQLite engine). Put
// uses it when it can.
type Putter interface {
	Put(ctx context.Context, docs ...Document) error
}

// Put stores each of docs (each with its ID) as that ID's document: inserted when there is
// none, its data written over the stored one otherwise, whatever its version (the version
// goes up by one, the creation time stays). For documents that one writer decides whole,
// several at a time (the inbox entries of a step): an engine that can writes them all in
// one statement; others insert or replace them one by one.
func Put(ctx context.Context, c Collection, docs ...Document) error {
	if p, ok := c.(Putter); ok {
		return p.Put(ctx, docs...)
	}
	for _, d := range docs {
		for {
			_, err := Replace(ctx, c, d)
			if errors.Is(err, ErrNotFound) {
				_, err = c.Insert(ctx, d)
				if errors.Is(err, ErrExists) { // inserted meanwhile: write over it
					continue
				}
			}
			if err != nil {
				return err
			}
			break
		}
	}
	return nil
}
