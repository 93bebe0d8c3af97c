package files

import (
	"context"
	"fmt"

	"github.com/formloom/formloom/store"
)

// maxRecordFiles bounds one record's file list: attachment fields hold at most a few dozen.
const maxRecordFiles = 500

// OfRecord lists the files attached to record id of a form (one query on the record
// index), oldest first. The caller checks who may see which: a file counts only when the
// record's value, as the reader sees it, still names it.
func (s *Service) OfRecord(ctx context.Context, p Place, id string) ([]File, error) {
	page, err := s.meta.Find(ctx, store.Query{
		Filter: store.And(store.Eq("record", id), store.Eq("workspace", p.Workspace), store.Eq("app", p.App), store.Eq("form", p.Form)),
		Sort:   []store.SortKey{{Field: store.PathCreated}, {Field: store.PathID}},
		Limit:  maxRecordFiles,
	})
	if err != nil {
		return nil, fmt.Errorf("files: list a record's files: %w", err)
	}
	out := make([]File, 0, len(page.Docs))
	for _, d := range page.Docs {
		f, err := store.Decode[File](d)
		if err != nil {
			return nil, err
		}
		if f.Deleted {
			continue
		}
		f.ID = d.ID
		out = append(out, f)
	}
	return out, nil
}
