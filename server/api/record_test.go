package api_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

func TestRecordScenarios(t *testing.T) {
	t.Parallel()
	const ann = "ann@formloom.test"
	body := func(edits map[string]any) string {
		// Vars are substituted into the body; the IDs below are placeholders.
		return lead(apitest.Vars{"ann": "{ann}", "carl": "{carl}", "dept": "{dept}"}, edits)
	}
	apitest.Run(t,
		apitest.Scenario{
			Name: "a valid lead is stored with computed values", Method: "POST", URL: "{lead}/records",
			Body: body(nil), As: ann, Setup: recordWorkspace,
			ExpectedStatus: 201,
			ExpectedContent: []string{
				`"version":1`, `"formVersion":1`, `"owner":"{ann}"`, `"createdBy":"{ann}"`,
				`"amount":180`, `"amount":45.45`, `"total":225.45`, `"overBudget":false`, `"summary":"ACME (2)"`,
				`"leadNo":"XS-`, `-000001"`, `"meetAt":"2026-11-23T02:00:00.000Z"`, `"owner":"{ann}"`,
			},
			ExpectedHeaders: map[string]string{"ETag": `"1"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, body string) {
				id := field(t, body, "id")
				st, got := a.Call(a.SignIn(ann), "GET", v["lead"]+"/records/"+id, "")
				if st != 200 || !strings.Contains(got, `"total":225.45`) || !strings.Contains(got, `"helpers":["`+v["carl"]+`"]`) {
					t.Fatalf("read back: %d %s", st, got)
				}
			},
		},
		apitest.Scenario{
			Name: "an invalid lead gets one pointer per bad field, sub-form rows included, and nothing is stored", Method: "POST", URL: "{lead}/records",
			Body: body(map[string]any{
				"subject": "x", "status": "maybe", "phone": "12345", "email": "not-an-email", "budget": nil,
				"items": []any{map[string]any{"product": "A", "qty": 1, "price": 1}, map[string]any{"product": "B", "qty": 0, "price": -1}, map[string]any{"qty": 1}},
			}),
			As: ann, Setup: recordWorkspace,
			ExpectedStatus: 422,
			ExpectedContent: []string{`"code":"validation_failed"`, `"/subject":{"code":"minLength"`, `"/status":{"code":"enum"`, `"/phone":`, `"/email":`, `"/budget":{"code":"required"`,
				`"/items/1/qty":{"code":"minimum"`, `"/items/1/price":{"code":"minimum"`, `"/items/2/product":{"code":"required"`},
			NotExpectedContent: []string{`"/items/0`, `"/vip"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if n := countLeads(t, a, v); n != 0 {
					t.Fatalf("%d leads stored", n)
				}
			},
		},
		apitest.Scenario{
			Name: "messages follow Accept-Language", Method: "POST", URL: "{lead}/records", Headers: map[string]string{"Accept-Language": "zh-CN"},
			Body: body(map[string]any{"budget": nil}), As: ann, Setup: recordWorkspace,
			ExpectedStatus: 422, ExpectedContent: []string{`"/budget":{"code":"required","message":"此项为必填项。"}`},
		},
		apitest.Scenario{
			Name: "an unknown field is refused", Method: "POST", URL: "{lead}/records",
			Body: body(map[string]any{"nope": 1}), As: ann, Setup: recordWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"unknown_field"`, `"/nope":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "server-owned fields are refused", Method: "POST", URL: "{lead}/records",
			Body: body(map[string]any{"total": 1, "leadNo": "XS-1"}), As: ann, Setup: recordWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"/total":{"code":"readonly_field"`, `"/leadNo":{"code":"readonly_field"`},
		},
		apitest.Scenario{
			Name: "a body that is not an object is refused", Method: "POST", URL: "{lead}/records",
			Body: `[1,2]`, As: ann, Setup: recordWorkspace,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_json"`},
		},
		apitest.Scenario{
			Name: "members, departments and related records must exist in the workspace and app", Method: "POST", URL: "{lead}/records",
			Body: body(map[string]any{"owner": "{bob}", "helpers": []any{"{carl}", "nobody"}, "dept": "{deptB}", "contract": "d0000000000000000000"}),
			As:   ann, Setup: recordWorkspace,
			ExpectedStatus:     422,
			ExpectedContent:    []string{`"/owner":{"code":"not_member"`, `"/helpers/1":{"code":"not_member"`, `"/dept":{"code":"not_found"`, `"/contract":{"code":"not_found"`},
			NotExpectedContent: []string{`"/helpers/0"`},
		},
		apitest.Scenario{
			Name: "a relation must point at the target form", Method: "POST", URL: "{lead}/records",
			Body: body(map[string]any{"contract": "{rec}", "phone": "13900000001"}), As: ann, Setup: withLead,
			ExpectedStatus: 422, ExpectedContent: []string{`"/contract":{"code":"not_found"`},
		},
		apitest.Scenario{
			Name: "a lookup is filled from the related record", Method: "POST", URL: "{lead}/records",
			Body: body(map[string]any{"contract": "{con}", "phone": "13900000001"}), As: ann, Setup: withLead,
			ExpectedStatus: 201, ExpectedContent: []string{`"contract":"{con}"`, `"contractTitle":"年度框架合同"`, `-000002"`},
		},
		apitest.Scenario{
			Name: "a duplicate phone is 409 at its pointer", Method: "POST", URL: "{lead}/records",
			Body: body(nil), As: ann, Setup: withLead,
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"duplicate"`, `"/phone":{"code":"duplicate"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if n := countLeads(t, a, v); n != 1 {
					t.Fatalf("%d leads stored", n)
				}
			},
		},
		apitest.Scenario{
			Name: "a plain member creates records", Method: "POST", URL: "{lead}/records",
			Body: body(nil), As: "carl@formloom.test", Setup: recordWorkspace,
			ExpectedStatus: 201, ExpectedContent: []string{`"owner":"{carl}"`, `"createdBy":"{carl}"`},
		},
		apitest.Scenario{
			Name: "get a record", Method: "GET", URL: "{lead}/records/{rec}", As: ann, Setup: withLead,
			ExpectedStatus: 200, ExpectedContent: []string{`"id":"{rec}"`, `"data":{`, `"subject":"Acme"`},
			ExpectedHeaders: map[string]string{"ETag": `"1"`},
		},
		apitest.Scenario{
			Name: "another workspace's member cannot read a record", Method: "GET", URL: "{lead}/records/{rec}", As: "bob@formloom.test", Setup: withLead,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a record is not found through another workspace", Method: "GET", URL: "/api/v1/workspaces/{wsB}/apps/{app}/forms/lead/records/{rec}", As: "bob@formloom.test", Setup: withLead,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "a record is not found through another form", Method: "GET", URL: "{contract}/records/{rec}", As: ann, Setup: withLead,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "an unknown form is not found", Method: "GET", URL: "/api/v1/workspaces/{wsA}/apps/{app}/forms/nope/records", As: ann, Setup: withLead,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "PATCH without If-Match is 428", Method: "PATCH", URL: "{lead}/records/{rec}", Body: `{"budget":2000}`, As: ann, Setup: withLead,
			ExpectedStatus: 428, ExpectedContent: []string{`"code":"if_match_required"`},
		},
		apitest.Scenario{
			Name: "PATCH with a stale version is 412", Method: "PATCH", URL: "{lead}/records/{rec}", Body: `{"budget":2000}`, As: ann, Setup: withLead,
			Headers:        map[string]string{"If-Match": `"7"`},
			ExpectedStatus: 412, ExpectedContent: []string{`"code":"precondition_failed"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if _, got := a.Call(a.SignIn(ann), "GET", v["lead"]+"/records/"+v["rec"], ""); !strings.Contains(got, `"budget":1000`) {
					t.Fatalf("changed: %s", got)
				}
			},
		},
		apitest.Scenario{
			Name: "a malformed If-Match is 400", Method: "PATCH", URL: "{lead}/records/{rec}", Body: `{"budget":2000}`, As: ann, Setup: withLead,
			Headers: map[string]string{"If-Match": `abc`}, ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_if_match"`},
		},
		apitest.Scenario{
			Name: "PATCH merges over the stored record and recomputes", Method: "PATCH", URL: "{lead}/records/{rec}",
			Body: `{"discount":0,"notes":null,"items":[{"product":"A","qty":3,"price":100}]}`, As: ann, Setup: withLead,
			Headers:        map[string]string{"If-Match": `"1"`},
			ExpectedStatus: 200, ExpectedContent: []string{`"version":2`, `"total":300`, `"summary":"ACME (1)"`, `"subject":"Acme"`, `"updatedBy":"{ann}"`},
			NotExpectedContent: []string{`"notes"`},
			ExpectedHeaders:    map[string]string{"ETag": `"2"`},
		},
		apitest.Scenario{
			Name: "PATCH validates the merged record", Method: "PATCH", URL: "{lead}/records/{rec}",
			Body: `{"subject":null,"items":[{"product":"A","qty":0}]}`, As: ann, Setup: withLead, Headers: map[string]string{"If-Match": `"1"`},
			ExpectedStatus: 422, ExpectedContent: []string{`"/subject":{"code":"required"`, `"/items/0/qty":{"code":"minimum"`},
		},
		apitest.Scenario{
			Name: "PATCH refuses unknown and server-owned fields", Method: "PATCH", URL: "{lead}/records/{rec}",
			Body: `{"nope":null}`, As: ann, Setup: withLead, Headers: map[string]string{"If-Match": `"1"`},
			ExpectedStatus: 400, ExpectedContent: []string{`"/nope":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "PATCH cannot set a formula", Method: "PATCH", URL: "{lead}/records/{rec}",
			Body: `{"total":5}`, As: ann, Setup: withLead, Headers: map[string]string{"If-Match": `"1"`},
			ExpectedStatus: 400, ExpectedContent: []string{`"/total":{"code":"readonly_field"`},
		},
		apitest.Scenario{
			Name: "a filter on an unknown field is 400 at its pointer", Method: "GET",
			URL: `{lead}/records?filter=` + url.QueryEscape(`{"field":"secret","op":"eq","value":1}`), As: ann, Setup: withLead,
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"invalid_query"`, `"/filter/field":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "raw database operators are refused", Method: "GET",
			URL: `{lead}/records?filter=` + url.QueryEscape(`{"subject":{"$ne":null}}`), As: ann, Setup: withLead,
			ExpectedStatus: 400, ExpectedContent: []string{`"/filter/subject":{"code":"unknown_key"`},
		},
		apitest.Scenario{
			Name: "a record meta field of the store is not a form field", Method: "GET",
			URL: `{lead}/records?filter=` + url.QueryEscape(`{"field":"createdBy","op":"eq","value":"x"}`), As: ann, Setup: withLead,
			ExpectedStatus: 400, ExpectedContent: []string{`"/filter/field":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "sorting by an unknown field is 400", Method: "GET", URL: `{lead}/records?sort=-nope`, As: ann, Setup: withLead,
			ExpectedStatus: 400, ExpectedContent: []string{`"/sort/0":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "a bad limit is 400", Method: "GET", URL: `{lead}/records?limit=0`, As: ann, Setup: withLead,
			ExpectedStatus: 400, ExpectedContent: []string{`"/limit":{"code":"bad_value"`},
		},
		apitest.Scenario{
			Name: "a forged cursor is 400", Method: "GET", URL: `{lead}/records?cursor=abc`, As: ann, Setup: withLead,
			ExpectedStatus: 400, ExpectedContent: []string{`"/cursor":{"code":"bad_cursor"`},
		},
		apitest.Scenario{
			Name: "list with a total", Method: "GET", URL: `{lead}/records?total=true`, As: "carl@formloom.test", Setup: withLead,
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[{"id":"{rec}"`, `"total":1`, `"next":""`},
		},
		apitest.Scenario{
			Name: "another workspace's member cannot list", Method: "GET", URL: `{lead}/records`, As: "bob@formloom.test", Setup: withLead,
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "delete moves a record to the trash", Method: "DELETE", URL: "{lead}/records/{rec}", As: ann, Setup: withLead,
			ExpectedStatus: 204,
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				s := a.SignIn(ann)
				if st, got := a.Call(s, "GET", v["lead"]+"/records/"+v["rec"], ""); st != 200 || !strings.Contains(got, `"deleted":true`) || !strings.Contains(got, `"deletedAt":"`) {
					t.Fatalf("get deleted: %d %s", st, got)
				}
				if n := countLeads(t, a, v); n != 0 {
					t.Fatalf("%d live leads", n)
				}
				if _, got := a.Call(s, "GET", v["lead"]+"/records?deleted=true", ""); !strings.Contains(got, v["rec"]) {
					t.Fatalf("trash: %s", got)
				}
				if st, got := a.Call(s, "PATCH", v["lead"]+"/records/"+v["rec"], `{"budget":1}`); st != 428 {
					t.Fatalf("patch without If-Match: %d %s", st, got)
				}
				req := a.Request(s, "PATCH", v["lead"]+"/records/"+v["rec"], `{"budget":1}`)
				req.Header.Set("If-Match", "*")
				resp := a.Do(req)
				defer resp.Body.Close()
				if resp.StatusCode != 409 || !strings.Contains(readBody(resp), `"record_deleted"`) {
					t.Fatalf("patch deleted: %d", resp.StatusCode)
				}
			},
		},
		apitest.Scenario{
			Name: "delete with a stale If-Match is 412", Method: "DELETE", URL: "{lead}/records/{rec}", As: ann, Setup: withLead,
			Headers: map[string]string{"If-Match": `"2"`}, ExpectedStatus: 412,
		},
		apitest.Scenario{
			Name: "restoring a live record is 409", Method: "POST", URL: "{lead}/records/{rec}/restore", As: ann, Setup: withLead,
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"not_deleted"`},
		},
		apitest.Scenario{
			Name: "another workspace's member cannot delete", Method: "DELETE", URL: "{lead}/records/{rec}", As: "bob@formloom.test", Setup: withLead,
			ExpectedStatus: 404,
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if n := countLeads(t, a, v); n != 1 {
					t.Fatalf("%d live leads", n)
				}
			},
		},
		apitest.Scenario{
			Name: "history starts with the creation", Method: "GET", URL: "{lead}/records/{rec}/history", As: ann, Setup: withLead,
			ExpectedStatus: 200, ExpectedContent: []string{`"action":"created"`, `"actor":"{ann}"`, `"field":"subject","from":null,"to":"Acme"`},
		},
		apitest.Scenario{
			Name: "a plain member may not migrate records", Method: "POST", URL: "{lead}/migrations", Body: `{"dryRun":true}`,
			As: "carl@formloom.test", Setup: withLead, ExpectedStatus: 403,
		},
		apitest.Scenario{
			Name: "migrating to a version that does not exist is 422", Method: "POST", URL: "{lead}/migrations", Body: `{"dryRun":true,"to":5}`,
			As: ann, Setup: withLead, ExpectedStatus: 422, ExpectedContent: []string{`"/to":{"code":"out_of_range"`},
		},
		apitest.Scenario{
			Name: "a migration request with unknown keys is 400", Method: "POST", URL: "{lead}/migrations", Body: `{"dry":true}`,
			As: ann, Setup: withLead, ExpectedStatus: 400, ExpectedContent: []string{`"/dry":{"code":"unknown_field"`},
		},
		apitest.Scenario{
			Name: "records need a signed-in user", Method: "GET", URL: "{lead}/records", Setup: withLead,
			ExpectedStatus: 401,
		},
	)
}
