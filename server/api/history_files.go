package api

import (
	"context"
	"strings"

	"github.com/formloom/formloom/runtime/files"
	"github.com/formloom/formloom/runtime/records"
)

// historyAnswer is a page of a record's timeline with the files its changes name: an
// attachment field's change holds file IDs, and the timeline shows them by name, also
// those the record no longer holds (the record's file list names only its current ones).
type historyAnswer struct {
	records.HistoryPage
	Files []files.Info `json:"files"`
}

// historyFiles returns the files of record id that the visible changes of events name,
// each matched to the field its change is of. History already dropped the changes of the
// fields the reader may not see, so no other file is named.
func (s *server) historyFiles(ctx context.Context, ref records.Ref, id string, events []records.Event) ([]files.Info, error) {
	named := map[string]map[string]bool{} // field key → IDs its changes hold
	for _, e := range events {
		for _, c := range e.Changes {
			collectStrings(c.From, c.Field, named)
			collectStrings(c.To, c.Field, named)
		}
	}
	out := []files.Info{}
	if len(named) == 0 || s.files == nil {
		return out, nil
	}
	all, err := s.files.OfRecord(ctx, files.Place{Workspace: ref.Workspace, App: ref.App, Form: ref.Form}, id)
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		top, _, _ := strings.Cut(f.Field, ".") // a sub-form column's files are the sub-form's
		if named[top][f.ID] {
			out = append(out, f.Info())
		}
	}
	return out, nil
}

// collectStrings adds every string inside v (lists and sub-form rows included) to the IDs
// of field. Which of them are files is decided by the record's file list.
func collectStrings(v any, field string, into map[string]map[string]bool) {
	switch x := v.(type) {
	case string:
		if into[field] == nil {
			into[field] = map[string]bool{}
		}
		into[field][x] = true
	case []any:
		for _, y := range x {
			collectStrings(y, field, into)
		}
	case map[string]any:
		for _, y := range x {
			collectStrings(y, field, into)
		}
	}
}
