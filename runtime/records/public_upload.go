package records

import (
	"context"
	"slices"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
)

// PublicUpload is where a public link's visitor uploads a file: the field, with its limits,
// and the link's owner, who the record will be created by.
type PublicUpload struct {
	Field     form.Field
	Workspace string
	App       string
	Form      string
	Owner     string
}

// PublicAttachmentField returns the attachment field at path ("photo", "items.photo") of a
// live link's form, when the link exposes it (its top-level field): anything else is not
// found, as for a token that does not exist.
func (s *Service) PublicAttachmentField(ctx context.Context, token, path string) (PublicUpload, error) {
	ld, err := s.activeLink(ctx, token)
	if err != nil {
		return PublicUpload{}, err
	}
	c, f, err := s.linkedForm(ctx, ld)
	if err != nil {
		return PublicUpload{}, err
	}
	fd, ok := f.Field(path)
	top, _, _ := strings.Cut(path, ".")
	if !ok || fd.Def().Refers != form.RefFile || !slices.Contains(exposedFields(c, ld.FormKey, f, ld.Fields), top) {
		return PublicUpload{}, fault.ErrNotFound()
	}
	return PublicUpload{Field: *fd, Workspace: ld.Workspace, App: ld.App, Form: ld.FormKey, Owner: ld.Owner}, nil
}
