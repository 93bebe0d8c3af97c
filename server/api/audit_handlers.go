package api

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/audit"
)

// summaryOf says what an audited route keeps of its request.
type summaryOf int

const (
	sumBody   summaryOf = iota // the JSON body, secrets redacted (admin changes)
	sumFields                  // the submitted field keys only (record writes)
	sumQuery                   // the URL query (exports, imports)
	sumNone
)

// auditRule is how one route is audited: its kind, where its target comes from (a route
// parameter, else a JSON path in the response) and what its summary keeps.
type auditRule struct {
	kind    string
	param   string   // route parameter naming the target
	resp    []string // else: path in the JSON response, e.g. member.userId
	summary summaryOf
}

// auditedRoutes maps "METHOD pattern" (the route pattern under /api/v1, never the raw URL)
// to its rule. Routes listed before their handlers exist are simply never matched.
var auditedRoutes = map[string]auditRule{
	"POST /workspaces":                                                       {kind: "workspace.create", resp: []string{"id"}, summary: sumBody},
	"PATCH /workspaces/:ws":                                                  {kind: "workspace.update", param: "ws", summary: sumBody},
	"POST /workspaces/:ws/members":                                           {kind: "member.invite", resp: []string{"member", "userId"}, summary: sumBody},
	"PATCH /workspaces/:ws/members/:user":                                    {kind: "member.update", param: "user", summary: sumBody},
	"DELETE /workspaces/:ws/members/:user":                                   {kind: "member.remove", param: "user", summary: sumNone},
	"POST /workspaces/:ws/members/:user/setup-link":                          {kind: "member.setup_link", param: "user", summary: sumNone},
	"POST /workspaces/:ws/departments":                                       {kind: "department.create", resp: []string{"id"}, summary: sumBody},
	"PATCH /workspaces/:ws/departments/:id":                                  {kind: "department.update", param: "id", summary: sumBody},
	"DELETE /workspaces/:ws/departments/:id":                                 {kind: "department.delete", param: "id", summary: sumNone},
	"PUT /workspaces/:ws/calendar":                                           {kind: "calendar.update", param: "ws", summary: sumBody},
	"POST /workspaces/:ws/templates":                                         {kind: "template.import", resp: []string{"key"}, summary: sumNone},
	"DELETE /workspaces/:ws/templates/:key":                                  {kind: "template.delete", param: "key", summary: sumNone},
	"POST /workspaces/:ws/apps":                                              {kind: "app.create", resp: []string{"id"}, summary: sumBody},
	"DELETE /workspaces/:ws/apps/:app":                                       {kind: "app.delete", param: "app", summary: sumNone},
	"PUT /workspaces/:ws/apps/:app/draft":                                    {kind: "app.draft", param: "app", summary: sumBody},
	"POST /workspaces/:ws/apps/:app/publish":                                 {kind: "app.publish", param: "app", summary: sumBody},
	"POST /workspaces/:ws/apps/:app/upgrade":                                 {kind: "app.upgrade", param: "app", summary: sumBody},
	"POST /workspaces/:ws/apps/:app/clone":                                   {kind: "app.clone", param: "app", summary: sumBody},
	"GET /workspaces/:ws/apps/:app/export":                                   {kind: "app.export", param: "app", summary: sumNone},
	"POST /workspaces/:ws/apps/:app/roles/:role/assignees":                   {kind: "role.assign", param: "app", summary: sumBody},
	"DELETE /workspaces/:ws/apps/:app/roles/:role/assignees":                 {kind: "role.revoke", param: "app", summary: sumQuery},
	"POST /workspaces/:ws/apps/:app/forms/:form/records":                     {kind: "record.create", resp: []string{"id"}, summary: sumNone}, // the record and its timeline hold the fields
	"PATCH /workspaces/:ws/apps/:app/forms/:form/records/:id":                {kind: "record.update", param: "id", summary: sumFields},
	"DELETE /workspaces/:ws/apps/:app/forms/:form/records/:id":               {kind: "record.delete", param: "id", summary: sumNone},
	"POST /workspaces/:ws/apps/:app/forms/:form/records/:id/restore":         {kind: "record.restore", param: "id", summary: sumNone},
	"POST /workspaces/:ws/apps/:app/forms/:form/records/:id/actions/:action": {kind: "record.action", param: "id", summary: sumFields},
	"POST /workspaces/:ws/inbox/actions":                                     {kind: "records.bulk_action", param: "ws", summary: sumBody},
	"POST /workspaces/:ws/apps/:app/forms/:form/import":                      {kind: "records.import", param: "form", summary: sumQuery},
	"POST /workspaces/:ws/apps/:app/forms/:form/migrations":                  {kind: "records.migrate", param: "form", summary: sumBody},
	"GET /workspaces/:ws/apps/:app/forms/:form/export":                       {kind: "records.export", param: "form", summary: sumQuery},
	"POST /auth/tokens":                                                      {kind: "token.create", resp: []string{"token", "id"}, summary: sumBody},
	"DELETE /auth/tokens/:id":                                                {kind: "token.revoke", param: "id", summary: sumNone},
	"POST /auth/password":                                                    {kind: "account.password", summary: sumNone},
	"PATCH /auth/me":                                                         {kind: "account.rename", summary: sumBody},
}

// auditTrail writes one audit entry after each successful (2xx) request on an audited
// route. A failed write is logged and does not fail the request: the change is already
// made and the client must learn that it was.
func (s *server) auditTrail(c *fiber.Ctx) error {
	if err := c.Next(); err != nil || s.audit == nil {
		return err
	}
	if st := c.Response().StatusCode(); st < 200 || st > 299 {
		return nil
	}
	if a, ok := c.Locals(localArmedAudit).(*audit.Armed); ok && a.Written() {
		return nil // written with the change, in its transaction (armAudit)
	}
	rule, ok := auditedRule(c)
	if !ok || rule.skip(c) {
		return nil
	}
	p, ok := principal(c)
	if !ok {
		return nil
	}
	e := audit.Entry{Actor: p.User.ID, IP: c.IP(), RequestID: requestID(c), Kind: rule.kind, Target: rule.target(c), Summary: rule.summarise(c)}
	if rule.kind == "role.assign" || rule.kind == "role.revoke" {
		e.Summary = withKey(e.Summary, "role", c.Params("role"))
	}
	ctx := c.UserContext()
	workspaces := []string{c.Params("ws")}
	switch {
	case rule.kind == "workspace.create":
		workspaces = []string{e.Target}
	case strings.HasPrefix(rule.kind, "token."):
		// A token acts in every workspace of its owner, so each of them records it.
		workspaces = s.workspacesOf(ctx, p.User.ID)
	case strings.HasPrefix(rule.kind, "account."):
		// A person's password and name are theirs in every workspace they belong to.
		e.Target = p.User.ID
		workspaces = s.workspacesOf(ctx, p.User.ID)
	}
	for _, ws := range workspaces {
		if ws == "" {
			continue
		}
		e.Workspace = ws
		if err := s.audit.Write(context.WithoutCancel(ctx), e); err != nil {
			s.log.ErrorContext(ctx, "audit entry not written", "err", err, "requestId", e.RequestID, "kind", e.Kind, "target", e.Target)
		}
	}
	return nil
}

// localArmedAudit holds the entry a handler armed for its write (armAudit).
const localArmedAudit = "auditArmed"

// armAudit answers the request's context with its audit entry armed for the record the
// request creates in the route's form: the creation writes it in its own transaction
// (audit.Arm), sparing the store's writer a second transaction and the request a second
// commit to wait for. The entry is the route's in auditedRoutes as auditTrail would write
// it (the create's has no summary; its target is the created record's ID); auditTrail
// writes it itself if the creation did not. A request the route does not audit (a dry
// run) arms nothing.
func (s *server) armAudit(c *fiber.Ctx) context.Context {
	ctx := c.UserContext()
	rule, ok := auditedRule(c)
	p, signed := principal(c)
	if s.audit == nil || !ok || !signed || rule.skip(c) {
		return ctx
	}
	e := audit.Entry{Workspace: c.Params("ws"), Actor: p.User.ID, IP: c.IP(), RequestID: requestID(c), Kind: rule.kind}
	ctx, a := audit.Arm(ctx, e, c.Params("app"), c.Params("form"))
	c.Locals(localArmedAudit, a)
	return ctx
}

// auditedRule is the audit rule of the request's route, if it has one.
func auditedRule(c *fiber.Ctx) (auditRule, bool) {
	rule, ok := auditedRoutes[c.Method()+" "+strings.TrimPrefix(c.Route().Path, "/api/v1")]
	return rule, ok
}

// skip leaves out requests that change nothing: dry runs.
func (r auditRule) skip(c *fiber.Ctx) bool {
	if c.Query("dryRun") == "true" {
		return true
	}
	if r.kind == "records.migrate" {
		var in struct {
			DryRun bool `json:"dryRun"`
		}
		return json.Unmarshal(c.Body(), &in) == nil && in.DryRun
	}
	return false
}

func (r auditRule) target(c *fiber.Ctx) string {
	if r.param != "" {
		return c.Params(r.param)
	}
	var v any
	if json.Unmarshal(c.Response().Body(), &v) != nil {
		return ""
	}
	for _, k := range r.resp {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}

func (r auditRule) summarise(c *fiber.Ctx) map[string]any {
	switch r.summary {
	case sumBody:
		return audit.Redacted(c.Body())
	case sumFields:
		return audit.FieldKeys(c.Body())
	case sumQuery:
		out := map[string]any{}
		for k, v := range c.Queries() {
			out[k] = v
		}
		if len(out) == 0 {
			return nil
		}
		return audit.Redacted(mustJSON(out))
	}
	return nil
}

func withKey(m map[string]any, k, v string) map[string]any {
	if m == nil {
		m = map[string]any{}
	}
	m[k] = v
	return m
}

func mustJSON(v map[string]any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// workspacesOf lists the IDs of the user's workspaces; on failure none (logged).
func (s *server) workspacesOf(ctx context.Context, user string) []string {
	ws, err := s.org.ListWorkspaces(ctx, user)
	if err != nil {
		s.log.ErrorContext(ctx, "audit: listing the actor's workspaces failed", "err", err)
		return nil
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.ID)
	}
	return out
}

// listAudit serves GET /workspaces/:ws/audit?actor=&kind=&target=&from=&to=&cursor=&limit=.
func (s *server) listAudit(c *fiber.Ctx) error {
	if s.audit == nil {
		return fiber.ErrNotFound
	}
	f := audit.Filter{Actor: c.Query("actor"), Kind: c.Query("kind"), Target: c.Query("target")}
	var err error
	if f.From, err = timeParam(c, "from"); err != nil {
		return err
	}
	if f.To, err = timeParam(c, "to"); err != nil {
		return err
	}
	limit := 0
	if v := c.Query("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			return badQueryParam("limit", fault.Problem("bad_value.positive_limit"))
		}
	}
	page, err := s.audit.List(c.UserContext(), actor(c), c.Params("ws"), f, c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

// timeParam reads an optional RFC 3339 time (or a date, meaning its UTC midnight).
func timeParam(c *fiber.Ctx, name string) (time.Time, error) {
	v := c.Query(name)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, badQueryParam(name, fault.Problem("bad_value.time_param"))
}

func badQueryParam(name string, p fault.FieldError) error {
	return fault.Of("invalid_query").WithProblem("/"+name, p)
}
