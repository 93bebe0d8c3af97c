package records

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
)

// target is a resolved Ref: the actor's membership and the app's latest version.
type target struct {
	Ref
	member     org.Member
	latest     *apps.Compiled
	storedForm string // the form as records name it: app ID "." form key
}

// resolve checks that the actor belongs to the workspace and the app is one of its apps
// (not_found otherwise) and loads the latest version.
func (s *Service) resolve(ctx context.Context, ref Ref) (*target, error) {
	_, latest, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return nil, err
	}
	m, err := s.org.Membership(ctx, ref.Workspace, ref.Actor)
	if err != nil {
		return nil, err
	}
	return &target{Ref: ref, member: m, latest: latest, storedForm: formID(ref.App, ref.Form)}, nil
}

// creator is the actor as the person filling a form: the current user of fields that
// default to them or their department.
func (t *target) creator() form.Creator {
	return form.Creator{User: t.member.UserID, Departments: t.member.Departments}
}

// latestForm is the form in the app's latest version; a form that version lacks is not
// found (records written under an older version stay reachable by ID).
func (t *target) latestForm() (*form.Form, int, error) {
	f, i, ok := t.latest.Form(t.Form)
	if !ok || f == nil {
		return nil, -1, fault.ErrNotFound()
	}
	return f, i, nil
}

func (s *Service) authorize(ctx context.Context, t *target, a Action, rec *Record) (Grant, error) {
	g, err := s.access.Authorize(ctx, AccessRequest{Member: t.member, Workspace: t.Workspace, App: t.latest, Form: t.Form, Action: a, Record: rec})
	if rec == nil || len(rec.Flow) == 0 {
		return g, err
	}
	// The people a pipeline run involves (its initiator, assignees past and present, CC)
	// read the record even outside their roles' scope, minus the fields their nodes hide.
	hidden, ok := participant(rec.people, t.Actor)
	if !ok {
		return g, err
	}
	if err != nil {
		if a != ActionRead || !(fault.Is(err, fault.Forbidden) || fault.Is(err, fault.NotFound)) {
			return g, err
		}
		g = Grant{}
	}
	if len(hidden) > 0 {
		h := make(map[string]bool, len(g.Hidden)+len(hidden))
		for k := range g.Hidden {
			h[k] = true
		}
		for _, k := range hidden {
			h[k] = true
		}
		g.Hidden = h
	}
	return g, nil
}

// participant reads from a run's people (user → fields hidden from them) whether user
// takes part in the run, and what their nodes hide from them.
func participant(people json.RawMessage, user string) ([]string, bool) {
	var m map[string][]string
	if user == "" || json.Unmarshal(people, &m) != nil {
		return nil, false
	}
	h, ok := m[user]
	return h, ok
}

// formAt returns the form of t at app version n (a record's own version).
func (s *Service) formAt(ctx context.Context, t *target, n int) (*apps.Compiled, *form.Form, error) {
	c := t.latest
	if n != c.Version {
		var err error
		if c, err = s.apps.Version(ctx, t.App, n); err != nil {
			return nil, nil, domainErr("load form version", err)
		}
	}
	f, _, ok := c.Form(t.Form)
	if !ok || f == nil {
		return nil, nil, wrap("load form version", fault.ErrNotFound())
	}
	return c, f, nil
}

// location is the workspace's timezone: TODAY() in formulas, serial periods, the today
// parameter of filters.
func (s *Service) location(ctx context.Context, t *target) (*time.Location, error) {
	if loc, ok := s.zones.get(t.Workspace, s.now()); ok {
		return loc, nil
	}
	w, err := s.org.GetWorkspace(ctx, t.Actor, t.Workspace)
	if err != nil {
		return nil, err
	}
	loc := time.UTC
	if w.Timezone != "" {
		l, err := time.LoadLocation(w.Timezone)
		if err != nil {
			s.log.WarnContext(ctx, "workspace timezone unknown, using UTC", "workspace", t.Workspace, "timezone", w.Timezone, "err", err)
		} else {
			loc = l
		}
	}
	s.zones.put(t.Workspace, loc, s.now())
	return loc, nil
}

// workingDays is the workspace's business calendar for NETWORKDAYS and WORKDAY; nil
// (Monday to Friday) when none is configured or it cannot be read, which is logged: a
// formula must not make a record unwritable.
func (s *Service) workingDays(ctx context.Context, t *target) form.WorkingDays {
	if s.calendar == nil {
		return nil
	}
	wd, err := s.calendar(ctx, t.Workspace)
	if err != nil {
		s.log.WarnContext(ctx, "workspace calendar unreadable, formulas count Monday to Friday", "workspace", t.Workspace, "err", err)
		return nil
	}
	return wd
}

// zoneCache keeps workspaces' locations for a minute: reading the workspace and the
// timezone database on every write would cost more than the write.
type zoneCache struct {
	mu      sync.Mutex
	entries map[string]zoneEntry // by workspace
}

type zoneEntry struct {
	loc     *time.Location
	expires time.Time
}

const (
	zoneTTL     = time.Minute
	maxZoneKeys = 4096
)

func newZoneCache() *zoneCache { return &zoneCache{entries: map[string]zoneEntry{}} }

func (z *zoneCache) get(ws string, now time.Time) (*time.Location, bool) {
	z.mu.Lock()
	defer z.mu.Unlock()
	e, ok := z.entries[ws]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	return e.loc, true
}

func (z *zoneCache) put(ws string, loc *time.Location, now time.Time) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if len(z.entries) >= maxZoneKeys {
		z.entries = map[string]zoneEntry{}
	}
	z.entries[ws] = zoneEntry{loc: loc, expires: now.Add(zoneTTL)}
}
