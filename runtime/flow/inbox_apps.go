package flow

import (
	"context"
	"slices"
	"sort"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/store"
)

// InboxApp is an app a box holds items of, with how many.
type InboxApp struct {
	App   string        `json:"app"`
	Name  template.Text `json:"name"`
	Count int64         `json:"count"`
}

// InboxApps lists the apps whose items are in a box of the actor's inbox, most items first,
// for narrowing the box to one app. It is counted over the whole box, not a page of it;
// a participant picked in a member field holds no role in the app and would find it in no
// list of her apps. chosen, when not empty, is listed even with no item in the box (count
// 0): the box is narrowed to it, and the choice needs its name.
func (s *Service) InboxApps(ctx context.Context, actor, ws, box, chosen string) ([]InboxApp, error) {
	if err := s.member(ctx, ws, actor); err != nil {
		return nil, err
	}
	f, err := boxFilter(ws, actor, box)
	if err != nil {
		return nil, err
	}
	groups, err := s.tasks.Aggregate(ctx, store.Aggregation{Filter: f, GroupBy: []store.GroupKey{{Field: "app"}},
		Metrics: []store.Metric{{Op: store.AggCount, As: "n"}}})
	if err != nil {
		return nil, domainErr("count inbox by app", err)
	}
	out := make([]InboxApp, 0, len(groups))
	ids := make([]string, 0, len(groups))
	for _, g := range groups {
		id, _ := g.Key[0].(string)
		n, _ := g.Values["n"].(int64)
		if id == "" || n == 0 {
			continue
		}
		out = append(out, InboxApp{App: id, Count: n})
		ids = append(ids, id)
	}
	if chosen != "" && !slices.Contains(ids, chosen) {
		out = append(out, InboxApp{App: chosen})
		ids = append(ids, chosen)
	}
	names := s.appNames(ctx, actor, ws, ids)
	kept := out[:0]
	for _, a := range out {
		n, ok := names[a.App]
		if !ok && a.Count == 0 {
			continue // a chosen app that does not exist (or is not published) is not offered
		}
		a.Name = n
		kept = append(kept, a)
	}
	out = kept
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Name.ZH < out[j].Name.ZH
	})
	return out, nil
}

// appNames names the apps of ids as published. An app that cannot be read (removed, or
// never published) is left out: its items keep their record's name.
func (s *Service) appNames(ctx context.Context, actor, ws string, ids []string) map[string]template.Text {
	out := make(map[string]template.Text, len(ids))
	for _, id := range ids {
		if _, seen := out[id]; seen {
			continue
		}
		a, _, err := s.apps.Latest(ctx, actor, ws, id)
		if err != nil {
			continue
		}
		out[id] = a.Name
	}
	return out
}
