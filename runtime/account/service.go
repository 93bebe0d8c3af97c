package account

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/formloom/formloom/store"
)

// Collection names.
const (
	usersColl    = "users"
	sessionsColl = "sessions"
	tokensColl   = "api_tokens"
	setupsColl   = "setup_links"
)

// Collections declares what the package stores, for the server to ensure at start.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: usersColl, Indexes: []store.Index{{Name: "email", Keys: []store.SortKey{{Field: "email"}}, Unique: true}}},
		{Name: sessionsColl, Indexes: []store.Index{{Name: "user", Keys: []store.SortKey{{Field: "userId"}}}}},
		{Name: tokensColl, Indexes: []store.Index{
			{Name: "hash", Keys: []store.SortKey{{Field: "hash"}}, Unique: true},
			{Name: "user", Keys: []store.SortKey{{Field: "userId"}}},
		}},
		{Name: setupsColl, Indexes: []store.Index{{Name: "user", Keys: []store.SortKey{{Field: "userId"}}}}},
	}
}

// Options tune the service; zero values take the defaults.
type Options struct {
	Hash        HashParams
	SessionTTL  time.Duration // default 30 days
	SetupTTL    time.Duration // default 7 days
	MaxFailures int           // per account and address pair per window, default 5
	MaxIPFails  int           // per address per window, default 20
	FailWindow  time.Duration // default 15 minutes
	// MaxSlowdown bounds the delay added to each sign-in of an account that failed more
	// than MaxFailures times in the window, from any address; default 2 seconds.
	MaxSlowdown time.Duration
	Now         func() time.Time
	Logger      *slog.Logger
}

// Service is the account domain.
type Service struct {
	st                              store.Store
	users, sessions, tokens, setups store.Collection
	opts                            Options
	byAccount, byAddress, byPair    *limiter
	dummyHash                       func() string
}

// New returns the service over st; call store.EnsureCollection with Collections() first.
func New(st store.Store, opts Options) (*Service, error) {
	if opts.Hash == (HashParams{}) {
		opts.Hash = DefaultHashParams
	}
	if opts.SessionTTL == 0 {
		opts.SessionTTL = 30 * 24 * time.Hour
	}
	if opts.SetupTTL == 0 {
		opts.SetupTTL = 7 * 24 * time.Hour
	}
	if opts.MaxFailures == 0 {
		opts.MaxFailures = 5
	}
	if opts.MaxIPFails == 0 {
		opts.MaxIPFails = 20
	}
	if opts.FailWindow == 0 {
		opts.FailWindow = 15 * time.Minute
	}
	if opts.MaxSlowdown == 0 {
		opts.MaxSlowdown = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = store.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	// Signing in as an unknown address still costs one hash, so timing does not tell
	// which addresses have accounts. Making that hash costs as much as a sign-in (up to a
	// second on a loaded machine), so it is made in the background: the server answers
	// before it is done, and the first sign-in that needs it waits for it.
	dummy := sync.OnceValue(func() string {
		h, err := hashPassword(opts.Hash, "formloom-dummy-password")
		if err != nil {
			opts.Logger.Error("account: hash the stand-in password", "err", err)
		}
		return h
	})
	go dummy()
	return &Service{
		st:        st,
		users:     st.Collection(usersColl),
		sessions:  st.Collection(sessionsColl),
		tokens:    st.Collection(tokensColl),
		setups:    st.Collection(setupsColl),
		opts:      opts,
		byAccount: newLimiter(1<<30, opts.FailWindow), // counts only: it slows down, never blocks
		byPair:    newLimiter(opts.MaxFailures, opts.FailWindow),
		byAddress: newLimiter(opts.MaxIPFails, opts.FailWindow),
		dummyHash: dummy,
	}, nil
}

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

func wrap(op string, err error) error { return fmt.Errorf("account: %s: %w", op, err) }
