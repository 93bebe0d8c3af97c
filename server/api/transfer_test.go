package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
	"github.com/formloom/formloom/server/api"
	"github.com/formloom/formloom/server/apitest"
	"github.com/formloom/formloom/server/config"
	"github.com/formloom/formloom/store"
)

// contactsApp is a small form for imports: a required name, a unique mobile number, a
// non-negative amount and a serial number.
const contactsApp = `{
  "key": "contacts",
  "name": {"zh-CN": "通讯录", "en": "Contacts"},
  "forms": [{
    "key": "contact",
    "name": {"zh-CN": "联系人", "en": "Contact"},
    "schema": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "minLength": 1, "x-formloom": {"type": "text", "label": {"zh-CN": "姓名", "en": "Name"}}},
      "phone": {"type": "string", "x-formloom": {"type": "phone", "kind": "mobile", "unique": true, "label": {"zh-CN": "手机", "en": "Mobile"}}},
      "amount": {"type": "number", "minimum": 0, "x-formloom": {"type": "money", "label": {"zh-CN": "金额", "en": "Amount"}}},
      "no": {"type": "string", "readOnly": true, "x-formloom": {"type": "serial", "pattern": "C-{yyyy}-{seq:6}", "label": {"zh-CN": "编号", "en": "Number"}}}
    }}
  }]
}`

// contactsWorkspace installs contactsApp in ann's workspace; Vars: wsA, ann, carl, app and
// contact, the form's URL prefix.
func contactsWorkspace(t testing.TB, a *apitest.TestApp) apitest.Vars {
	t.Helper()
	v := recordWorkspace(t, a)
	st, body := a.Call(a.SignIn("ann@formloom.test"), "POST", "/api/v1/workspaces/"+v["wsA"]+"/apps", `{"definition":`+contactsApp+`}`)
	if st != 201 {
		t.Fatalf("install: %d %s", st, body)
	}
	v["contactsApp"] = field(t, body, "id")
	v["contact"] = "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["contactsApp"] + "/forms/contact"
	return v
}

// send sends body as it is with a content type and returns status, headers and body.
func send(t testing.TB, a *apitest.TestApp, s apitest.Session, method, u string, body []byte, hdr ...string) (int, http.Header, string) {
	t.Helper()
	req := a.Request(s, method, u, "")
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp := a.Do(req)
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header, readBody(resp)
}

func parseCSV(t testing.TB, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, body)
	}
	return rows
}

func parseXLSX(t testing.TB, body string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not XLSX: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// column returns the values of the column headed name (rows after skip header rows).
func column(t testing.TB, rows [][]string, name string, skip int) []string {
	t.Helper()
	for i, h := range rows[0] {
		if h == name {
			var out []string
			for _, r := range rows[skip:] {
				if i < len(r) {
					out = append(out, r[i])
				} else {
					out = append(out, "")
				}
			}
			return out
		}
	}
	t.Fatalf("no column %q in %q", name, rows[0])
	return nil
}

func TestExport(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	createLead(t, a, v, map[string]any{"subject": "Alpha"})
	createLead(t, a, v, map[string]any{"subject": "Beta", "phone": "13800138001", "status": "following"})
	createLead(t, a, v, map[string]any{"subject": "Gamma", "phone": "13800138002"})
	ann := a.SignIn("ann@formloom.test")

	st, h, body := send(t, a, ann, "GET", v["lead"]+"/export?format=csv&sort=subject", nil)
	if st != 200 || h.Get("Content-Disposition") != `attachment; filename="lead.csv"` || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv export: %d %v %s", st, h, body)
	}
	rows := parseCSV(t, body)
	if got := strings.Join(column(t, rows, "Subject", 1), ","); got != "Alpha,Beta,Gamma" {
		t.Fatalf("subjects %q\n%s", got, body)
	}
	if got := column(t, rows, "Notes", 1); got[0] != "第一次接触" {
		t.Fatalf("notes %q", got)
	}
	if got := column(t, rows, "Status", 1); got[1] != "Following" {
		t.Fatalf("status labels %q", got)
	}

	// XLSX, in Chinese, filtered like the list.
	filter := url.QueryEscape(`{"field":"status","op":"eq","value":"following"}`)
	st, h, body = send(t, a, ann, "GET", v["lead"]+"/export?format=xlsx&filter="+filter, nil, "Accept-Language", "zh-CN")
	if st != 200 || h.Get("Content-Disposition") != `attachment; filename="lead.xlsx"` {
		t.Fatalf("xlsx export: %d %v", st, h)
	}
	rows = parseXLSX(t, body)
	if len(rows) != 3 || !strings.Contains(strings.Join(rows[1], ","), "subject") {
		t.Fatalf("xlsx rows (labels, keys, one record): %q", rows)
	}
	if got := column(t, rows, "主题", 2); len(got) != 1 || got[0] != "Beta" {
		t.Fatalf("filtered subjects %q", got)
	}
	if got := column(t, rows, "状态", 2); got[0] != "跟进中" {
		t.Fatalf("status label in Chinese %q", got)
	}

	// Mistakes are answered before any byte of the file.
	if st, _, body := send(t, a, ann, "GET", v["lead"]+"/export?format=pdf", nil); st != 400 || !strings.Contains(body, `"/format"`) {
		t.Fatalf("bad format: %d %s", st, body)
	}
	if st, _, body := send(t, a, ann, "GET", v["lead"]+"/export?sort=nope", nil); st != 400 || !strings.Contains(body, `"/sort/0"`) {
		t.Fatalf("bad sort: %d %s", st, body)
	}
	bob := a.SignIn("bob@formloom.test")
	if st, _, _ := send(t, a, bob, "GET", v["lead"]+"/export", nil); st != 404 {
		t.Fatalf("outsider exports: %d", st)
	}
}

// noExportForCarl hides notes from carl and scopes him to his own records; it refuses
// him exports when noExport is set.
type noExportForCarl struct {
	ownNotesHidden
	noExport bool
}

func (o noExportForCarl) Authorize(ctx context.Context, req records.AccessRequest) (records.Grant, error) {
	if o.noExport && req.Action == records.ActionExport && req.Member.UserID == o.restricted {
		return records.Grant{}, fault.ErrForbidden()
	}
	return o.ownNotesHidden.Authorize(ctx, req)
}

func TestExportAccess(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	createLead(t, a, v, map[string]any{"subject": "Ann's"})
	call := func(acc records.Access, s apitest.Session, u string) (int, http.Header, string) {
		t.Helper()
		svc := records.New(a.Store, a.Apps, a.Org, records.Options{Access: acc})
		h := api.New(api.Deps{Config: a.Cfg, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), DB: a.Store,
			Accounts: a.Accounts, Org: a.Org, Apps: a.Apps, Records: svc})
		resp, err := h.Test(a.Request(s, "GET", u, ""), -1)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, resp.Header, readBody(resp)
	}
	carl := a.SignIn("carl@formloom.test")
	acc := noExportForCarl{ownNotesHidden: ownNotesHidden{restricted: v["carl"]}}
	st, body := a.Call(carl, "POST", v["lead"]+"/records", lead(v, map[string]any{"subject": "Carl's", "phone": "13900000001"}))
	if st != 201 {
		t.Fatalf("carl creates: %d %s", st, body)
	}
	for _, format := range []string{"csv", "xlsx"} {
		st, _, body := call(acc, carl, v["lead"]+"/export?format="+format)
		if st != 200 {
			t.Fatalf("%s: %d %s", format, st, body)
		}
		var rows [][]string
		skip := 1
		if format == "csv" {
			rows = parseCSV(t, body)
		} else {
			rows, skip = parseXLSX(t, body), 2
			if strings.Contains(strings.Join(rows[1], ","), "notes") {
				t.Fatalf("xlsx key row names the hidden field: %q", rows[1])
			}
		}
		if strings.Contains(strings.Join(rows[0], ","), "Notes") || strings.Contains(body, "第一次接触") {
			t.Fatalf("%s shows the hidden field: %q", format, rows[0])
		}
		if got := column(t, rows, "Subject", skip); len(got) != 1 || got[0] != "Carl's" {
			t.Fatalf("%s out of scope: %q", format, got)
		}
	}
	acc.noExport = true
	if st, _, body := call(acc, carl, v["lead"]+"/export?format=csv"); st != 403 {
		t.Fatalf("export refused: %d %s", st, body)
	}
}

// importReport is the part of an import report the tests read.
type importReport struct {
	Job    string `json:"job"`
	Status string `json:"status"`
	DryRun bool   `json:"dryRun"`
	Total  int    `json:"total"`
	Done   int    `json:"done"`
	Valid  int    `json:"valid"`
	Stored int    `json:"stored"`
	Failed int    `json:"failed"`
	Bad    []struct {
		Row    int `json:"row"`
		Fields map[string]struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"fields"`
	} `json:"bad"`
}

func decodeReport(t testing.TB, body string) importReport {
	t.Helper()
	var r importReport
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("not a report: %s", body)
	}
	return r
}

// badRows renders a report's bad rows as "row:pointer=code" in row order.
func badRows(r importReport) string {
	var out []string
	for _, b := range r.Bad {
		for p, e := range b.Fields {
			out = append(out, fmt.Sprintf("%d:%s=%s", b.Row, p, e.Code))
		}
	}
	return strings.Join(out, " ")
}

func countContacts(t testing.TB, a *apitest.TestApp, v apitest.Vars) int {
	t.Helper()
	st, body := a.Call(a.SignIn("ann@formloom.test"), "GET", v["contact"]+"/records?total=true&limit=1", "")
	if st != 200 {
		t.Fatalf("list: %d %s", st, body)
	}
	n, _ := decode(t, body)["total"].(float64)
	return int(n)
}

func TestImportCSVDryRunThenStore(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contactsWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	file := []byte("Name,Mobile,Amount\nAnn,13800000001,10\nBob,123,5\nCat,13800000003,-1\n\n姓名不空,13800000004,\n")

	st, _, body := send(t, a, ann, "POST", v["contact"]+"/import?format=csv&dryRun=true", file, "Content-Type", "text/csv")
	r := decodeReport(t, body)
	if st != 200 || !r.DryRun || r.Total != 4 || r.Valid != 2 || r.Stored != 0 || r.Failed != 2 || r.Status != "done" {
		t.Fatalf("dry run: %d %s", st, body)
	}
	if got := badRows(r); got != "3:/phone=phone 4:/amount=minimum" {
		t.Fatalf("bad rows %q\n%s", got, body)
	}
	if n := countContacts(t, a, v); n != 0 {
		t.Fatalf("a dry run stored %d records", n)
	}

	// The same file for real (format told apart by content): the valid rows are stored
	// with serial numbers and a timeline.
	st, _, body = send(t, a, ann, "POST", v["contact"]+"/import", file, "Content-Type", "text/csv", "Accept-Language", "zh-CN")
	r = decodeReport(t, body)
	if st != 200 || r.DryRun || r.Stored != 2 || r.Failed != 2 || len(r.Bad) != 2 {
		t.Fatalf("import: %d %s", st, body)
	}
	if m := r.Bad[0].Fields["/phone"].Message; m == "" || !strings.ContainsFunc(m, func(c rune) bool { return c >= 0x4e00 && c <= 0x9fff }) {
		t.Fatalf("message not in Chinese: %q", m)
	}
	if n := countContacts(t, a, v); n != 2 {
		t.Fatalf("stored %d records, want 2", n)
	}
	st, body = a.Call(ann, "GET", v["contact"]+"/records?sort=name", "")
	if st != 200 || !strings.Contains(body, `"no":"C-`) || !strings.Contains(body, `"name":"Ann"`) {
		t.Fatalf("imported records: %d %s", st, body)
	}
	id := field(t, body, "items", "0", "id")
	if st, body := a.Call(ann, "GET", v["contact"]+"/records/"+id+"/history", ""); st != 200 || !strings.Contains(body, `"created"`) {
		t.Fatalf("timeline: %d %s", st, body)
	}

	// Stored records count for unique fields: importing Ann again is a bad row, not a failure.
	st, _, body = send(t, a, ann, "POST", v["contact"]+"/import", []byte("Name,Mobile\nAnn again,13800000001\nDan,13800000009\n"))
	r = decodeReport(t, body)
	if st != 200 || r.Stored != 1 || badRows(r) != "2:/phone=duplicate" {
		t.Fatalf("duplicate of a stored record: %d %s", st, body)
	}

	// A file whose columns cannot be read is refused as a whole.
	st, _, body = send(t, a, ann, "POST", v["contact"]+"/import", []byte("Name,Shoe size\nEve,42\n"))
	if st != 400 || !strings.Contains(body, `"/columns/B":{"code":"unknown_column"`) {
		t.Fatalf("unknown column: %d %s", st, body)
	}
	if n := countContacts(t, a, v); n != 3 {
		t.Fatalf("%d records after a refused file, want 3", n)
	}
}

// contactsXLSX is a sheet of n contacts in which rows bad (0-based data rows) are bad:
// the first with a negative amount, the second with a malformed mobile number, the third
// repeating the first row's number.
func contactsXLSX(t testing.TB, n int, bad [3]int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"Name", "Mobile", "Amount"}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		name, phone, amount := fmt.Sprintf("Contact %d", i), fmt.Sprintf("138%08d", i), any(float64(i%1000)+0.5)
		switch i {
		case bad[0]:
			amount = -5
		case bad[1]:
			phone = "12345"
		case bad[2]:
			phone = fmt.Sprintf("138%08d", 0)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{name, phone, amount}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportXLSXJob(t *testing.T) {
	t.Parallel()
	a := apitest.New(t, func(c *config.Config) { c.BodyLimit = 16 << 20 })
	v := contactsWorkspace(t, a)
	ann := a.SignIn("ann@formloom.test")
	file := contactsXLSX(t, 10_000, [3]int{100, 5000, 9000})
	const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

	st, h, body := send(t, a, ann, "POST", v["contact"]+"/import?format=xlsx", file, "Content-Type", xlsxType)
	r := decodeReport(t, body)
	if st != 202 || r.Job == "" || r.Status != "running" || r.Total != 10_000 {
		t.Fatalf("large import: %d %s", st, body)
	}
	job := v["contact"] + "/imports/" + r.Job
	if h.Get("Location") != job {
		t.Fatalf("Location %q, want %q", h.Get("Location"), job)
	}
	// Only the member who started it (and owners and admins) may follow it.
	if st, _ := a.Call(a.SignIn("carl@formloom.test"), "GET", job, ""); st != 404 {
		t.Fatalf("another member follows the job: %d", st)
	}
	a.Records.WaitImports()
	st, body = a.Call(ann, "GET", job, "")
	r = decodeReport(t, body)
	if st != 200 || r.Status != "done" || r.Done != 10_000 || r.Stored != 9_997 || r.Failed != 3 {
		t.Fatalf("job report: %d %s", st, body)
	}
	if got := badRows(r); got != "102:/amount=minimum 5002:/phone=phone 9002:/phone=duplicate" {
		t.Fatalf("bad rows %q", got)
	}
	for _, b := range r.Bad {
		for _, e := range b.Fields {
			if e.Message == "" {
				t.Fatalf("row %d without a message: %s", b.Row, body)
			}
		}
	}
	if n := countContacts(t, a, v); n != 9_997 {
		t.Fatalf("stored %d records, want 9997", n)
	}
	// Serial numbers are distinct: the last one is the 9,997th.
	st, body = a.Call(ann, "GET", v["contact"]+"/records?limit=1", "")
	if st != 200 || !strings.Contains(body, fmt.Sprintf(`-%06d"`, 9_997)) {
		t.Fatalf("newest record's serial: %d %s", st, body)
	}

	// A dry run of a large file is a job too, stores nothing, and finds the values that
	// stored records already have: here every row but one is bad (row 102's number was
	// never stored), and the report lists the first 1,000.
	st, _, body = send(t, a, ann, "POST", v["contact"]+"/import?dryRun=true", contactsXLSX(t, 1_500, [3]int{1, 2, 3}), "Content-Type", xlsxType)
	r = decodeReport(t, body)
	if st != 202 || !r.DryRun {
		t.Fatalf("large dry run: %d %s", st, body)
	}
	a.Records.WaitImports()
	st, body = a.Call(ann, "GET", v["contact"]+"/imports/"+r.Job, "")
	r = decodeReport(t, body)
	if st != 200 || r.Status != "done" || r.Stored != 0 || r.Failed != 1_499 || r.Valid != 1 || len(r.Bad) != 1_000 || !strings.Contains(body, `"partial":true`) {
		t.Fatalf("dry-run job: %d %.600s", st, body)
	}
	if got := badRows(importReport{Bad: r.Bad[:5]}); got != "2:/phone=duplicate 3:/amount=minimum 4:/phone=phone 5:/phone=duplicate 6:/phone=duplicate" {
		t.Fatalf("dry-run bad rows %q", got)
	}
	if n := countContacts(t, a, v); n != 9_997 {
		t.Fatalf("a dry run stored records: %d", n)
	}
}

func TestOpenAPI(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := recordWorkspace(t, a)
	u := "/api/v1/workspaces/" + v["wsA"] + "/apps/" + v["app"] + "/openapi.json"
	ann := a.SignIn("ann@formloom.test")
	st, body := a.Call(ann, "GET", u, "")
	if st != 200 {
		t.Fatalf("openapi: %d %s", st, body)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Title   string `json:"title"`
			Version string `json:"version"`
		} `json:"info"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths      map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Info.Title != "CRM" || doc.Info.Version != "1" || len(doc.Servers) != 1 ||
		doc.Servers[0].URL != "/api/v1/workspaces/"+v["wsA"]+"/apps/"+v["app"] {
		t.Fatalf("document head: %+v", doc)
	}
	if doc.Paths["/forms/lead/records"] == nil || doc.Paths["/forms/contract/records"] == nil {
		t.Fatalf("paths: %v", doc.Paths)
	}
	found := false
	for _, s := range doc.Components.Schemas {
		if strings.Contains(string(s), `"subject"`) && strings.Contains(string(s), `"minLength": 2`) {
			found = true
		}
	}
	if !found {
		t.Fatalf("no schema with the lead's subject field: %s", body)
	}
	st, zh := a.Call(ann, "GET", u+"?x=1", "")
	if st != 200 || zh != body {
		t.Fatalf("same document again: %d", st)
	}
	req := a.Request(ann, "GET", u, "")
	req.Header.Set("Accept-Language", "zh-CN")
	resp := a.Do(req)
	zh = readBody(resp)
	resp.Body.Close()
	if !strings.Contains(zh, `"title": "客户管理"`) {
		t.Fatalf("Chinese document: %s", zh[:min(len(zh), 400)])
	}
	if st, _ := a.Call(a.SignIn("bob@formloom.test"), "GET", u, ""); st != 404 {
		t.Fatalf("outsider reads the document: %d", st)
	}
}

// TestImportJobInterrupted: a job whose instance stopped (no progress for longer than a
// running import ever goes without) is reported, and stored, as interrupted.
func TestImportJobInterrupted(t *testing.T) {
	t.Parallel()
	a := apitest.New(t)
	v := contactsWorkspace(t, a)
	ctx := context.Background()
	old := time.Now().Add(-time.Hour).UTC()
	doc, err := store.NewDocument("job1", map[string]any{"ws": v["wsA"], "app": v["contactsApp"], "form": "contact", "actor": v["ann"], "beat": old,
		"report": map[string]any{"job": "job1", "status": "running", "total": 5000, "done": 1500, "stored": 1500, "started": old}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.Collection("record_imports").Insert(ctx, doc); err != nil {
		t.Fatal(err)
	}
	for range 2 { // marked on the first read, stored for the next
		st, body := a.Call(a.SignIn("ann@formloom.test"), "GET", v["contact"]+"/imports/job1", "")
		if st != 200 || !strings.Contains(body, `"status":"interrupted"`) || !strings.Contains(body, `"stored":1500`) || !strings.Contains(body, `"error":{"code":"interrupted"`) {
			t.Fatalf("stale job: %d %s", st, body)
		}
	}
	if st, _ := a.Call(a.SignIn("ann@formloom.test"), "GET", v["contact"]+"/imports/nope", ""); st != 404 {
		t.Fatalf("unknown job: %d", st)
	}
}
