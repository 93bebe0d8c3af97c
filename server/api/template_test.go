package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/server/apitest"
)

// galleryWorkspace is a workspace owned by ann with carl as a plain member.
func galleryWorkspace(t *testing.T, a *apitest.TestApp) (ws string, ann, carl apitest.Session) {
	t.Helper()
	ctx := context.Background()
	ann, carl = a.SignIn("ann@formloom.test"), a.SignIn("carl@formloom.test")
	w, err := a.Org.CreateWorkspace(ctx, ann.UserID, "Gallery")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Org.InviteMember(ctx, ann.UserID, w.ID, org.Invite{Email: "carl@formloom.test", Role: org.RoleMember}); err != nil {
		t.Fatal(err)
	}
	return w.ID, ann, carl
}

// validRecords gives, per starter template, a form and a record it must accept.
func validRecords(user string) map[string][2]string {
	return map[string][2]string{
		"lead-management":   {"lead", `{"subject": "客户投诉产品质量", "channel": "complaint", "urgency": "urgent", "purchaseIntent": "high", "budget": 200000, "decisionCycle": "1_3m"}`},
		"meeting-minutes":   {"task", `{"title": "确认活动预算", "owner": "` + user + `", "status": "todo", "deadline": "2026-12-01"}`},
		"contract-approval": {"contract", `{"title": "年度服务合同", "type": "service", "counterparty": "某公司", "amount": 120000.5}`},
		"goal-tracking":     {"goal", `{"name": "Q3 销售额提升 20%", "owner": "` + user + `", "deadline": "2026-09-30", "status": "in_progress", "baseline": 100, "target": 120, "current": 110}`},
		"task-priority":     {"task", `{"title": "写周报", "quadrant": "q2", "status": "todo", "estimatedHours": 1.5, "actualHours": 2}`},
	}
}

func TestEveryStarterTemplateInstallsAndTakesRecords(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, _ := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	for key, rec := range validRecords(ann.UserID) {
		body := mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "`+key+`"}`)
		if !strings.Contains(body, `"source":"`+key+`"`) {
			t.Errorf("%s: no source in %s", key, body)
		}
		appID := field(t, body, "id")
		got := mustCall(t, a, ann, 201, "POST", base+"/apps/"+appID+"/forms/"+rec[0]+"/records", rec[1])
		switch key {
		case "lead-management":
			// the number is allocated and the priority score computed: 40 + 20 + 20
			if !strings.Contains(got, `"priorityScore":80`) || !strings.Contains(got, `XS-`) {
				t.Errorf("lead: %s", got)
			}
		case "task-priority":
			if !strings.Contains(got, `"variance":0.5`) {
				t.Errorf("task: %s", got)
			}
		}
		bad := mustCall(t, a, ann, 422, "POST", base+"/apps/"+appID+"/forms/"+rec[0]+"/records", `{}`)
		if !strings.Contains(bad, `"required"`) {
			t.Errorf("%s: an empty record: %s", key, bad)
		}
	}
}

func TestInstallingTwiceGivesTwoApps(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, _ := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	one := field(t, mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "task-priority"}`), "id")
	two := field(t, mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "task_priority"}`), "id")
	if one == two {
		t.Fatal("one app for two installs")
	}
	rec := `{"title": "a", "quadrant": "q1", "status": "todo"}`
	mustCall(t, a, ann, 201, "POST", base+"/apps/"+one+"/forms/task/records", rec)
	list := mustCall(t, a, ann, 200, "GET", base+"/apps/"+two+"/forms/task/records", "")
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal([]byte(list), &page); err != nil || len(page.Items) != 0 {
		t.Fatalf("the second app sees the first one's records: %s", list)
	}
	mustCall(t, a, ann, 422, "POST", base+"/apps", `{"template": "no-such-template"}`)
}

func TestStarterGallery(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	_, ann, _ := galleryWorkspace(t, a)
	body := mustCall(t, a, ann, 200, "GET", "/api/v1/templates?lang=en", "")
	for _, want := range []string{`"key":"lead-management"`, `"title":"Lead management"`, `"forms":5`, `"category":"sales"`, `"key":"meeting-minutes"`, `"key":"contract-approval"`, `"key":"goal-tracking"`, `"key":"task-priority"`, `"version":"1.0.0"`} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in %s", want, body)
		}
	}
	if zh := mustCall(t, a, ann, 200, "GET", "/api/v1/templates?lang=zh-CN", ""); !strings.Contains(zh, `"title":"线索管理"`) {
		t.Errorf("zh: %s", zh)
	}
	file := mustCall(t, a, ann, 200, "GET", "/api/v1/templates/contract-approval", "")
	if !strings.Contains(file, `"$schema"`) || !strings.Contains(file, `"resubmit": "returner"`) {
		t.Errorf("file: %.200s", file)
	}
	mustCall(t, a, ann, 404, "GET", "/api/v1/templates/nope", "")
	mustCall(t, a, apitest.Session{}, 401, "GET", "/api/v1/templates", "")
}

const importable = `{"key": "visits", "name": {"zh-CN": "拜访", "en": "Visits"}, "version": "1.0.0",
 "forms": [{"key": "visit", "name": {"zh-CN": "拜访", "en": "Visit"},
  "schema": {"type": "object", "properties": {"who": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "对象", "en": "Who"}}}}, "required": ["who"]}}]}`

func TestCloneAppIntoTheWorkspaceGalleryAndInstallIt(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, carl := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	appID := field(t, mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "goal-tracking"}`), "id")
	clone := `{"key": "okr", "name": {"zh-CN": "季度 OKR", "en": "Quarterly OKR"}}`
	mustCall(t, a, carl, 403, "POST", base+"/apps/"+appID+"/clone", clone)
	mustCall(t, a, ann, 400, "POST", base+"/apps/"+appID+"/clone", `{"key": "okr", "extra": 1}`)
	mustCall(t, a, ann, 422, "POST", base+"/apps/"+appID+"/clone", `{"name": {"zh-CN": "无 key"}}`)
	mustCall(t, a, ann, 422, "POST", base+"/apps/"+appID+"/clone", `{"key": "Bad Key"}`)
	mustCall(t, a, ann, 409, "POST", base+"/apps/"+appID+"/clone", `{"key": "goal-tracking"}`)
	got := mustCall(t, a, ann, 201, "POST", base+"/apps/"+appID+"/clone", clone)
	if !strings.Contains(got, `"key":"okr"`) || !strings.Contains(got, `"source":"workspace"`) || !strings.Contains(got, `"category":"saved"`) {
		t.Fatalf("clone: %s", got)
	}
	mustCall(t, a, ann, 409, "POST", base+"/apps/"+appID+"/clone", clone)

	list := mustCall(t, a, carl, 200, "GET", base+"/templates?lang=en", "")
	if !strings.Contains(list, `"title":"Quarterly OKR"`) || !strings.Contains(list, `"key":"lead-management"`) {
		t.Fatalf("workspace gallery: %s", list)
	}
	// Other workspaces do not see it.
	other, err := a.Org.CreateWorkspace(context.Background(), carl.UserID, "Other")
	if err != nil {
		t.Fatal(err)
	}
	if l := mustCall(t, a, carl, 200, "GET", "/api/v1/workspaces/"+other.ID+"/templates", ""); strings.Contains(l, `"okr"`) {
		t.Fatalf("another workspace sees the clone: %s", l)
	}
	mustCall(t, a, carl, 422, "POST", "/api/v1/workspaces/"+other.ID+"/apps", `{"template": "okr"}`)

	installed := mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "okr"}`)
	if !strings.Contains(installed, `"key":"okr"`) || !strings.Contains(installed, `"name":{"zh-CN":"季度 OKR"`) {
		t.Fatalf("install the clone: %s", installed)
	}
	mustCall(t, a, ann, 201, "POST", base+"/apps/"+field(t, installed, "id")+"/forms/goal/records",
		`{"name": "g", "owner": "`+ann.UserID+`", "deadline": "2026-12-31", "status": "not_started"}`)
}

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	ws, ann, carl := galleryWorkspace(t, a)
	base := "/api/v1/workspaces/" + ws
	mustCall(t, a, carl, 403, "POST", base+"/templates", importable)
	bad := mustCall(t, a, ann, 422, "POST", base+"/templates", `{"key": "visits", "name": {"zh-CN": "拜访"}, "forms": [], "extra": 1}`)
	if !strings.Contains(bad, `"invalid_template"`) || !strings.Contains(bad, `"/extra"`) {
		t.Fatalf("invalid import: %s", bad)
	}
	mustCall(t, a, ann, 201, "POST", base+"/templates", importable)

	resp := a.Do(a.Request(carl, "GET", base+"/templates/visits/export", ""))
	exported := readBody(resp)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Disposition") != `attachment; filename="visits.json"` {
		t.Fatalf("export: %d %v %s", resp.StatusCode, resp.Header, exported)
	}
	// The exported file imports again under a new key and installs.
	var m map[string]any
	if err := json.Unmarshal([]byte(exported), &m); err != nil {
		t.Fatal(err)
	}
	m["key"] = "visits-two"
	again, _ := json.Marshal(m)
	mustCall(t, a, ann, 201, "POST", base+"/templates", string(again))
	appID := field(t, mustCall(t, a, ann, 201, "POST", base+"/apps", `{"template": "visits-two"}`), "id")
	mustCall(t, a, ann, 201, "POST", base+"/apps/"+appID+"/forms/visit/records", `{"who": "客户甲"}`)

	// Starter templates export too; only saved ones delete.
	lead := mustCall(t, a, carl, 200, "GET", base+"/templates/lead_management/export", "")
	if !strings.Contains(lead, `"lead-management"`) {
		t.Fatalf("starter export: %.100s", lead)
	}
	mustCall(t, a, ann, 403, "DELETE", base+"/templates/lead-management", "")
	mustCall(t, a, carl, 403, "DELETE", base+"/templates/visits", "")
	mustCall(t, a, ann, 204, "DELETE", base+"/templates/visits", "")
	mustCall(t, a, ann, 404, "DELETE", base+"/templates/visits", "")
	mustCall(t, a, carl, 404, "GET", base+"/templates/visits/export", "")
}
