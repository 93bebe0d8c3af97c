package records

import (
	"context"
	"encoding/json"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/store"
	"github.com/rs/xid"
)

// SystemRef addresses a form for writes the platform makes by itself (automations): no
// role is checked. Actor is recorded as the creator, Owner owns the record, and As is a
// member of the workspace used for lookups.
type SystemRef struct {
	Workspace string
	App       string
	Form      string
	Actor     string
	As        string
	Owner     string
}

// Written is told, inside the write's transaction, of every record created or updated
// through Create, Update, CreateAs and imports (event "created" or "updated"), with the
// app version the record is on: the pipeline engine queues automations from it.
type Written func(ctx context.Context, c *apps.Compiled, ws, formKey, event string, rec Record) error

// CreateAs validates input against the latest version of the form and stores it like
// Create, without asking Access: the caller (an automation the app's designers wrote)
// decides.
func (s *Service) CreateAs(ctx context.Context, ref SystemRef, input json.RawMessage) (Record, error) {
	_, latest, err := s.apps.Latest(ctx, ref.As, ref.Workspace, ref.App)
	if err != nil {
		return Record{}, err
	}
	t := &target{Ref: Ref{Actor: ref.As, Workspace: ref.Workspace, App: ref.App, Form: ref.Form}, latest: latest, storedForm: formID(ref.App, ref.Form)}
	f, _, err := t.latestForm()
	if err != nil {
		return Record{}, err
	}
	owner := ref.Owner
	if owner == "" {
		owner = ref.As
	}
	return s.createIn(ctx, t, f, input, owner, ref.Actor, form.Creator{}, nil)
}

// ScanIDs lists the IDs of a form's live records in ID order, a page at a time (after is
// the previous page's next), for work the platform does on every record (scheduled
// automations).
func (s *Service) ScanIDs(ctx context.Context, ref SystemRef, after string, limit int) ([]string, string, error) {
	page, err := s.records.Find(ctx, store.Query{
		Filter: store.And(store.Eq("form", formID(ref.App, ref.Form)), store.Eq("deleted", false)),
		Sort:   []store.SortKey{{Field: store.PathID}}, Limit: limit, After: after,
	})
	if err != nil {
		return nil, "", domainErr("scan records", err)
	}
	ids := make([]string, len(page.Docs))
	for i, d := range page.Docs {
		ids[i] = d.ID
	}
	return ids, page.Next, nil
}

// IsID reports whether s is shaped like a record ID (store.NewID: an xid). Values taken
// from records' fields or computed by automations are checked with it before they are
// looked up, so that a stray text is no record rather than a malformed query.
func IsID(s string) bool {
	_, err := xid.FromString(s)
	return err == nil
}

// MatchIDs lists, in ID order, the IDs of the live records of ref's form that match f — a
// filter of the store's query AST over the form's field keys (and meta paths such as
// _id), built by the caller, never parsed from text — at most limit of them. total is how
// many match: len(ids) when they all fit, else counted. No role is checked: the caller
// (an automation) decides.
func (s *Service) MatchIDs(ctx context.Context, ref SystemRef, f store.Filter, limit int) (ids []string, total int64, err error) {
	filter := store.And(store.Eq("form", formID(ref.App, ref.Form)), store.Eq("deleted", false), StoredFilter(f))
	page, err := s.records.Find(ctx, store.Query{Filter: filter, Sort: []store.SortKey{{Field: store.PathID}}, Limit: limit + 1})
	if err != nil {
		return nil, 0, domainErr("match records", err)
	}
	ids = make([]string, 0, min(len(page.Docs), limit))
	for _, d := range page.Docs[:min(len(page.Docs), limit)] {
		ids = append(ids, d.ID)
	}
	if len(page.Docs) <= limit {
		return ids, int64(len(ids)), nil
	}
	if total, err = s.records.Count(ctx, filter); err != nil {
		return nil, 0, domainErr("count matching records", err)
	}
	return ids, total, nil
}
