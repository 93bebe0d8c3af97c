package records

import (
	"context"
	"encoding/json"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/store"
)

// textGatherer is a records collection that keeps a full-text index of the records' fields
// (runtime/search) and takes a new record's text gathered before its transaction: the
// store has one writer, which runs one transaction at a time, and finding the text in the
// stored document (decoding it) would hold it for every create.
type textGatherer interface {
	// GatherText gathers the indexed text of a record from its fields' JSON; nil when it
	// cannot (the insert then finds the text itself).
	GatherText(fields json.RawMessage) GatheredText
	// InsertGathered is store.InsertAt of a live record of workspace ws and stored form
	// form whose fields' text is t.
	InsertGathered(ctx context.Context, d store.Document, version int64, ws, form string, t GatheredText) (store.Document, error)
}

// GatheredText is a new record's indexed text, gathered before its transaction from its
// fields as prepared; the values the transaction fills in (serial numbers) are added to
// it there.
type GatheredText interface {
	Add(value string)
}

// gatherText gathers the text of fields rec of form f ahead of their create's transaction,
// or answers nil when the records collection keeps no index.
func (s *Service) gatherText(f *form.Form, rec map[string]any) GatheredText {
	g, ok := s.records.(textGatherer)
	if !ok {
		return nil
	}
	return g.GatherText(f.AppendJSON(nil, rec))
}
