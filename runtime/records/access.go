package records

import (
	"context"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

// Action is what a caller wants to do with a form's records.
type Action string

// The actions Access is asked about.
const (
	ActionCreate  Action = "create"
	ActionRead    Action = "read" // get, list, history
	ActionUpdate  Action = "update"
	ActionDelete  Action = "delete" // soft delete and restore
	ActionMigrate Action = "migrate"
	ActionExport  Action = "export" // CSV and XLSX downloads
	ActionImport  Action = "import" // CSV and XLSX uploads: every row is created under this grant
)

// AccessRequest is one question to Access. Membership has already been checked: Member is
// the actor's membership in the workspace.
type AccessRequest struct {
	Member    org.Member
	Workspace string
	App       *apps.Compiled // the app's latest version: its roles and permissions
	Form      string         // the form's key
	Action    Action
	// Record is the record concerned, as stored; nil for create, list and migrate.
	Record *Record
}

// Grant is what an allowed actor may see.
type Grant struct {
	// Scope narrows lists to the records the actor may see. It is a store filter over the
	// stored record: "owner", "createdBy", "updatedBy", and "f.<field>" for field values.
	Scope store.Filter
	// Hidden lists top-level field keys the actor may not see: they are left out of every
	// answer (records, history) and cannot be filtered or sorted by.
	Hidden map[string]bool
	// ReadOnly lists top-level field keys the actor sees but may not write: input that sets
	// one is refused with 403 naming its pointer.
	ReadOnly map[string]bool
	// Roles are the app roles whose permissions grant the action, for what is shown to
	// role holders only (views limited to roles). Nil when no role is needed: owners,
	// admins, apps without permissions.
	Roles map[string]bool
}

// SeesRoles tells whether a grant reaches something limited to roles (none: everyone).
func (g Grant) SeesRoles(roles []string) bool {
	if len(roles) == 0 || g.Roles == nil {
		return true
	}
	for _, r := range roles {
		if g.Roles[r] {
			return true
		}
	}
	return false
}

// Access decides every operation on records. An error refuses it (fault.ErrForbidden, or
// fault.ErrNotFound to hide that a record exists).
//
// This is the seam role permissions plug into: a Casbin-backed Access compiles the
// template's permissions into allow/deny per action, data scopes into Grant.Scope (and a
// per-record check when Record is set) and field rules into Grant.Hidden.
type Access interface {
	Authorize(ctx context.Context, req AccessRequest) (Grant, error)
}

// MemberAccess lets every member of the workspace create, read, update and delete records,
// and owners and admins migrate them to a newer version.
type MemberAccess struct{}

// Authorize implements Access.
func (MemberAccess) Authorize(_ context.Context, req AccessRequest) (Grant, error) {
	if req.Action == ActionMigrate && req.Member.Role != org.RoleOwner && req.Member.Role != org.RoleAdmin {
		return Grant{}, fault.ErrForbidden()
	}
	return Grant{}, nil
}
