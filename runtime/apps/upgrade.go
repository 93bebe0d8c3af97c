package apps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// basesColl holds, per app installed from the gallery, the template as installed or last
// upgraded to: the common ancestor of three-way merges. Apart from apps, so that app
// lists stay small.
const basesColl = "app_bases"

// baseDoc is keyed by the app's ID.
type baseDoc struct {
	Source     string          `json:"source"`
	Version    string          `json:"version"`
	Definition json.RawMessage `json:"definition"`
}

// Preview is what upgrading an app to its gallery template's current version would do.
type Preview struct {
	Source string `json:"source"` // the gallery template's key
	From   string `json:"from"`   // the version the app is based on
	To     string `json:"to"`     // the gallery's current version
	Newer  bool   `json:"newer"`  // To is a later version than From
	// Upstream is what the template changed (base → current template); Local what was
	// changed in the app (base → draft).
	Upstream  []template.Change   `json:"upstream"`
	Local     []template.Change   `json:"local"`
	Conflicts []template.Conflict `json:"conflicts"`
	// Merged is the draft the upgrade would write, with the local side kept at conflicts.
	Merged json.RawMessage `json:"merged"`
}

// UpgradeResult is an app after an upgrade.
type UpgradeResult struct {
	App        App             `json:"app"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	Definition json.RawMessage `json:"definition"` // the new draft
	// Version is the version published by the upgrade; nil when not asked to publish, or
	// when the merged draft is the published version already.
	Version *Version `json:"version,omitempty"`
}

// upgradePlan is what both preview and upgrade read.
type upgradePlan struct {
	app                 appDoc
	base                baseDoc
	draft, remote       json.RawMessage
	baseT, draftT, remT *template.Template
	remoteVersion       string
	newer               bool
}

func (s *Service) plan(ctx context.Context, ws, id string) (*upgradePlan, error) {
	_, a, err := s.load(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	notUpgradable := fault.Of("not_upgradable")
	if a.Source == "" || s.gallery == nil {
		return nil, notUpgradable
	}
	bdoc, err := s.bases.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notUpgradable // installed before bases were recorded
	}
	if err != nil {
		return nil, wrap("get upgrade base", err)
	}
	base, err := store.Decode[baseDoc](bdoc)
	if err != nil {
		return nil, err
	}
	remote, err := s.gallery.Template(ctx, ws, a.Source)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.Of("source_gone")
	}
	if err != nil {
		return nil, wrap("gallery template", err)
	}
	draft, err := s.draft(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &upgradePlan{app: a, base: base, draft: draft, remote: compact(remote)}
	if p.baseT, err = s.checker.Check(base.Definition); err != nil {
		return nil, wrap("upgrade base is not valid", err)
	}
	if p.remT, err = s.checker.Check(p.remote); err != nil {
		return nil, wrap("gallery template is not valid", err)
	}
	if p.draftT, err = s.checker.Check(draft); err != nil {
		return nil, wrap("draft is not valid", err)
	}
	p.remoteVersion = p.remT.Version
	p.newer = laterVersion(p.remoteVersion, base.Version)
	return p, nil
}

// UpgradePreview shows what upgrading the app to the gallery's current version of its
// template would do: both sides' changes since the base, the merged draft and the
// conflicts. Owners and admins only; nothing is written.
func (s *Service) UpgradePreview(ctx context.Context, actor, ws, id string) (Preview, error) {
	if err := s.designer(ctx, ws, actor); err != nil {
		return Preview{}, err
	}
	p, err := s.plan(ctx, ws, id)
	if err != nil {
		return Preview{}, err
	}
	merged, conflicts, err := template.Merge3(p.base.Definition, p.draft, p.remote)
	if err != nil {
		return Preview{}, mergeErr(err)
	}
	return Preview{
		Source: p.app.Source, From: p.base.Version, To: p.remoteVersion, Newer: p.newer,
		Upstream: nonNilChanges(template.Diff(p.baseT, p.remT)), Local: nonNilChanges(template.Diff(p.baseT, p.draftT)),
		Conflicts: nonNilConflicts(conflicts), Merged: merged,
	}, nil
}

// Upgrade merges the gallery's current version of the app's template into the app's
// draft and makes that version the app's new base; with publish, the draft is then
// published. ifVersion must be the version previewed (a newer one is refused, so that
// nothing unseen is applied). Conflicts refuse the upgrade (409 upgrade_conflicts, with
// their pointers) unless resolve names a side (template.SideLocal or SideRemote) for
// every one of them. Owners and admins only; a refused upgrade writes nothing.
func (s *Service) Upgrade(ctx context.Context, actor, ws, id, ifVersion string, publish bool, resolve map[string]string) (UpgradeResult, error) {
	if err := s.designer(ctx, ws, actor); err != nil {
		return UpgradeResult{}, err
	}
	if ifVersion == "" {
		return UpgradeResult{}, fault.FieldOf("/version", "required.version")
	}
	p, err := s.plan(ctx, ws, id)
	if err != nil {
		return UpgradeResult{}, err
	}
	switch {
	case ifVersion != p.remoteVersion:
		return UpgradeResult{}, fault.Of("version_changed").Fill("version", p.remoteVersion)
	case !p.newer:
		return UpgradeResult{}, fault.Of("up_to_date")
	}
	merged, conflicts, err := template.Merge3Resolved(p.base.Definition, p.draft, p.remote, resolve)
	if err != nil {
		return UpgradeResult{}, mergeErr(err)
	}
	if len(conflicts) > 0 {
		fe := fault.Of("upgrade_conflicts")
		for _, c := range conflicts {
			addConflict(fe, c)
		}
		return UpgradeResult{}, fe
	}
	mergedT, err := s.checker.Check(merged)
	if err != nil {
		return UpgradeResult{}, mergeErr(err)
	}
	var a appDoc
	err = s.st.WithTx(ctx, func(ctx context.Context) error {
		if _, err := store.Modify(ctx, s.drafts, id, func(d *draftDoc) error {
			if !bytes.Equal(d.Definition, p.draft) {
				return fault.Of("draft_changed")
			}
			d.Definition = merged
			return nil
		}); err != nil {
			return err
		}
		if _, err := store.Modify(ctx, s.bases, id, func(b *baseDoc) error {
			b.Version, b.Definition = p.remoteVersion, p.remote
			return nil
		}); err != nil {
			return err
		}
		forget(ctx)
		a, err = store.Modify(ctx, s.apps, id, func(a *appDoc) error {
			a.Key, a.Name, a.SourceVersion, a.Updated = mergedT.Key, mergedT.Name, p.remoteVersion, s.now()
			return nil
		})
		return err
	})
	if err != nil {
		return UpgradeResult{}, domainErr("upgrade", err)
	}
	out := UpgradeResult{App: a.app(id), From: p.base.Version, To: p.remoteVersion, Definition: merged}
	if publish {
		v, err := s.Publish(ctx, actor, ws, id)
		if fe, ok := fault.As(err); ok && fe.Code == "no_changes" {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out.Version = &v
		out.App.Published = v.Number
	}
	return out, nil
}

// addConflict adds one conflict to fe at its pointer, its kind as the problem's code so that
// the UI can offer the matching resolution.
func addConflict(fe *fault.Error, c template.Conflict) {
	switch c.Kind {
	case template.ConflictChanged:
		fe.WithFieldOf(c.Pointer, "changed_both.upgrade")
	case template.ConflictRemovedLocal:
		fe.WithFieldOf(c.Pointer, "removed_locally.upgrade")
	case template.ConflictRemovedRemote:
		fe.WithFieldOf(c.Pointer, "removed_upstream.upgrade")
	default: // a kind without words still reports its place, under its own code
		fe.WithFieldOf(c.Pointer, c.Kind)
	}
}

// mergeErr maps a refused merge: a bad resolution names the request's resolve member; a
// merged template that does not check is a 422 listing its problems.
func mergeErr(err error) error {
	if errors.Is(err, template.ErrBadResolution) {
		return fault.FieldOf("/resolve", "bad_resolution.resolve").Wrap(err)
	}
	var ps *template.Problems
	if errors.As(err, &ps) {
		fe := ps.Fault()
		invalid := fault.Of("upgrade_invalid")
		fe.Kind, fe.Code, fe.Text = invalid.Kind, invalid.Code, invalid.Text
		return fe
	}
	return wrap("merge", err)
}

// laterVersion reports whether version a (major.minor.patch) is later than b; a version
// that does not read is never later, and a missing b is the earliest.
func laterVersion(a, b string) bool {
	va, ok := parseVersion(a)
	if !ok {
		return false
	}
	vb, ok := parseVersion(b)
	if !ok {
		return true
	}
	for i := range va {
		if va[i] != vb[i] {
			return va[i] > vb[i]
		}
	}
	return false
}

func parseVersion(v string) ([3]int, bool) {
	var out [3]int
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return out, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return out, false
		}
		out[i] = n
	}
	return out, true
}

func nonNilChanges(cs []template.Change) []template.Change {
	if cs == nil {
		return []template.Change{}
	}
	return cs
}

func nonNilConflicts(cs []template.Conflict) []template.Conflict {
	if cs == nil {
		return []template.Conflict{}
	}
	return cs
}
