package search

import (
	"context"
	"fmt"

	"github.com/formloom/formloom/store"
)

// RecordsCollection is the collection whose documents the index follows (runtime/records).
const RecordsCollection = "records"

// indexedStore is a store whose records collection keeps the index current.
type indexedStore struct {
	store.Store
	ix *Index
}

// Wrap returns st with every write to the records collection mirrored into ix in the same
// transaction. A nil ix returns st itself.
func Wrap(st store.Store, ix *Index) store.Store {
	if ix == nil {
		return st
	}
	return indexedStore{Store: st, ix: ix}
}

// Collection implements store.Store.
func (s indexedStore) Collection(name string) store.Collection {
	c := s.Store.Collection(name)
	if name != RecordsCollection {
		return c
	}
	return indexedCollection{Collection: c, st: s.Store, ix: s.ix}
}

type indexedCollection struct {
	store.Collection
	st store.Store
	ix *Index
}

func (c indexedCollection) Insert(ctx context.Context, d store.Document) (store.Document, error) {
	var saved store.Document
	err := c.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if saved, err = c.Collection.Insert(ctx, d); err != nil {
			return err
		}
		return c.ix.Put(ctx, saved.ID, saved.Data)
	})
	return saved, err
}

// InsertAt is Insert at version (store.InsertAt).
func (c indexedCollection) InsertAt(ctx context.Context, d store.Document, version int64) (store.Document, error) {
	var saved store.Document
	err := c.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if saved, err = store.InsertAt(ctx, c.Collection, d, version); err != nil {
			return err
		}
		return c.ix.Put(ctx, saved.ID, saved.Data)
	})
	return saved, err
}

func (c indexedCollection) Update(ctx context.Context, d store.Document) (store.Document, error) {
	var saved store.Document
	err := c.st.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if saved, err = c.Collection.Update(ctx, d); err != nil {
			return err
		}
		return c.ix.Put(ctx, saved.ID, saved.Data)
	})
	return saved, err
}

// UpdateKeepingText is Update for a write that leaves the record's fields (and its
// workspace, form and deletion) as they are, so its indexed text too: the index is not
// touched, and the record keeps its place among the candidates (newest written text
// first).
func (c indexedCollection) UpdateKeepingText(ctx context.Context, d store.Document) (store.Document, error) {
	return c.Collection.Update(ctx, d)
}

func (c indexedCollection) Delete(ctx context.Context, id string, version int64) error {
	return c.st.WithTx(ctx, func(ctx context.Context) error {
		if err := c.Collection.Delete(ctx, id, version); err != nil {
			return err
		}
		return c.ix.Remove(ctx, id)
	})
}

// DeleteMany leaves the removed records' index rows behind: a search reads every candidate
// back through the records, so a row whose record is gone matches nothing, and a rebuild
// drops it.

// Attach opens the index in st's database when the engine can hold one (SQLite) and
// returns st wrapped to keep it current, with the index; on other engines it returns st
// as it is and a nil index (Search then scans).
func Attach(ctx context.Context, st store.Store) (store.Store, *Index, error) {
	db, ok := st.(SQLDB)
	if !ok {
		return st, nil, nil
	}
	ix, err := NewIndex(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	// Candidates are read back as a list of IDs within one form, which the engine looks up
	// by primary key. An index of (form, deleted, _id) made for them once held an entry for
	// every record; databases that have it drop it here.
	spec := store.CollectionSpec{Name: RecordsCollection, Retire: []string{"search_ids"}}
	if err := st.EnsureCollection(ctx, spec); err != nil {
		return nil, nil, fmt.Errorf("search: retire the records' ID index: %w", err)
	}
	return Wrap(st, ix), ix, nil
}
