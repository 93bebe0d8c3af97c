package template_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/template"
)

func mergeBase(t testing.TB) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile("testdata/merge/base.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// edit returns a copy of raw changed by fn.
func edited(t testing.TB, raw json.RawMessage, fn func(d map[string]any)) json.RawMessage {
	t.Helper()
	d := decodeDoc(t, raw).(map[string]any)
	fn(d)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeDoc(t testing.TB, raw json.RawMessage) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, raw)
	}
	return v
}

// at is the value at a JSON pointer of raw, or nil.
func valueAt(t testing.TB, raw json.RawMessage, pointer string) any {
	t.Helper()
	v := decodeDoc(t, raw)
	if pointer == "" {
		return v
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// get navigates a decoded document by object keys and list indexes.
func dig(d any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			d = d.(map[string]any)[k]
		case int:
			d = d.([]any)[k]
		}
	}
	return d
}

func items(d any, path ...any) []any { return dig(d, path...).([]any) }
func member(d any, path ...any) map[string]any {
	return dig(d, path...).(map[string]any)
}

func props(d map[string]any) map[string]any {
	return member(d, "forms", 0, "schema", "properties")
}

func mustMerge(t *testing.T, base, local, remote json.RawMessage) (json.RawMessage, []template.Conflict) {
	t.Helper()
	merged, conflicts, err := template.Merge3(base, local, remote)
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	return merged, conflicts
}

func noConflicts(t *testing.T, cs []template.Conflict) {
	t.Helper()
	if len(cs) != 0 {
		t.Fatalf("unexpected conflicts: %+v", cs)
	}
}

func wantString(t *testing.T, merged json.RawMessage, pointer, want string) {
	t.Helper()
	if got, _ := valueAt(t, merged, pointer).(string); got != want {
		t.Errorf("%s = %v, want %q\n%s", pointer, valueAt(t, merged, pointer), want, merged)
	}
}

func keysOf(t *testing.T, merged json.RawMessage, pointer, member string) []string {
	t.Helper()
	var out []string
	items, _ := valueAt(t, merged, pointer).([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		s, _ := m[member].(string)
		out = append(out, s)
	}
	return out
}

func TestMergeTakesTheSideThatChanged(t *testing.T) {
	base := mergeBase(t)
	local := edited(t, base, func(d map[string]any) {
		member(props(d), "name")["maxLength"] = json.Number("150")
	})
	remote := edited(t, base, func(d map[string]any) {
		member(props(d), "amount")["minimum"] = json.Number("10")
	})
	merged, cs := mustMerge(t, base, local, remote)
	noConflicts(t, cs)
	p := "/forms/0/schema/properties"
	if got := valueAt(t, merged, p+"/name/maxLength"); got != json.Number("150") {
		t.Errorf("local change lost: %v", got)
	}
	if got := valueAt(t, merged, p+"/amount/minimum"); got != json.Number("10") {
		t.Errorf("remote change lost: %v", got)
	}
}

func TestMergeSameChangeOnBothSidesIsNoConflict(t *testing.T) {
	base := mergeBase(t)
	both := edited(t, base, func(d map[string]any) { member(props(d), "name")["maxLength"] = json.Number("80") })
	merged, cs := mustMerge(t, base, both, both)
	noConflicts(t, cs)
	if got := valueAt(t, merged, "/forms/0/schema/properties/name/maxLength"); got != json.Number("80") {
		t.Errorf("maxLength = %v", got)
	}
}

func TestMergeConflictKeepsLocal(t *testing.T) {
	base := mergeBase(t)
	label := func(zh string) func(d map[string]any) {
		return func(d map[string]any) { member(props(d), "phone", "x-formloom", "label")["zh-CN"] = zh }
	}
	local, remote := edited(t, base, label("手机")), edited(t, base, label("联系电话"))
	merged, cs := mustMerge(t, base, local, remote)
	p := "/forms/0/schema/properties/phone/x-formloom/label/zh-CN"
	want := []template.Conflict{{Pointer: p, Kind: template.ConflictChanged,
		Base: json.RawMessage(`"电话"`), Local: json.RawMessage(`"手机"`), Remote: json.RawMessage(`"联系电话"`)}}
	if !reflect.DeepEqual(cs, want) {
		t.Fatalf("conflicts = %+v, want %+v", cs, want)
	}
	wantString(t, merged, p, "手机")

	resolved, rest, err := template.Merge3Resolved(base, local, remote, map[string]string{p: template.SideRemote})
	if err != nil || len(rest) != 0 {
		t.Fatalf("resolve: %v %+v", err, rest)
	}
	wantString(t, resolved, p, "联系电话")
	kept, _, err := template.Merge3Resolved(base, local, remote, map[string]string{p: template.SideLocal})
	if err != nil {
		t.Fatal(err)
	}
	wantString(t, kept, p, "手机")

	if _, _, err := template.Merge3Resolved(base, local, remote, map[string]string{"/nowhere": template.SideLocal}); !errors.Is(err, template.ErrBadResolution) {
		t.Errorf("unknown pointer: %v", err)
	}
	if _, _, err := template.Merge3Resolved(base, local, remote, map[string]string{p: "mine"}); !errors.Is(err, template.ErrBadResolution) {
		t.Errorf("unknown side: %v", err)
	}
}

func TestMergeLabelsPerLanguage(t *testing.T) {
	base := mergeBase(t)
	local := edited(t, base, func(d map[string]any) { member(d, "forms", 0, "name")["zh-CN"] = "销售线索" })
	remote := edited(t, base, func(d map[string]any) { member(d, "forms", 0, "name")["en"] = "Sales lead" })
	merged, cs := mustMerge(t, base, local, remote)
	noConflicts(t, cs)
	wantString(t, merged, "/forms/0/name/zh-CN", "销售线索")
	wantString(t, merged, "/forms/0/name/en", "Sales lead")
}

func addForm(d map[string]any, k string) {
	d["forms"] = append(items(d, "forms"), map[string]any{"key": k, "name": map[string]any{"zh-CN": k},
		"schema": map[string]any{"type": "object", "properties": map[string]any{"title": map[string]any{"type": "string",
			"x-formloom": map[string]any{"type": "text", "label": map[string]any{"zh-CN": "标题"}}}}}})
}

// Every keyed list: an item added on each side gives both, local first, and no conflict.
func TestMergeKeyedListsAppendBothAdditions(t *testing.T) {
	text := func(s string) map[string]any { return map[string]any{"zh-CN": s} }
	cases := []struct {
		name, pointer, member string
		add                   func(d map[string]any, key string)
	}{
		{"forms", "/forms", "key", addForm},
		{"roles", "/roles", "key", func(d map[string]any, k string) {
			d["roles"] = append(items(d, "roles"), map[string]any{"key": k, "name": text(k)})
		}},
		{"views", "/views", "key", func(d map[string]any, k string) {
			d["views"] = append(items(d, "views"), map[string]any{"key": k, "form": "lead", "name": text(k)})
		}},
		{"dashboards", "/dashboards", "key", func(d map[string]any, k string) {
			d["dashboards"] = append(items(d, "dashboards"), map[string]any{"key": k, "name": text(k), "widgets": []any{}})
		}},
		{"widgets", "/dashboards/0/widgets", "key", func(d map[string]any, k string) {
			w := member(d, "dashboards", 0)
			w["widgets"] = append(items(w, "widgets"), map[string]any{"key": k, "name": text(k), "form": "lead", "chart": "number",
				"aggregation": map[string]any{"metrics": []any{map[string]any{"op": "count", "as": "n"}}}})
		}},
		{"pipelines", "/pipelines", "key", func(d map[string]any, k string) {
			addForm(d, k)
			d["pipelines"] = append(items(d, "pipelines"), map[string]any{"key": k, "form": k,
				"nodes": []any{map[string]any{"key": "start", "type": "start"}, map[string]any{"key": "end", "type": "end"}},
				"edges": []any{map[string]any{"from": "start", "to": "end"}}})
		}},
		{"automations", "/automations", "key", func(d map[string]any, k string) {
			d["automations"] = append(items(d, "automations"), map[string]any{"key": k, "form": "lead",
				"on": map[string]any{"event": "updated"}, "actions": []any{map[string]any{"type": "notify",
					"to": []any{map[string]any{"type": "submitter"}}, "message": text(k)}}})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := mergeBase(t)
			before := keysOf(t, base, c.pointer, c.member)
			local := edited(t, base, func(d map[string]any) { c.add(d, "mine") })
			remote := edited(t, base, func(d map[string]any) { c.add(d, "theirs") })
			merged, cs := mustMerge(t, base, local, remote)
			noConflicts(t, cs)
			want := append(before, "mine", "theirs")
			if got := keysOf(t, merged, c.pointer, c.member); !reflect.DeepEqual(got, want) {
				t.Errorf("keys = %v, want %v", got, want)
			}
		})
	}
}

func TestMergeKeyedListKeepsLocalOrder(t *testing.T) {
	base := mergeBase(t)
	local := edited(t, base, func(d map[string]any) {
		r := items(d, "roles")
		d["roles"] = []any{r[1], r[0]}
	})
	remote := edited(t, base, func(d map[string]any) { member(d, "roles", 0, "name")["en"] = "Sales rep" })
	merged, cs := mustMerge(t, base, local, remote)
	noConflicts(t, cs)
	if got := keysOf(t, merged, "/roles", "key"); !reflect.DeepEqual(got, []string{"manager", "sales"}) {
		t.Errorf("order = %v", got)
	}
	wantString(t, merged, "/roles/1/name/en", "Sales rep")
}

// Nodes merge by key and edges by from and to: each side puts a step into the flow.
func TestMergeNodesAndEdges(t *testing.T) {
	base := mergeBase(t)
	step := func(d map[string]any, key, after, before string) {
		p := member(d, "pipelines", 0)
		p["nodes"] = append(items(p, "nodes"), map[string]any{"key": key, "type": "task",
			"assignees": []any{map[string]any{"type": "submitter"}}})
		var edges []any
		for _, e := range items(p, "edges") {
			if e := e.(map[string]any); e["from"] == after && e["to"] == before {
				continue
			}
			edges = append(edges, e)
		}
		p["edges"] = append(edges, map[string]any{"from": after, "to": key}, map[string]any{"from": key, "to": before})
	}
	local := edited(t, base, func(d map[string]any) { step(d, "mine", "start", "review") })
	remote := edited(t, base, func(d map[string]any) {
		step(d, "theirs", "review", "end")
		member(d, "pipelines", 0, "nodes", 1)["stage"] = "审核"
	})
	merged, cs := mustMerge(t, base, local, remote)
	noConflicts(t, cs)
	if got, want := keysOf(t, merged, "/pipelines/0/nodes", "key"), []string{"start", "review", "end", "mine", "theirs"}; !reflect.DeepEqual(got, want) {
		t.Errorf("nodes = %v, want %v", got, want)
	}
	wantString(t, merged, "/pipelines/0/nodes/1/stage", "审核")
	var got []string
	for _, e := range items(decodeDoc(t, merged), "pipelines", 0, "edges") {
		got = append(got, dig(e, "from").(string)+">"+dig(e, "to").(string))
	}
	if want := []string{"start>mine", "mine>review", "review>theirs", "theirs>end"}; !reflect.DeepEqual(got, want) {
		t.Errorf("edges = %v, want %v", got, want)
	}
}

func TestMergePermissionsByRoleAndForm(t *testing.T) {
	base := mergeBase(t)
	local := edited(t, base, func(d map[string]any) {
		member(d, "permissions", 0)["scope"] = "all"
	})
	remote := edited(t, base, func(d map[string]any) {
		d["permissions"] = append(items(d, "permissions"),
			map[string]any{"role": "manager", "form": "lead", "actions": []any{"read"}},
			map[string]any{"role": "sales", "actions": []any{"manage"}})
		member(d, "permissions", 0)["actions"] = []any{"create", "read", "update"}
	})
	merged, cs := mustMerge(t, base, local, remote)
	noConflicts(t, cs)
	doc := decodeDoc(t, merged)
	perms := items(doc, "permissions")
	if len(perms) != 3 || dig(perms, 0, "scope") != "all" || dig(perms, 1, "role") != "manager" || dig(perms, 2, "form") != nil {
		t.Fatalf("permissions = %v", perms)
	}
	if got := items(perms, 0, "actions"); len(got) != 3 {
		t.Errorf("actions = %v", got)
	}
}

func TestMergeFieldsAndRequiredAndOrderAsSets(t *testing.T) {
	base := mergeBase(t)
	field := func(d map[string]any, key string) {
		props(d)[key] = map[string]any{"type": "string", "x-formloom": map[string]any{"type": "text", "label": map[string]any{"zh-CN": key}}}
		f := member(d, "forms", 0)
		member(f, "ui")["order"] = append(items(f, "ui", "order"), key)
		member(f, "schema")["required"] = append(items(f, "schema", "required"), key)
	}
	local := edited(t, base, func(d map[string]any) { field(d, "mine") })
	remote := edited(t, base, func(d map[string]any) {
		field(d, "theirs")
		// The template drops phone from the layout.
		f := member(d, "forms", 0, "ui")
		f["order"] = []any{"name", "status", "amount", "theirs"}
	})
	merged, cs := mustMerge(t, base, local, remote)
	noConflicts(t, cs)
	doc := decodeDoc(t, merged)
	if _, ok := member(doc, "forms", 0, "schema", "properties")["mine"]; !ok {
		t.Error("local field lost")
	}
	if _, ok := member(doc, "forms", 0, "schema", "properties")["theirs"]; !ok {
		t.Error("remote field missing")
	}
	if got, want := items(doc, "forms", 0, "schema", "required"), []any{"name", "mine", "theirs"}; !reflect.DeepEqual(got, want) {
		t.Errorf("required = %v, want %v", got, want)
	}
	if got, want := items(doc, "forms", 0, "ui", "order"), []any{"name", "status", "amount", "mine", "theirs"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestMergeKeepsLocalMemberOrder(t *testing.T) {
	base := mergeBase(t)
	local := edited(t, base, func(d map[string]any) { member(d, "forms", 0, "name")["en"] = "Prospect" })
	remote := edited(t, base, func(d map[string]any) { d["description"] = map[string]any{"zh-CN": "说明"} })
	merged, _ := mustMerge(t, base, local, remote)
	// Local is written by encoding/json with sorted members; the remote addition comes last.
	if i, j := bytes.Index(merged, []byte(`"views"`)), bytes.Index(merged, []byte(`"description"`)); i < 0 || j < i {
		t.Errorf("member order: %s", merged)
	}
}

func TestMergeOptionsByValue(t *testing.T) {
	base := mergeBase(t)
	local := edited(t, base, func(d map[string]any) {
		st := member(props(d), "status")
		st["enum"] = []any{"new", "won", "hot"}
		xf := member(st, "x-formloom")
		member(xf, "options", 0, "label")["zh-CN"] = "新线索"
		xf["options"] = append(items(xf, "options"), map[string]any{"value": "hot", "label": map[string]any{"zh-CN": "热"}})
	})
	remote := edited(t, base, func(d map[string]any) {
		st := member(props(d), "status")
		st["enum"] = []any{"new", "lost", "won"}
		xf := member(st, "x-formloom")
		o := items(xf, "options")
		xf["options"] = []any{o[0], map[string]any{"value": "lost", "label": map[string]any{"zh-CN": "丢单"}}, o[1]}
	})
	merged, cs := mustMerge(t, base, local, remote)
	noConflicts(t, cs)
	p := "/forms/0/schema/properties/status"
	if got := keysOf(t, merged, p+"/x-formloom/options", "value"); !reflect.DeepEqual(got, []string{"new", "won", "hot", "lost"}) {
		t.Errorf("options = %v", got)
	}
	wantString(t, merged, p+"/x-formloom/options/0/label/zh-CN", "新线索")
	if got := valueAt(t, merged, p+"/enum"); !reflect.DeepEqual(got, []any{"new", "won", "hot", "lost"}) {
		t.Errorf("enum = %v", got)
	}
}

func TestMergeRemovedOnOneSide(t *testing.T) {
	base := mergeBase(t)
	dropView := func(d map[string]any) { d["views"] = []any{} }
	renameView := func(d map[string]any) { member(d, "views", 0, "name")["zh-CN"] = "未结" }

	t.Run("removed upstream, unchanged here", func(t *testing.T) {
		merged, cs := mustMerge(t, base, base, edited(t, base, dropView))
		noConflicts(t, cs)
		if got := keysOf(t, merged, "/views", "key"); len(got) != 0 {
			t.Errorf("views = %v", got)
		}
	})
	t.Run("removed here, unchanged upstream", func(t *testing.T) {
		merged, cs := mustMerge(t, base, edited(t, base, dropView), base)
		noConflicts(t, cs)
		if got := keysOf(t, merged, "/views", "key"); len(got) != 0 {
			t.Errorf("views = %v", got)
		}
	})
	t.Run("removed upstream, changed here", func(t *testing.T) {
		merged, cs := mustMerge(t, base, edited(t, base, renameView), edited(t, base, dropView))
		if len(cs) != 1 || cs[0].Pointer != "/views/0" || cs[0].Kind != template.ConflictRemovedRemote || cs[0].Remote != nil {
			t.Fatalf("conflicts = %+v", cs)
		}
		wantString(t, merged, "/views/0/name/zh-CN", "未结")
	})
	t.Run("removed here, changed upstream", func(t *testing.T) {
		local, remote := edited(t, base, dropView), edited(t, base, renameView)
		merged, cs := mustMerge(t, base, local, remote)
		if len(cs) != 1 || cs[0].Pointer != "/views/0" || cs[0].Kind != template.ConflictRemovedLocal || cs[0].Local != nil {
			t.Fatalf("conflicts = %+v", cs)
		}
		wantString(t, merged, "/views/0/name/zh-CN", "未结")
		resolved, _, err := template.Merge3Resolved(base, local, remote, map[string]string{"/views/0": template.SideLocal})
		if err != nil {
			t.Fatal(err)
		}
		if got := keysOf(t, resolved, "/views", "key"); len(got) != 0 {
			t.Errorf("resolved to local, views = %v", got)
		}
	})
}

func TestMergeRefusesAnInvalidResult(t *testing.T) {
	base := mergeBase(t)
	// Here a view lists amount; the template removes the field.
	local := edited(t, base, func(d map[string]any) {
		member(d, "views", 0)["columns"] = []any{"name", "status", "amount"}
	})
	remote := edited(t, base, func(d map[string]any) {
		delete(props(d), "amount")
		member(d, "forms", 0, "ui")["order"] = []any{"name", "phone", "status"}
	})
	merged, _, err := template.Merge3(base, local, remote)
	var ps *template.Problems
	if !errors.As(err, &ps) || !ps.Has("/views/0/columns/2", "unknown_field") {
		t.Fatalf("err = %v", err)
	}
	if merged != nil {
		t.Error("a broken merge returned a document")
	}
}

func TestMergeRefusesBadJSON(t *testing.T) {
	base := mergeBase(t)
	if _, _, err := template.Merge3(base, json.RawMessage(`{"key":`), base); err == nil {
		t.Error("bad local accepted")
	}
}

// FuzzMerge3: no inputs make Merge3 panic; a result without error passes Check. Each
// call checks a template, so run it with minimisation off to keep it moving:
// go test -run '^$' -fuzz FuzzMerge3 -fuzzminimizetime 0 -fuzztime 60s
func FuzzMerge3(f *testing.F) {
	base, err := os.ReadFile("testdata/merge/base.json")
	if err != nil {
		f.Fatal(err)
	}
	other := bytes.Replace(base, []byte(`"名称"`), []byte(`"名字"`), 1)
	f.Add(base, base, base)
	f.Add(base, other, base)
	f.Add(base, base, other)
	f.Add([]byte(`{}`), []byte(`{"a":[1]}`), []byte(`{"a":[{"key":"x"}]}`))
	f.Add([]byte(`[]`), []byte(`null`), []byte(`{"forms":[{"key":1}]}`))
	f.Fuzz(func(t *testing.T, b, l, r []byte) {
		merged, _, err := template.Merge3(b, l, r)
		if err != nil {
			return
		}
		if _, err := template.Check(merged); err != nil {
			t.Fatalf("merged template fails Check: %v", err)
		}
	})
}

// BenchmarkMerge3: a merge of a small template with changes on both sides, Check included.
func BenchmarkMerge3(b *testing.B) {
	base := mergeBase(b)
	local := edited(b, base, func(d map[string]any) { member(d, "forms", 0, "name")["zh-CN"] = "销售线索" })
	remote := edited(b, base, func(d map[string]any) { member(d, "roles", 0, "name")["en"] = "Sales rep" })
	for b.Loop() {
		if _, _, err := template.Merge3(base, local, remote); err != nil {
			b.Fatal(err)
		}
	}
}
