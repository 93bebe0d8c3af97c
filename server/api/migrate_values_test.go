package api_test

import (
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// crmWithSource is version 1 plus a new required text field, source.
func crmWithSource() string {
	return strings.NewReplacer("REQUIRED_EXTRA", `, "source"`, "SCORE_FIELD", scoreField,
		"EXTRA_FIELDS", `, "source": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "来源", "en": "Source"}}}`).Replace(crmApp)
}

// TestMigrationWithValues: three v1 leads move to a v2 that adds a required field, given a
// value: the dry run says per record what it would write, bad values are 400s naming them,
// and the run goes as a background job followed like an import job.
func TestMigrationWithValues(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	var leads []string
	for i, phone := range []string{"13900000001", "13900000002", "13900000003"} {
		leads = append(leads, createLead(t, a, v, map[string]any{"phone": phone, "subject": "Lead " + itoa(i)}))
	}
	publish(t, a, ann, v, crmWithSource())

	body := mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{"dryRun":true}`)
	if rep := decode(t, body); rep["failedCount"] != float64(3) || !strings.Contains(body, `"/source":{"code":"required"`) {
		t.Fatalf("without values: %s", body)
	}
	body = mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{"dryRun":true,"values":{"source":{"const":"展会"}}}`)
	if rep := decode(t, body); rep["passedCount"] != float64(3) || strings.Count(body, `"writes":{"source":"展会"}`) != 3 {
		t.Fatalf("dry run with a constant: %s", body)
	}
	body = mustCall(t, a, ann, 200, "POST", v["lead"]+"/migrations", `{"dryRun":true,"values":{"source":{"formula":"CONCAT(subject, \"/\", score)"}}}`)
	if !strings.Contains(body, `"writes":{"source":"Lead 0/88.5"}`) {
		t.Fatalf("dry run with a formula: %s", body)
	}
	for _, c := range []struct{ body, want string }{
		{`{"values":{"source":{"const":"x","formula":"subject"}}}`, `"/values/source":{"code":"one_source"`},
		{`{"values":{"leadNo":{"const":"x"}}}`, `"/values/leadNo":{"code":"unknown_field"`},
		{`{"values":{"source":{"formula":"nope + 1"}}}`, `"/values/source/formula":{"code":"bad_expr"`},
	} {
		if st, out := a.Call(ann, "POST", v["lead"]+"/migrations", c.body); st != 400 || !strings.Contains(out, c.want) {
			t.Errorf("%s: %d %s", c.body, st, out)
		}
	}
	for _, id := range leads {
		if rec := mustCall(t, a, ann, 200, "GET", v["lead"]+"/records/"+id, ""); !strings.Contains(rec, `"formVersion":1`) || strings.Contains(rec, `"source"`) {
			t.Fatalf("a dry run or a refusal wrote: %s", rec)
		}
	}

	resp := a.Do(a.Request(ann, "POST", v["lead"]+"/migrations", `{"background":true,"values":{"source":{"const":"展会"}}}`))
	body = readBody(resp)
	resp.Body.Close()
	if resp.StatusCode != 202 || resp.Header.Get("Location") == "" {
		t.Fatalf("background run: %d %s", resp.StatusCode, body)
	}
	a.Records.WaitImports()
	job := mustCall(t, a, ann, 200, "GET", resp.Header.Get("Location"), "")
	if rep := decode(t, job); rep["status"] != "done" || rep["total"] != float64(3) || rep["stored"] != float64(3) || rep["failed"] != float64(0) {
		t.Fatalf("job: %s", job)
	}
	for _, id := range leads {
		if rec := mustCall(t, a, ann, 200, "GET", v["lead"]+"/records/"+id, ""); !strings.Contains(rec, `"formVersion":2`) || !strings.Contains(rec, `"source":"展会"`) {
			t.Fatalf("after the job: %s", rec)
		}
	}
}
