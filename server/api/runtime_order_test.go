package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// claimApp is laid out as the form designer writes a form: no ui.order, its fields in the
// order of the schema's properties, which is not their keys' order; 明细's columns likewise.
const claimApp = `{
  "key": "claims",
  "name": {"zh-CN": "费用报销", "en": "Claims"},
  "forms": [{
    "key": "claim",
    "name": {"zh-CN": "报销单", "en": "Claim"},
    "schema": {"type": "object", "properties": {
      "shiYou": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "报销事由", "en": "Reason"}}},
      "jinE": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "报销金额", "en": "Amount"}}},
      "leiXing": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "费用类型", "en": "Kind"}}},
      "mingXi": {"type": "array", "x-formloom": {"type": "subform", "label": {"zh-CN": "明细", "en": "Items"}},
        "items": {"type": "object", "properties": {
          "xiangMu": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "项目", "en": "Item"}}},
          "danJia": {"type": "number", "x-formloom": {"type": "money", "label": {"zh-CN": "单价", "en": "Price"}}},
          "beiZhu": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "备注", "en": "Note"}}}
        }}},
      "caiWu": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "财务备注", "en": "Finance note"}}},
      "beiAn": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "备案号", "en": "Filing"}}}
    }},
    "ui": {"sections": [{"title": {"zh-CN": "费用", "en": "Cost"}, "fields": ["jinE", "leiXing", "beiAn"]}]}
  }],
  "roles": [{"key": "applicant", "name": {"zh-CN": "申请人", "en": "Applicant"}}],
  "permissions": [
    {"role": "applicant", "form": "claim", "actions": ["create", "read", "update"], "scope": "own",
     "fields": {"caiWu": "read", "mingXi": "read", "beiAn": "hidden"}}
  ]
}`

// TestRuntimeKeepsTheDesignedOrder: a member whose role hides one field and makes others
// read-only sees the form's fields, its sections and a sub-form's columns in the order the
// admin designed, as the admin does — not in the order of their keys. So does a visitor of a
// public link.
func TestRuntimeKeepsTheDesignedOrder(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := twoWorkspaces(t, a)
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+claimApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	base := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + field(t, body, "id")
	bob := a.User("bob@formloom.test")
	if st, body := a.Call(ann, "POST", "/api/v1/workspaces/"+v["wsA"]+"/members", `{"email":"bob@formloom.test"}`); st != 201 {
		t.Fatalf("add bob: %d %s", st, body)
	}
	if st, body := a.Call(ann, "POST", base+"/roles/applicant/assignees", `{"user":"`+bob.ID+`"}`); st != 201 {
		t.Fatalf("assign: %d %s", st, body)
	}

	type shown struct {
		Forms []struct {
			ReadOnly []string `json:"readOnly"`
			UI       struct {
				Order    []string `json:"order"`
				Sections []struct {
					Fields []string `json:"fields"`
				} `json:"sections"`
			} `json:"ui"`
		} `json:"forms"`
	}
	_, body = a.Call(a.SignIn("bob@formloom.test"), "GET", base+"/runtime", "")
	var rt shown
	if err := json.Unmarshal([]byte(body), &rt); err != nil || len(rt.Forms) != 1 {
		t.Fatalf("runtime: %v %s", err, body)
	}
	f := rt.Forms[0]
	if want := []string{"shiYou", "jinE", "leiXing", "mingXi", "caiWu"}; !slices.Equal(f.UI.Order, want) {
		t.Errorf("bob's field order %v, want %v", f.UI.Order, want)
	}
	if !slices.Equal(f.ReadOnly, []string{"caiWu", "mingXi"}) {
		t.Errorf("read-only %v", f.ReadOnly)
	}
	if len(f.UI.Sections) != 1 || !slices.Equal(f.UI.Sections[0].Fields, []string{"jinE", "leiXing"}) {
		t.Errorf("bob's sections %+v, want 费用 with jinE, leiXing", f.UI.Sections)
	}
	inOrder(t, "bob's sub-form columns", body, `"xiangMu"`, `"danJia"`, `"beiZhu"`)
	if strings.Contains(body, "beiAn") || strings.Contains(body, "备案号") {
		t.Errorf("the hidden field shows: %s", body)
	}

	// A public link exposing some fields lists them in the designed order too.
	st, body = a.Call(ann, "POST", base+"/forms/claim/public-links", `{"owner":"`+bob.ID+`","fields":["mingXi","leiXing","shiYou"]}`)
	if st != 201 {
		t.Fatalf("public link: %d %s", st, body)
	}
	_, body = a.Call(apitest.Session{}, "GET", field(t, body, "url"), "")
	var pf struct {
		UI struct {
			Order []string `json:"order"`
		} `json:"ui"`
	}
	if err := json.Unmarshal([]byte(body), &pf); err != nil || !slices.Equal(pf.UI.Order, []string{"shiYou", "leiXing", "mingXi"}) {
		t.Errorf("public form order %v (%v): %s", pf.UI.Order, err, body)
	}
	inOrder(t, "the public form's sub-form columns", body, `"xiangMu"`, `"danJia"`, `"beiZhu"`)
}

// inOrder asserts that the texts occur in body in this order.
func inOrder(t *testing.T, what, body string, texts ...string) {
	t.Helper()
	at := -1
	for _, s := range texts {
		i := strings.Index(body, s)
		if i < at {
			t.Errorf("%s: %s comes before what precedes it in %s", what, s, body)
			return
		}
		at = i
	}
}
