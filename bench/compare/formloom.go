package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// leadsApp is the 14-field leads form of server/api's HTTP benchmarks, with a "rep" role
// that sees only its own records and not four of the fields (the restricted member).
const leadsApp = `{
  "key": "bench-leads", "name": {"zh-CN": "线索", "en": "Leads"},
  "forms": [{"key": "lead", "name": {"zh-CN": "线索", "en": "Lead"}, "schema": {"type": "object", "required": ["subject", "status"], "properties": {
    "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "主题"}}},
    "company": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "公司"}}},
    "contact": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "联系人"}}},
    "phone": {"type": "string", "x-formloom": {"type": "phone", "label": {"zh-CN": "电话"}}},
    "email": {"type": "string", "format": "email", "x-formloom": {"type": "email", "label": {"zh-CN": "邮箱"}}},
    "status": {"type": "string", "enum": ["new", "won", "lost"], "x-formloom": {"type": "select", "label": {"zh-CN": "状态"},
      "options": [{"value": "new", "label": {"zh-CN": "新建"}}, {"value": "won", "label": {"zh-CN": "赢单"}}, {"value": "lost", "label": {"zh-CN": "输单"}}]}},
    "channel": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "渠道"}}},
    "budget": {"type": "number", "minimum": 0, "x-formloom": {"type": "money", "label": {"zh-CN": "预算"}}},
    "qty": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "数量"}}},
    "total": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "合计"}, "expr": "budget * qty"}},
    "found": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "发现日期"}}},
    "urgent": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "紧急"}}},
    "region": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "区域"}}},
    "notes": {"type": "string", "x-formloom": {"type": "textarea", "label": {"zh-CN": "备注"}}}
  }}}],
  "roles": [{"key": "rep", "name": {"zh-CN": "销售", "en": "Sales rep"}}],
  "permissions": [{"role": "rep", "form": "lead", "actions": ["create", "read", "update"], "scope": "own",
    "fields": {"budget": "hidden", "qty": "hidden", "total": "hidden", "region": "hidden"}}]
}`

// leadBody is one plain lead; total is computed by Formloom, sent by the PocketBase client.
// The restricted member's leads leave out the fields hidden from them.
func leadBody(i int, withTotal, restricted bool) []byte {
	extra := `,"budget":120000,"qty":3,"region":"上海"`
	if withTotal {
		extra += `,"total":360000`
	}
	if restricted {
		extra = ""
	}
	return fmt.Appendf(nil, `{"subject":"华东区采购意向 %d","company":"星河科技有限公司","contact":"王磊","phone":"13800138000",`+
		`"email":"wang.lei@example.com","status":"%s","channel":"展会","found":"2026-11-20",`+
		`"urgent":false,"notes":"客户希望下月安排演示，预算已获批。"%s}`, i, statuses[i%3], extra)
}

var statuses = []string{"new", "won", "lost"}

// appLeadBody is a lead of the lead-management starter template: its pipeline starts on
// create (serial number, formulas, the review task in the inbox, its deadline job).
func appLeadBody(i int) []byte {
	return fmt.Appendf(nil, `{"subject":"展会线索 %d","channel":"market_research","urgency":"%s","company":"星河科技有限公司",`+
		`"contactName":"王磊","contactPhone":"13800138000","budget":120000,"purchaseIntent":"high","decisionCycle":"1_3m",`+
		`"nature":"business","description":"客户希望下月安排演示，预算已获批。"}`, i, []string{"urgent", "important", "general"}[i%3])
}

// formloom is the Formloom side: an owner (the admin) and a member holding only "rep".
type formloom struct {
	*server
	admin, rep  http.Header // bearer tokens
	leads       string      // …/forms/lead/records of the leads app
	appLeads    string      // …/forms/lead/records of the lead-management app
	deepCursors []string    // cursor of the deep page, per status filter (only "new")
}

func startFormloom(ctx context.Context, bin, dir string) (*formloom, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s, err := start(ctx, "formloom", bin, dir, "/healthz", port, nil, []string{
		"FORMLOOM_ADDR=127.0.0.1:" + fmt.Sprint(port), "FORMLOOM_DATA_DIR=" + dir,
		"FORMLOOM_ADMIN_EMAIL=admin@bench.test", "FORMLOOM_ADMIN_PASSWORD=" + password,
		"FORMLOOM_LOG_LEVEL=warn",
	})
	if err != nil {
		return nil, err
	}
	return &formloom{server: s}, nil
}

const password = "bench-password-1"

// session signs in (or completes a setup link) and answers an API token's header.
func (f *formloom) token(ctx context.Context, path, body string) (http.Header, error) {
	req, _ := http.NewRequestWithContext(ctx, "POST", f.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	var out struct {
		CSRF string `json:"csrfToken"`
	}
	err = json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("formloom %s: %d %w", path, resp.StatusCode, err)
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("formloom %s: %d", path, resp.StatusCode)
	}
	h := http.Header{"X-Csrf-Token": {out.CSRF}}
	for _, c := range resp.Cookies() {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	raw, err := do(ctx, request{method: "POST", url: f.base + "/api/v1/auth/tokens", header: h, body: []byte(`{"name":"bench"}`), want: 201})
	if err != nil {
		return nil, err
	}
	var tok struct{ Secret string }
	if err := json.Unmarshal(raw, &tok); err != nil {
		return nil, err
	}
	return http.Header{"Authorization": {"Bearer " + tok.Secret}}, nil
}

// call sends a JSON request as who and decodes the answer into out (when not nil).
func (f *formloom) call(ctx context.Context, who http.Header, method, path, body string, want int, out any) error {
	var b []byte
	if body != "" {
		b = []byte(body)
	}
	raw, err := do(ctx, request{method: method, url: f.base + "/api/v1" + path, header: who, body: b, want: want})
	if err != nil {
		return err
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// setup makes the workspace, both apps, the member and the role assignments.
func (f *formloom) setup(ctx context.Context) error {
	var err error
	if f.admin, err = f.token(ctx, "/api/v1/auth/login", `{"email":"admin@bench.test","password":"`+password+`"}`); err != nil {
		return err
	}
	var ws, app, lm struct{ ID string }
	if err := f.call(ctx, f.admin, "POST", "/workspaces", `{"name":"bench"}`, 201, &ws); err != nil {
		return err
	}
	if err := f.call(ctx, f.admin, "POST", "/workspaces/"+ws.ID+"/apps", `{"definition":`+leadsApp+`}`, 201, &app); err != nil {
		return err
	}
	f.leads = f.base + "/api/v1/workspaces/" + ws.ID + "/apps/" + app.ID + "/forms/lead/records"
	var inv struct {
		Member struct{ UserID string }
		Setup  struct{ Token string }
	}
	if err := f.call(ctx, f.admin, "POST", "/workspaces/"+ws.ID+"/members", `{"email":"rep@bench.test","name":"Rep"}`, 201, &inv); err != nil {
		return err
	}
	if f.rep, err = f.token(ctx, "/api/v1/auth/setup", `{"token":"`+inv.Setup.Token+`","password":"`+password+`"}`); err != nil {
		return err
	}
	if err := f.call(ctx, f.admin, "POST", "/workspaces/"+ws.ID+"/apps/"+app.ID+"/roles/rep/assignees", `{"user":"`+inv.Member.UserID+`"}`, 201, nil); err != nil {
		return err
	}
	tpl, err := do(ctx, request{method: "GET", url: f.base + "/api/v1/templates/lead-management", header: f.admin})
	if err != nil {
		return err
	}
	if err := f.call(ctx, f.admin, "POST", "/workspaces/"+ws.ID+"/apps", `{"definition":`+string(tpl)+`}`, 201, &lm); err != nil {
		return err
	}
	f.appLeads = f.base + "/api/v1/workspaces/" + ws.ID + "/apps/" + lm.ID + "/forms/lead/records"
	var me struct{ User struct{ ID string } }
	if err := f.call(ctx, f.admin, "GET", "/auth/me", "", 200, &me); err != nil {
		return err
	}
	return f.call(ctx, f.admin, "POST", "/workspaces/"+ws.ID+"/apps/"+lm.ID+"/roles/lead_manager/assignees", `{"user":"`+me.User.ID+`"}`, 201, nil)
}

func (f *formloom) createPlain(i int) request {
	if i%10 == 0 { // a tenth of the leads are the member's own
		return request{method: "POST", url: f.leads, header: f.rep, body: leadBody(i, false, true), want: 201}
	}
	return request{method: "POST", url: f.leads, header: f.admin, body: leadBody(i, false, false), want: 201}
}

func (f *formloom) createApp(i int) request {
	return request{method: "POST", url: f.appLeads, header: f.admin, body: appLeadBody(i), want: 201}
}

var newFilter = url.QueryEscape(`{"field":"status","op":"eq","value":"new"}`)

func (f *formloom) listPage(restricted bool) request {
	who := f.admin
	if restricted {
		who = f.rep
	}
	return request{method: "GET", url: f.leads + "?limit=20&sort=-_created&filter=" + newFilter, header: who}
}

// walk follows the cursor to page n (1-based) and keeps its cursor for deepPage.
func (f *formloom) walk(ctx context.Context, n int) error {
	cursor := ""
	for range n - 1 {
		raw, err := do(ctx, request{method: "GET", url: f.leads + "?limit=20&sort=-_created&filter=" + newFilter + "&cursor=" + url.QueryEscape(cursor), header: f.admin})
		if err != nil {
			return err
		}
		var page struct{ Next string }
		if err := json.Unmarshal(raw, &page); err != nil {
			return err
		}
		if page.Next == "" {
			return fmt.Errorf("formloom: fewer than %d pages of status new", n)
		}
		cursor = page.Next
	}
	f.deepCursors = []string{cursor}
	return nil
}

func (f *formloom) deepPage() request {
	return request{method: "GET", url: f.leads + "?limit=20&sort=-_created&filter=" + newFilter + "&cursor=" + url.QueryEscape(f.deepCursors[0]), header: f.admin}
}
