package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
)

// pbLeads is the leads collection: the same 14 fields, an owner relation for the member's
// own scope, the (status, created) index, and the four fields the member may not see
// marked hidden (PocketBase hides them from everyone but superusers).
const pbLeads = `{"name":"leads","type":"base",
  "listRule":"owner = @request.auth.id","viewRule":"owner = @request.auth.id","createRule":"@request.auth.id != ''",
  "fields":[
    {"name":"subject","type":"text","required":true},{"name":"company","type":"text"},{"name":"contact","type":"text"},
    {"name":"phone","type":"text"},{"name":"email","type":"email"},
    {"name":"status","type":"select","values":["new","won","lost"],"maxSelect":1,"required":true},
    {"name":"channel","type":"text"},{"name":"budget","type":"number","hidden":true},{"name":"qty","type":"number","hidden":true},
    {"name":"total","type":"number","hidden":true},{"name":"found","type":"date"},{"name":"urgent","type":"bool"},
    {"name":"region","type":"text","hidden":true},{"name":"notes","type":"text"},
    {"name":"owner","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1},
    {"name":"created","type":"autodate","onCreate":true},{"name":"updated","type":"autodate","onCreate":true,"onUpdate":true}],
  "indexes":["CREATE INDEX idx_leads_status_created ON leads (status, created)"]}`

// pocketbase is the PocketBase side: a superuser (the admin) and a user owning a tenth of
// the leads.
type pocketbase struct {
	*server
	admin, rep http.Header
	repID      string
	leads      string
}

func startPocketBase(ctx context.Context, bin, dir string) (*pocketbase, error) {
	if out, err := exec.CommandContext(ctx, bin, "superuser", "upsert", "admin@bench.test", password, "--dir", dir).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pocketbase superuser: %w: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s, err := start(ctx, "pocketbase", bin, dir, "/api/health", port,
		// Without --automigrate=false a binary run from a temporary folder counts as "go run"
		// and writes the collection as a migration next to the data, for the next server.
		[]string{"serve", "--http", fmt.Sprintf("127.0.0.1:%d", port), "--dir", dir, "--automigrate=false"}, nil)
	if err != nil {
		return nil, err
	}
	return &pocketbase{server: s, leads: s.base + "/api/collections/leads/records"}, nil
}

func (p *pocketbase) auth(ctx context.Context, coll, email string) (http.Header, string, error) {
	raw, err := do(ctx, request{method: "POST", url: p.base + "/api/collections/" + coll + "/auth-with-password",
		body: []byte(`{"identity":"` + email + `","password":"` + password + `"}`)})
	if err != nil {
		return nil, "", err
	}
	var out struct {
		Token  string
		Record struct{ ID string }
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, "", err
	}
	return http.Header{"Authorization": {out.Token}}, out.Record.ID, nil
}

func (p *pocketbase) setup(ctx context.Context) error {
	var err error
	if p.admin, _, err = p.auth(ctx, "_superusers", "admin@bench.test"); err != nil {
		return err
	}
	if _, err := do(ctx, request{method: "POST", url: p.base + "/api/collections", header: p.admin, body: []byte(pbLeads)}); err != nil {
		return err
	}
	if _, err := do(ctx, request{method: "POST", url: p.base + "/api/collections/users/records", header: p.admin,
		body: []byte(`{"email":"rep@bench.test","password":"` + password + `","passwordConfirm":"` + password + `","verified":true}`)}); err != nil {
		return err
	}
	p.rep, p.repID, err = p.auth(ctx, "users", "rep@bench.test")
	return err
}

func (p *pocketbase) createPlain(i int) request {
	who, body := p.admin, leadBody(i, true, false)
	if i%10 == 0 {
		who, body = p.rep, leadBody(i, true, true)
		body = append(body[:len(body)-1], `,"owner":"`+p.repID+`"}`...)
	}
	// PocketBase wants a date field as a datetime.
	body = []byte(replaceOnce(string(body), `"2026-11-20"`, `"2026-11-20 00:00:00.000Z"`))
	return request{method: "POST", url: p.leads, header: who, body: body}
}

var pbFilter = url.QueryEscape(`status = "new"`)

// listPage skips the total, as Formloom's list does unless asked.
func (p *pocketbase) listPage(restricted bool) request {
	who := p.admin
	if restricted {
		who = p.rep
	}
	return request{method: "GET", url: p.leads + "?perPage=20&skipTotal=1&sort=-created&filter=" + pbFilter, header: who}
}

var pbDeepPage = 1000

func (p *pocketbase) deepPage() request {
	return request{method: "GET", url: fmt.Sprintf("%s?perPage=20&skipTotal=1&sort=-created&page=%d&filter=%s", p.leads, pbDeepPage, pbFilter), header: p.admin}
}
