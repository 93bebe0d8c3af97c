package audit

import (
	"context"
	"errors"
	"fmt"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

const coll = "audit"

// Collections declares what the package stores: one collection, indexed for the three
// ways the log is read (all of a workspace, by actor, by kind), newest first.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{{Name: coll, Indexes: []store.Index{
		{Name: "ws_time", Keys: []store.SortKey{{Field: "ws"}, {Field: store.PathCreated}}},
		{Name: "ws_actor_time", Keys: []store.SortKey{{Field: "ws"}, {Field: "actor"}, {Field: store.PathCreated}}},
		{Name: "ws_kind_time", Keys: []store.SortKey{{Field: "ws"}, {Field: "kind"}, {Field: store.PathCreated}}},
	}}}
}

// Org is what the log needs of the org domain: who may read it.
type Org interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
}

// Service writes and reads the audit log. It has no way to change or remove an entry.
type Service struct {
	entries store.Collection
	org     Org
}

// New returns the service over st.
func New(st store.Store, o Org) *Service {
	return &Service{entries: st.Collection(coll), org: o}
}

// Write appends one entry; its ID and time are assigned here.
func (s *Service) Write(ctx context.Context, e Entry) error {
	if e.Workspace == "" || e.Kind == "" {
		return errors.New("audit: an entry needs a workspace and a kind")
	}
	d, err := store.NewDocument("", entryDoc{Workspace: e.Workspace, Actor: e.Actor, IP: e.IP, RequestID: e.RequestID,
		Kind: e.Kind, Target: e.Target, Summary: e.Summary})
	if err != nil {
		return err
	}
	if _, err := s.entries.Insert(ctx, d); err != nil {
		return fmt.Errorf("audit: write entry: %w", err)
	}
	return nil
}

// List returns a page of ws's entries matching f, newest first; owners and admins only.
// limit 0 is store.DefaultLimit.
func (s *Service) List(ctx context.Context, actor, ws string, f Filter, cursor string, limit int) (Page, error) {
	m, err := s.org.Membership(ctx, ws, actor)
	if err != nil {
		return Page{}, err
	}
	if m.Role != org.RoleOwner && m.Role != org.RoleAdmin {
		return Page{}, fault.ErrForbidden()
	}
	if limit < 0 || limit > store.MaxLimit {
		return Page{}, fault.Of("invalid_query").WithFieldOf("/limit", "bad_value.limit").Fill("max", store.MaxLimit)
	}
	conds := []store.Filter{store.Eq("ws", ws)}
	if f.Actor != "" {
		conds = append(conds, store.Eq("actor", f.Actor))
	}
	if f.Kind != "" {
		conds = append(conds, store.Filter{Field: "kind", Op: store.OpStartsWith, Value: f.Kind})
	}
	if f.Target != "" {
		conds = append(conds, store.Eq("target", f.Target))
	}
	if !f.From.IsZero() {
		conds = append(conds, store.Cmp(store.PathCreated, store.OpGte, f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, store.Cmp(store.PathCreated, store.OpLt, f.To))
	}
	page, err := s.entries.Find(ctx, store.Query{Filter: store.And(conds...), Sort: []store.SortKey{{Field: store.PathCreated, Desc: true}},
		Limit: limit, After: cursor})
	if errors.Is(err, store.ErrInvalidQuery) && cursor != "" {
		return Page{}, fault.Of("invalid_query").WithFieldOf("/cursor", "bad_value.cursor")
	}
	if err != nil {
		return Page{}, fmt.Errorf("audit: list entries: %w", err)
	}
	out := Page{Items: make([]Entry, 0, len(page.Docs)), Next: page.Next}
	for _, d := range page.Docs {
		e, err := store.Decode[entryDoc](d)
		if err != nil {
			return Page{}, err
		}
		out.Items = append(out.Items, Entry{ID: d.ID, Workspace: e.Workspace, Actor: e.Actor, At: d.Created, IP: e.IP,
			RequestID: e.RequestID, Kind: e.Kind, Target: e.Target, Summary: e.Summary})
	}
	return out, nil
}
