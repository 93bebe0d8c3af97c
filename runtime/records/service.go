package records

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"

	"golang.org/x/sync/singleflight"
)

// Collection names.
const (
	recordsColl  = "records"
	historyColl  = "record_history"
	countersColl = "record_counters"
)

// Collections declares what the package stores. Unique fields add partial indexes to
// "records" at run time (see ensureForm).
func Collections() []store.CollectionSpec {
	return []store.CollectionSpec{
		{Name: recordsColl, Indexes: []store.Index{
			// Lists: one form's live (or deleted) records, newest or last changed first.
			{Name: "form_created", Keys: []store.SortKey{{Field: "form"}, {Field: "deleted"}, {Field: store.PathCreated}, {Field: store.PathID}}},
			{Name: "form_updated", Keys: []store.SortKey{{Field: "form"}, {Field: "deleted"}, {Field: store.PathUpdated}, {Field: store.PathID}}},
			// Own-scope lists (a salesperson's leads): however few of the form's records
			// are theirs, the page is a range of this index, not a walk of the whole form.
			{Name: "form_owner", Keys: []store.SortKey{{Field: "form"}, {Field: "deleted"}, {Field: "owner"}, {Field: store.PathCreated}, {Field: store.PathID}}},
		}},
		{Name: historyColl, Indexes: []store.Index{
			{Name: "record", Keys: []store.SortKey{{Field: "record"}, {Field: store.PathCreated}, {Field: store.PathID}}},
		}},
		{Name: countersColl},
		PublicLinkSpec(),
		PublicReceiptSpec(),
		{Name: importsColl}, // import jobs (jobs.go)
	}
}

// Apps is what records needs of the app domain.
type Apps interface {
	// Latest checks that actor is a member of ws and that the app is one of ws's, and
	// returns its latest published version.
	Latest(ctx context.Context, actor, ws, app string) (apps.App, *apps.Compiled, error)
	// Version returns published version n of an app, without access checks.
	Version(ctx context.Context, appID string, n int) (*apps.Compiled, error)
}

// Org is what records needs of the org domain.
type Org interface {
	Membership(ctx context.Context, ws, user string) (org.Member, error)
	GetWorkspace(ctx context.Context, actor, ws string) (org.Workspace, error)
	ListDepartments(ctx context.Context, actor, ws string) ([]org.Department, error)
	ListMembers(ctx context.Context, actor, ws string) ([]org.Member, error)
}

// Options tune New.
type Options struct {
	// Access decides every operation; nil means MemberAccess.
	Access Access
	// Now is the clock (TODAY() and NOW() in formulas, serial periods); nil means store.Now.
	Now    func() time.Time
	Logger *slog.Logger
	// Written, when set, is told of every record written (see Written).
	Written Written
	// Calendar, when set, gives a workspace's business calendar for NETWORKDAYS and
	// WORKDAY in formulas; nil means Monday to Friday everywhere.
	Calendar func(ctx context.Context, ws string) (form.WorkingDays, error)
}

// Service is the records domain.
type Service struct {
	st       store.Store
	records  store.Collection
	history  store.Collection
	counters store.Collection
	apps     Apps
	org      Org
	access   Access
	now      func() time.Time
	log      *slog.Logger
	written  Written
	calendar func(ctx context.Context, ws string) (form.WorkingDays, error)

	zones *zoneCache

	mu      sync.Mutex
	ensured map[string]time.Time // appID/version/form → when its indexes were ensured (zero: ok)
	// ensuring lets the first writes of a form version that arrive together wait for one
	// build of its indexes, rather than each asking the store for them.
	ensuring singleflight.Group
	allow    map[string]allowList // appID/version/form → query allow-list

	transfer transfer // import jobs, API documents (jobs.go, openapi.go)
}

// New returns the service.
func New(st store.Store, a Apps, o Org, opts Options) *Service {
	if opts.Access == nil {
		opts.Access = MemberAccess{}
	}
	if opts.Now == nil {
		opts.Now = store.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Service{
		st: st, records: st.Collection(recordsColl), history: st.Collection(historyColl), counters: st.Collection(countersColl),
		apps: a, org: o, access: opts.Access, now: opts.Now, log: opts.Logger, written: opts.Written, calendar: opts.Calendar,
		zones:   newZoneCache(),
		ensured: map[string]time.Time{},
		allow:   map[string]allowList{},
	}
}

// Ref addresses a form's records on behalf of a signed-in user: the path of every route.
type Ref struct {
	Actor     string
	Workspace string
	App       string
	Form      string // the form's key
}

func wrap(op string, err error) error { return fmt.Errorf("records: %s: %w", op, err) }

// domainErr passes faults and query errors through, maps a vanished document to not_found
// and wraps the rest as internal.
func domainErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return fault.ErrNotFound()
	case errors.Is(err, store.ErrInvalidQuery):
		return err
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	return wrap(op, err)
}

// formID is the one indexed value naming a form of an app.
func formID(appID, formKey string) string { return appID + "." + formKey }

// appOfForm is the app ID of a stored form ID (formID's first part; app IDs hold no dot).
func appOfForm(form string) string {
	app, _, _ := strings.Cut(form, ".")
	return app
}
