package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// matrixApp has a deal form with a confidential field and four kinds of people: sales
// (own deals, the field hidden, may import), supervisors (their department tree's deals,
// every field), auditors (every deal, read and export only, the field hidden) and members
// holding no role.
const matrixApp = `{
  "key": "access-matrix",
  "name": {"zh-CN": "商机", "en": "Deals"},
  "forms": [{
    "key": "deal",
    "name": {"zh-CN": "商机", "en": "Deal"},
    "schema": {"type": "object", "required": ["subject"], "properties": {
      "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "主题", "en": "Subject"}}},
      "stage": {"type": "string", "enum": ["new", "won"], "x-formloom": {"type": "select", "label": {"zh-CN": "阶段", "en": "Stage"},
        "options": [{"value": "new", "label": {"zh-CN": "新建", "en": "New"}}, {"value": "won", "label": {"zh-CN": "赢单", "en": "Won"}}]}},
      "confidential": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "机密", "en": "Classified"}}}
    }}
  }],
  "roles": [
    {"key": "sales", "name": {"zh-CN": "销售", "en": "Sales"}},
    {"key": "supervisor", "name": {"zh-CN": "主管", "en": "Supervisor"}},
    {"key": "auditor", "name": {"zh-CN": "审计", "en": "Auditor"}}
  ],
  "permissions": [
    {"role": "sales", "form": "deal", "actions": ["create", "read", "update", "delete", "export", "import"], "scope": "own", "fields": {"confidential": "hidden"}},
    {"role": "supervisor", "form": "deal", "actions": ["create", "read", "update", "delete", "export"], "scope": "departmentTree"},
    {"role": "auditor", "form": "deal", "actions": ["read", "export"], "scope": "all", "fields": {"confidential": "hidden"}}
  ],
  "views": [
    {"key": "all", "form": "deal", "name": {"zh-CN": "全部", "en": "All"}, "columns": ["subject", "stage"]},
    {"key": "board", "form": "deal", "name": {"zh-CN": "看板", "en": "Board"}, "type": "kanban", "groupBy": "stage", "columns": ["subject"]}
  ]
}`

// matrixRole is what one role may do, as the template says.
type matrixRole struct {
	name    string
	actions map[string]bool
	hides   bool                  // the confidential field is hidden from it
	sees    func(rec string) bool // own, colleague, otherDept, otherWs
	person  string                // who holds it
}

// matrixWorld is the shared setup: workspace A with departments HQ › East and HQ › West and
// Managers › Team leads; sam (sales), sue (supervisor through Managers, in East and Team
// leads), ian (auditor) and olly (no role) are in East, sid (sales) in East, wes (sales)
// in West. Workspace B (bob's) has the same app and one deal.
type matrixWorld struct {
	a       *apitest.TestApp
	v       apitest.Vars
	sess    map[string]apitest.Session
	recs    map[string]map[string]string // person → own, colleague, otherDept, otherWs → record ID
	subject map[string]string            // record ID → subject
	secrets []string                     // every confidential value stored
}

func setupMatrix(t *testing.T) *matrixWorld {
	t.Helper()
	a := apitest.New(t)
	ctx := context.Background()
	v := twoWorkspaces(t, a)
	w := &matrixWorld{a: a, v: v, sess: map[string]apitest.Session{}, recs: map[string]map[string]string{}, subject: map[string]string{}}
	dept := func(name, parent string) string {
		d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &name, Parent: &parent})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	hq := dept("总部", "")
	east, west := dept("华东", hq), dept("华西", hq)
	managers := dept("管理层", "")
	leads := dept("组长", managers)
	for name, depts := range map[string][]string{"sam": {east}, "sid": {east}, "wes": {west}, "sue": {east, leads}, "ian": {east}, "olly": {east}} {
		u := a.User(name + "@formloom.test")
		if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: u.Email, Role: org.RoleMember, Departments: depts}); err != nil {
			t.Fatal(err)
		}
		v[name] = u.ID
		w.sess[name] = a.SignIn(name + "@formloom.test")
	}
	ann, bob := a.SignIn("ann@formloom.test"), a.SignIn("bob@formloom.test")
	install := func(s apitest.Session, ws string) string {
		st, body := a.Call(s, "POST", "/api/v1/workspaces/"+ws+"/apps", `{"definition":`+matrixApp+`}`)
		if st != 201 {
			t.Fatalf("install: %d %s", st, body)
		}
		return "/api/v1/workspaces/" + ws + "/apps/" + field(t, body, "id")
	}
	v["base"] = install(ann, v["wsA"])
	v["deal"], v["roles"] = v["base"]+"/forms/deal", v["base"]+"/roles"
	baseB := install(bob, v["wsB"])
	v["dealB"] = baseB + "/forms/deal"

	role := func(method, role, query, body string) {
		t.Helper()
		u := v["roles"] + "/" + role + "/assignees" + query
		if st, out := a.Call(ann, method, u, body); st/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, u, st, out)
		}
	}
	for _, p := range []string{"sam", "sid", "wes"} {
		role("POST", "sales", "", `{"user":"`+v[p]+`"}`)
	}
	role("POST", "supervisor", "", `{"department":"`+managers+`"}`)
	role("POST", "auditor", "", `{"user":"`+v["ian"]+`"}`)

	seq := 0
	create := func(s apitest.Session, dealURL, who string) string {
		t.Helper()
		seq++
		subject := fmt.Sprintf("deal-%s-%d", who, seq)
		st, body := a.Call(s, "POST", dealURL+"/records", `{"subject":"`+subject+`","stage":"new"}`)
		if st != 201 {
			t.Fatalf("%s creates: %d %s", who, st, body)
		}
		id := field(t, body, "id")
		w.subject[id] = subject
		return id
	}
	// The owner writes a unique confidential value on every deal, so that the timeline
	// holds it too.
	secret := func(s apitest.Session, dealURL, id string) {
		t.Helper()
		val := "CONF-" + w.subject[id] + "-c0ffee"
		w.secrets = append(w.secrets, val)
		if st, body := patchAs(t, a, s, dealURL+"/records/"+id, `{"confidential":"`+val+`"}`); st != 200 {
			t.Fatalf("set confidential: %d %s", st, body)
		}
	}
	own := map[string]string{}
	for _, p := range []string{"sam", "sid", "wes", "sue"} {
		own[p] = create(w.sess[p], v["deal"], p)
	}
	// ian and olly create their own deal while briefly holding the sales role.
	for _, p := range []string{"ian", "olly"} {
		role("POST", "sales", "", `{"user":"`+v[p]+`"}`)
		own[p] = create(w.sess[p], v["deal"], p)
		role("DELETE", "sales", "?user="+v[p], "")
	}
	otherWs := create(bob, baseB+"/forms/deal", "bob")
	for p, id := range own {
		secret(ann, v["deal"], id)
		_ = p
	}
	secret(bob, baseB+"/forms/deal", otherWs)
	for _, p := range []string{"sam", "sue", "ian", "olly"} {
		w.recs[p] = map[string]string{"own": own[p], "colleague": own["sid"], "otherDept": own["wes"], "otherWs": otherWs}
	}
	return w
}

// matrixRoles are the roles under test and who holds them.
func matrixRoles() []matrixRole {
	set := func(as ...string) map[string]bool {
		m := map[string]bool{}
		for _, a := range as {
			m[a] = true
		}
		return m
	}
	return []matrixRole{
		{name: "sales", person: "sam", actions: set("create", "read", "update", "delete", "export", "import"), hides: true,
			sees: func(r string) bool { return r == "own" }},
		{name: "supervisor", person: "sue", actions: set("create", "read", "update", "delete", "export"),
			sees: func(r string) bool { return r == "own" || r == "colleague" }},
		{name: "auditor", person: "ian", actions: set("read", "export"), hides: true,
			sees: func(r string) bool { return r != "otherWs" }},
		{name: "nobody", person: "olly", actions: set(),
			sees: func(string) bool { return false }},
	}
}

var matrixRecords = []string{"own", "colleague", "otherDept", "otherWs"}

// response is one answer: status and every byte a client could read (for XLSX, the
// unzipped parts).
type response struct {
	status int
	body   string
}

func (w *matrixWorld) send(t *testing.T, s apitest.Session, method, u, body string, hdr ...string) response {
	t.Helper()
	req := w.a.Request(s, method, u, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp := w.a.Do(req)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	text := string(raw)
	if zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw))); err == nil {
		var sb strings.Builder
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			sb.Write(b)
			sb.WriteByte('\n')
		}
		if sb.Len() == 0 {
			t.Fatalf("%s %s: empty XLSX", method, u)
		}
		text = sb.String()
	}
	return response{status: resp.StatusCode, body: text}
}

// expectRecord is the status a record-level request should get: allowed, refused while
// visible (403), or invisible (404).
func expectRecord(r matrixRole, rec, action string, ok int) int {
	switch {
	case rec == "otherWs" || !r.sees(rec):
		return 404
	case r.actions[action]:
		return ok
	case action == "read":
		return 404
	}
	return 403
}

// TestAccessMatrix generates role × endpoint × record cases and checks that no request
// gets a 2xx it should not, that lists and exports hold exactly the records in scope, and
// that a hidden field's name and values appear in no answer.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	w := setupMatrix(t)
	deal := w.v["deal"]
	cases := 0
	for _, r := range matrixRoles() {
		s := w.sess[r.person]
		recs := w.recs[r.person]
		// echoed: the caller named the field itself, and is told the same as for a field
		// that does not exist.
		checkAs := func(name string, got response, want int, echoed bool) {
			t.Helper()
			cases++
			if got.status != want {
				t.Errorf("%s %s: status %d, want %d: %.300s", r.name, name, got.status, want, got.body)
			}
			if r.hides || !r.actions["read"] {
				if !echoed && strings.Contains(got.body, "confidential") {
					t.Errorf("%s %s: the hidden field's name leaks: %.300s", r.name, name, got.body)
				}
				for _, sec := range w.secrets {
					if strings.Contains(got.body, sec) {
						t.Errorf("%s %s: a hidden value leaks: %.300s", r.name, name, got.body)
					}
				}
			}
		}
		check := func(name string, got response, want int) {
			t.Helper()
			checkAs(name, got, want, false)
		}
		can := func(action string, ok int) int {
			if r.actions[action] {
				return ok
			}
			return 403
		}

		// Collection endpoints: one request, then one case per record's presence.
		lists := map[string]response{
			"list":          w.send(t, s, "GET", deal+"/records?limit=100", ""),
			"view table":    w.send(t, s, "GET", w.v["base"]+"/views/all/records", ""),
			"export csv":    w.send(t, s, "GET", deal+"/export?format=csv", ""),
			"export xlsx":   w.send(t, s, "GET", deal+"/export?format=xlsx", ""),
			"list filtered": w.send(t, s, "GET", deal+"/records?filter="+url.QueryEscape(`{"field":"subject","op":"startsWith","value":"deal-"}`), ""),
		}
		wantList := map[string]int{"list": can("read", 200), "view table": can("read", 200), "export csv": can("export", 200),
			"export xlsx": can("export", 200), "list filtered": can("read", 200)}
		for name, got := range lists {
			check(name, got, wantList[name])
			for _, rec := range matrixRecords {
				cases++
				id := recs[rec]
				in := strings.Contains(got.body, w.subject[id])
				if want := got.status == 200 && r.sees(rec); in != want {
					t.Errorf("%s %s: %s's deal listed=%v, want %v", r.name, name, rec, in, want)
				}
			}
		}
		hiddenFilter := 200
		switch {
		case !r.actions["read"]:
			hiddenFilter = 403
		case r.hides:
			hiddenFilter = 400
		}
		checkAs("list filtered on the hidden field", w.send(t, s, "GET", deal+"/records?filter="+url.QueryEscape(`{"field":"confidential","op":"exists","value":true}`), ""), hiddenFilter, true)
		checkAs("sort by the hidden field", w.send(t, s, "GET", deal+"/records?sort=confidential", ""), hiddenFilter, true)
		if hiddenFilter == 400 {
			// Told the same as for a field that does not exist.
			check("filter on no such field", w.send(t, s, "GET", deal+"/records?filter="+url.QueryEscape(`{"field":"nosuch","op":"exists","value":true}`), ""), 400)
		}
		check("aggregate", w.send(t, s, "POST", deal+"/aggregate", `{"groupBy":[{"field":"stage"}],"metrics":[{"op":"count","as":"n"}]}`), can("read", 200))
		check("kanban", w.send(t, s, "GET", w.v["base"]+"/views/board/groups", ""), can("read", 200))
		check("import dry run", w.send(t, s, "POST", deal+"/import?format=csv&dryRun=true", "subject,stage\nimported,new\n", "Content-Type", "text/csv"), can("import", 200))

		// Record endpoints.
		for _, rec := range matrixRecords {
			id := recs[rec]
			u := deal + "/records/" + id
			check("get "+rec, w.send(t, s, "GET", u, ""), expectRecord(r, rec, "read", 200))
			check("history "+rec, w.send(t, s, "GET", u+"/history", ""), expectRecord(r, rec, "read", 200))
			check("update "+rec, w.send(t, s, "PATCH", u, `{"stage":"won"}`, "If-Match", "*"), expectRecord(r, rec, "update", 200))
			// A granted delete is undone at once, so the next cases meet the same records.
			check("delete "+rec, w.send(t, s, "DELETE", u, "", "If-Match", "*"), expectRecord(r, rec, "delete", 204))
			check("restore "+rec, w.send(t, s, "POST", u+"/restore", "", "If-Match", "*"), expectRecord(r, rec, "delete", 200))
		}
		// The other workspace's deal through its own workspace: not a member there.
		if got := w.send(t, s, "GET", w.v["dealB"]+"/records/"+recs["otherWs"], ""); got.status/100 == 2 {
			t.Errorf("%s reads another workspace's deal: %d", r.name, got.status)
		}
	}
	if cases < 150 {
		t.Fatalf("only %d cases ran", cases)
	}
}
