package api_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/formloom/formloom/server/apitest"
)

// uploadTo sends body as a file named name to field of the form at prefix, for the step
// the caller holds on record (none when record is empty).
func uploadTo(t *testing.T, a *apitest.TestApp, s apitest.Session, prefix, field, record, name, body string) (int, string) {
	t.Helper()
	q := url.Values{"filename": {name}}
	if record != "" {
		q.Set("record", record)
	}
	req := a.Request(s, "POST", prefix+"/fields/"+field+"/files?"+q.Encode(), body)
	req.Header.Set("Content-Type", "application/octet-stream")
	resp := a.Do(req)
	defer resp.Body.Close()
	return resp.StatusCode, readBody(resp)
}

// TestUploadAtAStep: the recorder, an attendee whose role only reads meetings, adds the
// meeting's material at her minutes step: she uploads naming the record her step is on and
// attaches the file by completing the step. Without the record, before the run reaches her,
// or as an attendee holding no step, the upload is refused.
func TestUploadAtAStep(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "meeting-minutes", "org", "rec", "p1")
	f.roles(t, map[string][]string{"organizer": {"org"}, "attendee": {"rec", "p1"}})
	a, v := f.a, f.v
	meeting := f.base + "/forms/meeting"
	body := mustCall(t, a, f.as("org"), 201, "POST", meeting+"/records", `{"title":"周例会","startAt":"2026-09-16T01:00:00Z",
		"endAt":"2026-09-16T02:00:00Z","recorder":"`+v["rec"]+`","attendees":["`+v["p1"]+`"]}`)
	id := field(t, body, "id")
	rec := meeting + "/records/" + id

	if st, out := uploadTo(t, a, f.as("rec"), meeting, "attachments", id, "纪要.pdf", pdfBytes); st != 403 {
		t.Errorf("before the minutes step: %d %s", st, out)
	}
	mustAct(t, a, f.as("org"), rec, "submit", `{}`)
	if st, out := uploadTo(t, a, f.as("rec"), meeting, "attachments", "", "纪要.pdf", pdfBytes); st != 403 {
		t.Errorf("no record named, and her role creates no meetings: %d %s", st, out)
	}
	if st, out := uploadTo(t, a, f.as("p1"), meeting, "attachments", id, "纪要.pdf", pdfBytes); st != 403 {
		t.Errorf("an attendee holding no step: %d %s", st, out)
	}
	if st, out := uploadTo(t, a, f.as("rec"), meeting, "title", id, "纪要.pdf", pdfBytes); st != 404 {
		t.Errorf("a field that holds no files: %d %s", st, out)
	}
	st, out := uploadTo(t, a, f.as("rec"), meeting, "attachments", id, "纪要.pdf", pdfBytes)
	if st != 201 {
		t.Fatalf("the recorder at her step: %d %s", st, out)
	}
	file := field(t, out, "id")
	body = mustAct(t, a, f.as("rec"), rec, "complete", `{"data":{"conclusions":"按计划推进","attachments":["`+file+`"]}}`)
	if !strings.Contains(body, file) {
		t.Fatalf("the step did not attach the file: %s", body)
	}
	// Every attendee reads the material now.
	if st, _, got := download(t, a, f.as("p1"), rec+"/files/"+file); st != 200 || got != pdfBytes {
		t.Errorf("an attendee downloading the material: %d", st)
	}
	// The run has ended: the recorder's step is gone, and so is her upload.
	if st, out := uploadTo(t, a, f.as("rec"), meeting, "attachments", id, "补充.pdf", pdfBytes); st != 403 {
		t.Errorf("after the step: %d %s", st, out)
	}
}

// TestUploadWithUpdateOnly: an analyst, whose role updates leads but creates none, uploads
// the analysis report; a supervisor, who only reads and exports them, may not.
func TestUploadWithUpdateOnly(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "lead-management", "ana", "sup")
	f.roles(t, map[string][]string{"analyst": {"ana"}, "supervisor": {"sup"}})
	lead := f.base + "/forms/lead"
	if st, out := uploadTo(t, f.a, f.as("ana"), lead, "analysisReport", "", "分析报告.pdf", pdfBytes); st != 201 {
		t.Errorf("the analyst: %d %s", st, out)
	}
	if st, out := uploadTo(t, f.a, f.as("sup"), lead, "analysisReport", "", "分析报告.pdf", pdfBytes); st != 403 {
		t.Errorf("the supervisor: %d %s", st, out)
	}
}
