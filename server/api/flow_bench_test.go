package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/apitest"
)

// The pipeline benchmarks run the contract fixture (testdata/contract_flow.json: submit →
// supervisor → legal ∥ finance → director) over loopback, and the same form without its
// pipeline as the baseline, so that the engine's share of a request shows.
// Run: go test ./server/api -run '^$' -bench 'HTTPFlow|HTTPPlain' -benchtime 1000x
// (each sub-benchmark seeds its own b.N records untimed, so give -benchtime as a count).

// flowBench is the contract workspace of flow_contract_test.go, built for benchmarks.
type flowBench struct {
	a    *apitest.TestApp
	v    apitest.Vars
	sess map[string]apitest.Session
}

func newFlowBench(b *testing.B, definition string) *flowBench {
	b.Helper()
	ctx := context.Background()
	a := apitest.New(b)
	v := twoWorkspaces(b, a)
	for _, name := range []string{"sam", "sue", "lea", "fin", "dan"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			b.Fatal(err)
		}
		v[name] = u.ID
	}
	dname, head := "销售部", v["sue"]
	d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &dname, Head: &head})
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"sam", "sue"} {
		if _, err := a.Org.UpdateMember(ctx, v["ann"], v["wsA"], v[name], org.MemberChange{Departments: &[]string{d.ID}}); err != nil {
			b.Fatal(err)
		}
	}
	fb := &flowBench{a: a, v: v, sess: map[string]apitest.Session{}}
	for _, name := range []string{"ann", "sam", "sue", "lea", "fin", "dan"} {
		fb.sess[name] = a.SignIn(name + "@formloom.test")
	}
	st, body := a.Call(fb.sess["ann"], "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+definition+`}`)
	if st != 201 {
		b.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(b, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"]
	v["contract"] = base + "/forms/contract"
	for role, who := range map[string]string{"staff": "sam", "legal": "lea", "finance": "fin", "director": "dan"} {
		if st, out := a.Call(fb.sess["ann"], "POST", base+"/roles/"+role+"/assignees", `{"user":"`+v[who]+`"}`); st != 201 {
			b.Fatalf("assign %s: %d %s", role, st, out)
		}
	}
	return fb
}

// withoutPipelines is the contract app with no pipeline: the plain-records baseline.
func withoutPipelines(b *testing.B) string {
	b.Helper()
	var def map[string]json.RawMessage
	if err := json.Unmarshal([]byte(contractFlowApp), &def); err != nil {
		b.Fatal(err)
	}
	delete(def, "pipelines")
	delete(def, "views") // the stage board needs the pipeline
	out, err := json.Marshal(def)
	if err != nil {
		b.Fatal(err)
	}
	return string(out)
}

func contractBody(i int) string {
	return fmt.Sprintf(`{"title":"年度框架协议 %d","amount":%d}`, i, 1000+i)
}

// seedContracts creates n contracts as sam in process (records.Create, then flow.Start
// when the form's pipeline starts by itself: what POST …/records does) and returns their
// record URLs. When supervisorApproved is set, sue approves each one as well.
func (fb *flowBench) seedContracts(b *testing.B, n int, supervisorApproved bool) []string {
	b.Helper()
	ctx := context.Background()
	ref := records.Ref{Actor: fb.v["sam"], Workspace: fb.v["wsA"], App: fb.v["app"], Form: "contract"}
	urls := make([]string, n)
	for i := range n {
		r, err := fb.a.Records.Create(ctx, ref, json.RawMessage(contractBody(i)))
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := fb.a.Flow.Start(ctx, ref, r.ID); err != nil {
			b.Fatal(err)
		}
		if supervisorApproved {
			sue := ref
			sue.Actor = fb.v["sue"]
			if _, err := fb.a.Flow.Act(ctx, sue, r.ID, "approve", flow.ActionInput{}, ""); err != nil {
				b.Fatal(err)
			}
		}
		urls[i] = fb.v["contract"] + "/records/" + r.ID
	}
	return urls
}

// load runs ops 0…n-1 from conc clients, each taking the next op, and reports the
// latency percentiles and the operations per second under unit.
func load(b *testing.B, conc, n int, unit string, op func(i int) error) {
	b.Helper()
	lat := make([]time.Duration, n)
	b.ResetTimer()
	elapsed, err := runClients(conc, n, func(i int) error {
		t0 := time.Now()
		if err := op(i); err != nil {
			return err
		}
		lat[i] = time.Since(t0)
		return nil
	})
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[n/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[n*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(n)/elapsed.Seconds(), unit)
}

// call sends one request and checks its status.
func (fb *flowBench) call(s apitest.Session, method, url, body string, want int, header ...string) error {
	req := fb.a.Request(s, method, url, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp := fb.a.Do(req)
	defer resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, readBody(resp))
	}
	return nil
}

var benchConcurrency = []int{1, 10, 50}

// BenchmarkHTTPPlain is the baseline: the contract form without a pipeline, created and
// updated (PATCH with If-Match) by its staff member.
func BenchmarkHTTPPlain(b *testing.B) {
	fb := newFlowBench(b, withoutPipelines(b))
	sam := fb.sess["sam"]
	for _, c := range benchConcurrency {
		b.Run(fmt.Sprintf("create/c=%d", c), func(b *testing.B) {
			load(b, c, b.N, "ops/s", func(i int) error {
				return fb.call(sam, "POST", fb.v["contract"]+"/records", contractBody(i), http.StatusCreated)
			})
		})
		b.Run(fmt.Sprintf("update/c=%d", c), func(b *testing.B) {
			urls := fb.seedContracts(b, b.N, false)
			load(b, c, b.N, "ops/s", func(i int) error {
				return fb.call(sam, "PATCH", urls[i], `{"amount":99}`, http.StatusOK, "If-Match", "*")
			})
		})
	}
}

// BenchmarkHTTPFlowSubmit creates contracts whose pipeline starts by itself: the record,
// then the submit step (supervisor resolved from the department, inbox entries,
// notification) in a second transaction.
func BenchmarkHTTPFlowSubmit(b *testing.B) {
	fb := newFlowBench(b, contractFlowApp)
	sam := fb.sess["sam"]
	for _, c := range benchConcurrency {
		b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
			load(b, c, b.N, "ops/s", func(i int) error {
				return fb.call(sam, "POST", fb.v["contract"]+"/records", contractBody(i), http.StatusCreated)
			})
		})
	}
}

// BenchmarkHTTPFlowApprove is the supervisor approving at a single approval node, which
// moves the run on to the parallel split: two new tasks whose deadlines are computed on
// the business calendar and queued as scheduler jobs.
func BenchmarkHTTPFlowApprove(b *testing.B) {
	fb := newFlowBench(b, contractFlowApp)
	sue := fb.sess["sue"]
	for _, c := range benchConcurrency {
		b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
			urls := fb.seedContracts(b, b.N, false)
			load(b, c, b.N, "ops/s", func(i int) error {
				return fb.call(sue, "POST", urls[i]+"/actions/approve", `{"comment":"同意"}`, http.StatusOK)
			})
		})
	}
}

// BenchmarkHTTPFlowParallel is legal and finance approving the two parallel branches; each
// op is one approval, and a record's two approvals are neighbouring ops, so at
// concurrency 50 they mostly arrive at the same moment and meet at the join (the second
// one moves the run to the director). ops/s counts approvals.
func BenchmarkHTTPFlowParallel(b *testing.B) {
	fb := newFlowBench(b, contractFlowApp)
	lea, fin := fb.sess["lea"], fb.sess["fin"]
	for _, c := range benchConcurrency {
		b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
			urls := fb.seedContracts(b, (b.N+1)/2, true)
			load(b, c, len(urls)*2, "ops/s", func(i int) error {
				if i%2 == 0 {
					return fb.call(lea, "POST", urls[i/2]+"/actions/approve", `{"data":{"legalOpinion":"条款合规"}}`, http.StatusOK)
				}
				return fb.call(fin, "POST", urls[i/2]+"/actions/approve", `{"data":{"financeOpinion":"预算充足","margin":0.3}}`, http.StatusOK)
			})
		})
	}
}

// inboxApp is one approval by the member named in the record's approver field, so that
// seeded runs can be spread over people at will.
const inboxApp = `{
  "key": "bench-inbox", "name": {"zh-CN": "请示", "en": "Requests"},
  "forms": [{"key": "request", "name": {"zh-CN": "请示", "en": "Request"}, "schema": {"type": "object", "required": ["title", "approver"], "properties": {
    "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题"}}},
    "approver": {"type": "string", "x-formloom": {"type": "member", "label": {"zh-CN": "审批人"}}}
  }}}],
  "pipelines": [{"key": "approval", "form": "request", "name": {"zh-CN": "审批", "en": "Approval"},
    "nodes": [
      {"key": "start", "type": "start", "name": {"zh-CN": "提交", "en": "Submit"}},
      {"key": "check", "type": "approval", "name": {"zh-CN": "审批", "en": "Approval"}, "assignees": [{"type": "field", "field": "approver"}]},
      {"key": "done", "type": "end"}
    ],
    "edges": [{"from": "start", "to": "check"}, {"from": "check", "to": "done"}]
  }]
}`

// BenchmarkHTTPInbox reads a member's to-do box (20 open tasks), the bell's unread page and
// the box counts in a workspace holding 100,000 inbox entries: 50,000 runs started by ann,
// each with her "mine" entry and one open task, 20 of them for tia and the rest for oli.
// The runs are seeded in process through records.Create and flow.Start (what POST
// …/records does), 500 to a transaction (about 50 s). "heavy" reads oli's inbox: 49,980
// open tasks.
// Run: go test ./server/api -run '^$' -bench HTTPInbox -benchtime 30x
func BenchmarkHTTPInbox(b *testing.B) {
	const runs, mine = 50_000, 20
	ctx := context.Background()
	a := apitest.New(b)
	ann := a.User("ann@formloom.test")
	w, err := a.Org.CreateWorkspace(ctx, ann.ID, "Inbox")
	if err != nil {
		b.Fatal(err)
	}
	people := map[string]string{}
	for _, name := range []string{"tia", "oli"} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, ann.ID, w.ID, org.Invite{Email: u.Email, Role: org.RoleMember}); err != nil {
			b.Fatal(err)
		}
		people[name] = u.ID
	}
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", "/api/v1/workspaces/"+w.ID+"/apps", `{"definition":`+inboxApp+`}`)
	if st != 201 {
		b.Fatalf("install: %d %s", st, body)
	}
	ref := records.Ref{Actor: ann.ID, Workspace: w.ID, App: field(b, body, "id"), Form: "request"}
	t0 := time.Now()
	const batch = 500
	for start := 0; start < runs; start += batch {
		err := a.Store.WithTx(ctx, func(ctx context.Context) error {
			for i := start; i < min(runs, start+batch); i++ {
				approver := people["oli"]
				if i%(runs/mine) == 0 {
					approver = people["tia"]
				}
				r, err := a.Records.Create(ctx, ref, json.RawMessage(fmt.Sprintf(`{"title":"请示 %d","approver":%q}`, i, approver)))
				if err != nil {
					return err
				}
				if _, ok, err := a.Flow.Start(ctx, ref, r.ID); err != nil || !ok {
					return fmt.Errorf("start %d: %v %w", i, ok, err)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seeded %d runs in %s", runs, time.Since(t0).Round(time.Millisecond))
	inbox := "/api/v1/workspaces/" + w.ID + "/inbox"
	for _, who := range []string{"tia", "oli"} {
		s := a.SignIn(who + "@formloom.test")
		name := map[string]string{"tia": "", "oli": "heavy/"}[who]
		b.Run(name+"todo", func(b *testing.B) {
			st, body := a.Call(s, "GET", inbox+"?box=todo", "")
			if want := map[string]int{"tia": mine, "oli": 20}[who]; st != 200 || countItems(b, body) != want {
				b.Fatalf("todo: %d, want %d items: %.300s", st, want, body)
			}
			load(b, 1, b.N, "ops/s", func(int) error {
				st, body := a.Call(s, "GET", inbox+"?box=todo", "")
				if st != 200 {
					return fmt.Errorf("todo: %d %s", st, body)
				}
				return nil
			})
		})
		b.Run(name+"bell", func(b *testing.B) {
			// The bell's unread page, as the header reads it; its first read stores the
			// notifications of the member's newest open to-dos (docs/pipelines.md).
			bell := "/api/v1/workspaces/" + w.ID + "/notifications?unread=true&limit=20"
			if st, body := a.Call(s, "GET", bell, ""); st != 200 || countItems(b, body) != 20 {
				b.Fatalf("bell: %d %.300s", st, body)
			}
			load(b, 1, b.N, "ops/s", func(int) error {
				st, body := a.Call(s, "GET", bell, "")
				if st != 200 {
					return fmt.Errorf("bell: %d %s", st, body)
				}
				return nil
			})
		})
		b.Run(name+"counts", func(b *testing.B) {
			st, body := a.Call(s, "GET", inbox+"/counts", "")
			if st != 200 {
				b.Fatalf("counts: %d %s", st, body)
			}
			b.Logf("%s: %s", who, body)
			load(b, 1, b.N, "ops/s", func(int) error {
				st, body := a.Call(s, "GET", inbox+"/counts", "")
				if st != 200 {
					return fmt.Errorf("counts: %d %s", st, body)
				}
				return nil
			})
		})
	}
}

func countItems(b *testing.B, body string) int {
	var p struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		b.Fatalf("inbox: %v in %s", err, body)
	}
	return len(p.Items)
}
