package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	msqlite "modernc.org/sqlite"

	"github.com/formloom/formloom/store"
)

// Options configure Open.
type Options struct {
	// Path is the database file. Its directory is created when missing.
	Path string
	// Synchronous is SQLite's synchronous pragma: "NORMAL" (default) or "FULL". With NORMAL
	// in WAL mode every acknowledged write survives a crash of the process; only a crash of
	// the operating system or a power cut can lose the last transactions (never corrupt the
	// file). FULL also survives those, at the cost of an fsync per commit.
	Synchronous string
	// Readers is the number of read connections (default 4).
	Readers int
	// BusyTimeout is how long a connection waits for a lock held by another process
	// (default 10s).
	BusyTimeout time.Duration
	// Logger receives warnings; nil means slog.Default().
	Logger *slog.Logger
	// WALPages is the WAL length, in pages, beyond which the writer cuts the WAL at the
	// end of its next turn (default 8,192: 32 MB of 4 KB pages).
	WALPages int
}

// Store is the SQLite engine. It implements store.Store.
type Store struct {
	w   *sql.DB // the one writer connection
	r   *sql.DB // the read pool
	log *slog.Logger

	wStmts *stmtCache
	rStmts *stmtCache

	cursor *cursorCodec
	zones  *zoneCache

	ckpt     *sql.DB       // the background checkpointer's connection
	ckptStop chan struct{} // closed by Close
	ckptDone chan struct{} // closed when the checkpointer has stopped
	// ckptMu is held by whoever checkpoints (the background connection's passes, the
	// writer's truncation); truncate asks the writer to cut the WAL at its next turn's end.
	ckptMu      sync.Mutex
	truncate    atomic.Bool
	walPages    int           // Options.WALPages
	busyTimeout time.Duration // Options.BusyTimeout
	nCuts       atomic.Int64  // truncating checkpoints that completed

	mu    sync.RWMutex
	metas map[string]*collMeta

	// Group commit (see WithTx): gmu is held by the caller running on the writer, gpending
	// counts callers waiting for it, grp is the open group transaction (under gmu).
	gmu      sync.Mutex
	gpending atomic.Int32
	grp      *group
	nTx      atomic.Int64 // transactions committed (group members)
	nCommits atomic.Int64 // commits of the writer

	closeOnce sync.Once
	closeErr  error
}

var _ store.Store = (*Store)(nil)

// Open opens (creating when missing) the database at opts.Path.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Path == "" {
		return nil, errors.New("sqlite: Options.Path is required")
	}
	if strings.ContainsAny(opts.Path, "?#") {
		return nil, fmt.Errorf("sqlite: database path %q may not contain '?' or '#'", opts.Path)
	}
	syncMode := strings.ToUpper(opts.Synchronous)
	switch syncMode {
	case "":
		syncMode = "NORMAL"
	case "NORMAL", "FULL":
	default:
		return nil, fmt.Errorf("sqlite: Synchronous must be NORMAL or FULL, not %q", opts.Synchronous)
	}
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 10 * time.Second
	}
	if opts.WALPages <= 0 {
		opts.WALPages = walTruncateFrames
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if dir := filepath.Dir(opts.Path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: create data directory: %w", err)
		}
	}

	zones := newZoneCache()
	drv := &msqlite.Driver{}
	if err := registerFunctions(drv, zones); err != nil {
		return nil, fmt.Errorf("sqlite: register functions: %w", err)
	}
	common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(0)&_pragma=cache_size(-32000)&_pragma=temp_store(memory)",
		opts.BusyTimeout.Milliseconds())
	// The writer leaves checkpoints to a background connection (it would otherwise stall
	// every thousandth commit copying the WAL back and syncing); its own automatic
	// checkpoint stays as a backstop should the WAL grow large.
	wDSN := opts.Path + "?" + common + "&_pragma=journal_mode(WAL)&_pragma=synchronous(" + syncMode + ")&_pragma=wal_autocheckpoint(16000)&_pragma=journal_size_limit(" + fmt.Sprint(walKeepBytes) + ")&_pragma=analysis_limit(1000)&_txlock=immediate"
	rDSN := opts.Path + "?" + common + "&_pragma=query_only(1)"
	cDSN := opts.Path + "?" + common + "&_pragma=synchronous(" + syncMode + ")"

	w := sql.OpenDB(connector{drv: drv, dsn: wDSN})
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer goes first: it switches the file to WAL before any reader looks at it.
	if err := w.PingContext(ctx); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", opts.Path, err)
	}
	r := sql.OpenDB(connector{drv: drv, dsn: rDSN})
	r.SetMaxOpenConns(opts.Readers)
	r.SetMaxIdleConns(opts.Readers)
	r.SetConnMaxLifetime(0)
	r.SetConnMaxIdleTime(0)

	ckpt := sql.OpenDB(connector{drv: drv, dsn: cDSN})
	ckpt.SetMaxOpenConns(1)
	ckpt.SetMaxIdleConns(1)
	ckpt.SetConnMaxLifetime(0)
	ckpt.SetConnMaxIdleTime(0)

	s := &Store{
		w: w, r: r, log: opts.Logger,
		wStmts: newStmtCache(w), rStmts: newStmtCache(r),
		zones: zones,
		metas: map[string]*collMeta{},
		ckpt:  ckpt, ckptStop: make(chan struct{}), ckptDone: make(chan struct{}),
		walPages: opts.WALPages, busyTimeout: opts.BusyTimeout,
	}
	if err := s.bootstrap(ctx); err != nil {
		close(s.ckptDone)
		_ = s.Close()
		return nil, err
	}
	go s.checkpointer()
	return s, nil
}

// checkpointInterval is how often the background connection copies the WAL back into the
// database file. PASSIVE checkpoints never block the writer or the readers.
const checkpointInterval = 200 * time.Millisecond

// walTruncateFrames is the default WAL length (in pages) beyond which the WAL is cut: the
// writer copies the rest back, waits for a moment without readers and truncates it. Under
// steady load PASSIVE checkpoints copy the pages back but the WAL file never restarts (a
// reader always holds a snapshot in it), so it grows; a long WAL makes a restart after a crash slow (SQLite reads
// all of it to rebuild its index) and takes disk. walKeepBytes is what a WAL file is cut
// back to whenever it restarts.
const (
	walTruncateFrames = 8192 // 32 MB of 4 KB pages
	walKeepBytes      = 16 << 20
	// truncateWait is how long a cut of the WAL waits for readers to leave it.
	truncateWait = 200 * time.Millisecond
)

// optimizeInterval is how often planner statistics are refreshed.
const optimizeInterval = time.Hour

func (s *Store) checkpointer() {
	defer close(s.ckptDone)
	tick := time.NewTicker(checkpointInterval)
	defer tick.Stop()
	// Planner statistics, as SQLite recommends for long-lived connections: the first
	// round analyses every table whose size changed a lot since (with analysis_limit, a
	// sample of rows), then hourly. It runs here rather than in Open: after heavy writes
	// it took over a second, and the server does not answer until Open returns.
	var lastOptimize time.Time
	optimize := "PRAGMA optimize=0x10002"
	for {
		select {
		case <-s.ckptStop:
			return
		case <-tick.C:
		}
		if time.Since(lastOptimize) > optimizeInterval {
			lastOptimize = time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			_, err := s.w.ExecContext(ctx, optimize)
			optimize = "PRAGMA optimize"
			if err != nil {
				s.log.Warn("sqlite: optimize failed", "err", err)
			}
			cancel()
		}
		if s.truncate.Load() {
			// The writer had no turn since the last pass asked it to cut the WAL: it is
			// idle, so cutting here holds nobody up.
			s.truncateWAL(s.ckpt)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		var busy, logFrames, done int
		s.ckptMu.Lock()
		err := s.ckpt.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &done)
		s.ckptMu.Unlock()
		cancel()
		if err != nil {
			s.log.Warn("sqlite: background checkpoint failed", "err", err)
			continue
		}
		if logFrames > s.walPages {
			s.truncate.Store(true)
		}
	}
}

// truncateWAL copies the rest of the WAL back and cuts the file (TRUNCATE waits for the
// readers still inside the WAL, and writers wait for it). The writer runs it on its own
// connection between turns (endTurn): run from another connection, it had to win the
// write lock from a writer whose turns follow each other closely, backing off up to 100
// ms each time it lost, and then held every writer back while they backed off in turn;
// one such cut under steady creates stopped writes for 0.7 s. A pass of the background
// connection that is running is left alone: the next turn tries again.
func (s *Store) truncateWAL(db *sql.DB) {
	if !s.ckptMu.TryLock() {
		return
	}
	defer s.ckptMu.Unlock()
	s.truncate.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		s.log.Warn("sqlite: truncating checkpoint failed", "err", err)
		return
	}
	defer conn.Close()
	// Writers wait while the cut waits for readers: it gives up after truncateWait (a long
	// read holding a snapshot), and the next pass asks again, rather than stalling every
	// write for the whole busy timeout.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", truncateWait.Milliseconds())); err != nil {
		s.log.Warn("sqlite: truncating checkpoint failed", "err", err)
		return
	}
	defer func() {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", s.busyTimeout.Milliseconds())); err != nil {
			// The connection would keep the short wait: drop it, the pool opens a new one.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	var busy, logFrames, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done); err != nil {
		s.log.Warn("sqlite: truncating checkpoint failed", "err", err)
		return
	}
	if busy == 0 {
		s.nCuts.Add(1)
	}
}

// connector opens connections through a driver of our own, so that the SQL functions this
// engine registers stay private to its connections.
type connector struct {
	drv *msqlite.Driver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }

// bootstrap creates the engine's own tables and loads the cursor key.
func (s *Store) bootstrap(ctx context.Context) error {
	const ddl = `CREATE TABLE IF NOT EXISTS formloom_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS formloom_collections (name TEXT PRIMARY KEY, spec TEXT NOT NULL);`
	if _, err := s.w.ExecContext(ctx, ddl); err != nil {
		return fmt.Errorf("sqlite: create engine tables: %w", err)
	}
	key, err := s.cursorKey(ctx)
	if err != nil {
		return err
	}
	c, err := newCursorCodec(key)
	if err != nil {
		return err
	}
	s.cursor = c
	return nil
}

// Stats counts the writer's work since Open.
type Stats struct {
	Transactions int64 // WithTx calls (and single writes) that committed
	Commits      int64 // SQLite commits that carried them (group commit: fewer)
	WALCuts      int64 // times the WAL was copied back whole and its file cut
}

// Stats reports the transactions committed and the commits they took.
func (s *Store) Stats() Stats {
	return Stats{Transactions: s.nTx.Load(), Commits: s.nCommits.Load(), WALCuts: s.nCuts.Load()}
}

// Capabilities reports what this engine promises.
func (s *Store) Capabilities() store.Capabilities {
	return store.Capabilities{Engine: "sqlite", Transactions: true}
}

// Ping checks that both the writer and the read pool answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping writer: %w", err)
	}
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("sqlite: ping reader: %w", err)
	}
	return nil
}

// Close closes every connection. It may be called more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.ckptStop)
		<-s.ckptDone
		errC := s.ckpt.Close()
		s.rStmts.close()
		s.wStmts.close()
		errR := s.r.Close()
		// Closing the writer last checkpoints the WAL into the main file.
		errW := s.w.Close()
		s.closeErr = errors.Join(errC, errR, errW)
	})
	return s.closeErr
}
