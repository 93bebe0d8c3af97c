package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/formloom/formloom/store"
)

// Increment is store.Incrementer: one findAndModify adds one to the counter and to the
// document's version, so a serial number costs one round trip instead of a read and a
// compare-and-set. The first number of a counter inserts first; a concurrent first insert
// makes the loser increment the winner's document.
func (c *Collection) Increment(ctx context.Context, id, field string, first store.Document) (int64, error) {
	if field == "" || field[0] == '_' {
		// The engine's own members (_id, _version, …) start with one: never a counter.
		return 0, fmt.Errorf("mongo: increment %s/%s: bad field name %q", c.name, id, field)
	}
	for {
		upd := bson.D{
			{Key: "$inc", Value: bson.D{{Key: field, Value: int64(1)}, {Key: "_version", Value: int64(1)}}},
			{Key: "$set", Value: bson.D{{Key: "_updated", Value: bson.NewDateTimeFromTime(store.Now())}}},
		}
		raw, err := c.coll.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}}, upd,
			options.FindOneAndUpdate().SetReturnDocument(options.After)).Raw()
		if err == nil {
			v, err := raw.LookupErr(field)
			if err != nil {
				return 0, fmt.Errorf("mongo: increment %s/%s: %w", c.name, id, err)
			}
			n, ok := v.AsInt64OK()
			if !ok {
				return 0, fmt.Errorf("mongo: increment %s/%s: %s is a %s", c.name, id, field, v.Type)
			}
			return n, nil
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return 0, fmt.Errorf("mongo: increment %s/%s: %w", c.name, id, err)
		}
		first.ID = id
		if _, err := c.Insert(ctx, first); errors.Is(err, store.ErrExists) {
			continue // someone started the counter first
		} else if err != nil {
			return 0, err
		}
		return 1, nil
	}
}

var _ store.Incrementer = (*Collection)(nil)
