package apps_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store/sqlite"
)

// gallery is a fake gallery: template key → its current JSON.
type gallery struct {
	mu sync.Mutex
	m  map[string]json.RawMessage
}

func (g *gallery) Template(_ context.Context, _, key string) (json.RawMessage, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	t, ok := g.m[key]
	if !ok {
		return nil, fault.ErrNotFound()
	}
	return t, nil
}

func (g *gallery) set(key string, t json.RawMessage) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.m[key] = t
}

// members: "owner" owns every workspace, "member" is a plain member, nobody else belongs.
type members struct{}

func (members) Membership(_ context.Context, _, user string) (org.Member, error) {
	switch user {
	case "owner":
		return org.Member{UserID: user, Role: org.RoleOwner}, nil
	case "member":
		return org.Member{UserID: user, Role: org.RoleMember}, nil
	}
	return org.Member{}, fault.ErrNotFound()
}

const ws = "ws1"

func newService(t *testing.T) (*apps.Service, *gallery) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "apps.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range apps.Collections() {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	g := &gallery{m: map[string]json.RawMessage{}}
	svc, err := apps.New(st, members{}, g)
	if err != nil {
		t.Fatal(err)
	}
	return svc, g
}

// leadsV1 is the starter template as first installed.
const leadsV1 = `{
  "key": "leads", "name": {"zh-CN": "线索", "en": "Leads"}, "version": "1.0.0",
  "forms": [{"key": "lead", "name": {"zh-CN": "线索"},
    "schema": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "maxLength": 100, "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Name"}}},
      "phone": {"type": "string", "x-formloom": {"type": "phone", "label": {"zh-CN": "电话", "en": "Phone"}}}}},
    "ui": {"order": ["name", "phone"]}}],
  "roles": [{"key": "manager", "name": {"zh-CN": "经理"}}],
  "pipelines": [{"key": "handling", "form": "lead",
    "nodes": [{"key": "start", "type": "start"}, {"key": "end", "type": "end"}],
    "edges": [{"from": "start", "to": "end"}]}]
}`

// change edits a template's JSON.
func change(t *testing.T, raw json.RawMessage, fn func(d map[string]any)) json.RawMessage {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	fn(d)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func path(d any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := d.(map[string]any)
			d = m[k]
		case int:
			l, _ := d.([]any)
			if k >= len(l) {
				return nil
			}
			d = l[k]
		}
	}
	return d
}

func mapAt(d any, keys ...any) map[string]any { m, _ := path(d, keys...).(map[string]any); return m }

func fields(d map[string]any) map[string]any {
	return mapAt(d, "forms", 0, "schema", "properties")
}

func addField(d map[string]any, key, label string) {
	fields(d)[key] = map[string]any{"type": "string", "x-formloom": map[string]any{"type": "text", "label": map[string]any{"zh-CN": label}}}
	ui := mapAt(d, "forms", 0, "ui")
	ui["order"] = append(ui["order"].([]any), key)
}

func relabel(d map[string]any, field, zh string) {
	mapAt(fields(d), field, "x-formloom", "label")["zh-CN"] = zh
}

// facts reads what the acceptance test looks at in a definition.
type facts struct {
	nameLabel string
	fields    []string
	nodes     []string
}

func read(t *testing.T, def json.RawMessage) facts {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(def, &d); err != nil {
		t.Fatal(err)
	}
	f := facts{}
	f.nameLabel, _ = path(fields(d), "name", "x-formloom", "label", "zh-CN").(string)
	for k := range fields(d) {
		f.fields = append(f.fields, k)
	}
	for _, n := range path(d, "pipelines", 0, "nodes").([]any) {
		f.nodes = append(f.nodes, n.(map[string]any)["key"].(string))
	}
	return f
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func kinds(cs []template.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Kind + "@" + c.Pointer + " ")
	}
	return b.String()
}

func hasChange(cs []template.Change, kind, pointer string) bool {
	for _, c := range cs {
		if c.Kind == kind && c.Pointer == pointer {
			return true
		}
	}
	return false
}

func faultCode(err error) string {
	if fe, ok := fault.As(err); ok {
		return fe.Code
	}
	return ""
}

// TestUpgradeAcceptance: install v1, change the app, upgrade to a v2 that adds a field
// and a pipeline node (both sides kept, no conflict), then a v3 relabelling the field the
// app relabelled (a conflict, refused without writing, then resolved).
func TestUpgradeAcceptance(t *testing.T) {
	ctx := context.Background()
	svc, g := newService(t)
	v1 := json.RawMessage(leadsV1)
	g.set("leads", v1)

	app, err := svc.Create(ctx, "owner", ws, apps.NewApp{Template: "leads"})
	if err != nil {
		t.Fatal(err)
	}
	if app.Source != "leads" || app.SourceVersion != "1.0.0" {
		t.Fatalf("source = %q %q", app.Source, app.SourceVersion)
	}

	// The app relabels a field and adds its own, and publishes.
	draft, err := svc.Definition(ctx, "owner", ws, app.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	local := change(t, draft, func(d map[string]any) {
		relabel(d, "name", "客户名称")
		addField(d, "wechat", "微信")
	})
	if _, err := svc.SaveDraft(ctx, "owner", ws, app.ID, local); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, "owner", ws, app.ID); err != nil {
		t.Fatal(err)
	}

	// v2 of the template adds a field and a pipeline node.
	v2 := change(t, v1, func(d map[string]any) {
		d["version"] = "1.1.0"
		addField(d, "source", "来源")
		p := mapAt(d, "pipelines", 0)
		p["nodes"] = []any{map[string]any{"key": "start", "type": "start"},
			map[string]any{"key": "qualify", "type": "task", "assignees": []any{map[string]any{"type": "role", "role": "manager"}}},
			map[string]any{"key": "end", "type": "end"}}
		p["edges"] = []any{map[string]any{"from": "start", "to": "qualify"}, map[string]any{"from": "qualify", "to": "end"}}
	})
	g.set("leads", v2)

	pv, err := svc.UpgradePreview(ctx, "owner", ws, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !pv.Newer || pv.From != "1.0.0" || pv.To != "1.1.0" || len(pv.Conflicts) != 0 {
		t.Fatalf("preview = %+v", pv)
	}
	props := "/forms/0/schema/properties/"
	if !hasChange(pv.Local, template.ChangeLabel, props+"name/x-formloom/label") || !hasChange(pv.Local, template.ChangeFieldAdded, props+"wechat") {
		t.Errorf("local changes: %s", kinds(pv.Local))
	}
	if !hasChange(pv.Upstream, template.ChangeFieldAdded, props+"source") || !hasChange(pv.Upstream, template.ChangePipeline, "/pipelines/0") {
		t.Errorf("upstream changes: %s", kinds(pv.Upstream))
	}
	all4 := func(what string, def json.RawMessage) {
		t.Helper()
		f := read(t, def)
		if f.nameLabel != "客户名称" || !has(f.fields, "wechat") || !has(f.fields, "source") || !has(f.nodes, "qualify") {
			t.Errorf("%s lacks a change: %+v", what, f)
		}
	}
	all4("preview", pv.Merged)

	res, err := svc.Upgrade(ctx, "owner", ws, app.ID, "1.1.0", true, nil)
	if err != nil {
		t.Fatal(err)
	}
	all4("upgrade result", res.Definition)
	if res.Version == nil || res.Version.Number != 3 || res.App.SourceVersion != "1.1.0" {
		t.Fatalf("result = %+v", res)
	}
	published, err := svc.Definition(ctx, "owner", ws, app.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	all4("published version", published)
	if pv, err := svc.UpgradePreview(ctx, "owner", ws, app.ID); err != nil || pv.Newer || pv.From != "1.1.0" {
		t.Errorf("after the upgrade: %+v %v", pv, err)
	}

	// v3 relabels the field the app relabelled.
	v3 := change(t, v2, func(d map[string]any) {
		d["version"] = "1.2.0"
		relabel(d, "name", "线索名称")
	})
	g.set("leads", v3)
	pointer := props + "name/x-formloom/label/zh-CN"
	pv, err = svc.UpgradePreview(ctx, "owner", ws, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Conflicts) != 1 || pv.Conflicts[0].Pointer != pointer || pv.Conflicts[0].Kind != template.ConflictChanged {
		t.Fatalf("conflicts = %+v", pv.Conflicts)
	}
	if f := read(t, pv.Merged); f.nameLabel != "客户名称" {
		t.Errorf("merged label = %q, want the local one", f.nameLabel)
	}

	before, _ := svc.Definition(ctx, "owner", ws, app.ID, 0)
	versions, _ := svc.Versions(ctx, "owner", ws, app.ID)
	_, err = svc.Upgrade(ctx, "owner", ws, app.ID, "1.2.0", true, nil)
	fe, ok := fault.As(err)
	if !ok || fe.Kind != fault.Conflict || fe.Code != "upgrade_conflicts" || fe.Fields[pointer].Code != template.ConflictChanged {
		t.Fatalf("upgrade with a conflict: %v", err)
	}
	after, _ := svc.Definition(ctx, "owner", ws, app.ID, 0)
	versionsAfter, _ := svc.Versions(ctx, "owner", ws, app.ID)
	got, _ := svc.Get(ctx, "owner", ws, app.ID)
	if !bytes.Equal(before, after) || len(versions) != len(versionsAfter) || got.SourceVersion != "1.1.0" {
		t.Fatalf("a refused upgrade wrote: draft changed %v, versions %d → %d, base %q",
			!bytes.Equal(before, after), len(versions), len(versionsAfter), got.SourceVersion)
	}
	if pv, _ := svc.UpgradePreview(ctx, "owner", ws, app.ID); pv.From != "1.1.0" {
		t.Errorf("base moved: %q", pv.From)
	}

	// Resolved to the template's label, the upgrade goes through, as a draft only.
	res, err = svc.Upgrade(ctx, "owner", ws, app.ID, "1.2.0", false, map[string]string{pointer: template.SideRemote})
	if err != nil {
		t.Fatal(err)
	}
	if f := read(t, res.Definition); f.nameLabel != "线索名称" || !has(f.fields, "wechat") {
		t.Errorf("resolved upgrade: %+v", f)
	}
	if res.Version != nil || res.App.Published != 3 || res.App.SourceVersion != "1.2.0" {
		t.Errorf("result = %+v", res)
	}
}

func TestUpgradeRefusals(t *testing.T) {
	ctx := context.Background()
	svc, g := newService(t)
	g.set("leads", json.RawMessage(leadsV1))
	app, err := svc.Create(ctx, "owner", ws, apps.NewApp{Template: "leads"})
	if err != nil {
		t.Fatal(err)
	}
	own, err := svc.Create(ctx, "owner", ws, apps.NewApp{Definition: json.RawMessage(leadsV1)})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := svc.UpgradePreview(ctx, "owner", ws, own.ID); faultCode(err) != "not_upgradable" {
		t.Errorf("app not from the gallery: %v", err)
	}
	if _, err := svc.Upgrade(ctx, "owner", ws, app.ID, "1.0.0", false, nil); faultCode(err) != "up_to_date" {
		t.Errorf("same version: %v", err)
	}
	pv, err := svc.UpgradePreview(ctx, "owner", ws, app.ID)
	if err != nil || pv.Newer {
		t.Errorf("same version preview: %+v %v", pv, err)
	}

	g.set("leads", change(t, json.RawMessage(leadsV1), func(d map[string]any) {
		d["version"] = "1.0.1"
		relabel(d, "phone", "手机")
	}))
	if _, err := svc.Upgrade(ctx, "member", ws, app.ID, "1.0.1", false, nil); !fault.Is(err, fault.Forbidden) {
		t.Errorf("plain member: %v", err)
	}
	if _, err := svc.UpgradePreview(ctx, "member", ws, app.ID); !fault.Is(err, fault.Forbidden) {
		t.Errorf("plain member preview: %v", err)
	}
	if _, err := svc.Upgrade(ctx, "owner", "other", app.ID, "1.0.1", false, nil); !fault.Is(err, fault.NotFound) {
		t.Errorf("other workspace: %v", err)
	}
	if _, err := svc.Upgrade(ctx, "owner", ws, app.ID, "1.0.0", false, nil); faultCode(err) != "version_changed" {
		t.Errorf("stale preview: %v", err)
	}
	if _, err := svc.Upgrade(ctx, "owner", ws, app.ID, "", false, nil); !fault.Is(err, fault.Invalid) {
		t.Errorf("no version: %v", err)
	}
	if _, err := svc.Upgrade(ctx, "owner", ws, app.ID, "1.0.1", false, map[string]string{"/nowhere": "local"}); faultCode(err) != "validation_failed" {
		t.Errorf("bad resolution: %v", err)
	}
	// An older template is never applied.
	g.set("leads", change(t, json.RawMessage(leadsV1), func(d map[string]any) { d["version"] = "0.9.0" }))
	if _, err := svc.Upgrade(ctx, "owner", ws, app.ID, "0.9.0", false, nil); faultCode(err) != "up_to_date" {
		t.Errorf("older version: %v", err)
	}
}

// A merge whose result does not check is refused with the problems, and nothing is written.
func TestUpgradeInvalidMerge(t *testing.T) {
	ctx := context.Background()
	svc, g := newService(t)
	g.set("leads", json.RawMessage(leadsV1))
	app, err := svc.Create(ctx, "owner", ws, apps.NewApp{Template: "leads"})
	if err != nil {
		t.Fatal(err)
	}
	// Here a view lists phone; the template removes phone.
	draft, _ := svc.Definition(ctx, "owner", ws, app.ID, 0)
	local := change(t, draft, func(d map[string]any) {
		d["views"] = []any{map[string]any{"key": "all", "form": "lead", "name": map[string]any{"zh-CN": "全部"}, "columns": []any{"name", "phone"}}}
	})
	if _, err := svc.SaveDraft(ctx, "owner", ws, app.ID, local); err != nil {
		t.Fatal(err)
	}
	g.set("leads", change(t, json.RawMessage(leadsV1), func(d map[string]any) {
		d["version"] = "2.0.0"
		delete(fields(d), "phone")
		mapAt(d, "forms", 0, "ui")["order"] = []any{"name"}
	}))
	_, err = svc.Upgrade(ctx, "owner", ws, app.ID, "2.0.0", false, nil)
	fe, ok := fault.As(err)
	if !ok || fe.Code != "upgrade_invalid" || fe.Fields["/views/0/columns/1"].Code != "unknown_field" {
		t.Fatalf("err = %v", err)
	}
	if after, _ := svc.Definition(ctx, "owner", ws, app.ID, 0); !bytes.Equal(after, local) && !jsonEqual(t, after, local) {
		t.Error("the draft changed")
	}
}

func jsonEqual(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
