package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// Incrementer is a collection that advances a counter in one statement (an upsert on
// SQLite, a findAndModify on MongoDB). Increment uses it when it can.
type Incrementer interface {
	Increment(ctx context.Context, id, field string, first Document) (int64, error)
}

// Increment adds one to the integer at top-level field of document id and returns the new
// value; when there is no such document it stores first, whose field must hold 1, and
// answers 1. Concurrent callers never get the same value. For a sequence taken with every
// write (a record's serial number) it saves the read before the compare-and-set:
// collections that cannot do it in one statement are read and compare-and-set, starting
// over when another writer got there first.
func Increment(ctx context.Context, c Collection, id, field string, first Document) (int64, error) {
	if !isFieldName(field) {
		return 0, fmt.Errorf("store: increment %s: bad field name %q", id, field)
	}
	if in, ok := c.(Incrementer); ok {
		return in.Increment(ctx, id, field, first)
	}
	for {
		cur, err := c.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			first.ID = id
			if _, err := c.Insert(ctx, first); errors.Is(err, ErrExists) {
				continue // someone started the counter first
			} else if err != nil {
				return 0, err
			}
			return 1, nil
		}
		if err != nil {
			return 0, err
		}
		var m map[string]any
		if err := json.Unmarshal(cur.Data, &m); err != nil {
			return 0, fmt.Errorf("store: increment %s: %w", id, err)
		}
		n, _ := m[field].(float64)
		m[field] = int64(n) + 1
		data, err := json.Marshal(m)
		if err != nil {
			return 0, fmt.Errorf("store: increment %s: %w", id, err)
		}
		next := Document{ID: id, Version: cur.Version, Created: cur.Created, Data: data}
		if _, err := c.Update(ctx, next); errors.Is(err, ErrVersionConflict) {
			if err := ctx.Err(); err != nil {
				return 0, err
			}
			continue
		} else if err != nil {
			return 0, err
		}
		return int64(n) + 1, nil
	}
}

// isFieldName accepts the top-level field names Increment may be given: letters, digits
// and underscores, so that the name can go into an engine's path expression as it is.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// VersionInserter is a collection that stores a new document at a version of the caller's
// choosing in one write (both engines). InsertAt uses it when it can.
type VersionInserter interface {
	InsertAt(ctx context.Context, d Document, version int64) (Document, error)
}

// InsertAt stores new document d as its version (at least 1): for a document whose first
// write also stands for the version-1 changes that follow it at once in the same
// transaction (a record created and submitted in one request is stored once, as the
// version it would have reached). Collections that cannot are inserted at version 1 and
// updated with the same data until they reach it.
func InsertAt(ctx context.Context, c Collection, d Document, version int64) (Document, error) {
	if version < 1 {
		return Document{}, fmt.Errorf("store: insert %s at version %d", d.ID, version)
	}
	if vi, ok := c.(VersionInserter); ok {
		return vi.InsertAt(ctx, d, version)
	}
	out, err := c.Insert(ctx, d)
	for err == nil && out.Version < version {
		out, err = c.Update(ctx, out)
	}
	return out, err
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
