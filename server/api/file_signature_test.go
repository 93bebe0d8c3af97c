package api_test

import (
	"strings"
	"testing"
)

// signatureApp has a leave request signed by the applicant.
const signatureApp = `{
  "key": "signature-test",
  "name": {"zh-CN": "签名", "en": "Signatures"},
  "forms": [{
    "key": "leave",
    "name": {"zh-CN": "请假", "en": "Leave"},
    "schema": {"type": "object", "properties": {
      "reason": {"type": "string", "x-formloom": {"type": "text", "label": {"zh-CN": "事由", "en": "Reason"}}},
      "sign": {"type": "array", "items": {"type": "string"}, "x-formloom": {"type": "signature", "label": {"zh-CN": "申请人签名", "en": "Signature"}}}
    }}
  }]
}`

// TestSignatureField: a signature is one PNG uploaded like an attachment; another type of
// file, or a second signature, is refused naming the field, and the record page's file list
// serves the one stored.
func TestSignatureField(t *testing.T) {
	t.Parallel()
	f := newStarterFlow(t, "meeting-minutes")
	a := f.a
	ann := f.as("ann")
	app := field(t, mustCall(t, a, ann, 201, "POST", "/api/v1/workspaces/"+f.v["wsA"]+"/apps", `{"definition":`+signatureApp+`}`), "id")
	leave := "/api/v1/workspaces/" + f.v["wsA"] + "/apps/" + app + "/forms/leave"

	if st, out := upload(t, a, ann, leave, "sign", "sign.pdf", pdfBytes); st != 422 || !strings.Contains(out, `"/sign":{"code":"file_type"`) {
		t.Errorf("a PDF as a signature: %d %s", st, out)
	}
	ids := make([]string, 2)
	for i := range ids {
		st, out := upload(t, a, ann, leave, "sign", "签名.png", pngBytes)
		if st != 201 {
			t.Fatalf("upload: %d %s", st, out)
		}
		ids[i] = field(t, out, "id")
	}
	if st, out := a.Call(ann, "POST", leave+"/records", `{"reason":"年假","sign":["`+ids[0]+`","`+ids[1]+`"]}`); st != 422 || !strings.Contains(out, `"/sign"`) {
		t.Errorf("two signatures: %d %s", st, out)
	}
	rec := field(t, mustCall(t, a, ann, 201, "POST", leave+"/records", `{"reason":"年假","sign":["`+ids[0]+`"]}`), "id")
	files := mustCall(t, a, ann, 200, "GET", leave+"/records/"+rec+"/files", "")
	if !strings.Contains(files, `"name":"签名.png"`) || !strings.Contains(files, `"contentType":"image/png"`) {
		t.Errorf("the record's files: %s", files)
	}
}
