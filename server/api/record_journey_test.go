package api_test

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// callIf sends a request with If-Match and returns status, body and ETag.
func callIf(a *apitest.TestApp, s apitest.Session, method, u, body, match string) (int, string, string) {
	a.T.Helper()
	req := a.Request(s, method, u, body)
	if match != "" {
		req.Header.Set("If-Match", match)
	}
	resp := a.Do(req)
	defer resp.Body.Close()
	return resp.StatusCode, readBody(resp), resp.Header.Get("ETag")
}

func mustCall(t testing.TB, a *apitest.TestApp, s apitest.Session, want int, method, u, body string) string {
	t.Helper()
	st, got := a.Call(s, method, u, body)
	if st != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, u, st, want, got)
	}
	return got
}

// publish saves def as the draft and publishes it.
func publish(t testing.TB, a *apitest.TestApp, s apitest.Session, v apitest.Vars, def string) {
	t.Helper()
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	mustCall(t, a, s, 200, "PUT", base+"/draft", def)
	mustCall(t, a, s, 201, "POST", base+"/publish", "")
}

func ids(t testing.TB, list []any) []string {
	t.Helper()
	var out []string
	for _, x := range list {
		out = append(out, x.(map[string]any)["id"].(string))
	}
	slices.Sort(out)
	return out
}

func sorted(s ...string) []string { slices.Sort(s); return s }

func TestRecordVersionsAndMigration(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	rec := func(id string) string { return v["lead"] + "/records/" + id }

	// Version 1: r1 and r3 have an e-mail, r2 and r4 do not; r4 goes to the trash.
	r1 := createLead(t, a, v, map[string]any{"phone": "13900000001"})
	r2 := createLead(t, a, v, map[string]any{"phone": "13900000002", "email": nil})
	r3 := createLead(t, a, v, map[string]any{"phone": "13900000003", "score": nil})
	r4 := createLead(t, a, v, map[string]any{"phone": "13900000004", "email": nil})
	mustCall(t, a, ann, 204, "DELETE", rec(r4), "")

	// Version 2: score removed, email required, region added.
	publish(t, a, ann, v, crmVersion2())

	// Version 1 records still read under version 1 ...
	body := mustCall(t, a, ann, 200, "GET", rec(r1), "")
	if !strings.Contains(body, `"formVersion":1`) || !strings.Contains(body, `"score":88.5`) {
		t.Fatalf("r1 under v2: %s", body)
	}
	// ... and update under version 1: score is still a field, email still optional.
	st, body, _ := callIf(a, ann, "PATCH", rec(r2), `{"score":50,"notes":"v1 rules"}`, `"1"`)
	if st != 200 || !strings.Contains(body, `"score":50`) || !strings.Contains(body, `"formVersion":1`) {
		t.Fatalf("update r2 under v1: %d %s", st, body)
	}
	st, body, _ = callIf(a, ann, "PATCH", rec(r2), `{"region":"华东"}`, `"2"`)
	if st != 400 || !strings.Contains(body, `"/region":{"code":"unknown_field"`) {
		t.Fatalf("a v2 field on a v1 record: %d %s", st, body)
	}

	// New records follow version 2.
	st, body = a.Call(ann, "POST", v["lead"]+"/records", lead(v, map[string]any{"phone": "13900000005", "email": nil, "score": nil}))
	if st != 422 || !strings.Contains(body, `"/email":{"code":"required"`) {
		t.Fatalf("v2 create without email: %d %s", st, body)
	}
	st, body = a.Call(ann, "POST", v["lead"]+"/records", lead(v, map[string]any{"phone": "13900000005"}))
	if st != 400 || !strings.Contains(body, `"/score":{"code":"unknown_field"`) {
		t.Fatalf("v2 create with score: %d %s", st, body)
	}
	r5 := createLead(t, a, v, map[string]any{"phone": "13900000005", "score": nil, "region": "华南"})
	if body := mustCall(t, a, ann, 200, "GET", rec(r5), ""); !strings.Contains(body, `"formVersion":2`) {
		t.Fatalf("r5: %s", body)
	}

	// The dry run lists exactly the live v1 records v2 refuses: r2 (no e-mail).
	body = mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{"dryRun":true}`)
	rep := decode(t, body)
	if rep["dryRun"] != true || rep["to"] != float64(2) || rep["checked"] != float64(3) || rep["failedCount"] != float64(1) || rep["passedCount"] != float64(2) {
		t.Fatalf("dry run: %s", body)
	}
	if got := ids(t, rep["failed"].([]any)); !slices.Equal(got, []string{r2}) {
		t.Fatalf("failed %v, want [%s]: %s", got, r2, body)
	}
	if got := ids(t, rep["passed"].([]any)); !slices.Equal(got, sorted(r1, r3)) {
		t.Fatalf("passed %v: %s", got, body)
	}
	if !strings.Contains(body, `"fields":{"/email":{"code":"required"`) || !strings.Contains(body, `"id":"`+r1+`","formVersion":1,"dropped":["score"]`) {
		t.Fatalf("dry-run details: %s", body)
	}
	// Nothing moved.
	if body := mustCall(t, a, ann, 200, "GET", rec(r1), ""); !strings.Contains(body, `"formVersion":1`) || !strings.Contains(body, `"version":1`) {
		t.Fatalf("dry run wrote: %s", body)
	}

	// The migration moves r1 and r3; r2 stays on version 1.
	body = mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{}`)
	rep = decode(t, body)
	if rep["dryRun"] != false || rep["passedCount"] != float64(2) || rep["failedCount"] != float64(1) {
		t.Fatalf("migration: %s", body)
	}
	body = mustCall(t, a, ann, 200, "GET", rec(r1), "")
	if !strings.Contains(body, `"formVersion":2`) || strings.Contains(body, `"score"`) || !strings.Contains(body, `"version":2`) {
		t.Fatalf("r1 after migration: %s", body)
	}
	body = mustCall(t, a, ann, 200, "GET", rec(r1)+"/history", "")
	if !strings.Contains(body, `"action":"migrated"`) || !strings.Contains(body, `"formVersion":2,"fromFormVersion":1,"changes":[{"field":"score","from":88.5,"to":null}]`) {
		t.Fatalf("r1 history: %s", body)
	}
	if body := mustCall(t, a, ann, 200, "GET", rec(r2), ""); !strings.Contains(body, `"formVersion":1`) {
		t.Fatalf("r2 moved: %s", body)
	}
	if body := mustCall(t, a, ann, 200, "GET", rec(r4), ""); !strings.Contains(body, `"formVersion":1`) {
		t.Fatalf("deleted r4 moved: %s", body)
	}
	// Migrated records now update under version 2.
	if st, body, _ := callIf(a, ann, "PATCH", rec(r1), `{"region":"华北"}`, `"2"`); st != 200 || !strings.Contains(body, `"region":"华北"`) {
		t.Fatalf("r1 under v2: %d %s", st, body)
	}

	// Once r2 has its e-mail (under v1), it migrates too.
	if st, body, _ := callIf(a, ann, "PATCH", rec(r2), `{"email":"b@acme.cn"}`, `"2"`); st != 200 {
		t.Fatalf("fix r2: %d %s", st, body)
	}
	body = mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{"dryRun":false,"to":2}`)
	if rep = decode(t, body); rep["checked"] != float64(1) || rep["passedCount"] != float64(1) {
		t.Fatalf("second migration: %s", body)
	}

	// Version 3 adds a required field: every live record fails the dry run, at /source.
	publish(t, a, ann, v, crmVersion3())
	body = mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{"dryRun":true}`)
	rep = decode(t, body)
	if got := ids(t, rep["failed"].([]any)); !slices.Equal(got, sorted(r1, r2, r3, r5)) || rep["passedCount"] != float64(0) {
		t.Fatalf("v3 dry run: %s", body)
	}
	if strings.Count(body, `"/source":{"code":"required"`) != 4 {
		t.Fatalf("v3 pointers: %s", body)
	}
	// Back to version 1 is a migration too: v2's region is dropped, nothing else fails.
	body = mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{"dryRun":true,"to":1}`)
	rep = decode(t, body)
	if rep["checked"] != float64(4) || rep["failedCount"] != float64(0) || strings.Count(body, `"dropped":["region"]`) != 2 {
		t.Fatalf("to v1: %s", body)
	}
}

func TestConcurrentCreatesGetDistinctSerials(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	const n = 50
	serials := make([]string, n)
	errs := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := a.Do(a.Request(ann, "POST", v["lead"]+"/records", lead(v, map[string]any{"phone": fmt.Sprintf("139%08d", i)})))
			defer resp.Body.Close()
			body := readBody(resp)
			if resp.StatusCode != 201 {
				errs <- fmt.Sprintf("create %d: %d %s", i, resp.StatusCode, body)
				return
			}
			serials[i] = field(t, body, "data", "leadNo")
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	seqs := map[int]bool{}
	for _, s := range serials {
		k := strings.LastIndex(s, "-")
		seq, err := strconv.Atoi(s[k+1:])
		if !strings.HasPrefix(s, "XS-") || err != nil || seqs[seq] {
			t.Fatalf("serial %q repeated or malformed in %v", s, serials)
		}
		seqs[seq] = true
	}
	for i := 1; i <= n; i++ {
		if !seqs[i] {
			t.Fatalf("sequence %d missing from %v", i, serials)
		}
	}
	if got := countLeads(t, a, v); got != n {
		t.Fatalf("%d leads", got)
	}
}

func TestUniqueValuesAndTheTrash(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := withLead(t, a)
	ann := a.SignIn("ann@formloom.test")
	rec := v["lead"] + "/records/" + v["rec"]

	st, body := a.Call(ann, "POST", v["lead"]+"/records", lead(v, nil))
	if st != 409 || !strings.Contains(body, `"/phone":{"code":"duplicate"`) {
		t.Fatalf("duplicate: %d %s", st, body)
	}
	// Changing another record to the taken phone is refused the same way.
	other := createLead(t, a, v, map[string]any{"phone": "13700000000"})
	st, body, _ = callIf(a, ann, "PATCH", v["lead"]+"/records/"+other, `{"phone":"13800138000"}`, "*")
	if st != 409 || !strings.Contains(body, `"/phone":{"code":"duplicate"`) {
		t.Fatalf("duplicate by update: %d %s", st, body)
	}
	// A deleted record's phone is free again ...
	if st, body, _ := callIf(a, ann, "DELETE", rec, "", `"1"`); st != 204 {
		t.Fatalf("delete: %d %s", st, body)
	}
	// Deleting twice changes nothing.
	if st, _, _ := callIf(a, ann, "DELETE", rec, "", ""); st != 204 {
		t.Fatalf("delete again: %d", st)
	}
	again := createLead(t, a, v, nil)
	// ... so restoring the first one now collides.
	st, body, _ = callIf(a, ann, "POST", rec+"/restore", "", "")
	if st != 409 || !strings.Contains(body, `"/phone":{"code":"duplicate"`) {
		t.Fatalf("restore onto a taken phone: %d %s", st, body)
	}
	mustCall(t, a, ann, 204, "DELETE", v["lead"]+"/records/"+again, "")
	st, body, etag := callIf(a, ann, "POST", rec+"/restore", "", `"2"`)
	if st != 200 || strings.Contains(body, `"deleted"`) || etag != `"3"` {
		t.Fatalf("restore: %d %s %s", st, body, etag)
	}
	body = mustCall(t, a, ann, 200, "GET", rec+"/history", "")
	var actions []string
	for _, e := range decode(t, body)["items"].([]any) {
		actions = append(actions, e.(map[string]any)["action"].(string))
	}
	if !slices.Equal(actions, []string{"created", "deleted", "restored"}) {
		t.Fatalf("history actions %v: %s", actions, body)
	}
}

func TestUpdatesAreVersionedWithHistory(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := withLead(t, a)
	ann, carl := a.SignIn("ann@formloom.test"), a.SignIn("carl@formloom.test")
	rec := v["lead"] + "/records/" + v["rec"]

	_, _, etag := callIf(a, ann, "GET", rec, "", "")
	st, body, etag2 := callIf(a, carl, "PATCH", rec, `{"status":"following","budget":100}`, etag)
	if st != 200 || etag2 != `"2"` || !strings.Contains(body, `"overBudget":true`) || !strings.Contains(body, `"updatedBy":"`+v["carl"]+`"`) {
		t.Fatalf("patch: %d %s %s", st, body, etag2)
	}
	// A writer holding the old version loses.
	if st, body, _ := callIf(a, ann, "PATCH", rec, `{"status":"closed"}`, etag); st != 412 {
		t.Fatalf("stale write: %d %s", st, body)
	}
	// Two writers racing on the same version: exactly one wins.
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, s := range []apitest.Session{ann, carl} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _ = callIf(a, s, "PATCH", rec, fmt.Sprintf(`{"notes":"writer %d"}`, i), etag2)
		}()
	}
	wg.Wait()
	slices.Sort(codes)
	if !slices.Equal(codes, []int{200, 412}) {
		t.Fatalf("race: %v", codes)
	}
	// A patch that changes nothing writes nothing.
	_, _, etag3 := callIf(a, ann, "GET", rec, "", "")
	if st, _, e := callIf(a, ann, "PATCH", rec, `{"status":"following"}`, etag3); st != 200 || e != etag3 {
		t.Fatalf("no-op patch: %d %s, want %s", st, e, etag3)
	}

	body = mustCall(t, a, ann, 200, "GET", rec+"/history", "")
	items := decode(t, body)["items"].([]any)
	if len(items) != 3 {
		t.Fatalf("history has %d entries: %s", len(items), body)
	}
	upd := items[1].(map[string]any)
	if upd["action"] != "updated" || upd["actor"] != v["carl"] || upd["version"] != float64(2) {
		t.Fatalf("update entry: %v", upd)
	}
	if !strings.Contains(body, `{"field":"budget","from":1000,"to":100}`) || !strings.Contains(body, `{"field":"status","from":"new","to":"following"}`) ||
		!strings.Contains(body, `{"field":"overBudget","from":false,"to":true}`) {
		t.Fatalf("from/to: %s", body)
	}
	// Paging the timeline.
	body = mustCall(t, a, ann, 200, "GET", rec+"/history?limit=2", "")
	next := field(t, body, "next")
	body = mustCall(t, a, ann, 200, "GET", rec+"/history?limit=2&cursor="+url.QueryEscape(next), "")
	if got := decode(t, body)["items"].([]any); len(got) != 1 || field(t, body, "next") != "" {
		t.Fatalf("second history page: %s", body)
	}
	// Someone else's workspace sees nothing.
	if st, _ := a.Call(a.SignIn("bob@formloom.test"), "GET", rec+"/history", ""); st != 404 {
		t.Fatalf("bob reads history: %d", st)
	}
}

func TestListFilterSortCursorTotal(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	carl := a.SignIn("carl@formloom.test")
	// 9 leads: budgets 100..900; status new for odd budgets' hundreds, following otherwise;
	// carl owns (the form's owner field) every third one; product A in the first four.
	want := map[string]int{} // id → budget
	for i := 1; i <= 9; i++ {
		status := "following"
		if i%2 == 1 {
			status = "new"
		}
		owner := v["ann"]
		if i%3 == 0 {
			owner = v["carl"]
		}
		product := "B"
		if i <= 4 {
			product = "A"
		}
		id := createLead(t, a, v, map[string]any{"phone": fmt.Sprintf("1390000%04d", i), "budget": i * 100, "status": status, "owner": owner,
			"items": []any{map[string]any{"product": product, "qty": 1, "price": 1}}})
		want[id] = i * 100
	}
	list := func(s apitest.Session, q url.Values) map[string]any {
		t.Helper()
		return decode(t, mustCall(t, a, s, 200, "GET", v["lead"]+"/records?"+q.Encode(), ""))
	}
	budgets := func(page map[string]any) []int {
		var out []int
		for _, r := range page["items"].([]any) {
			out = append(out, int(r.(map[string]any)["data"].(map[string]any)["budget"].(float64)))
		}
		return out
	}

	// Filter + sort + keyset pages + total.
	q := url.Values{"filter": {`{"field":"status","op":"eq","value":"new"}`}, "sort": {"-budget"}, "limit": {"2"}, "total": {"true"}}
	var got []int
	for page := 0; ; page++ {
		p := list(ann, q)
		if p["total"] != float64(5) {
			t.Fatalf("total: %v", p["total"])
		}
		got = append(got, budgets(p)...)
		next, _ := p["next"].(string)
		if next == "" {
			break
		}
		if page > 5 {
			t.Fatal("paging does not end")
		}
		q.Set("cursor", next)
	}
	if !slices.Equal(got, []int{900, 700, 500, 300, 100}) {
		t.Fatalf("new leads by budget desc: %v", got)
	}
	// No total unless asked.
	if p := list(ann, url.Values{}); p["total"] != nil || len(p["items"].([]any)) != 9 {
		t.Fatalf("plain list: %v", p)
	}
	// Default order: newest first.
	if b := budgets(list(ann, url.Values{"limit": {"3"}})); !slices.Equal(b, []int{900, 800, 700}) {
		t.Fatalf("newest first: %v", b)
	}
	// A sub-form column, a range, and the form's own owner field with a parameter.
	if b := budgets(list(ann, url.Values{"filter": {`{"field":"items.product","op":"eq","value":"A"}`}, "sort": {"budget"}})); !slices.Equal(b, []int{100, 200, 300, 400}) {
		t.Fatalf("items.product: %v", b)
	}
	if b := budgets(list(carl, url.Values{"filter": {`{"and":[{"field":"owner","op":"eq","param":"currentUser"},{"field":"budget","op":"gte","value":600}]}`}, "sort": {"budget"}})); !slices.Equal(b, []int{600, 900}) {
		t.Fatalf("mine over 600: %v", b)
	}
	// A cursor belongs to its query.
	p := list(ann, url.Values{"limit": {"2"}})
	st, body := a.Call(ann, "GET", v["lead"]+"/records?"+url.Values{"cursor": {p["next"].(string)}, "sort": {"budget"}}.Encode(), "")
	if st != 400 || !strings.Contains(body, `"/cursor":{"code":"bad_cursor"`) {
		t.Fatalf("cursor of another query: %d %s", st, body)
	}
	// Filtering on a type mismatch points at the value.
	st, body = a.Call(ann, "GET", v["lead"]+"/records?"+url.Values{"filter": {`{"field":"budget","op":"gt","value":"big"}`}}.Encode(), "")
	if st != 400 || !strings.Contains(body, `"/filter/value":{"code":"bad_value"`) {
		t.Fatalf("bad value: %d %s", st, body)
	}
	// Meta fields work: records created after the fifth.
	var fifth string
	for id, b := range want {
		if b == 500 {
			fifth = id
		}
	}
	created := field(t, mustCall(t, a, ann, 200, "GET", v["lead"]+"/records/"+fifth, ""), "created")
	// (Leads created in the same millisecond as the fifth match as well.)
	b := budgets(list(ann, url.Values{"filter": {`{"field":"_created","op":"gte","value":"` + created + `"}`}, "sort": {"budget"}}))
	for _, w := range []int{500, 600, 700, 800, 900} {
		if !slices.Contains(b, w) {
			t.Fatalf("_created filter: %v", b)
		}
	}
}
