package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/formloom/formloom/store"
)

// TestAggregateStopsAtTheGroupCap: an aggregation whose grouping yields more than
// store.MaxGroups groups stops with the query error too_many_groups at /groupBy (the API
// answers it 400 invalid_query); one group fewer answers. It runs on MongoDB
// (FORMLOOM_TEST_MONGODB_URI): FerretDB v1's $group slows down with the square of the
// number of groups, and 10 001 of them outlast the operation timeout there. The SQLite
// engine's cap is checked through the API (server/api TestAggregationOverTooManyGroupsIsRefused).
func TestAggregateStopsAtTheGroupCap(t *testing.T) {
	eachServer(t, func(t *testing.T, srv server) {
		if srv.ferret {
			t.Skip("FerretDB v1 groups 10 001 keys in minutes; runs on MongoDB (FORMLOOM_TEST_MONGODB_URI)")
		}
		ctx := context.Background()
		s := openStore(t, srv)
		c := ensure(t, s, store.CollectionSpec{Name: "events"})
		// Written through the driver in bulk: 10 001 single inserts would be slow.
		cl, err := driver.Connect(options.Client().ApplyURI(srv.uri))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = cl.Disconnect(ctx) }()
		now := bson.NewDateTimeFromTime(time.Now())
		docs := make([]any, 0, store.MaxGroups+1)
		for i := range store.MaxGroups + 1 {
			docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("e%05d", i)}, {Key: "_version", Value: int64(1)},
				{Key: "_created", Value: now}, {Key: "_updated", Value: now},
				{Key: "k", Value: fmt.Sprintf("k%05d", i)}, {Key: "last", Value: i == store.MaxGroups}})
		}
		if _, err := cl.Database(s.DatabaseName()).Collection("events").InsertMany(ctx, docs); err != nil {
			t.Fatal(err)
		}
		a := store.Aggregation{GroupBy: []store.GroupKey{{Field: "k"}}, Metrics: []store.Metric{{Op: store.AggCount, As: "n"}}}
		_, err = c.Aggregate(ctx, a)
		var qe *store.QueryError
		if !errors.As(err, &qe) || qe.Code != "too_many_groups" || qe.Path != "/groupBy" || !errors.Is(err, store.ErrInvalidQuery) {
			t.Fatalf("aggregation over %d groups: %v", store.MaxGroups+1, err)
		}
		a.Filter = store.Eq("last", false)
		groups, err := c.Aggregate(ctx, a)
		if err != nil || len(groups) != store.MaxGroups {
			t.Fatalf("aggregation over %d groups: %d groups, %v", store.MaxGroups, len(groups), err)
		}
	})
}
