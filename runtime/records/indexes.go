package records

import (
	"context"
	"errors"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/store"
)

const (
	// maxEnsured bounds the cache of forms whose indexes are in place.
	maxEnsured = 4096
	// ensureRetry is how long a form whose unique index could not be built (its records
	// already hold duplicates) waits before the next attempt.
	ensureRetry = time.Minute
	// maxSelectIndexes bounds the list indexes made for one form's select fields.
	maxSelectIndexes = 4
)

// ensureForm makes sure the indexes form key of the app's latest published version c
// needs exist: a partial unique index per unique field (live records of that form only)
// and a list index per select field. Uniqueness follows the latest version: the rules of
// fields it does not declare unique — of c, and of version recAt, which a record being
// written is at (nil: none) — are retired, so records still at an older version no longer
// re-declare them. It runs once per form version and process; EnsureCollection is
// idempotent, so several instances may race harmlessly.
func (s *Service) ensureForm(ctx context.Context, c *apps.Compiled, key string, recAt *apps.Compiled) {
	cacheKey := c.AppID + "/" + strconv.Itoa(c.Version) + "/" + key
	var older *form.Form
	if recAt != nil && recAt.Version != c.Version {
		cacheKey += "/" + strconv.Itoa(recAt.Version)
		older, _, _ = recAt.Form(key)
	}
	if s.ensuredRecently(cacheKey) {
		return
	}
	// Fifty creates arriving together on a form version just published all found its
	// indexes unchecked and each asked the store for them; the writes then waited a third
	// of a second behind one another. One build serves them all. It outlives a request
	// that gives up, since the others wait for it.
	_, _, _ = s.ensuring.Do(cacheKey, func() (any, error) {
		if s.ensuredRecently(cacheKey) {
			return nil, nil
		}
		s.buildFormIndexes(context.WithoutCancel(ctx), c, key, older, cacheKey)
		return nil, nil
	})
}

// PrepareForms builds the indexes of every form of the app's latest published version
// now, so that the first writes after an app is created or published do not wait for
// them (a partial index is built by reading every stored record, which took 0.13 s with
// 22,000 records in the store); the first write of a form still ensures them should this
// have failed.
func (s *Service) PrepareForms(ctx context.Context, actor, ws, appID string) error {
	_, c, err := s.apps.Latest(ctx, actor, ws, appID)
	if err != nil {
		return err
	}
	if c.Template == nil {
		return nil
	}
	for i := range c.Template.Forms {
		s.ensureForm(ctx, c, c.Template.Forms[i].Key, nil)
	}
	return nil
}

// ensuredRecently tells whether the form version's indexes were ensured, or their build
// failed less than ensureRetry ago.
func (s *Service) ensuredRecently(cacheKey string) bool {
	s.mu.Lock()
	at, seen := s.ensured[cacheKey]
	s.mu.Unlock()
	return seen && (at.IsZero() || s.now().Sub(at) < ensureRetry)
}

// buildFormIndexes declares form key's indexes (see ensureForm) and notes the outcome.
func (s *Service) buildFormIndexes(ctx context.Context, c *apps.Compiled, key string, older *form.Form, cacheKey string) {
	f, _, ok := c.Form(key)
	if !ok || f == nil {
		return
	}
	spec := store.CollectionSpec{Name: recordsColl, Indexes: formIndexes(c.AppID, key, f, ownScoped(c, key)),
		Retire: retiredUnique(c.AppID, key, f, older)}
	mark := time.Time{}
	if len(spec.Indexes) > 0 || len(spec.Retire) > 0 {
		if err := s.st.EnsureCollection(ctx, spec); err != nil {
			// The build is tried again after ensureRetry; the log says which rule
			// (duplicates already stored must be cleaned up first). The MongoDB engine
			// refuses meanwhile the writes that rule would cover (503
			// constraint_unavailable); SQLite, whose declaration failed as a whole,
			// accepts them.
			s.log.ErrorContext(ctx, "records: could not ensure form indexes", "app", c.AppID, "version", c.Version, "form", key, "err", err)
			mark = s.now()
		}
	}
	s.mu.Lock()
	if len(s.ensured) >= maxEnsured {
		s.ensured = map[string]time.Time{}
	}
	s.ensured[cacheKey] = mark
	s.mu.Unlock()
}

// ownScoped tells whether a role of version c reads form key's records with the "own"
// scope (a salesperson's leads).
func ownScoped(c *apps.Compiled, key string) bool {
	if c.Template == nil {
		return false
	}
	for i := range c.Template.Permissions {
		p := &c.Template.Permissions[i]
		if p.Form == key && p.ScopeKind() == template.ScopeOwn {
			return true
		}
	}
	return false
}

// formIndexes lists the indexes of one form version; own says that a role reads the form
// with the "own" scope.
func formIndexes(appID, key string, f *form.Form, own bool) []store.Index {
	fid := formID(appID, key)
	var out []store.Index
	selects := 0
	for _, fd := range f.Fields() {
		path := "f." + fd.Key
		if store.CheckPath(path) != nil {
			continue
		}
		if fd.Unique && !fd.IsList() {
			out = append(out, store.Index{
				Name:   uniqueIndexName(appID, key, fd.Key),
				Keys:   []store.SortKey{{Field: path}},
				Unique: true,
				Partial: store.And(
					store.Eq("form", fid),
					store.Eq("deleted", false),
					store.Cmp(path, store.OpExists, true),
				),
			})
		}
		if fd.Def().Choice == form.ChoiceOne && selects < maxSelectIndexes {
			// Lists filtered by the select and sorted by newest use it. It is partial: only
			// this form's records are in it (an index shared by every form with a select
			// of this key held an entry for every record of every form).
			selects++
			out = append(out, store.Index{
				Name:    selectIndexName(appID, key, fd.Key),
				Keys:    []store.SortKey{{Field: "deleted"}, {Field: path}, {Field: store.PathCreated}, {Field: store.PathID}},
				Partial: store.Eq("form", fid),
			})
			if own {
				// The same list read by a member who sees only their own records: the
				// owner leads, so that the page is a range of their records with that
				// value. Without it the page walks the member's records (or the value's)
				// and reads each one to test the other condition: three to ten times
				// the rows of the page.
				out = append(out, store.Index{
					Name:    ownSelectIndexName(appID, key, fd.Key),
					Keys:    []store.SortKey{{Field: "deleted"}, {Field: "owner"}, {Field: path}, {Field: store.PathCreated}, {Field: store.PathID}},
					Partial: store.Eq("form", fid),
				})
			}
		}
	}
	return out
}

// retiredUnique names the unique rules of the fields of latest (and of older, when
// given) that latest does not declare unique.
func retiredUnique(appID, key string, latest, older *form.Form) []string {
	unique := map[string]bool{}
	for _, fd := range latest.Fields() {
		if fd.Unique && !fd.IsList() {
			unique[fd.Key] = true
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range []*form.Form{latest, older} {
		if f == nil {
			continue
		}
		for _, fd := range f.Fields() {
			if unique[fd.Key] || seen[fd.Key] || store.CheckPath("f."+fd.Key) != nil {
				continue
			}
			seen[fd.Key] = true
			out = append(out, uniqueIndexName(appID, key, fd.Key))
		}
	}
	return out
}

// uniqueIndexName is stable for (app, form, field) and fits index naming rules
// (a-z, 0-9, _; at most 63 characters): app IDs are lowercase, keys may not be.
func uniqueIndexName(appID, formKey, field string) string {
	return "u_" + strings.ToLower(appID) + "_" + hashName(formKey+"."+field)
}

// selectIndexName is the list index of a select field of one form.
func selectIndexName(appID, formKey, field string) string {
	return "sel_" + strings.ToLower(appID) + "_" + hashName(formKey+"."+field)
}

// ownSelectIndexName is the name of the own-scope list index of a select field.
func ownSelectIndexName(appID, formKey, field string) string {
	return "own_" + strings.ToLower(appID) + "_" + hashName(formKey+"."+field)
}

func hashName(s string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return strconv.FormatUint(h.Sum64(), 36)
}

// duplicateFault maps a unique-index refusal to 409 duplicate at the field's pointer.
func duplicateFault(err error) (*fault.Error, bool) {
	var de *store.DuplicateError
	if !errors.As(err, &de) {
		return nil, false
	}
	fe := fault.Of("duplicate").Wrap(err)
	for _, p := range de.Fields {
		if key, ok := strings.CutPrefix(p, "f."); ok {
			fe.WithFieldOf("/"+key, "duplicate.unique")
		}
	}
	return fe, true
}
