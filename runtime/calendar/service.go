package calendar

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

const calendarsColl = "calendars"

// cacheTTL is how long a workspace's calendar is reused before it is read again, so that a
// change made through another instance is seen within it.
const cacheTTL = time.Second

// Collections declares what the package stores: one document per workspace, ID = workspace ID.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{{Name: calendarsColl}}
}

// Members is what the service needs of the org domain (implemented by *org.Service).
type Members interface {
	// Membership answers not_found when user is not a member of ws.
	Membership(ctx context.Context, ws, user string) (org.Member, error)
	// GetWorkspace returns a workspace the actor belongs to, with its timezone.
	GetWorkspace(ctx context.Context, actor, ws string) (org.Workspace, error)
}

// Options tune a Service.
type Options struct {
	// Timezone is used for the default calendar when the workspace's own timezone cannot be
	// asked for (Get, which has no acting user): the server's configured timezone, which is
	// what workspaces are created with. Empty means UTC.
	Timezone string
	Now      func() time.Time
}

// Service keeps the business calendar of each workspace.
type Service struct {
	members Members
	coll    store.Collection
	opts    Options

	mu    sync.Mutex
	cache map[string]cached
}

// cached is what the store held for a workspace at a moment: its definition, if any.
type cached struct {
	def     pipeline.Calendar
	found   bool
	read    time.Time
	compile map[string]*Calendar // by default timezone
}

type calendarDoc struct {
	Calendar  pipeline.Calendar `json:"calendar"`
	UpdatedBy string            `json:"updatedBy"`
}

// NewService returns the service; opts is optional (at most one is used).
func NewService(st store.Store, members Members, opts ...Options) *Service {
	s := &Service{members: members, coll: st.Collection(calendarsColl), cache: map[string]cached{}}
	if len(opts) > 0 {
		s.opts = opts[0]
	}
	if s.opts.Now == nil {
		s.opts.Now = time.Now
	}
	return s
}

// DefaultDefinition is the calendar of a workspace that set none: Monday to Friday,
// 09:00–12:00 and 13:00–18:00, in the workspace's timezone.
func DefaultDefinition() pipeline.Calendar {
	return pipeline.Calendar{
		Workdays: []int{1, 2, 3, 4, 5},
		Hours:    []pipeline.Period{{Start: "09:00", End: "12:00"}, {Start: "13:00", End: "18:00"}},
	}
}

// Get returns a workspace's calendar and its definition with defaults filled in, for the
// engine (no access check). Without a stored calendar it is the default one in the
// service's timezone.
func (s *Service) Get(ctx context.Context, ws string) (*Calendar, pipeline.Calendar, error) {
	return s.get(ctx, ws, s.opts.Timezone)
}

// GetFor is Get for a member of the workspace: not_found for anyone else; the default
// calendar is in the workspace's own timezone.
func (s *Service) GetFor(ctx context.Context, actor, ws string) (*Calendar, pipeline.Calendar, error) {
	w, err := s.members.GetWorkspace(ctx, actor, ws)
	if err != nil {
		return nil, pipeline.Calendar{}, err
	}
	return s.get(ctx, ws, w.Timezone)
}

func (s *Service) get(ctx context.Context, ws, tz string) (*Calendar, pipeline.Calendar, error) {
	if ws == "" {
		return nil, pipeline.Calendar{}, fault.ErrNotFound()
	}
	now := s.opts.Now()
	s.mu.Lock()
	e, ok := s.cache[ws]
	c := e.compile[tz]
	s.mu.Unlock()
	if !ok || now.Sub(e.read) >= cacheTTL || now.Before(e.read) {
		var err error
		if e, err = s.load(ctx, ws, now); err != nil {
			return nil, pipeline.Calendar{}, err
		}
		c = nil
	}
	if c != nil {
		return c, c.Definition(), nil
	}
	def := DefaultDefinition()
	if e.found {
		def = e.def
	}
	c, err := New(def, tz)
	if err != nil {
		// A stored calendar that no longer compiles (a timezone gone from the system's
		// database) is the server's problem, not the caller's.
		return nil, pipeline.Calendar{}, fmt.Errorf("calendar: workspace %s: %w", ws, err)
	}
	s.mu.Lock()
	if cur, ok := s.cache[ws]; ok && cur.read.Equal(e.read) {
		cur.compile[tz] = c
	}
	s.mu.Unlock()
	return c, c.Definition(), nil
}

func (s *Service) load(ctx context.Context, ws string, now time.Time) (cached, error) {
	e := cached{read: now, compile: map[string]*Calendar{}}
	doc, err := s.coll.Get(ctx, ws)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return e, fmt.Errorf("calendar: get %s: %w", ws, err)
	default:
		d, err := store.Decode[calendarDoc](doc)
		if err != nil {
			return e, err
		}
		e.def, e.found = d.Calendar, true
	}
	s.mu.Lock()
	s.cache[ws] = e
	s.mu.Unlock()
	return e, nil
}

// Put replaces a workspace's calendar; owners and admins only. The definition is checked
// with the workspace's timezone as default and stored as given (an empty timezone keeps
// following the workspace's).
func (s *Service) Put(ctx context.Context, actor, ws string, def pipeline.Calendar) (*Calendar, pipeline.Calendar, error) {
	m, err := s.members.Membership(ctx, ws, actor)
	if err != nil {
		return nil, pipeline.Calendar{}, err
	}
	if m.Role != org.RoleOwner && m.Role != org.RoleAdmin {
		return nil, pipeline.Calendar{}, fault.ErrForbidden()
	}
	w, err := s.members.GetWorkspace(ctx, actor, ws)
	if err != nil {
		return nil, pipeline.Calendar{}, err
	}
	c, err := New(def, w.Timezone)
	if err != nil {
		return nil, pipeline.Calendar{}, err
	}
	if err := s.write(ctx, ws, calendarDoc{Calendar: def, UpdatedBy: actor}); err != nil {
		return nil, pipeline.Calendar{}, err
	}
	s.mu.Lock()
	delete(s.cache, ws)
	s.mu.Unlock()
	return c, c.Definition(), nil
}

// write inserts or replaces the workspace's document, retrying when another writer raced.
func (s *Service) write(ctx context.Context, ws string, d calendarDoc) error {
	next, err := store.NewDocument(ws, d)
	if err != nil {
		return err
	}
	for range 10 {
		cur, err := s.coll.Get(ctx, ws)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if _, err = s.coll.Insert(ctx, next); !errors.Is(err, store.ErrExists) {
				return wrapErr("insert", err)
			}
		case err != nil:
			return wrapErr("get", err)
		default:
			next.Version, next.Created = cur.Version, cur.Created
			if _, err = s.coll.Update(ctx, next); !errors.Is(err, store.ErrVersionConflict) && !errors.Is(err, store.ErrNotFound) {
				return wrapErr("update", err)
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return fault.Of("conflict.calendar")
}

func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("calendar: %s: %w", op, err)
}
