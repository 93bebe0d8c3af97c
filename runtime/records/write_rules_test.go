package records_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/account"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/store"
	"github.com/formloom/formloom/store/sqlite"
)

// rulesApp has one form "item": a required title of at most 20 characters, a
// non-negative amount, a unique code, a secret and a status.
const rulesApp = `{
  "key": "write-rules",
  "name": {"zh-CN": "物品", "en": "Items"},
  "forms": [{
    "key": "item",
    "name": {"zh-CN": "物品", "en": "Item"},
    "schema": {"type": "object", "required": ["title"], "properties": {
      "title": {"type": "string", "maxLength": 20, "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}},
      "amount": {"type": "number", "minimum": 0, "x-formloom": {"type": "money", "label": {"zh-CN": "金额", "en": "Amount"}}},
      "code": {"type": "string", "x-formloom": {"type": "text", "unique": true, "label": {"zh-CN": "编号", "en": "Code"}}},
      "secret": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "底价", "en": "Floor price"}}},
      "status": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "状态", "en": "Status"}}}
    }}
  }]
}`

// fieldRules is an Access that lets every member do everything, but hides and locks
// fields for the members named in it.
type fieldRules struct {
	hidden, readOnly map[string]map[string]bool // user ID → field keys
}

func (a fieldRules) Authorize(_ context.Context, req records.AccessRequest) (records.Grant, error) {
	return records.Grant{Hidden: a.hidden[req.Member.UserID], ReadOnly: a.readOnly[req.Member.UserID]}, nil
}

// shop is a fresh store with one workspace (ann owns it, sam is a member) and rulesApp.
// sam may not see "secret" and may only read "status".
type shop struct {
	t    *testing.T
	ctx  context.Context
	recs *records.Service
	ids  map[string]string
	ws   string
	app  string
	// What the records service is built from, for tests that build their own.
	st     store.Store
	apps   *apps.Service
	people *org.Service
	log    *slog.Logger
}

func newShop(t *testing.T) *shop {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(t.TempDir(), "records.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, spec := range slices.Concat(account.Collections(), org.Collections(), apps.Collections(), records.Collections()) {
		if err := st.EnsureCollection(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	acc, err := account.New(st, account.Options{Hash: account.TestHashParams, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := acc.CreateUser(ctx, "ann@formloom.test", "ann", "ann-password")
	if err != nil {
		t.Fatal(err)
	}
	people := org.New(st, acc, "Asia/Shanghai")
	w, err := people.CreateWorkspace(ctx, ann.ID, "Shop")
	if err != nil {
		t.Fatal(err)
	}
	sam, err := people.InviteMember(ctx, ann.ID, w.ID, org.Invite{Email: "sam@formloom.test", Name: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	appSvc, err := apps.New(st, people, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := appSvc.Create(ctx, ann.ID, w.ID, apps.NewApp{Definition: json.RawMessage(rulesApp)})
	if err != nil {
		t.Fatalf("install: %v", err)
	}
	samID := sam.Member.UserID
	access := fieldRules{
		hidden:   map[string]map[string]bool{samID: {"secret": true}},
		readOnly: map[string]map[string]bool{samID: {"status": true}},
	}
	return &shop{t: t, ctx: ctx, ws: w.ID, app: a.ID, ids: map[string]string{"ann": ann.ID, "sam": samID},
		recs: records.New(st, appSvc, people, records.Options{Access: access, Logger: quiet}),
		st:   st, apps: appSvc, people: people, log: quiet}
}

func (s *shop) ref(who string) records.Ref {
	return records.Ref{Actor: s.ids[who], Workspace: s.ws, App: s.app, Form: "item"}
}

func (s *shop) create(who, data string) records.Record {
	s.t.Helper()
	r, err := s.recs.Create(s.ctx, s.ref(who), json.RawMessage(data))
	if err != nil {
		s.t.Fatalf("create %s: %v", data, err)
	}
	return r
}

// count is how many live (or deleted) records the form holds.
func (s *shop) count(deleted bool) int64 {
	s.t.Helper()
	page, err := s.recs.List(s.ctx, s.ref("ann"), records.ListQuery{Total: true, Deleted: deleted})
	if err != nil {
		s.t.Fatal(err)
	}
	return *page.Total
}

func data(t *testing.T, r records.Record) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// code is the fault's code and sorted field pointers, "" for nil.
func code(err error) string {
	if err == nil {
		return ""
	}
	fe, ok := fault.As(err)
	if !ok {
		return "internal: " + err.Error()
	}
	var ptrs []string
	for p := range fe.Fields {
		ptrs = append(ptrs, p)
	}
	slices.Sort(ptrs)
	return strings.Join(append([]string{fe.Code}, ptrs...), " ")
}

// TestCreateRules: what a new record must be; a refused one stores nothing.
func TestCreateRules(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	s.create("ann", `{"title":"已有","code":"A-1"}`)
	for _, c := range []struct {
		name, who, input, want string
	}{
		{"valid", "ann", `{"title":"新物品","amount":12.5,"code":"A-2"}`, ""},
		{"the title missing", "ann", `{"amount":1}`, "validation_failed /title"},
		{"the title too long", "ann", `{"title":"` + strings.Repeat("长", 21) + `"}`, "validation_failed /title"},
		{"a negative amount", "ann", `{"title":"x","amount":-1}`, "validation_failed /amount"},
		{"an amount of the wrong type", "ann", `{"title":"x","amount":"12"}`, "validation_failed /amount"},
		{"several problems at once", "ann", `{"amount":-1}`, "validation_failed /amount /title"},
		{"a field the form does not have", "ann", `{"title":"x","colour":"red"}`, "unknown_field /colour"},
		{"a unique value taken", "ann", `{"title":"x","code":"A-1"}`, "duplicate /code"},
		{"a hidden field, as if unknown", "sam", `{"title":"x","secret":"1"}`, "unknown_field /secret"},
		{"a read-only field", "sam", `{"title":"x","status":"done"}`, "readonly_field /status"},
		{"the other fields, by a member", "sam", `{"title":"sam 的"}`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := s.count(false)
			_, err := s.recs.Create(s.ctx, s.ref(c.who), json.RawMessage(c.input))
			if got := code(err); got != c.want {
				t.Fatalf("error %q, want %q", got, c.want)
			}
			want := before
			if c.want == "" {
				want++
			}
			if after := s.count(false); after != want {
				t.Fatalf("%d records after, want %d", after, want)
			}
		})
	}
}

// TestUpdateRules: If-Match versions, unknown, hidden and read-only fields, clearing, and a
// patch that changes nothing.
func TestUpdateRules(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	r := s.create("ann", `{"title":"原来","amount":5,"secret":"底价 3","status":"new"}`)
	v := r.Version
	for _, c := range []struct {
		name, who string
		ifMatch   int64
		patch     map[string]any
		want      string
	}{
		{"a stale version", "ann", v + 1, map[string]any{"title": "改"}, "precondition_failed"},
		{"an unknown field", "ann", v, map[string]any{"colour": "red"}, "unknown_field /colour"},
		{"a nested key", "ann", v, map[string]any{"title.x": "red"}, "unknown_field /title.x"},
		{"an invalid value", "ann", v, map[string]any{"amount": -3}, "validation_failed /amount"},
		{"clearing a required field", "ann", v, map[string]any{"title": nil}, "validation_failed /title"},
		{"a hidden field, as if unknown", "sam", v, map[string]any{"secret": "0"}, "unknown_field /secret"},
		{"clearing a hidden field", "sam", v, map[string]any{"secret": nil}, "unknown_field /secret"},
		{"a read-only field", "sam", v, map[string]any{"status": "done"}, "readonly_field /status"},
	} {
		if _, err := s.recs.Update(s.ctx, s.ref(c.who), r.ID, c.ifMatch, c.patch); code(err) != c.want {
			t.Errorf("%s: %q, want %q", c.name, code(err), c.want)
		}
	}
	got, err := s.recs.Get(s.ctx, s.ref("ann"), r.ID)
	if err != nil || got.Version != v {
		t.Fatalf("refused updates wrote: version %d → %d (%v)", v, got.Version, err)
	}
	// A member writes what they may; what they may not see stays, and is not shown.
	up, err := s.recs.Update(s.ctx, s.ref("sam"), r.ID, v, map[string]any{"title": "改过", "amount": nil})
	if err != nil {
		t.Fatal(err)
	}
	if up.Version != v+1 || up.UpdatedBy != s.ids["sam"] {
		t.Fatalf("after update: version %d by %s", up.Version, up.UpdatedBy)
	}
	seen := data(t, up)
	if _, ok := seen["secret"]; ok || seen["title"] != "改过" || seen["amount"] != nil || seen["status"] != "new" {
		t.Fatalf("sam sees %v", seen)
	}
	full, _ := s.recs.Get(s.ctx, s.ref("ann"), r.ID)
	if m := data(t, full); m["secret"] != "底价 3" {
		t.Fatalf("the hidden field changed: %v", m)
	}
	// The same values again write nothing; AnyVersion writes over whatever is stored.
	same, err := s.recs.Update(s.ctx, s.ref("ann"), r.ID, records.AnyVersion, map[string]any{"title": "改过"})
	if err != nil || same.Version != v+1 {
		t.Fatalf("no-op update: version %d, %v", same.Version, err)
	}
	if _, err := s.recs.Update(s.ctx, s.ref("ann"), r.ID, v, map[string]any{"title": "旧版本"}); code(err) != "precondition_failed" {
		t.Fatalf("the version read before: %v", err)
	}
	if up, err := s.recs.Update(s.ctx, s.ref("ann"), r.ID, records.AnyVersion, map[string]any{"title": "任意版本"}); err != nil || up.Version != v+2 {
		t.Fatalf("AnyVersion: %v %v", up.Version, err)
	}
}

// TestSoftDeleteAndRestore: a deleted record leaves lists, keeps its history, refuses
// updates, and comes back unless its unique value was taken meanwhile.
func TestSoftDeleteAndRestore(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	r := s.create("ann", `{"title":"要删","code":"C-1"}`)
	ann := s.ref("ann")
	if err := s.recs.Delete(s.ctx, ann, r.ID, r.Version+5); code(err) != "precondition_failed" {
		t.Fatalf("delete at a stale version: %v", err)
	}
	if err := s.recs.Delete(s.ctx, ann, r.ID, r.Version); err != nil {
		t.Fatal(err)
	}
	if s.count(false) != 0 || s.count(true) != 1 {
		t.Fatalf("live %d, deleted %d", s.count(false), s.count(true))
	}
	got, err := s.recs.Get(s.ctx, ann, r.ID)
	if err != nil || !got.Deleted || got.DeletedAt == nil {
		t.Fatalf("deleted record: %+v %v", got, err)
	}
	if err := s.recs.Delete(s.ctx, ann, r.ID, records.AnyVersion); err != nil {
		t.Fatalf("delete twice: %v", err)
	}
	if again, _ := s.recs.Get(s.ctx, ann, r.ID); again.Version != got.Version {
		t.Fatalf("a second delete wrote: %d → %d", got.Version, again.Version)
	}
	if _, err := s.recs.Update(s.ctx, ann, r.ID, records.AnyVersion, map[string]any{"title": "x"}); code(err) != "record_deleted" {
		t.Fatalf("update a deleted record: %v", err)
	}
	// Its unique value is free while it is deleted; restoring it then collides.
	other := s.create("ann", `{"title":"占用","code":"C-1"}`)
	if _, err := s.recs.Restore(s.ctx, ann, r.ID, records.AnyVersion); code(err) != "duplicate /code" {
		t.Fatalf("restore onto a taken value: %v", err)
	}
	if _, err := s.recs.Update(s.ctx, ann, other.ID, records.AnyVersion, map[string]any{"code": "C-2"}); err != nil {
		t.Fatal(err)
	}
	back, err := s.recs.Restore(s.ctx, ann, r.ID, records.AnyVersion)
	if err != nil || back.Deleted || back.DeletedAt != nil {
		t.Fatalf("restore: %+v %v", back, err)
	}
	if _, err := s.recs.Restore(s.ctx, ann, r.ID, records.AnyVersion); code(err) != "not_deleted" {
		t.Fatalf("restore a live record: %v", err)
	}
	h, err := s.recs.History(s.ctx, ann, r.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range h.Items {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "created deleted restored" {
		t.Fatalf("history %v", actions)
	}
}

// TestRecordsStayInTheirForm: a record is reached only through its own workspace, app and
// form, and only by members.
func TestRecordsStayInTheirForm(t *testing.T) {
	t.Parallel()
	s := newShop(t)
	r := s.create("ann", `{"title":"x"}`)
	for name, ref := range map[string]records.Ref{
		"another form":      {Actor: s.ids["ann"], Workspace: s.ws, App: s.app, Form: "other"},
		"another app":       {Actor: s.ids["ann"], Workspace: s.ws, App: "other", Form: "item"},
		"another workspace": {Actor: s.ids["ann"], Workspace: "other", App: s.app, Form: "item"},
		"someone outside":   {Actor: "stranger", Workspace: s.ws, App: s.app, Form: "item"},
	} {
		if _, err := s.recs.Get(s.ctx, ref, r.ID); code(err) != "not_found" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := s.recs.Get(s.ctx, s.ref("ann"), "no-such-record"); code(err) != "not_found" {
		t.Errorf("unknown record: %v", err)
	}
}
