package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/store"
)

// seedSearch stores n records straight into the records collection (through the index,
// as every write path does), 90% leads and 10% meetings; two in a hundred name 禾丰, and
// one in fifty leads is sam's.
func seedSearch(b *testing.B, a *apitest.TestApp, v apitest.Vars, n int) {
	b.Helper()
	ctx := context.Background()
	words := []string{"华东物流", "北方钢铁", "南山果业", "星河科技", "Acme Trading", "Globex Corporation", "金穗商行", "东方明珠", "Initech", "长江航运"}
	coll := a.Store.Collection("records")
	const batch = 1000
	for start := 0; start < n; start += batch {
		err := a.Store.WithTx(ctx, func(ctx context.Context) error {
			for i := start; i < min(start+batch, n); i++ {
				company := words[i%len(words)]
				if i%100 == 7 || i%100 == 19 {
					company = fmt.Sprintf("禾丰超市 %d 店", i)
				}
				app, form, owner := v["crm"], "lead", v["ann"]
				f := map[string]any{"subject": fmt.Sprintf("采购意向 %d", i), "company": company, "notes": "客户希望下月安排演示，预算已获批。"}
				if i%10 == 9 {
					app, form = v["minutes"], "meeting"
					f = map[string]any{"title": fmt.Sprintf("周会 %d：%s", i, company), "body": "Weekly sync about logistics and the pipeline."}
				} else if i%50 == 7 {
					owner = v["sam"]
				}
				data, err := json.Marshal(map[string]any{"ws": v["wsA"], "app": app, "form": app + "." + form, "fv": 1,
					"owner": owner, "createdBy": owner, "updatedBy": owner, "deleted": false, "f": f})
				if err != nil {
					return err
				}
				if _, err := coll.Insert(ctx, store.Document{ID: store.NewID(), Data: data}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch answers GET /search?q=禾丰 (a two-character Chinese query) over 100,000
// records of two apps, over loopback, as the workspace owner and as a salesperson who sees
// only their own leads. Run: go test ./server/api -run '^$' -bench Search -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	a := apitest.New(b)
	v := searchWorkspace(b, a)
	seedSearch(b, a, v, 100_000)
	// Measure the index, not the queue of records written in the last moments.
	if err := a.SearchIndex.DrainAll(context.Background(), a.Store); err != nil {
		b.Fatal(err)
	}
	for _, who := range []string{"ann", "sam"} {
		for _, q := range []string{"e", "禾", "禾丰", "禾丰超市", "logistics"} {
			b.Run(who+"/"+q, func(b *testing.B) {
				s := a.SignIn(who + "@formloom.test")
				u := "/api/v1/workspaces/" + v["wsA"] + "/search?q=" + url.QueryEscape(q)
				if st, body := a.Call(s, "GET", u, ""); st != 200 || len(body) < 200 {
					b.Fatalf("search: %d %s", st, body)
				}
				lat := make([]time.Duration, 0, b.N)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					resp := a.Do(a.Request(s, "GET", u, ""))
					resp.Body.Close()
					lat = append(lat, time.Since(t0))
				}
				reportLatency(b, lat)
			})
		}
	}
}
