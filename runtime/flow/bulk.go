package flow

import (
	"context"
	"slices"
	"strconv"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
)

// MaxBulk bounds how many records one bulk action acts on.
const MaxBulk = 100

// BulkActions are the actions a member may take on many records at once from the inbox
// (批量审批): a node with required fields refuses an item unless the request's data fills
// them.
var BulkActions = []string{ActApprove, ActComplete, ActReject}

// BulkItem addresses one record of the workspace.
type BulkItem struct {
	App    string `json:"app"`
	Form   string `json:"form"`
	Record string `json:"record"`
}

// BulkInput is one bulk request: the same action, comment and step fields on every item.
// Data fills the fields the items' step lets (or requires) the actor to edit, asked for
// once when the items wait at the same step; an item whose step does not let the actor
// write one of them is refused like the single action would be.
type BulkInput struct {
	Action  string         `json:"action"`
	Comment string         `json:"comment,omitempty"`
	Data    map[string]any `json:"data,omitempty"`
	Items   []BulkItem     `json:"items"`
}

// BulkResult is what became of one item: Err is nil when the action was applied, else
// the fault that refused it.
type BulkResult struct {
	Record string
	Err    *fault.Error
}

// Bulk applies one action to several records, each on its own (one failing does not stop
// the others), and reports each.
func (s *Service) Bulk(ctx context.Context, actor, ws string, in BulkInput) ([]BulkResult, error) {
	if !slices.Contains(BulkActions, in.Action) {
		return nil, fault.FieldOf("/action", "invalid.action")
	}
	if len(in.Items) == 0 || len(in.Items) > MaxBulk {
		return nil, fault.FieldOf("/items", "invalid.items")
	}
	if err := s.member(ctx, ws, actor); err != nil {
		return nil, err
	}
	out := make([]BulkResult, len(in.Items))
	for i, it := range in.Items {
		if it.App == "" || it.Form == "" || it.Record == "" {
			return nil, fault.FieldOf("/items/"+strconv.Itoa(i), "required.items")
		}
	}
	for i, it := range in.Items {
		ref := records.Ref{Actor: actor, Workspace: ws, App: it.App, Form: it.Form}
		out[i] = BulkResult{Record: it.Record}
		if _, err := s.Act(ctx, ref, it.Record, in.Action, ActionInput{Comment: in.Comment, Data: in.Data}, ""); err != nil {
			fe, ok := fault.As(err)
			if !ok {
				return nil, err // the database failed: stop, the rest is not tried
			}
			out[i].Err = fe
		}
	}
	return out, nil
}
