package org

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/store"
)

// Collection names.
const (
	workspacesColl  = "workspaces"
	membersColl     = "members"
	departmentsColl = "departments"
)

// Collections declares what the package stores.
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: workspacesColl},
		{Name: membersColl, Indexes: []store.Index{
			{Name: "workspace", Keys: []store.SortKey{{Field: "workspaceId"}, {Field: store.PathCreated}}},
			{Name: "user", Keys: []store.SortKey{{Field: "userId"}}},
		}},
		{Name: departmentsColl, Indexes: []store.Index{
			{Name: "workspace", Keys: []store.SortKey{{Field: "workspaceId"}, {Field: store.PathCreated}}},
		}},
	}
}

// People is what org needs of the account domain.
type People interface {
	FindByEmail(ctx context.Context, email string) (account.User, error)
	CreatePending(ctx context.Context, email, name string) (account.User, error)
	IssueSetup(ctx context.Context, userID, context string) (string, error)
	ReissueSetup(ctx context.Context, userID, context string) (secret string, reset bool, err error)
	UsersByID(ctx context.Context, ids []string) (map[string]account.User, error)
}

// Service is the org domain. Every method takes the acting user's ID and answers not_found
// for workspaces the actor is not a member of, so that their existence does not leak.
type Service struct {
	st                               store.Store
	people                           People
	workspaces, members, departments store.Collection
	timezone                         string
	now                              func() time.Time
}

// New returns the service; timezone is the default for new workspaces.
func New(st store.Store, people People, timezone string) *Service {
	return &Service{
		st:          st,
		people:      people,
		workspaces:  st.Collection(workspacesColl),
		members:     st.Collection(membersColl),
		departments: st.Collection(departmentsColl),
		timezone:    timezone,
		now:         store.Now,
	}
}

func wrap(op string, err error) error { return fmt.Errorf("org: %s: %w", op, err) }

// orgErr passes faults through and maps a vanished document to not_found; anything else is
// wrapped as internal.
func orgErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return fault.ErrNotFound()
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	return wrap(op, err)
}
