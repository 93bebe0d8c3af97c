package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// upLeads is a workspace template; LABEL and VERSION vary between its versions and EXTRA
// adds properties.
const upLeads = `{"key": "up-leads", "name": {"zh-CN": "线索"}, "version": "VERSION",
  "forms": [{"key": "lead", "name": {"zh-CN": "线索"},
    "schema": {"type": "object", "properties": {
      "subject": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "LABEL"}}}EXTRA}}}]}`

func upLeadsAt(version, label, extra string) string {
	return strings.NewReplacer("VERSION", version, "LABEL", label, "EXTRA", extra).Replace(upLeads)
}

const sourceField = `, "source": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "来源"}}}`

// upgradable: ann installs up-leads 1.0.0 from her workspace's gallery, relabels subject
// in the app to 主题, then the gallery's up-leads becomes v2 (with label v2Label and a
// source field).
func upgradable(v2Label string) func(t testing.TB, a *apitest.TestApp) apitest.Vars {
	return func(t testing.TB, a *apitest.TestApp) apitest.Vars {
		v := twoWorkspaces(t, a)
		ann := a.SignIn("ann@formloom.test")
		call := func(method, url, body string, want int) string {
			t.Helper()
			st, out := a.Call(ann, method, "/api/v1/workspaces/"+v["wsA"]+url, body)
			if st != want {
				t.Fatalf("%s %s: %d %s", method, url, st, out)
			}
			return out
		}
		call("POST", "/templates", upLeadsAt("1.0.0", "标题", ""), 201)
		v["app"] = field(t, call("POST", "/apps", `{"template":"up-leads"}`, 201), "id")
		call("PUT", "/apps/"+v["app"]+"/draft", upLeadsAt("1.0.0", "主题", ""), 200)
		call("DELETE", "/templates/up-leads", "", 204)
		call("POST", "/templates", upLeadsAt("1.1.0", v2Label, sourceField), 201)
		return v
	}
}

func draftOf(t testing.TB, a *apitest.TestApp, v apitest.Vars) string {
	t.Helper()
	def, err := a.Apps.Definition(context.Background(), v["ann"], v["wsA"], v["app"], 0)
	if err != nil {
		t.Fatal(err)
	}
	return string(def)
}

func TestUpgradeScenarios(t *testing.T) {
	t.Parallel()
	const url = "/api/v1/workspaces/{wsA}/apps/{app}/upgrade"
	const pointer = "/forms/0/schema/properties/subject/x-formloom/label/zh-CN"
	apitest.Run(t,
		apitest.Scenario{
			Name: "preview shows both sides and the merge", Method: "GET", URL: url,
			As: "ann@formloom.test", Setup: upgradable("标题"),
			ExpectedStatus: 200, ExpectedContent: []string{`"newer":true`, `"from":"1.0.0"`, `"to":"1.1.0"`, `"conflicts":[]`,
				`"kind":"label_changed"`, `"kind":"field_added"`, `"zh-CN":"主题"`, `"source":{`},
		},
		apitest.Scenario{
			Name: "upgrade and publish", Method: "POST", URL: url, Body: `{"version":"1.1.0","publish":true}`,
			As: "ann@formloom.test", Setup: upgradable("标题"),
			ExpectedStatus: 200, ExpectedContent: []string{`"sourceVersion":"1.1.0"`, `"number":2`, `"zh-CN":"主题"`, `"source":{`},
		},
		apitest.Scenario{
			Name: "a conflict refuses the upgrade and writes nothing", Method: "POST", URL: url, Body: `{"version":"1.1.0"}`,
			As: "ann@formloom.test", Setup: upgradable("名称"),
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"upgrade_conflicts"`, `"` + pointer + `":{"code":"changed_both"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				if d := draftOf(t, a, v); strings.Contains(d, "source") || !strings.Contains(d, "主题") {
					t.Errorf("draft changed: %s", d)
				}
			},
		},
		apitest.Scenario{
			Name: "a resolved conflict upgrades", Method: "POST", URL: url,
			Body: `{"version":"1.1.0","resolve":{"` + pointer + `":"remote"}}`,
			As:   "ann@formloom.test", Setup: upgradable("名称"),
			ExpectedStatus: 200, ExpectedContent: []string{`"zh-CN":"名称"`, `"sourceVersion":"1.1.0"`},
			After: func(t testing.TB, a *apitest.TestApp, v apitest.Vars, _ string) {
				var d map[string]any
				if err := json.Unmarshal([]byte(draftOf(t, a, v)), &d); err != nil || d["version"] != "1.1.0" {
					t.Errorf("draft: %v %v", d, err)
				}
			},
		},
		apitest.Scenario{
			Name: "a stale preview is refused", Method: "POST", URL: url, Body: `{"version":"1.0.5"}`,
			As: "ann@formloom.test", Setup: upgradable("标题"),
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"version_changed"`},
		},
		apitest.Scenario{
			Name: "unknown members are refused", Method: "POST", URL: url, Body: `{"version":"1.1.0","force":true}`,
			As: "ann@formloom.test", Setup: upgradable("标题"),
			ExpectedStatus: 400,
		},
		apitest.Scenario{
			Name: "other workspaces do not see the app", Method: "GET", URL: url,
			As: "bob@formloom.test", Setup: upgradable("标题"),
			ExpectedStatus: 404,
		},
		apitest.Scenario{
			Name: "an app made from a definition has nothing to upgrade from", Method: "GET", URL: url,
			As: "ann@formloom.test", Setup: appWorkspace,
			ExpectedStatus: 409, ExpectedContent: []string{`"code":"not_upgradable"`},
		},
	)
}
