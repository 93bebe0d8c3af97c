package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// crmWithCode is version 1 plus a text field code, unique or not.
func crmWithCode(unique bool) string {
	u := ""
	if unique {
		u = `"unique": true, `
	}
	return strings.NewReplacer("REQUIRED_EXTRA", "", "SCORE_FIELD", scoreField,
		"EXTRA_FIELDS", `, "code": {"type": "string", "x-formloom": {"type": "text", `+u+`"label": {"zh-CN": "编号", "en": "Code"}}}`).Replace(crmApp)
}

// TestUniqueRuleEndsWithTheVersionThatDropsIt: uniqueness follows the form's latest
// published version. Once it no longer declares code unique, a value another record holds
// is accepted — also after a record still at the older version is edited, which no longer
// brings the rule back.
func TestUniqueRuleEndsWithTheVersionThatDropsIt(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")

	publish(t, a, ann, v, crmWithCode(true))
	first := createLead(t, a, v, map[string]any{"phone": "13900000011", "code": "C-1"})
	if st, body := a.Call(ann, "POST", v["lead"]+"/records", lead(v, map[string]any{"phone": "13900000012", "code": "C-1"})); st != 409 || !strings.Contains(body, `"/code":{"code":"duplicate"`) {
		t.Fatalf("duplicate while unique: %d %s", st, body)
	}

	publish(t, a, ann, v, crmWithCode(false))
	createLead(t, a, v, map[string]any{"phone": "13900000012", "code": "C-1"})

	// The first record is still at the version that declared the rule; editing it does
	// not declare it again.
	st, rec, _ := callIf(a, ann, "PATCH", v["lead"]+"/records/"+first, `{"subject":"edited at its own version"}`, "*")
	if st != 200 || !strings.Contains(rec, `"formVersion":2`) {
		t.Fatalf("edit: %d %s", st, rec)
	}
	createLead(t, a, v, map[string]any{"phone": "13900000013", "code": "C-1"})
	body := mustCall(t, a, ann, 200, "GET", v["lead"]+"/records?limit=50", "")
	if n := strings.Count(body, `"code":"C-1"`); n != 3 {
		t.Fatalf("%d records hold C-1, want 3: %s", n, body)
	}
}

func TestUniqueRuleEndsWithTheVersionThatDropsItOnMongo(t *testing.T) {
	apitest.OnMongo(t, TestUniqueRuleEndsWithTheVersionThatDropsIt)
}
