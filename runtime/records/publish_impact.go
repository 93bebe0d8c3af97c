package records

import (
	"context"

	"github.com/formloom/formloom/store"
)

// RunsInProgress counts an app's live records whose pipeline run has not ended (running,
// or returned to the submitter): publishing leaves them on the version they started with.
// The caller has checked that the actor designs the app.
func (s *Service) RunsInProgress(ctx context.Context, ws, appID string) (int64, error) {
	n, err := s.records.Count(ctx, store.And(store.Eq("ws", ws), store.Cmp("form", store.OpStartsWith, formID(appID, "")), store.Eq("deleted", false),
		store.In("wfs", FlowRunning, "returned")))
	if err != nil {
		return 0, domainErr("count runs in progress", err)
	}
	return n, nil
}

// LiveRecords counts the live records of each given form of an app (the forms a publish
// would break). The caller has checked that the actor designs the app.
func (s *Service) LiveRecords(ctx context.Context, ws, appID string, forms []string) (map[string]int64, error) {
	out := make(map[string]int64, len(forms))
	for _, f := range forms {
		n, err := s.records.Count(ctx, store.And(store.Eq("ws", ws), store.Eq("form", formID(appID, f)), store.Eq("deleted", false)))
		if err != nil {
			return nil, domainErr("count records", err)
		}
		out[f] = n
	}
	return out, nil
}
