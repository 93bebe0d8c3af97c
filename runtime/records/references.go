package records

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/files"
	"github.com/formloom/formloom/store"
)

// related reads the records a write refers to (relations, lookups), each once per write.
type related struct {
	s     *Service
	ctx   context.Context
	appID string
	cache map[string]*relatedRecord
	err   error // the first failure to read (not a missing record)
}

type relatedRecord struct {
	form   string // formID
	fields map[string]any
	ok     bool // exists and is live
}

func (s *Service) newRelated(ctx context.Context, appID string) *related {
	return &related{s: s, ctx: ctx, appID: appID, cache: map[string]*relatedRecord{}}
}

// get returns record id if it is a live record of form key of the same app.
func (r *related) get(key, id string) (map[string]any, bool) {
	rr, ok := r.cache[id]
	if !ok {
		rr = r.load(id)
		r.cache[id] = rr
	}
	if !rr.ok || rr.form != formID(r.appID, key) {
		return nil, false
	}
	return rr.fields, true
}

func (r *related) load(id string) *relatedRecord {
	doc, err := r.s.records.Get(r.ctx, id)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) && r.err == nil {
			r.err = err
		}
		return &relatedRecord{}
	}
	l, err := decodeStored(doc)
	if err != nil {
		r.err = err
		return &relatedRecord{}
	}
	if l.rec.Deleted || l.rec.App != r.appID {
		return &relatedRecord{}
	}
	var fields map[string]any
	if err := json.Unmarshal(l.rec.F, &fields); err != nil {
		r.err = err
		return &relatedRecord{}
	}
	return &relatedRecord{form: l.rec.Form, fields: fields, ok: true}
}

// lookup is form.Env.Lookup: field of related record id of form key.
func (r *related) lookup(key, id, field string) (any, bool) {
	fields, ok := r.get(key, id)
	if !ok {
		return nil, false
	}
	v, ok := fields[field]
	return v, ok
}

// refKey identifies a reference regardless of where it sits in the record.
type refKey struct {
	typ  form.Type
	form string
	id   string
}

// checkReferences checks the members, departments and related records rec names: members
// of the workspace, departments of it, live records of the target form in the same app.
// References already in prev (the stored record) are not checked again, so that a record
// naming someone who has since left can still be edited. All bad references are reported
// together, each at its pointer.
func (s *Service) checkReferences(ctx context.Context, t *target, f *form.Form, rec, prev map[string]any, rel *related) error {
	refs := f.References(rec)
	if len(refs) == 0 {
		return nil
	}
	known := map[refKey]bool{}
	if prev != nil {
		for _, r := range f.References(prev) {
			known[refKey{r.Type, r.Form, r.ID}] = true
		}
	}
	bad := fault.Of("validation_failed") // answered only if a reference is bad
	var depts map[string]bool
	members := map[string]bool{t.Actor: true} // resolve has just checked the actor
	for _, r := range refs {
		if known[refKey{r.Type, r.Form, r.ID}] {
			continue
		}
		switch r.Ref {
		case form.RefMember:
			ok, seen := members[r.ID]
			if !seen {
				_, err := s.org.Membership(ctx, t.Workspace, r.ID)
				switch {
				case err == nil:
					ok = true
				case fault.Is(err, fault.NotFound):
				default:
					return err
				}
				members[r.ID] = ok
			}
			if !ok {
				bad.WithFieldOf(r.Pointer, "not_member.workspace")
			}
		case form.RefDepartment:
			if depts == nil {
				list, err := s.org.ListDepartments(ctx, t.Actor, t.Workspace)
				if err != nil {
					return err
				}
				depts = make(map[string]bool, len(list))
				for _, d := range list {
					depts[d.ID] = true
				}
			}
			if !depts[r.ID] {
				bad.WithFieldOf(r.Pointer, "not_found.department_ref")
			}
		case form.RefRecord:
			if _, ok := rel.get(r.Form, r.ID); !ok {
				if rel.err != nil {
					return wrap("read related record", rel.err)
				}
				bad.WithFieldOf(r.Pointer, "not_found.related_record")
			}
		case form.RefFile:
			ok, err := files.Attachable(ctx, s.st, r.ID, attachmentPlace(t, r))
			if err != nil {
				return wrap("read file", err)
			}
			if !ok {
				bad.WithFieldOf(r.Pointer, "not_found.file")
			}
		}
	}
	if len(bad.Fields) > 0 {
		return bad
	}
	return nil
}
