package mongo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readconcern"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"

	"github.com/formloom/formloom/store"
)

// Options configure Open.
type Options struct {
	// URI is the MongoDB connection string, for example
	// "mongodb://mongo:27017/formloom?replicaSet=rs0".
	URI string
	// Database is the database to use; empty means the one named in URI, else "formloom".
	Database string
	// ReadConcern is the read concern level: "local", "majority", "linearizable",
	// "available" or "snapshot". Empty keeps the URI's or the server's default.
	ReadConcern string
	// WriteConcern is "majority" or a number of members ("1", "2", ...). Empty keeps the
	// URI's w option, and without one asks for "majority": the server's own default is
	// w:1 on primary-secondary-arbiter sets, where an acknowledged write can still be
	// rolled back. Unacknowledged writes ("0") are refused: compare-and-set needs an answer.
	WriteConcern string
	// Journal asks that writes reach the on-disk journal before they are acknowledged.
	Journal bool
	// ConnectTimeout bounds the first contact with the server and the choice of a server
	// for each operation. Zero keeps the URI's connectTimeoutMS and
	// serverSelectionTimeoutMS, else 10s.
	ConnectTimeout time.Duration
	// OperationTimeout bounds every operation whose context has no deadline of its own
	// (the driver's client-side timeout, sent to the server as maxTimeMS too). Zero keeps
	// the URI's timeoutMS, else DefaultOperationTimeout.
	OperationTimeout time.Duration
	// CursorKey signs list cursors. Empty means a random key kept in the database, shared
	// by every instance that uses it.
	CursorKey []byte
	// Logger receives warnings; nil means slog.Default().
	Logger *slog.Logger
}

// Store is the MongoDB engine. It implements store.Store.
type Store struct {
	client *mongo.Client
	db     *mongo.Database
	log    *slog.Logger
	cursor cursorCodec
	caps   store.Capabilities
	server serverInfo

	mu    sync.RWMutex
	specs map[string]*collSpec
	// missing holds, per collection, the unique indexes declared but not in place and
	// why; checked is when they were last compared with the server (constraints.go).
	missing map[string]map[string]error
	checked map[string]time.Time
	builds  sync.WaitGroup // background index builds, waited for by Close
	// keyIndexes: the key collection's own indexes are in place (unique.go).
	keyIndexes bool

	closeOnce sync.Once
	closeErr  error
}

var _ store.Store = (*Store)(nil)

// serverInfo is what the engine learnt about the server at Open.
type serverInfo struct {
	ferret bool // FerretDB: no partial indexes, no aggregation operators beyond $sum
}

// ErrUnsupported: the server lacks something the request needs (FerretDB v1: partial
// unique indexes, most of the aggregation language).
var ErrUnsupported = errors.New("mongo: not supported by this server")

// metaCollection holds the engine's own records: the cursor key and the declarations of
// collections. Its name has a dot, which collection names of the store never have.
const metaCollection = "formloom.meta"

// DefaultOperationTimeout bounds an operation whose context carries no deadline.
const DefaultOperationTimeout = 30 * time.Second

// Open connects to MongoDB and checks that the server answers. The connection string's
// own options (retryWrites, retryReads, timeouts, TLS, authentication, read preference,
// w, journal) are kept; Options only fill what it leaves out.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.URI == "" {
		return nil, errors.New("mongo: Options.URI is required")
	}
	cs, err := connstring.ParseAndValidate(opts.URI)
	if err != nil {
		return nil, fmt.Errorf("mongo: connection string: %w", err)
	}
	dbName := opts.Database
	if dbName == "" {
		dbName = cs.Database
	}
	if dbName == "" {
		dbName = "formloom"
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	co := clientOptions(cs, opts)
	if opts.ReadConcern != "" {
		switch opts.ReadConcern {
		case "local", "majority", "linearizable", "available", "snapshot":
			co.SetReadConcern(&readconcern.ReadConcern{Level: opts.ReadConcern})
		default:
			return nil, fmt.Errorf("mongo: unknown read concern %q", opts.ReadConcern)
		}
	}
	wc, err := writeConcern(cs, opts)
	if err != nil {
		return nil, err
	}
	co.SetWriteConcern(wc)
	client, err := mongo.Connect(co)
	if err != nil {
		return nil, fmt.Errorf("mongo: connect: %w", err)
	}
	s := &Store{
		client: client,
		db:     client.Database(dbName),
		log:    opts.Logger,
		caps:   store.Capabilities{Engine: "mongo"},
		specs:  map[string]*collSpec{}, missing: map[string]map[string]error{}, checked: map[string]time.Time{},
	}
	if err := s.handshake(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	key := opts.CursorKey
	if len(key) == 0 {
		if key, err = s.sharedCursorKey(ctx); err != nil {
			_ = client.Disconnect(context.WithoutCancel(ctx))
			return nil, err
		}
	}
	s.cursor = cursorCodec{key: key}
	return s, nil
}

// clientOptions are the driver's options: the URI's, with defaults for what it leaves out.
// Retryable reads and writes are the driver's default unless the URI turns them off.
func clientOptions(cs *connstring.ConnString, opts Options) *options.ClientOptions {
	co := options.Client().ApplyURI(opts.URI)
	connect := opts.ConnectTimeout
	if connect <= 0 {
		connect = 10 * time.Second
	}
	if opts.ConnectTimeout > 0 || !cs.ConnectTimeoutSet {
		co.SetConnectTimeout(connect)
	}
	if opts.ConnectTimeout > 0 || !cs.ServerSelectionTimeoutSet {
		co.SetServerSelectionTimeout(connect)
	}
	switch {
	case opts.OperationTimeout > 0:
		co.SetTimeout(opts.OperationTimeout)
	case !cs.TimeoutSet:
		co.SetTimeout(DefaultOperationTimeout)
	}
	return co
}

// writeConcern is the URI's write concern with Options.WriteConcern and Journal over it,
// and "majority" when neither names the number of members.
func writeConcern(cs *connstring.ConnString, opts Options) (*writeconcern.WriteConcern, error) {
	wc := &writeconcern.WriteConcern{W: "majority"}
	if cs.WNumberSet {
		wc.W = cs.WNumber
	} else if cs.WString != "" {
		wc.W = cs.WString
	}
	if cs.JSet {
		j := cs.J
		wc.Journal = &j
	}
	switch w := strings.TrimSpace(opts.WriteConcern); w {
	case "":
	case "majority":
		wc.W = "majority"
	default:
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("mongo: write concern must be \"majority\" or a number of members (at least 1), not %q", opts.WriteConcern)
		}
		wc.W = n
	}
	if n, ok := wc.W.(int); ok && n < 1 {
		return nil, errors.New("mongo: the connection string asks for unacknowledged writes (w=0); compare-and-set needs acknowledged ones")
	}
	if opts.Journal {
		j := true
		wc.Journal = &j
	}
	return wc, nil
}

// handshake pings the server and learns whether it can run transactions: only replica
// sets and sharded clusters can.
func (s *Store) handshake(ctx context.Context) error {
	var hello struct {
		SetName string `bson:"setName"`
		Msg     string `bson:"msg"`
	}
	if err := s.db.RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello); err != nil {
		return fmt.Errorf("mongo: server does not answer: %w", err)
	}
	s.caps.Transactions = hello.SetName != "" || hello.Msg == "isdbgrid"
	var build bson.Raw
	if err := s.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&build); err == nil {
		_, ferret := build.Lookup("ferretdbVersion").StringValueOK()
		if !ferret {
			_, ferret = build.Lookup("ferretdb").DocumentOK()
		}
		s.server.ferret = ferret
	}
	return nil
}

// sharedCursorKey returns the database's cursor-signing key, creating it on first use.
// Every instance on the same database reads the same key, so cursors work across them.
func (s *Store) sharedCursorKey(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("mongo: cursor key: %w", err)
	}
	coll := s.db.Collection(metaCollection)
	for attempt := 0; ; attempt++ {
		var doc struct {
			Key []byte `bson:"key"`
		}
		err := coll.FindOneAndUpdate(ctx,
			bson.D{{Key: "_id", Value: "cursorKey"}},
			bson.D{{Key: "$setOnInsert", Value: bson.D{{Key: "key", Value: fresh}}}},
			options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
		).Decode(&doc)
		if err == nil && len(doc.Key) >= 16 {
			return doc.Key, nil
		}
		// Two instances starting at once: the loser's upsert hits the winner's _id.
		if err != nil && s.isDuplicate(err) && attempt < 3 {
			continue
		}
		if err == nil {
			err = errors.New("stored key is too short")
		}
		return nil, fmt.Errorf("mongo: cursor key: %w", err)
	}
}

// ServerTime is the server's clock (hello's localTime), the one clock every instance
// shares: the scheduler's leases are measured with it (store.ServerClock).
func (s *Store) ServerTime(ctx context.Context) (time.Time, error) {
	var hello struct {
		LocalTime time.Time `bson:"localTime"`
	}
	if err := s.db.RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello); err != nil {
		return time.Time{}, fmt.Errorf("mongo: server time: %w", err)
	}
	if hello.LocalTime.IsZero() {
		return time.Time{}, errors.New("mongo: server time: hello has no localTime")
	}
	return hello.LocalTime.UTC(), nil
}

var _ store.ServerClock = (*Store)(nil)

// Capabilities reports the engine and whether WithTx is transactional.
func (s *Store) Capabilities() store.Capabilities { return s.caps }

// Ping checks that the server answers (readiness).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, nil); err != nil {
		return fmt.Errorf("mongo: ping: %w", err)
	}
	return nil
}

// DatabaseName is the name of the database the store uses.
func (s *Store) DatabaseName() string { return s.db.Name() }

// DropDatabase removes the whole database with every collection in it (tests clean up
// with it).
func (s *Store) DropDatabase(ctx context.Context) error {
	if err := s.db.Drop(ctx); err != nil {
		return fmt.Errorf("mongo: drop database: %w", err)
	}
	return nil
}

// Close disconnects; it is safe to call more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.builds.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.client.Disconnect(ctx); err != nil {
			s.closeErr = fmt.Errorf("mongo: close: %w", err)
		}
	})
	return s.closeErr
}

// WithTx runs fn in a transaction when the server has them (a replica set or a sharded
// cluster): the writes fn makes through ctx commit together, and fn runs again on a
// transient conflict. Without transactions fn simply runs. A WithTx inside another joins
// the outer transaction.
// InTx reports whether ctx carries a running transaction (store.TxReporter).
func (s *Store) InTx(ctx context.Context) bool {
	sess := mongo.SessionFromContext(ctx)
	return sess != nil && sess.TransactionRunning()
}

func (s *Store) WithTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if !s.caps.Transactions {
		return fn(ctx)
	}
	if sess := mongo.SessionFromContext(ctx); sess != nil && sess.TransactionRunning() {
		return fn(ctx)
	}
	sess, err := s.client.StartSession()
	if err != nil {
		return fmt.Errorf("mongo: start session: %w", err)
	}
	defer sess.EndSession(context.WithoutCancel(ctx))
	// Transactions read from the primary whatever the URI's read preference says (the
	// server refuses any other inside a transaction).
	_, err = sess.WithTransaction(ctx, func(ctx context.Context) (any, error) {
		return nil, fn(ctx)
	}, options.Transaction().SetReadPreference(readpref.Primary()))
	return err
}

// Collection returns a handle on a collection. Its methods work once EnsureCollection has
// declared the collection (here or in another instance on the same database); before that
// they fail.
func (s *Store) Collection(name string) store.Collection {
	coll := s.db.Collection(name)
	return &Collection{s: s, name: name, coll: coll,
		primary: s.db.Collection(name, options.Collection().SetReadPreference(readpref.Primary()))}
}
