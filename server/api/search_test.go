package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/apitest"
)

// searchCRM has leads (salespeople: their own, notes hidden) and contracts (no role of
// theirs reads them).
const searchCRM = `{
  "key": "search-crm",
  "name": {"zh-CN": "客户管理", "en": "CRM"},
  "forms": [{
    "key": "lead",
    "name": {"zh-CN": "线索", "en": "Lead"},
    "schema": {"type": "object", "required": ["subject"], "x-formloom": {"title": "subject"}, "properties": {
      "leadNo": {"type": "string", "readOnly": true, "x-formloom": {"type": "serial", "label": {"zh-CN": "线索编号", "en": "Lead number"}, "pattern": "XS-{seq:5}"}},
      "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "主题", "en": "Subject"}}},
      "company": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "公司", "en": "Company"}}},
      "notes": {"type": "string", "x-formloom": {"type": "textarea", "label": {"zh-CN": "备注", "en": "Notes"}}}
    }}
  }, {
    "key": "contract",
    "name": {"zh-CN": "合同", "en": "Contract"},
    "schema": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Name"}}}
    }}
  }],
  "roles": [{"key": "sales", "name": {"zh-CN": "销售人员", "en": "Sales"}}],
  "permissions": [
    {"role": "sales", "form": "lead", "actions": ["create", "read", "update"], "scope": "own", "fields": {"notes": "hidden"}}
  ]
}`

// searchMinutes has meetings every reader reads.
const searchMinutes = `{
  "key": "search-minutes",
  "name": {"zh-CN": "会议纪要", "en": "Minutes"},
  "forms": [{
    "key": "meeting",
    "name": {"zh-CN": "会议", "en": "Meeting"},
    "schema": {"type": "object", "required": ["title"], "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}},
      "body": {"type": "string", "x-formloom": {"type": "textarea", "label": {"zh-CN": "内容", "en": "Body"}}}
    }}
  }],
  "roles": [{"key": "reader", "name": {"zh-CN": "读者", "en": "Reader"}}],
  "permissions": [{"role": "reader", "form": "meeting", "actions": ["read"], "scope": "all"}]
}`

type searchAnswer struct {
	Items []struct {
		App     string `json:"app"`
		Form    string `json:"form"`
		Record  string `json:"record"`
		Title   string `json:"title"`
		Serial  string `json:"serial"`
		Field   string `json:"field"`
		Snippet []struct {
			Text string `json:"text"`
			Hit  bool   `json:"hit"`
		} `json:"snippet"`
	} `json:"items"`
	Partial bool `json:"partial"`
}

// searchWorkspace installs both apps in ann's workspace; sam is a salesperson and a
// reader of minutes. Vars: ann, sam, wsA, crm, minutes.
func searchWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := twoWorkspaces(t, a)
	sam := a.User("sam@formloom.test")
	if _, err := a.Org.InviteMember(context.Background(), v["ann"], v["wsA"], org.Invite{Email: sam.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	v["sam"] = sam.ID
	ann := a.SignIn("ann@formloom.test")
	for name, def := range map[string]string{"crm": searchCRM, "minutes": searchMinutes} {
		st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+def+`}`)
		if st != 201 {
			t.Fatalf("install %s: %d %s", name, st, body)
		}
		v[name] = field(t, body, "id")
	}
	for app, role := range map[string]string{"crm": "sales", "minutes": "reader"} {
		u := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v[app] + "/roles/" + role + "/assignees"
		if st, out := a.Call(ann, "POST", u, `{"user":"`+v["sam"]+`"}`); st != 201 {
			t.Fatalf("assign %s: %d %s", role, st, out)
		}
	}
	return v
}

func searchCreate(t testing.TB, a *apitest.TestApp, v apitest.Vars, as, app, form string, data map[string]any) string {
	t.Helper()
	b, _ := json.Marshal(data)
	r, err := a.Records.Create(context.Background(), records.Ref{Actor: v[as], Workspace: v["wsA"], App: v[app], Form: form}, b)
	if err != nil {
		t.Fatalf("create %s/%s as %s: %v", app, form, as, err)
	}
	return r.ID
}

func searchAs(t *testing.T, a *apitest.TestApp, v apitest.Vars, s apitest.Session, query string) searchAnswer {
	t.Helper()
	st, body := a.Call(s, "GET", "/api/v1/workspaces/"+v["wsA"]+"/search?"+query, "")
	if st != 200 {
		t.Fatalf("search %s: %d %s", query, st, body)
	}
	var out searchAnswer
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("search %s: %v in %s", query, err, body)
	}
	return out
}

func hitIDs(ans searchAnswer) map[string]bool {
	out := map[string]bool{}
	for _, it := range ans.Items {
		out[it.Record] = true
	}
	return out
}

// TestSearchAcrossApps searches 10,000 records of two apps in Chinese and English as the
// owner and as a salesperson whose scope is their own leads and who may not see notes.
func TestSearchAcrossApps(t *testing.T) {
	t.Parallel()
	searchAcrossApps(t, 7000, 2994)
}

// The same scenario on the MongoDB engine (FerretDB), whose search is the documented scan
// fallback: fewer filler records, since that scan is what it measures.
func TestSearchAcrossAppsOnMongo(t *testing.T) {
	t.Parallel()
	apitest.OnMongo(t, func(t *testing.T) { searchAcrossApps(t, 240, 60) })
}

func TestSearchFollowsWritesOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestSearchFollowsWrites)
}

// searchAcrossApps: a restricted member with a hidden field searches two apps holding
// fillerLeads + fillerMeetings other records besides the ones that matter.
func searchAcrossApps(t *testing.T, fillerLeads, fillerMeetings int) {
	a := apitest.New(t)
	v := searchWorkspace(t, a)
	ann, sam := a.SignIn("ann@formloom.test"), a.SignIn("sam@formloom.test")

	// The records that matter.
	samHefeng := searchCreate(t, a, v, "sam", "crm", "lead", map[string]any{"subject": "春节备货", "company": "禾丰超市"})
	samHidden := searchCreate(t, a, v, "sam", "crm", "lead", map[string]any{"subject": "回访", "company": "北方粮油"})
	// The owner writes the notes sam may not see.
	if _, err := a.Records.Update(context.Background(), records.Ref{Actor: v["ann"], Workspace: v["wsA"], App: v["crm"], Form: "lead"}, samHidden, records.AnyVersion, map[string]any{"notes": "禾丰的朋友介绍"}); err != nil {
		t.Fatal(err)
	}
	samEnglish := searchCreate(t, a, v, "sam", "crm", "lead", map[string]any{"subject": "Spring order", "company": "Harvest Supermarket Ltd"})
	annHefeng := searchCreate(t, a, v, "ann", "crm", "lead", map[string]any{"subject": "二店开业", "company": "禾丰超市二店"})
	contract := searchCreate(t, a, v, "ann", "crm", "contract", map[string]any{"name": "禾丰年度合同"})
	meeting := searchCreate(t, a, v, "ann", "minutes", "meeting", map[string]any{"title": "与禾丰超市的周会", "body": "讨论 Harvest 的备货计划"})

	// Filler: 10,000 records in all, with many of ann's leads naming 禾丰 written after
	// sam's, so that the index proposes them first and the scope must drop them.
	companies := []string{"华东物流", "北方钢铁", "Acme Trading", "Globex Corporation", "南山果业", "Initech"}
	for i := 0; i < fillerLeads; i++ {
		c := companies[i%len(companies)]
		if i%4 == 0 {
			c = fmt.Sprintf("禾丰批发 %d 号", i)
		}
		searchCreate(t, a, v, "ann", "crm", "lead", map[string]any{"subject": fmt.Sprintf("线索 %d", i), "company": c, "notes": "跟进中"})
	}
	for i := 0; i < fillerMeetings; i++ {
		searchCreate(t, a, v, "ann", "minutes", "meeting", map[string]any{"title": fmt.Sprintf("例会 %d", i), "body": "Weekly sync about logistics 物流"})
	}

	// sam: own leads only, notes never make a lead match; minutes all; contracts none.
	got := searchAs(t, a, v, sam, "q="+url.QueryEscape("禾丰"))
	found := hitIDs(got)
	if !found[samHefeng] || !found[meeting] || len(got.Items) != 2 {
		t.Fatalf("sam 禾丰: want his lead and the meeting, got %+v", got)
	}
	for _, not := range []string{samHidden, annHefeng, contract} {
		if found[not] {
			t.Fatalf("sam 禾丰 finds %s: %+v", not, got)
		}
	}
	for _, it := range got.Items {
		if it.Record == samHefeng {
			if it.App != v["crm"] || it.Form != "lead" || it.Title != "春节备货" || !strings.HasPrefix(it.Serial, "XS-") || it.Field != "company" {
				t.Fatalf("sam's hit: %+v", it)
			}
			hit := false
			for _, s := range it.Snippet {
				hit = hit || (s.Hit && s.Text == "禾丰")
			}
			if !hit {
				t.Fatalf("sam's hit not highlighted: %+v", it.Snippet)
			}
		}
		if it.Record == meeting && (it.App != v["minutes"] || it.Form != "meeting") {
			t.Fatalf("meeting hit: %+v", it)
		}
	}
	// One character, three characters, English in any case, two terms.
	if got := hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape("禾"))); !got[samHefeng] || !got[meeting] || got[samHidden] || got[annHefeng] {
		t.Fatalf("sam 禾: %v", got)
	}
	if got := hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape("丰超市"))); !got[samHefeng] || !got[meeting] || len(got) != 2 {
		t.Fatalf("sam 丰超市: %v", got)
	}
	if got := hitIDs(searchAs(t, a, v, sam, "q=harvest")); !got[samEnglish] || !got[meeting] || len(got) != 2 {
		t.Fatalf("sam harvest: %v", got)
	}
	if got := hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape("SUPERMARKET ltd"))); !got[samEnglish] || len(got) != 1 {
		t.Fatalf("sam SUPERMARKET ltd: %v", got)
	}
	if got := hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape("朋友介绍"))); len(got) != 0 {
		t.Fatalf("sam finds text of a hidden field: %v", got)
	}
	// Filters by app.
	if got := hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape("禾丰")+"&app="+v["minutes"])); !got[meeting] || len(got) != 1 {
		t.Fatalf("sam 禾丰 in minutes: %v", got)
	}

	// The owner reads everything: the hidden notes and the contract match for her.
	all := searchAs(t, a, v, ann, "q="+url.QueryEscape("朋友介绍"))
	if got := hitIDs(all); !got[samHidden] || len(got) != 1 {
		t.Fatalf("ann 朋友介绍: %+v", all)
	}
	if got := hitIDs(searchAs(t, a, v, ann, "q="+url.QueryEscape("禾丰年度"))); !got[contract] || len(got) != 1 {
		t.Fatalf("ann 禾丰年度: %v", got)
	}
	if got := searchAs(t, a, v, ann, "q="+url.QueryEscape("禾丰")+"&limit=50"); len(got.Items) != 50 {
		t.Fatalf("ann 禾丰 limit 50: %d items", len(got.Items))
	}
}

// TestSearchFollowsWrites: updates, deletes and restores change what is found at once.
func TestSearchFollowsWrites(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := searchWorkspace(t, a)
	sam := a.SignIn("sam@formloom.test")
	lead := searchCreate(t, a, v, "sam", "crm", "lead", map[string]any{"subject": "春节备货", "company": "禾丰超市"})
	ref := records.Ref{Actor: v["sam"], Workspace: v["wsA"], App: v["crm"], Form: "lead"}
	ctx := context.Background()
	find := func(q string) map[string]bool { return hitIDs(searchAs(t, a, v, sam, "q="+url.QueryEscape(q))) }

	if _, err := a.Records.Update(ctx, ref, lead, records.AnyVersion, map[string]any{"company": "金穗商行"}); err != nil {
		t.Fatal(err)
	}
	if find("禾丰")[lead] || !find("金穗")[lead] {
		t.Fatal("the index does not follow an update")
	}
	annRef := ref
	annRef.Actor = v["ann"]
	if err := a.Records.Delete(ctx, annRef, lead, records.AnyVersion); err != nil {
		t.Fatal(err)
	}
	if find("金穗")[lead] {
		t.Fatal("a deleted record is found")
	}
	if _, err := a.Records.Restore(ctx, annRef, lead, records.AnyVersion); err != nil {
		t.Fatal(err)
	}
	if !find("金穗")[lead] {
		t.Fatal("a restored record is not found")
	}

	// Imported rows are found like created ones.
	st, _, body := send(t, a, a.SignIn("ann@formloom.test"), "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps/"+v["crm"]+"/forms/lead/import",
		[]byte("Subject,Company\n进口测试,丰收粮行\n"), "Content-Type", "text/csv")
	if st != 200 || !strings.Contains(body, `"stored":1`) {
		t.Fatalf("import: %d %s", st, body)
	}
	if got := searchAs(t, a, v, a.SignIn("ann@formloom.test"), "q="+url.QueryEscape("丰收粮")); len(got.Items) != 1 || got.Items[0].Title != "进口测试" {
		t.Fatalf("imported record: %+v", got)
	}
}

// TestSearchBadInput: any query is answered without a 5xx; bad parameters are named.
func TestSearchBadInput(t *testing.T) {
	t.Parallel()
	apitest.Run(t,
		apitest.Scenario{Name: "too long", Method: "GET", URL: "/api/v1/workspaces/{wsA}/search?q=" + strings.Repeat("禾", 101), As: "sam@formloom.test", Setup: searchWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"/q":{"code":"too_long"`}},
		apitest.Scenario{Name: "query syntax is text", Method: "GET", URL: "/api/v1/workspaces/{wsA}/search?q=" + url.QueryEscape(`"a* OR NEAR(b) ^c -- %_\`), As: "sam@formloom.test", Setup: searchWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		apitest.Scenario{Name: "punctuation only", Method: "GET", URL: "/api/v1/workspaces/{wsA}/search?q=" + url.QueryEscape(`%"`), As: "sam@formloom.test", Setup: searchWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		apitest.Scenario{Name: "empty", Method: "GET", URL: "/api/v1/workspaces/{wsA}/search?q=", As: "sam@formloom.test", Setup: searchWorkspace,
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		apitest.Scenario{Name: "bad from", Method: "GET", URL: "/api/v1/workspaces/{wsA}/search?q=a&from=yesterday", As: "sam@formloom.test", Setup: searchWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"/from":{"code":"bad_value"`}},
		apitest.Scenario{Name: "bad limit", Method: "GET", URL: "/api/v1/workspaces/{wsA}/search?q=a&limit=0", As: "sam@formloom.test", Setup: searchWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"/limit":{"code":"bad_value"`}},
		apitest.Scenario{Name: "not a member", Method: "GET", URL: "/api/v1/workspaces/{wsA}/search?q=a", As: "bob@formloom.test", Setup: searchWorkspace,
			ExpectedStatus: 404},
	)
}
