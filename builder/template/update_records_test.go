package template_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/formloom/formloom/builder/template"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// updateRecordsApp: a follow-up updates its customer (ids, and target in values); a
// meeting cancels its tasks (match on a relation to several meetings); a pipeline's
// automation node takes stock from the product its line names.
const updateRecordsApp = `{
  "key": "update-records", "name": {"zh-CN": "修改数据", "en": "Update records"},
  "forms": [
    {"key": "customer", "name": {"zh-CN": "客户", "en": "Customer"}, "schema": {"type": "object", "properties": {
      "name": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Name"}}},
      "visits": {"type": "number", "x-formloom": {"type": "number", "label": {"zh-CN": "拜访次数", "en": "Visits"}}},
      "lastAt": {"type": "string", "format": "date-time", "x-formloom": {"type": "datetime", "label": {"zh-CN": "最近跟进", "en": "Last"}}},
      "double": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "label": {"zh-CN": "两倍", "en": "Double"}, "expr": "visits * 2"}},
      "lines": {"type": "array", "items": {"type": "object", "properties": {
        "sku": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "货号", "en": "SKU"}}}}},
        "x-formloom": {"type": "subform", "label": {"zh-CN": "明细", "en": "Lines"}}}
    }}},
    {"key": "followup", "name": {"zh-CN": "跟进", "en": "Follow-up"}, "schema": {"type": "object", "properties": {
      "customer": {"type": "string", "x-formloom": {"type": "relation", "form": "customer", "label": {"zh-CN": "客户", "en": "Customer"}}},
      "at": {"type": "string", "format": "date-time", "x-formloom": {"type": "datetime", "label": {"zh-CN": "时间", "en": "At"}}}
    }}},
    {"key": "meeting", "name": {"zh-CN": "会议", "en": "Meeting"}, "schema": {"type": "object", "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "标题", "en": "Title"}}}
    }}},
    {"key": "task", "name": {"zh-CN": "任务", "en": "Task"}, "schema": {"type": "object", "properties": {
      "meetings": {"type": "array", "items": {"type": "string"}, "uniqueItems": true,
        "x-formloom": {"type": "relation", "form": "meeting", "multiple": true, "label": {"zh-CN": "会议", "en": "Meetings"}}},
      "status": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "状态", "en": "Status"}}}
    }}}
  ],
  "pipelines": [{"key": "p", "form": "meeting",
    "nodes": [{"key": "start", "type": "start"},
      {"key": "close", "type": "automation", "actions": [{"type": "updateRecords", "form": "task", "match": {"meetings": "record.id"}, "values": {"status": "\"closed\""}}]},
      {"key": "end", "type": "end"}],
    "edges": [{"from": "start", "to": "close"}, {"from": "close", "to": "end"}]}],
  "automations": [
    {"key": "to_customer", "form": "followup", "on": {"event": "created"},
     "actions": [{"type": "updateRecords", "form": "customer", "ids": "customer", "values": {"lastAt": "at", "visits": "target.visits + 1"}}]},
    {"key": "cancel_tasks", "form": "meeting", "on": {"event": "updated"},
     "actions": [{"type": "updateRecords", "form": "task", "match": {"meetings": "record.id"}, "values": {"status": "\"cancelled\""}}]}
  ]
}`

func updateRecordsDoc(t *testing.T) jsonDoc {
	t.Helper()
	var d jsonDoc
	if err := json.Unmarshal([]byte(updateRecordsApp), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestUpdateRecordsProblems: an updateRecords action names a form of the template, finds
// its targets by ids or match (never neither) over the source record only, and writes
// fields the target form has and lets be written — each problem at its member's pointer,
// where the automations designer shows it.
func TestUpdateRecordsProblems(t *testing.T) {
	act := func(t *testing.T, d jsonDoc, a int) jsonDoc { return nav(t, d, "automations", a, "actions", 0) }
	cases := []checkCase{
		{"unknown target form", func(t *testing.T, d jsonDoc) { act(t, d, 0)["form"] = "invoice" }, "/automations/0/actions/0/form unknown_form"},
		{"no target form", func(t *testing.T, d jsonDoc) { delete(act(t, d, 0), "form") }, "/automations/0/actions/0/form required"},
		{"neither ids nor match", func(t *testing.T, d jsonDoc) { delete(act(t, d, 0), "ids") }, "/automations/0/actions/0/match required"},
		{"no values", func(t *testing.T, d jsonDoc) { delete(act(t, d, 0), "values") }, "/automations/0/actions/0/values required"},
		{"empty match", func(t *testing.T, d jsonDoc) { act(t, d, 1)["match"] = jsonDoc{} }, "/automations/1/actions/0/match minProperties"},
		{"match on a field the target lacks", func(t *testing.T, d jsonDoc) {
			act(t, d, 1)["match"] = jsonDoc{"meeting": "record.id"}
		}, "/automations/1/actions/0/match/meeting unknown_field"},
		{"match on a sub-form", func(t *testing.T, d jsonDoc) {
			act(t, d, 0)["match"] = jsonDoc{"lines": "record.id"}
		}, "/automations/0/actions/0/match/lines field_type"},
		{"match naming a field the source lacks", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 1, "actions", 0, "match")["meetings"] = "meetingId"
		}, "/automations/1/actions/0/match/meetings unknown_field"},
		{"match reading the target", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 1, "actions", 0, "match")["meetings"] = "target.id"
		}, "/automations/1/actions/0/match/meetings unknown_field"},
		{"match that does not compile", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 1, "actions", 0, "match")["meetings"] = "record.id +"
		}, "/automations/1/actions/0/match/meetings bad_expr"},
		{"ids naming a field the source lacks", func(t *testing.T, d jsonDoc) { act(t, d, 0)["ids"] = "client" }, "/automations/0/actions/0/ids unknown_field"},
		{"ids reading the target", func(t *testing.T, d jsonDoc) { act(t, d, 0)["ids"] = "target.id" }, "/automations/0/actions/0/ids unknown_field"},
		{"empty ids", func(t *testing.T, d jsonDoc) { act(t, d, 0)["ids"] = "" }, "/automations/0/actions/0/ids minLength"},
		{"value for a field the target lacks", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 0, "actions", 0, "values")["customer"] = "customer"
		}, "/automations/0/actions/0/values/customer unknown_field"},
		{"value for a formula", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 0, "actions", 0, "values")["double"] = "1"
		}, "/automations/0/actions/0/values/double read_only_field"},
		{"value naming a field the source lacks", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 0, "actions", 0, "values")["visits"] = "visits + 1"
		}, "/automations/0/actions/0/values/visits unknown_field"},
		{"value reading an item", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 0, "actions", 0, "values")["visits"] = "item.n"
		}, "/automations/0/actions/0/values/visits unknown_field"},
		{"forEach on an update", func(t *testing.T, d jsonDoc) { act(t, d, 0)["forEach"] = "customer" }, "/automations/0/actions/0/forEach not_allowed"},
		{"map on an update", func(t *testing.T, d jsonDoc) { act(t, d, 0)["map"] = jsonDoc{"name": "\"x\""} }, "/automations/0/actions/0/map not_allowed"},
		{"ids on set fields", func(t *testing.T, d jsonDoc) {
			a := act(t, d, 0)
			a["type"] = "setFields"
			delete(a, "form")
			a["values"] = jsonDoc{"at": "NOW()"}
		}, "/automations/0/actions/0/ids not_allowed"},
		{"match on create records", func(t *testing.T, d jsonDoc) {
			a := act(t, d, 1)
			a["type"], a["map"] = "createRecords", a["values"]
			delete(a, "values")
		}, "/automations/1/actions/0/match not_allowed"},
		{"automation node updating an unknown field", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 1, "actions", 0, "values")["state"] = "\"x\""
		}, "/pipelines/0/nodes/1/actions/0/values/state unknown_field"},
		{"automation node without ids or match", func(t *testing.T, d jsonDoc) {
			delete(nav(t, d, "pipelines", 0, "nodes", 1, "actions", 0), "match")
		}, "/pipelines/0/nodes/1/actions/0/match required"},
	}
	runCheckCases(t, updateRecordsDoc, cases, true)
}

// TestUpdateRecordsInPublishedMetaSchema: a validator other than the checker, given the
// published meta-schema alone, accepts the action and refuses a member it does not have.
func TestUpdateRecordsInPublishedMetaSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource("mem://template.json", bytes.NewReader(template.MetaSchema())); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem://template.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := decode([]byte(updateRecordsApp))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("updateRecords refused: %v", err)
	}
	d := updateRecordsDoc(t)
	nav(t, d, "automations", 0, "actions", 0)["where"] = "customer"
	v, _ = decode(mustMarshal(t, d))
	if s.Validate(v) == nil {
		t.Fatal("an unknown member of an action passed")
	}
}
