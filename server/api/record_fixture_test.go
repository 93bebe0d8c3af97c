package api_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// crmApp has a contract form and a lead form with 19 field types: text, textarea, money,
// number, date, datetime, select, multiselect, checkbox, phone (mobile, unique; landline),
// email, url, member (one and many), department, serial, relation, lookup, a sub-form whose
// rows compute an amount, and form-level formulas over it. The lead's "owner" field is a
// form field, distinct from the record's own owner.
const crmApp = `{
  "key": "crm-test",
  "name": {"zh-CN": "客户管理", "en": "CRM"},
  "forms": [{
    "key": "contract",
    "name": {"zh-CN": "合同", "en": "Contract"},
    "schema": {"type": "object", "required": ["title"], "properties": {
      "title": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "名称", "en": "Title"}}},
      "value": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "金额", "en": "Value"}}}
    }}
  }, {
    "key": "lead",
    "name": {"zh-CN": "线索", "en": "Lead"},
    "schema": {
      "type": "object",
      "x-formloom": {"title": "subject"},
      "required": ["subject", "status", "budget"REQUIRED_EXTRA],
      "properties": {
        "subject": {"type": "string", "minLength": 2, "x-formloom": {"type": "text", "label": {"zh-CN": "主题", "en": "Subject"}}},
        "notes": {"type": "string", "x-formloom": {"type": "textarea", "label": {"zh-CN": "备注", "en": "Notes"}}},
        "budget": {"type": "number", "minimum": 0, "x-formloom": {"type": "money", "label": {"zh-CN": "预算", "en": "Budget"}}},
        SCORE_FIELD
        "due": {"type": "string", "format": "date", "x-formloom": {"type": "date", "label": {"zh-CN": "截止日期", "en": "Due"}}},
        "meetAt": {"type": "string", "format": "date-time", "x-formloom": {"type": "datetime", "label": {"zh-CN": "会面时间", "en": "Meeting"}}},
        "status": {"type": "string", "enum": ["new", "following", "closed"], "x-formloom": {"type": "select", "label": {"zh-CN": "状态", "en": "Status"},
          "options": [{"value": "new", "label": {"zh-CN": "新线索", "en": "New"}},
                      {"value": "following", "label": {"zh-CN": "跟进中", "en": "Following"}},
                      {"value": "closed", "label": {"zh-CN": "已关闭", "en": "Closed"}}]}},
        "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": ["vip", "urgent"]},
          "x-formloom": {"type": "multiselect", "label": {"zh-CN": "标签", "en": "Tags"},
            "options": [{"value": "vip", "label": {"zh-CN": "重要客户", "en": "VIP"}}, {"value": "urgent", "label": {"zh-CN": "紧急", "en": "Urgent"}}]}},
        "vip": {"type": "boolean", "x-formloom": {"type": "checkbox", "label": {"zh-CN": "重点", "en": "Key account"}}},
        "phone": {"type": "string", "x-formloom": {"type": "phone", "kind": "mobile", "unique": true, "label": {"zh-CN": "手机", "en": "Mobile"}}},
        "office": {"type": "string", "x-formloom": {"type": "phone", "kind": "landline", "label": {"zh-CN": "座机", "en": "Office phone"}}},
        "email": {"type": "string", "format": "email", "x-formloom": {"type": "email", "label": {"zh-CN": "邮箱", "en": "Email"}}},
        "website": {"type": "string", "format": "uri", "x-formloom": {"type": "url", "label": {"zh-CN": "网站", "en": "Website"}}},
        "owner": {"type": "string", "x-formloom": {"type": "member", "label": {"zh-CN": "负责人", "en": "Owner"}}},
        "helpers": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "member", "multiple": true, "label": {"zh-CN": "协作人", "en": "Helpers"}}},
        "dept": {"type": "string", "x-formloom": {"type": "department", "label": {"zh-CN": "部门", "en": "Department"}}},
        "leadNo": {"type": "string", "readOnly": true, "x-formloom": {"type": "serial", "pattern": "XS-{yyyy}-{seq:6}", "label": {"zh-CN": "线索编号", "en": "Lead number"}}},
        "contract": {"type": "string", "x-formloom": {"type": "relation", "form": "contract", "label": {"zh-CN": "合同", "en": "Contract"}}},
        "contractTitle": {"type": "string", "readOnly": true, "x-formloom": {"type": "lookup", "relation": "contract", "field": "title", "label": {"zh-CN": "合同名称", "en": "Contract title"}}},
        "items": {"type": "array",
          "x-formloom": {"type": "subform", "minRows": 1, "maxRows": 50, "label": {"zh-CN": "明细", "en": "Items"}},
          "items": {"type": "object", "required": ["product", "qty"], "properties": {
            "product": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "产品", "en": "Product"}}},
            "qty": {"type": "integer", "minimum": 1, "x-formloom": {"type": "number", "label": {"zh-CN": "数量", "en": "Quantity"}}},
            "price": {"type": "number", "minimum": 0, "x-formloom": {"type": "money", "label": {"zh-CN": "单价", "en": "Price"}}},
            "amount": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": "qty * price * (1 - parent.discount / 100)", "precision": 2, "label": {"zh-CN": "金额", "en": "Amount"}}}
          }}},
        "discount": {"type": "number", "minimum": 0, "maximum": 100, "x-formloom": {"type": "number", "precision": 0, "label": {"zh-CN": "折扣（%）", "en": "Discount (%)"}}},
        "total": {"type": "number", "readOnly": true, "x-formloom": {"type": "formula", "expr": "SUM(items.amount)", "precision": 2, "label": {"zh-CN": "合计", "en": "Total"}}},
        "overBudget": {"type": "boolean", "readOnly": true, "x-formloom": {"type": "formula", "expr": "total > budget", "label": {"zh-CN": "超预算", "en": "Over budget"}}},
        "summary": {"type": "string", "readOnly": true, "x-formloom": {"type": "formula", "expr": "CONCAT(UPPER(subject), \" (\", COUNT(items), \")\")", "label": {"zh-CN": "摘要", "en": "Summary"}}}EXTRA_FIELDS
      }
    }
  }]
}`

const scoreField = `"score": {"type": "number", "minimum": 0, "maximum": 100, "x-formloom": {"type": "number", "precision": 1, "label": {"zh-CN": "评分", "en": "Score"}}},`

// crmVersion1 is the app as installed.
func crmVersion1() string {
	return strings.NewReplacer("REQUIRED_EXTRA", "", "SCORE_FIELD", scoreField, "EXTRA_FIELDS", "").Replace(crmApp)
}

// crmVersion2 removes score, makes email required and adds an optional region.
func crmVersion2() string {
	return strings.NewReplacer("REQUIRED_EXTRA", `, "email"`, "SCORE_FIELD", "",
		"EXTRA_FIELDS", `, "region": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "区域", "en": "Region"}}}`).Replace(crmApp)
}

// crmVersion3 adds a new required field, source, to version 2.
func crmVersion3() string {
	return strings.NewReplacer("REQUIRED_EXTRA", `, "email", "source"`, "SCORE_FIELD", "",
		"EXTRA_FIELDS", `, "region": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "区域", "en": "Region"}}}`+
			`, "source": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "来源", "en": "Source"}}}`).Replace(crmApp)
}

// recordWorkspace: ann owns workspace A with the CRM app and a department "sales"; carl is a
// plain member of A; bob owns workspace B, which has a department of its own. Vars: wsA,
// wsB, ann, bob, carl, app, dept, deptB, and lead and contract: the forms' URL prefixes.
func recordWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := twoWorkspaces(t, a)
	ctx := context.Background()
	carl := a.User("carl@formloom.test")
	if _, err := a.Org.InviteMember(ctx, v["ann"], v["wsA"], org.Invite{Email: carl.Email, Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	v["carl"] = carl.ID
	name := "华东销售"
	d, err := a.Org.CreateDepartment(ctx, v["ann"], v["wsA"], org.DepartmentInput{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	v["dept"] = d.ID
	legal := "Legal"
	db, err := a.Org.CreateDepartment(ctx, v["bob"], v["wsB"], org.DepartmentInput{Name: &legal})
	if err != nil {
		t.Fatal(err)
	}
	v["deptB"] = db.ID
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+crmVersion1()+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["app"] = field(t, body, "id")
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"] + "/forms/"
	v["lead"], v["contract"] = base+"lead", base+"contract"
	return v
}

// leadData is a valid lead: two item rows (amounts 180 and 45.45 after a 10% discount).
func leadData(v apitest.Vars) map[string]any {
	return map[string]any{
		"subject": "Acme", "notes": "第一次接触", "status": "new", "budget": 1000, "score": 88.5,
		"due": "2026-12-01", "meetAt": "2026-11-23T10:00:00+08:00", "tags": []any{"vip"}, "vip": true,
		"phone": "13800138000", "office": "010-12345678", "email": "li@acme.cn", "website": "https://acme.cn",
		"owner": v["ann"], "helpers": []any{v["carl"]}, "dept": v["dept"], "discount": 10,
		"items": []any{
			map[string]any{"product": "A", "qty": 2, "price": 100},
			map[string]any{"product": "B", "qty": 1, "price": 50.5},
		},
	}
}

// lead is leadData with edits applied (a nil value removes the key), as JSON.
func lead(v apitest.Vars, edits map[string]any) string {
	d := leadData(v)
	for k, x := range edits {
		if x == nil {
			delete(d, k)
		} else {
			d[k] = x
		}
	}
	return mustJSON(d)
}

func mustJSON(x any) string {
	b, err := json.Marshal(x)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// createLead creates a lead as ann and returns its ID.
func createLead(t testing.TB, a *apitest.TestApp, v apitest.Vars, edits map[string]any) string {
	t.Helper()
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", v["lead"]+"/records", lead(v, edits))
	if st != 201 {
		t.Fatalf("create lead: %d %s", st, body)
	}
	return field(t, body, "id")
}

// withLead is recordWorkspace plus one lead ("rec") and one contract ("con").
func withLead(t testing.TB, a *apitest.TestApp) apitest.Vars {
	v := recordWorkspace(t, a)
	v["rec"] = createLead(t, a, v, nil)
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", v["contract"]+"/records", `{"title":"年度框架合同","value":50000}`)
	if st != 201 {
		t.Fatalf("create contract: %d %s", st, body)
	}
	v["con"] = field(t, body, "id")
	return v
}

// decode unmarshals a JSON body.
func decode(t testing.TB, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	return m
}

// countLeads lists every live lead through the API.
func countLeads(t testing.TB, a *apitest.TestApp, v apitest.Vars) int {
	t.Helper()
	st, body := a.Call(a.SignIn("ann@formloom.test"), "GET", v["lead"]+"/records?total=true&limit=1", "")
	if st != 200 {
		t.Fatalf("list: %d %s", st, body)
	}
	n, _ := decode(t, body)["total"].(float64)
	return int(n)
}

func itoa(i int) string { return strconv.Itoa(i) }
