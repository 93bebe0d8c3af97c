package mongo_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/formloom/formloom/store/mongo/ferrettest"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/mongo"
)

// The tests run against FerretDB v1 started in this process (SQLite handler, loopback
// port), and also against a real MongoDB when FORMLOOM_TEST_MONGODB_URI is set. FerretDB
// is started once per test binary; every test gets a database of its own.

// server is one MongoDB-compatible server the tests run against.
type server struct {
	name   string
	uri    string
	ferret bool
}

var (
	servers []server
	dbSeq   atomic.Int64
	runID   = time.Now().UnixNano() % 1_000_000
)

func TestMain(m *testing.M) {
	os.Exit(ferrettest.Main(m, func(uri string) {
		servers = append(servers, server{name: "ferretdb", uri: uri, ferret: true})
		if uri := os.Getenv("FORMLOOM_TEST_MONGODB_URI"); uri != "" {
			servers = append(servers, server{name: "mongodb", uri: uri})
		}
	}))
}

// eachServer runs fn as a subtest per server.
func eachServer(t *testing.T, fn func(t *testing.T, srv server)) {
	t.Helper()
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) { fn(t, srv) })
	}
}

// freshDatabase names a database no other test uses.
func freshDatabase() string {
	return fmt.Sprintf("t%d_%d", runID, dbSeq.Add(1))
}

// openStore opens the engine on a fresh database of srv, dropped when the test ends.
func openStore(t testing.TB, srv server) *mongo.Store {
	t.Helper()
	ctx := context.Background()
	db := freshDatabase()
	s, err := mongo.Open(ctx, mongo.Options{URI: srv.uri, Database: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("open %s: %v", srv.name, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		dropDatabase(t, srv.uri, db)
	})
	return s
}

// dropDatabase removes a test's database through a client of its own.
func dropDatabase(t testing.TB, uri, db string) {
	t.Helper()
	ctx := context.Background()
	c, err := driver.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Logf("drop database %s: %v", db, err)
		return
	}
	defer func() { _ = c.Disconnect(ctx) }()
	if err := c.Database(db).Drop(ctx); err != nil {
		t.Logf("drop database %s: %v", db, err)
	}
}

var _ store.Store = (*mongo.Store)(nil)
