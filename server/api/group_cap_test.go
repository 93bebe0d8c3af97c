package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/store"
)

// TestAggregationOverTooManyGroupsIsRefused: an aggregation whose grouping yields more
// than store.MaxGroups groups stops with 400 invalid_query, code too_many_groups at
// /groupBy — not a 500, and not an answer that fills memory; the same aggregation over
// fewer groups answers. (The MongoDB engine's cap is checked in store/mongo,
// TestAggregateStopsAtTheGroupCap, on a real MongoDB: FerretDB v1 takes minutes over
// 10 001 groups.)
func TestAggregationOverTooManyGroupsIsRefused(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := dealsWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	ctx := context.Background()
	// The records are written straight to the store (10 001 creates through the API would
	// be slow); each is a copy of a stored deal with a title of its own.
	c := a.Store.Collection("records")
	pat, err := c.FindOne(ctx, store.Eq("f.title", "a"))
	if err != nil {
		t.Fatal(err)
	}
	var base map[string]any
	if err := json.Unmarshal(pat.Data, &base); err != nil {
		t.Fatal(err)
	}
	const n = store.MaxGroups + 1
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				f := map[string]any{}
				for k, x := range base["f"].(map[string]any) {
					f[k] = x
				}
				f["title"] = fmt.Sprintf("t%05d", i)
				f["status"] = []string{"new", "won"}[i%2]
				doc := map[string]any{}
				for k, x := range base {
					doc[k] = x
				}
				doc["f"] = f
				js, _ := json.Marshal(doc)
				if _, err := c.Insert(ctx, store.Document{Data: js}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st, body := a.Call(ann, "POST", v["deal"]+"/aggregate", `{"groupBy":[{"field":"title"}],"metrics":[{"op":"count","as":"n"}]}`)
	if st != 400 || !strings.Contains(body, `"code":"invalid_query"`) || !strings.Contains(body, `"/groupBy":{"code":"too_many_groups"`) {
		t.Fatalf("aggregation over %d groups: %d %s", n, st, body)
	}
	st, body = a.Call(ann, "POST", v["deal"]+"/aggregate", `{"groupBy":[{"field":"status"}],"metrics":[{"op":"count","as":"n"}]}`)
	if st != 200 || !strings.Contains(body, `{"key":{"status":"won"},"values":{"n":5002}}`) {
		t.Fatalf("aggregation over a few groups: %d %s", st, body)
	}
}
