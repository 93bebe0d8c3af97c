package mongo

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/formloom/formloom/store"
)

// dupIndexRE finds the index MongoDB names in a duplicate-key message
// ("E11000 duplicate key error collection: db.c index: email dup key: { ... }").
var dupIndexRE = regexp.MustCompile(`index: (\S+) dup key`)

// writeErr maps a failed write of doc (whose _id is id): a duplicate _id on insert is
// store.ErrExists, a unique index is a *store.DuplicateError naming it.
func (c *Collection) writeErr(ctx context.Context, err error, cs *collSpec, id string, doc bson.Raw, insert bool) error {
	// FerretDB v1 reports a unique index refusing an update as an internal error that
	// quotes SQLite's message.
	ferretDup := c.s.server.ferret && strings.Contains(err.Error(), "UNIQUE constraint failed")
	if !mongo.IsDuplicateKeyError(err) && !ferretDup {
		return fmt.Errorf("mongo: write %s/%s: %w", c.name, id, err)
	}
	name := ""
	if m := dupIndexRE.FindStringSubmatch(err.Error()); m != nil {
		name = m[1]
	}
	if name == "_id_" {
		return fmt.Errorf("mongo: %s/%s: %w", c.name, id, store.ErrExists)
	}
	for _, ix := range cs.uniques {
		if ix.Name == name {
			return fmt.Errorf("mongo: write %s/%s: %w", c.name, id,
				&store.DuplicateError{Collection: c.name, Index: ix.Name, Fields: indexFields(ix)})
		}
	}
	// The server did not say which index (FerretDB never does): find out by looking.
	if insert {
		if n, cerr := c.coll.CountDocuments(ctx, bson.D{{Key: "_id", Value: id}}); cerr == nil && n > 0 {
			return fmt.Errorf("mongo: %s/%s: %w", c.name, id, store.ErrExists)
		}
	}
	if ix, ok := c.conflictingIndex(ctx, cs, id, doc); ok {
		return fmt.Errorf("mongo: write %s/%s: %w", c.name, id,
			&store.DuplicateError{Collection: c.name, Index: ix.Name, Fields: indexFields(ix)})
	}
	// With no unique index, only the _id can have clashed: the holder of that _id may have
	// deleted it since (a released lock), which the count above cannot see.
	if insert && len(cs.indexed) == 0 {
		return fmt.Errorf("mongo: %s/%s: %w", c.name, id, store.ErrExists)
	}
	return fmt.Errorf("mongo: write %s/%s: %w", c.name, id,
		&store.DuplicateError{Collection: c.name, Index: strings.TrimSpace(name)})
}

// conflictingIndex finds a unique index under which another document holds doc's key.
func (c *Collection) conflictingIndex(ctx context.Context, cs *collSpec, id string, doc bson.Raw) (store.Index, bool) {
	root := bsoncore.Value{Type: bsoncore.TypeEmbeddedDocument, Data: doc}
	for _, ix := range cs.indexed {
		filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$ne", Value: id}}}}
		complete := true
		for _, k := range ix.Keys {
			vals := pathValues(root, strings.Split(k.Field, "."), nil)
			if len(vals) != 1 || bracketOf(vals[0].Type) == bracketNull {
				complete = false // null and missing keys are not indexed
				break
			}
			filter = append(filter, bson.E{Key: k.Field, Value: bson.D{{Key: "$eq", Value: rawValue(vals[0])}}})
		}
		if !complete {
			continue
		}
		n, err := c.coll.CountDocuments(ctx, filter, options.Count().SetLimit(1))
		if err == nil && n > 0 {
			return ix, true
		}
	}
	if len(cs.indexed) == 1 {
		return cs.indexed[0], true
	}
	return store.Index{}, false
}
