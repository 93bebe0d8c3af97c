package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// The template journeys again on the MongoDB engine (FerretDB started per test, or the
// server of FORMLOOM_TEST_APP_MONGODB_URI): stored templates and definitions hold JSON
// Schema keys such as "$schema", which the engine keeps escaped and gives back as written.

func TestEveryStarterInstallsWithSampleDataOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestEveryStarterInstallsWithSampleData)
}

func TestEveryStarterTemplateTakesRecordsOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestEveryStarterTemplateInstallsAndTakesRecords)
}

func TestLeadManagementFlowOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestLeadManagementFlow)
}

func TestContractApprovalStarterFlowOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestContractApprovalStarterFlow)
}

func TestMeetingMinutesFlowOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestMeetingMinutesFlow)
}

func TestCloneAndInstallOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestCloneAppIntoTheWorkspaceGalleryAndInstallIt)
}

func TestExportImportRoundTripOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestExportImportRoundTrip)
}

func TestUpgradeScenariosOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestUpgradeScenarios)
}

// refApp's form schema uses JSON Schema's own "$"-keys, which MongoDB would read as
// operators if they were stored as they are.
const refApp = `{"key": "refs", "name": {"zh-CN": "引用"},
  "forms": [{"key": "item", "name": {"zh-CN": "条目"}, "schema": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$comment": "$gt and $where are only words here",
    "type": "object",
    "$defs": {"positive": {"minimum": 0, "$comment": "no {\"$gt\": 0}"}},
    "properties": {
      "n": {"type": "number", "$ref": "#/$defs/positive", "x-formloom": {"type": "number", "label": {"zh-CN": "数量"}}}
    }}}]}`

// TestDollarKeysOfADefinitionRoundTripOnMongo: a definition with "$schema", "$comment",
// "$defs" and "$ref" is stored, read back, exported and enforced as written on MongoDB.
func TestDollarKeysOfADefinitionRoundTripOnMongo(t *testing.T) {
	t.Parallel()
	apitest.OnMongo(t, func(t *testing.T) {
		a := apitest.New(t)
		if e := a.Store.Capabilities().Engine; e != "mongo" {
			t.Fatalf("engine %q", e)
		}
		v := twoWorkspaces(t, a)
		ann := a.SignIn("ann@formloom.test")
		ws := "/api/v1/workspaces/" + v["wsA"]
		body := mustCall(t, a, ann, 201, "POST", ws+"/apps", `{"definition":`+refApp+`}`)
		base := ws + "/apps/" + field(t, body, "id")
		for _, u := range []string{base + "/draft", base + "/versions/1", base + "/export"} {
			got := mustCall(t, a, ann, 200, "GET", u, "")
			for _, want := range []string{`"$schema":"https://json-schema.org/draft/2020-12/schema"`, `"$ref":"#/$defs/positive"`,
				`"$defs":{"positive":{`, `"$comment":"no {\"$gt\": 0}"`, `"$comment":"$gt and $where are only words here"`} {
				if !strings.Contains(got, want) {
					t.Errorf("GET %s lacks %s:\n%s", u, want, got)
				}
			}
			if strings.Contains(got, "\uff04") {
				t.Errorf("GET %s shows the stored escape:\n%s", u, got)
			}
		}
		// The $ref is enforced: the minimum of $defs/positive refuses -1.
		if st, got := a.Call(ann, "POST", base+"/forms/item/records", `{"n": -1}`); st != 422 || !strings.Contains(got, `"/n"`) {
			t.Errorf("a negative n: %d %s", st, got)
		}
		mustCall(t, a, ann, 201, "POST", base+"/forms/item/records", `{"n": 2}`)
		// A draft saved with the keys comes back with them too.
		mustCall(t, a, ann, 200, "PUT", base+"/draft", strings.Replace(refApp, `"minimum": 0`, `"minimum": 1`, 1))
		if got := mustCall(t, a, ann, 200, "GET", base+"/draft", ""); !strings.Contains(got, `"positive":{"minimum":1`) {
			t.Errorf("draft: %s", got)
		}
	})
}

func TestRequestDeadlineReachesTheDatabaseOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestRequestDeadlineReachesTheDatabase)
}

// The bell stores a to-do's notification with an insert that another read of the bell may
// beat; on MongoDB a duplicate ends the transaction it happens in, so it runs in none.
func TestTaskNotificationsComeFromOpenToDosOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestTaskNotificationsComeFromOpenToDos)
}
