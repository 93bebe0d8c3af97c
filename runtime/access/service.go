package access

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/casbin/casbin/v2"

	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

const (
	assignmentsColl = "role_assignments"
	metaColl        = "access_meta"
	versionDocID    = "policy_version"
	recordsColl     = "records"     // runtime/records keeps records here; scope filters check one
	membersColl     = "members"     // runtime/org's memberships: scopes and role holders read them
	departmentsColl = "departments" // runtime/org's department tree
)

// pollEvery is how often a busy process looks, in the background, for changes made by
// other processes; staleAfter is how old its last look may be before a request waits for
// a fresh one (after an idle spell), so that a change is in force everywhere within a
// second.
const (
	pollEvery  = 250 * time.Millisecond
	staleAfter = 750 * time.Millisecond
)

// Collections declares what the package stores.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: assignmentsColl, Indexes: []store.Index{
			{Name: "role", Keys: []store.SortKey{{Field: "ws"}, {Field: "app"}, {Field: "role"}, {Field: store.PathCreated}}},
		}},
		{Name: metaColl},
		{Name: rulesColl, Indexes: []store.Index{
			{Name: "dom", Keys: []store.SortKey{{Field: "dom"}, {Field: "ptype"}, {Field: "app"}, {Field: store.PathCreated}}},
		}},
	}
}

// Org is what access needs of the org domain.
type Org interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
	ListMembers(ctx context.Context, actor, ws string) ([]org.Member, error)
	ListDepartments(ctx context.Context, actor, ws string) ([]org.Department, error)
}

// Apps is what access needs of the app domain.
type Apps interface {
	Latest(ctx context.Context, actor, ws, appID string) (apps.App, *apps.Compiled, error)
}

// Options are the parts tests change.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time // nil: time.Now
}

// Service decides access (it is a records.Access) and keeps role assignments.
type Service struct {
	st          store.Store
	assignments store.Collection
	meta        store.Collection
	records     store.Collection
	members     store.Collection // runtime/org's, read for the department tree
	departments store.Collection // runtime/org's
	adapter     *Adapter
	org         Org
	apps        Apps
	log         *slog.Logger
	now         func() time.Time

	snap    atomic.Pointer[snapshot]
	buildMu sync.Mutex  // one builder at a time; readers never take it
	polling atomic.Bool // a background look for changes is running
	// lastPoll is when the policy was last compared with the store, in nanoseconds on the
	// monotonic clock since epoch: a wall-clock step (NTP, a VM resumed) neither stops the
	// polling nor makes every request wait for it.
	lastPoll atomic.Int64
	epoch    time.Time
	orgCache *orgCache
	// holderCache keeps role holders for the pipeline engine (holders.go).
	holderCache *holderCache
}

// New returns the service over st.
func New(st store.Store, o Org, a Apps, opts Options) *Service {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{
		st: st, assignments: st.Collection(assignmentsColl), meta: st.Collection(metaColl), records: st.Collection(recordsColl),
		members: st.Collection(membersColl), departments: st.Collection(departmentsColl), adapter: NewAdapter(st),
		org: o, apps: a, log: opts.Logger, now: opts.Now, orgCache: newOrgCache(), holderCache: newHolderCache(),
		epoch: time.Now(),
	}
}

// sinceEpoch is the monotonic time of the polling.
func (s *Service) sinceEpoch() int64 { return int64(time.Since(s.epoch)) }

// recentChanges is how many changes the counter document remembers by workspace: a
// process that is at most that many changes behind reloads only the workspaces named,
// one further behind reloads everything.
const recentChanges = 64

// versionDoc counts changes to assignments; every process compares it with what it built.
// Recent names the workspace of each of the last changes, so that a process reloads only
// the workspaces that changed.
type versionDoc struct {
	N      int64          `json:"n"`
	Recent []policyChange `json:"recent,omitempty"`
}

// policyChange is change number N, made in workspace WS.
type policyChange struct {
	N  int64  `json:"n"`
	WS string `json:"ws"`
}

// changedSince returns the workspaces changed after version v, or false when the
// document no longer remembers every change since then.
func (v versionDoc) changedSince(from int64) ([]string, bool) {
	var out []string
	seen := int64(0)
	for _, c := range v.Recent {
		if c.N > from {
			seen++
			if !slices.Contains(out, c.WS) {
				out = append(out, c.WS)
			}
		}
	}
	return out, seen == v.N-from && from <= v.N
}

// readVersionDoc returns the change counter, zero before the first change.
func (s *Service) readVersionDoc(ctx context.Context) (versionDoc, error) {
	d, err := s.meta.Get(ctx, versionDocID)
	if errors.Is(err, store.ErrNotFound) {
		return versionDoc{}, nil
	}
	if err != nil {
		return versionDoc{}, wrap("read policy version", err)
	}
	return store.Decode[versionDoc](d)
}

// changed bumps the counter for a change in ws and brings this process's policy up to
// date at once, so the change is in force when the request that made it returns.
func (s *Service) changed(ctx context.Context, ws string) error {
	if err := s.bump(ctx, ws); err != nil {
		return err
	}
	return s.refresh(ctx)
}

// bump increments the change counter (a compare-and-set loop) through ctx, so that it
// commits with the change it announces, and records that ws changed.
func (s *Service) bump(ctx context.Context, ws string) error {
	for range 20 {
		d, err := s.meta.Get(ctx, versionDocID)
		if errors.Is(err, store.ErrNotFound) {
			nd, err := store.NewDocument(versionDocID, versionDoc{N: 1, Recent: []policyChange{{N: 1, WS: ws}}})
			if err != nil {
				return err
			}
			if _, err = s.meta.Insert(ctx, nd); errors.Is(err, store.ErrExists) {
				continue
			} else if err != nil {
				return wrap("bump policy version", err)
			}
			return nil
		}
		if err != nil {
			return wrap("bump policy version", err)
		}
		v, err := store.Decode[versionDoc](d)
		if err != nil {
			return err
		}
		recent := append(v.Recent, policyChange{N: v.N + 1, WS: ws})
		if len(recent) > recentChanges {
			recent = recent[len(recent)-recentChanges:]
		}
		nd, err := store.NewDocument(versionDocID, versionDoc{N: v.N + 1, Recent: recent})
		if err != nil {
			return err
		}
		nd.Version = d.Version
		if _, err = s.meta.Update(ctx, nd); errors.Is(err, store.ErrVersionConflict) {
			continue
		} else if err != nil {
			return wrap("bump policy version", err)
		}
		return nil
	}
	return errors.New("access: bump policy version: too much contention")
}

// Reload rebuilds the policy from the store and swaps it in. Requests keep using the
// previous policy while it runs.
func (s *Service) Reload(ctx context.Context) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	return s.reloadLocked(ctx)
}

// refresh brings the policy up to the stored change counter: only the workspaces that
// changed are rebuilt when the counter remembers them, else everything is.
func (s *Service) refresh(ctx context.Context) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	v, err := s.readVersionDoc(ctx)
	if err != nil {
		return err
	}
	cur := s.snap.Load()
	if cur == nil {
		return s.reloadLocked(ctx)
	}
	if cur.version == v.N {
		s.lastPoll.Store(s.sinceEpoch())
		return nil
	}
	wss, ok := v.changedSince(cur.version)
	if !ok {
		return s.reloadLocked(ctx)
	}
	next, err := s.rebuildWorkspaces(ctx, cur, v.N, wss)
	if err != nil {
		return err
	}
	s.snap.Store(next)
	s.lastPoll.Store(s.sinceEpoch())
	return nil
}

// rebuildWorkspaces returns cur with the enforcers and assignments of wss loaded afresh
// from the store, at change counter n; the other workspaces' enforcers are shared.
func (s *Service) rebuildWorkspaces(ctx context.Context, cur *snapshot, n int64, wss []string) (*snapshot, error) {
	next := &snapshot{version: n, apps: cur.apps, enforcers: make(map[string]*casbin.Enforcer, len(cur.enforcers)+len(wss))}
	for k, e := range cur.enforcers {
		if !slices.Contains(wss, k) {
			next.enforcers[k] = e
		}
	}
	for _, g := range cur.grouping {
		if !slices.Contains(wss, g[2]) {
			next.grouping = append(next.grouping, g)
		}
	}
	for _, ws := range wss {
		rules, err := s.adapter.Rules(ctx, store.Eq("dom", ws))
		if err != nil {
			return nil, err
		}
		p, g := splitRules(rules)
		next.grouping = append(next.grouping, g...)
		if len(p) == 0 {
			continue // no rules: nothing is granted in ws
		}
		e, err := newEnforcer(p, g)
		if err != nil {
			return nil, err
		}
		next.enforcers[ws] = e
	}
	return next, nil
}

func (s *Service) reloadLocked(ctx context.Context) error {
	v, err := s.readVersionDoc(ctx)
	if err != nil {
		return err
	}
	n := v.N
	rules, err := s.adapter.Rules(ctx, store.Filter{})
	if err != nil {
		return err
	}
	var p, g [][]string
	for _, r := range rules {
		switch r[0] {
		case "p":
			p = append(p, r[1:])
		case "g":
			g = append(g, r[1:])
		}
	}
	var appsSeen map[string]*appEntry
	if cur := s.snap.Load(); cur != nil {
		appsSeen = cur.apps
	}
	next, err := buildSnapshot(n, p, g, appsSeen)
	if err != nil {
		return err
	}
	s.snap.Store(next)
	s.lastPoll.Store(s.sinceEpoch())
	return nil
}

// current returns the policy in force, building the first one when there is none.
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	if sn := s.snap.Load(); sn != nil {
		if s.sinceEpoch()-s.lastPoll.Load() > int64(staleAfter) {
			s.pollNow(ctx)
			return s.snap.Load(), nil
		}
		s.maybePoll()
		return sn, nil
	}
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if sn := s.snap.Load(); sn != nil {
		return sn, nil
	}
	if err := s.backfillAssignments(ctx); err != nil {
		return nil, err
	}
	if err := s.reloadLocked(ctx); err != nil {
		return nil, err
	}
	return s.snap.Load(), nil
}

// maybePoll starts, at most every pollEvery, a background look at the change counter; the
// request that starts it does not wait for it.
func (s *Service) maybePoll() {
	now := s.sinceEpoch()
	if now-s.lastPoll.Load() < int64(pollEvery) || !s.polling.CompareAndSwap(false, true) {
		return
	}
	s.lastPoll.Store(now)
	go func() {
		defer s.polling.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.pollOnce(ctx); err != nil {
			s.log.WarnContext(ctx, "access: looking for policy changes failed", "err", err)
		}
	}()
}

// pollNow looks for changes before answering, unless a look is already under way; a
// failure is logged and the policy in force keeps answering.
func (s *Service) pollNow(ctx context.Context) {
	if !s.polling.CompareAndSwap(false, true) {
		return
	}
	defer s.polling.Store(false)
	s.lastPoll.Store(s.sinceEpoch())
	if err := s.pollOnce(ctx); err != nil {
		s.log.WarnContext(ctx, "access: looking for policy changes failed", "err", err)
	}
}

// pollOnce brings the policy up to date when another process changed it, rebuilding
// only the workspaces that changed.
func (s *Service) pollOnce(ctx context.Context) error {
	v, err := s.readVersionDoc(ctx)
	if err != nil {
		return err
	}
	if sn := s.snap.Load(); sn != nil && sn.version == v.N {
		return nil
	}
	return s.refresh(ctx)
}
