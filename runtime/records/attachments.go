package records

import (
	"context"
	"errors"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/files"
)

// AttachmentField returns the attachment field at path ("photo", "items.photo") of the
// latest version of ref's form, with its limits: what an upload needs. The actor may upload
// to it when their roles let them create records of the form or update some of its records
// and write the field, or else when step (if not nil) names the field among those their open
// pipeline step lets them fill (an approver without a role, the recorder adding the
// meeting's material). A field that is not an attachment, or that the actor may not see, is
// not found.
func (s *Service) AttachmentField(ctx context.Context, ref Ref, path string, step func(context.Context) (map[string]bool, error)) (form.Field, error) {
	t, err := s.resolve(ctx, ref)
	if err != nil {
		return form.Field{}, err
	}
	f, _, err := t.latestForm()
	if err != nil {
		return form.Field{}, err
	}
	fd, ok := f.Field(path)
	top, _, _ := strings.Cut(path, ".")
	if !ok || fd.Def().Refers != form.RefFile {
		return form.Field{}, fault.ErrNotFound()
	}
	refused := error(fault.ErrForbidden())
	for _, action := range []Action{ActionCreate, ActionUpdate} {
		grant, err := s.authorize(ctx, t, action, nil)
		switch {
		case err == nil && grant.Hidden[top]:
			refused = fault.ErrNotFound()
		case err == nil && !grant.ReadOnly[top]:
			return *fd, nil
		case err != nil && !fault.Is(err, fault.Forbidden) && !fault.Is(err, fault.NotFound):
			return form.Field{}, err
		}
	}
	if step != nil {
		fields, err := step(ctx)
		if err != nil {
			return form.Field{}, err
		}
		if fields[top] {
			return *fd, nil
		}
	}
	return form.Field{}, refused
}

// attachmentPlace is where a file must have been uploaded to be attached at r.
func attachmentPlace(t *target, r form.Reference) files.Place {
	return files.Place{Workspace: t.Workspace, App: t.App, Form: t.Form, Field: r.Field.Path}
}

// claimFiles attaches the files rec names that prev did not to record id, in the write's
// transaction (checkReferences has checked them).
func (s *Service) claimFiles(ctx context.Context, f *form.Form, id string, rec, prev map[string]any) error {
	known := map[string]bool{}
	for _, r := range f.References(prev) {
		if r.Ref == form.RefFile {
			known[r.ID] = true
		}
	}
	var ids []string
	for _, r := range f.References(rec) {
		if r.Ref == form.RefFile && !known[r.ID] {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	err := files.Claim(ctx, s.st, id, ids)
	if errors.Is(err, files.ErrAttached) {
		return fault.Of("file_attached").Wrap(err)
	}
	return err
}
