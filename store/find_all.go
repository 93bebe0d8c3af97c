package store

import "context"

// FindAll pages through every document of c matching f, in creation order. It is for
// collections a workspace keeps small (members, departments, role assignments, rules):
// callers that walk records page by page themselves, so as not to hold them all at once.
func FindAll(ctx context.Context, c Collection, f Filter) ([]Document, error) {
	var out []Document
	q := Query{Filter: f, Sort: []SortKey{{Field: PathCreated}}, Limit: MaxLimit}
	for {
		page, err := c.Find(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Docs...)
		if page.Next == "" {
			return out, nil
		}
		q.After = page.Next
	}
}
