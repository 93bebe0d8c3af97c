package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// rowsApp: an order's item rows ask for a reason only when the row is custom-made
// (items.reason is shown when the row's custom is true). A "batch" record creates an
// order by automation with one plain and one custom row.
const rowsApp = `{"key": "orders", "name": {"zh-CN": "订单", "en": "Orders"}, "forms": [
 {"key": "order", "name": {"zh-CN": "订单", "en": "Order"},
  "schema": {"type": "object", "required": ["title"], "properties": {
    "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Title"}}},
    "items": {"type": "array", "x-formloom": {"type": "subform", "label": {"zh-CN": "明细", "en": "Items"}},
      "items": {"type": "object", "required": ["name", "reason"], "properties": {
        "name": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "品名", "en": "Name"}}},
        "custom": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "定制", "en": "Custom"}}},
        "reason": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "定制原因", "en": "Reason"}}}}}}
  }},
  "ui": {"fields": {"items.reason": {"visibleWhen": {"properties": {"custom": {"const": true}}, "required": ["custom"]}}}}},
 {"key": "batch", "name": {"zh-CN": "批次", "en": "Batch"},
  "schema": {"type": "object", "required": ["title"], "properties": {
    "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Title"}}}}}}],
 "automations": [{"key": "batch_order", "form": "batch", "on": {"event": "created"},
   "actions": [{"type": "createRecords", "form": "order", "map": {"title": "title",
     "items": "[{\"name\": \"plain\", \"reason\": \"dropped\"}, {\"name\": \"made\", \"custom\": true, \"reason\": \"kept\"}]"}}]}]}`

// wantRows checks a stored order's rows: the plain row holds no reason, the custom row its own.
func wantRows(t *testing.T, how, body string) {
	t.Helper()
	var rec struct {
		Data struct {
			Items []map[string]any `json:"items"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &rec); err != nil || len(rec.Data.Items) != 2 {
		t.Fatalf("%s: %s", how, body)
	}
	if _, kept := rec.Data.Items[0]["reason"]; kept || rec.Data.Items[1]["reason"] == nil {
		t.Fatalf("%s: hidden column stored or shown one lost: %v", how, rec.Data.Items)
	}
}

// TestVisibleWhenOnSubFormRows: on every write path a sub-form column whose condition its
// row does not match is dropped and not required, row by row, while in a row that shows
// it the column is stored and required.
func TestVisibleWhenOnSubFormRows(t *testing.T) {
	t.Parallel()
	a := apitest.NewWith(t, apitest.Options{ManualSchedule: true})
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+rowsApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id")
	orders := base + "/forms/order/records"
	rows := `[{"name": "plain", "reason": "dropped"}, {"name": "made", "custom": true, "reason": "kept"}]`
	count := func() any {
		return decode(t, mustCall(t, a, ann, 200, "GET", orders+"?total=true&limit=1", ""))["total"]
	}

	// Create: the plain row's reason is dropped, and a plain row needs none.
	body = mustCall(t, a, ann, 201, "POST", orders, `{"title": "create", "items": `+rows+`}`)
	wantRows(t, "create", body)
	id := field(t, body, "id")
	mustCall(t, a, ann, 201, "POST", orders, `{"title": "no reason", "items": [{"name": "plain"}]}`)

	// A custom row without its reason is refused at that row, and nothing is stored.
	before := count()
	st, body = a.Call(ann, "POST", orders, `{"title": "bad", "items": [{"name": "plain"}, {"name": "made", "custom": true, "reason": " "}]}`)
	if st != 422 || !strings.Contains(body, `"/items/1/reason":{"code":"required"`) || strings.Contains(body, `"/items/0/reason"`) {
		t.Fatalf("custom row without reason: %d %s", st, body)
	}
	if count() != before {
		t.Fatal("a refused record was stored")
	}

	// Update: unticking a row's custom clears its stored reason.
	req := a.Request(ann, "PATCH", orders+"/"+id, `{"items": [{"name": "plain", "custom": true, "reason": "now shown"}, {"name": "made", "custom": false, "reason": "kept"}]}`)
	req.Header.Set("If-Match", `"1"`)
	resp := a.Do(req)
	body = readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(body, `"now shown"`) || strings.Contains(body, `"kept"`) {
		t.Fatalf("update: %d %s", resp.StatusCode, body)
	}

	// Import: a row's JSON cell is held to the same rule.
	csv := "title,items\nimported,\"" + strings.ReplaceAll(rows, `"`, `""`) + "\"\n"
	st, _, body = send(t, a, ann, "POST", base+"/forms/order/import?format=csv", []byte(csv), "Content-Type", "text/csv")
	if st != 200 || !strings.Contains(body, `"stored":1`) {
		t.Fatalf("import: %d %s", st, body)
	}
	wantRows(t, "import", firstOrder(t, a, ann, orders, "imported"))

	// Public link: an anonymous submission too.
	body = mustCall(t, a, ann, 201, "POST", base+"/forms/order/public-links", `{"owner": "`+v["ann"]+`"}`)
	public := field(t, body, "url")
	mustCall(t, a, apitest.Session{}, 201, "POST", public, `{"title": "public", "items": `+rows+`}`)
	wantRows(t, "public", firstOrder(t, a, ann, orders, "public"))

	// Automation: the record it creates is held to the rule as well.
	mustCall(t, a, ann, 201, "POST", base+"/forms/batch/records", `{"title": "automated"}`)
	drainOutbox(t, a.App.Scheduler)
	wantRows(t, "automation", firstOrder(t, a, ann, orders, "automated"))
}

// firstOrder reads back the order with the given title, as stored.
func firstOrder(t *testing.T, a *apitest.TestApp, s apitest.Session, orders, title string) string {
	t.Helper()
	list := mustCall(t, a, s, 200, "GET", orders+"?filter="+q(`{"field":"title","op":"eq","value":"`+title+`"}`), "")
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal([]byte(list), &page); err != nil || len(page.Items) != 1 {
		t.Fatalf("no order %q: %s", title, list)
	}
	return string(page.Items[0])
}
