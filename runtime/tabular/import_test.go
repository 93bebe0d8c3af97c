package tabular_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/tabular"
)

// bulk makes n valid, distinct lead records.
func bulk(t testing.TB, n int) []map[string]any {
	t.Helper()
	f := leadForm(t)
	statuses := []string{"new", "following", "closed"}
	out := make([]map[string]any, n)
	for i := range out {
		in := fmt.Sprintf(`{"subject":"线索 %06d","budget":%d.5,"score":%d,"status":%q,"due":"2026-%02d-%02d",
			"meetAt":"2026-05-01T0%d:15:00Z","tags":["vip"],"vip":%t,"phone":"138%08d","email":"u%d@example.com",
			"owner":"u%d","items":[{"product":"产品%d","qty":%d,"price":9.9,"unit":"pcs"}],"discount":5}`,
			i, 1000+i, i%100, statuses[i%3], 1+i%12, 1+i%28, i%10, i%2 == 0, i, i, i%50, i%7, 1+i%5)
		out[i] = prepare(t, f, in)
	}
	return out
}

// An XLSX file of 10,000 rows with 3 bad rows: 9,997 good rows and exactly the 3 bad
// ones, with their row numbers and the pointer of the bad field.
func TestImportXLSX10000WithThreeBadRows(t *testing.T) {
	f := leadForm(t)
	recs := bulk(t, 10_000)
	recs[10]["budget"] = "一万"    // not a number
	recs[5000]["status"] = "won" // not an option
	delete(recs[9999], "subject")
	data := export(t, f, tabular.XLSX, tabular.ExportOptions{Options: tabular.Options{Language: "zh-CN", Location: cst}}, recs)

	r, err := tabular.NewReader(bytes.NewReader(data), tabular.XLSX, f, tabular.ImportOptions{Options: tabular.Options{Location: cst}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var batches []int
	stored := 0
	rep, err := tabular.PrepareRows(context.Background(), r, f, tabular.PrepareOptions{
		Env: testEnv(), BatchSize: 1000,
		Store: func(_ context.Context, batch []tabular.Good) error {
			batches = append(batches, len(batch))
			stored += len(batch)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 10_000 || rep.Good != 9_997 || stored != 9_997 {
		t.Fatalf("rows %d, good %d, stored %d", rep.Rows, rep.Good, stored)
	}
	if slices.Max(batches) > 1000 || len(batches) != 10 {
		t.Errorf("batches %v", batches)
	}
	// Data starts on row 3 (labels on 1, hidden keys on 2): record i is on row i+3.
	want := []struct {
		line    int
		pointer string
		code    string
	}{{13, "/budget", "type"}, {5003, "/status", "enum"}, {10002, "/subject", "required"}}
	if len(rep.Bad) != len(want) {
		t.Fatalf("%d bad rows: %+v", len(rep.Bad), rep.Bad)
	}
	for i, w := range want {
		b := rep.Bad[i]
		if b.Line != w.line || !maps.Equal(codes(b.Errors), map[string]string{w.pointer: w.code}) {
			t.Errorf("bad row %d: line %d %v, want line %d {%s: %s}", i, b.Line, codes(b.Errors), w.line, w.pointer, w.code)
		}
		checkMessages(t, b.Errors)
	}
	if msg := rep.Bad[0].Errors["/budget"].Text.ZH; !strings.Contains(msg, "一万") {
		t.Errorf("the message does not quote the cell: %q", msg)
	}
}

// A CSV file with a BOM and Chinese headers, typed by hand: labels map to fields, values
// are read as people write them.
func TestImportCSVWithBOMAndChineseHeaders(t *testing.T) {
	f := leadForm(t)
	data := append([]byte("\uFEFF"), csvOf(
		`主题,状态,预算,标签,重点,截止日期,会面时间,明细,折扣（%）`,
		`第一条线索,跟进中,"¥12,345.60",重要客户、紧急,是,2026/6/1,2026-05-03 09:30,"[{""product"":""甲"",""qty"":""2"",""price"":10,""unit"":""箱""}]",10`,
		`第二条线索,new,800,VIP,false,2026年7月15日,2026-05-03T09:30:00+08:00,"[{""product"":""乙"",""qty"":1}]",`,
	)...)
	h, rows := readRows(t, f, tabular.CSV, tabular.ImportOptions{Options: tabular.Options{Location: cst}}, data)
	if len(h.Problems) != 0 || h.KeyRow {
		t.Fatalf("header: %+v", h)
	}
	if got := len(h.Columns); got != 9 {
		t.Errorf("%d columns mapped", got)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	want := []map[string]any{
		{"subject": "第一条线索", "status": "following", "budget": 12345.6, "tags": []any{"vip", "urgent"}, "vip": true,
			"due": "2026-06-01", "meetAt": "2026-05-03T01:30:00.000Z", "discount": 10.0,
			"items": []any{map[string]any{"product": "甲", "qty": 2.0, "price": 10.0, "unit": "box"}}},
		{"subject": "第二条线索", "status": "new", "budget": 800.0, "tags": []any{"vip"}, "vip": false,
			"due": "2026-07-15", "meetAt": "2026-05-03T01:30:00.000Z",
			"items": []any{map[string]any{"product": "乙", "qty": 1.0}}},
	}
	for i, row := range rows {
		if row.Errors != nil {
			t.Fatalf("row %d: %v", row.Line, row.Errors)
		}
		if row.Line != i+2 {
			t.Errorf("row %d has line %d", i, row.Line)
		}
		if !same(t, want[i], row.Record) {
			t.Errorf("row %d:\nwant %s\ngot  %s", row.Line, jsonText(want[i]), jsonText(row.Record))
		}
	}
	good, rep := importAll(t, f, tabular.CSV, tabular.ImportOptions{Options: tabular.Options{Location: cst}}, data)
	if len(good) != 2 || len(rep.Bad) != 0 {
		t.Fatalf("good %d, bad %+v", len(good), rep.Bad)
	}
	if got := good[0].Record["total"]; got != 18.0 { // 2 × 10 × (1 − 10%), computed on import
		t.Errorf("total = %v", got)
	}
}

// A CSV file saved by Excel on Chinese Windows is GB18030, without BOM.
func TestImportCSVInGB18030(t *testing.T) {
	f := leadForm(t)
	utf := csvOf(`主题,状态,预算,明细`, `国标编码的线索,已关闭,5,"[{""product"":""丙"",""qty"":1}]"`)
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	good, rep := importAll(t, f, tabular.CSV, tabular.ImportOptions{}, gb)
	if len(good) != 1 || len(rep.Bad) != 0 {
		t.Fatalf("good %d, bad %+v, header %+v", len(good), rep.Bad, rep.Header)
	}
	if good[0].Record["subject"] != "国标编码的线索" || good[0].Record["status"] != "closed" {
		t.Errorf("record %v", good[0].Record)
	}
}

// Separators other than the comma are detected from the header line.
func TestImportCSVSemicolons(t *testing.T) {
	f := leadForm(t)
	data := csvOf(`subject;status;budget;items`, `Semi colon;new;1,5;"[{""product"":""x"",""qty"":1}]"`)
	_, rows := readRows(t, f, tabular.CSV, tabular.ImportOptions{}, data)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	// "1,5" is no number here (no decimal commas): a cell error, not a silent 15.
	if got := codes(rows[0].Errors); !maps.Equal(got, map[string]string{"/budget": "type"}) {
		t.Errorf("errors %v", got)
	}
}

// Row numbers are what a spreadsheet shows: blank lines count, a cell spanning lines does not.
func TestImportCSVRowNumbers(t *testing.T) {
	f := leadForm(t)
	data := []byte("subject,status,budget,notes,items\r\n" +
		"Row two,new,1,\"line 1\nline 2\nline 3\",\"[{\"\"product\"\":\"\"x\"\",\"\"qty\"\":1}]\"\r\n" +
		"\r\n" +
		"Row four,new,x,,\"[{\"\"product\"\":\"\"x\"\",\"\"qty\"\":1}]\"\r\n" +
		",,,,\r\n" +
		"Row six,bad,1,,\"[{\"\"product\"\":\"\"x\"\",\"\"qty\"\":1}]\"\r\n")
	_, rows := readRows(t, f, tabular.CSV, tabular.ImportOptions{}, data)
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if !slices.Equal(lines, []int{2, 4, 6}) {
		t.Errorf("lines %v, want [2 4 6]", lines)
	}
}

// A workbook made by hand in a spreadsheet: labels only (no key row), real dates,
// numbers and booleans typed into cells, a phone number typed as a number.
func TestImportHandMadeXLSX(t *testing.T) {
	f := leadForm(t)
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Sheet1"
	set := func(cell string, v any) {
		if err := x.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, h := range []string{"Subject", "Status", "Budget", "Due", "Meeting", "Key account", "Mobile", "Items"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		set(cell, h)
	}
	set("A2", "Typed by hand")
	set("B2", "Closed")
	set("C2", 2500.75)
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy
	set("D2", 46174)                                        // 2026-06-01 as Excel counts days
	_ = x.SetCellStyle(sheet, "D2", "D2", dateStyle)
	set("E2", 46145.5) // 2026-05-03 12:00 in the workspace
	set("F2", true)
	set("G2", 13800138000)
	set("H2", `[{"product":"x","qty":1,"unit":"Box"}]`)
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	h, rows := readRows(t, f, tabular.XLSX, tabular.ImportOptions{Options: tabular.Options{Location: cst}}, buf.Bytes())
	if h.KeyRow || len(h.Problems) > 0 {
		t.Fatalf("header %+v", h)
	}
	if len(rows) != 1 || rows[0].Errors != nil || rows[0].Line != 2 {
		t.Fatalf("rows %+v", rows)
	}
	want := map[string]any{"subject": "Typed by hand", "status": "closed", "budget": 2500.75, "due": "2026-06-01",
		"meetAt": "2026-05-03T04:00:00.000Z", "vip": true, "phone": "13800138000",
		"items": []any{map[string]any{"product": "x", "qty": 1.0, "unit": "box"}}}
	if !same(t, want, rows[0].Record) {
		t.Errorf("\nwant %s\ngot  %s", jsonText(want), jsonText(rows[0].Record))
	}
}

// Cells that cannot be read are reported with their pointers and messages in both
// languages; a bad row still gets the form's errors for the rest of it.
func TestImportCellErrors(t *testing.T) {
	f := leadForm(t)
	data := csvOf(
		`subject,status,budget,due,meetAt,vip,tags,items,score`,
		`A,unknown,12abc,2026-13-01,tomorrow,maybe,vip、nope,"[{""product"":""x"",""qty"":""two"",""colour"":""red"",""amount"":5}]",1.25`,
		`Fine row,new,1,,,,,not json,`,
	)
	good, rep := importAll(t, f, tabular.CSV, tabular.ImportOptions{}, data)
	if len(good) != 0 || len(rep.Bad) != 2 {
		t.Fatalf("good %d, bad %d", len(good), len(rep.Bad))
	}
	want := map[string]string{
		"/subject": "minLength", // from the form: the row is validated too
		"/status":  "enum", "/budget": "type", "/due": "format", "/meetAt": "format", "/vip": "type",
		"/tags": "enum", "/items/0/qty": "type", "/items/0/colour": "unknown_field",
		"/score": "precision", // from the form
	}
	if got := codes(rep.Bad[0].Errors); !maps.Equal(got, want) {
		t.Errorf("row 2 errors:\n got %v\nwant %v", got, want)
	}
	checkMessages(t, rep.Bad[0].Errors)
	if got := codes(rep.Bad[1].Errors); !maps.Equal(got, map[string]string{"/items": "type"}) {
		t.Errorf("row 3 errors %v", got)
	}
	if rep.Bad[0].Line != 2 || rep.Bad[1].Line != 3 {
		t.Errorf("lines %d %d", rep.Bad[0].Line, rep.Bad[1].Line)
	}
}

// Columns that name no field, several fields, or a field twice are reported, never
// silently dropped; server-owned and meta columns are recognised and ignored; required
// fields without a column are listed.
func TestImportHeaderProblems(t *testing.T) {
	f := leadForm(t)
	data := csvOf(
		`主题,Colour,预算,Budget,合计,_id,Lead number,email,,status`,
		`Hello,red,1,2,3,r1,XS-1,a@example.com,,new`,
		`Again,,1,,,,,,stray,new`,
	)
	h, rows := readRows(t, f, tabular.CSV, tabular.ImportOptions{Options: tabular.Options{Hidden: []string{"email"}}}, data)
	problems := map[string]string{}
	for _, p := range h.Problems {
		problems[p.Name] = p.Code
		if p.Text.EN == "" || p.Text.ZH == "" {
			t.Errorf("%s: message missing", p.Name)
		}
	}
	want := map[string]string{"B": "unknown_column", "D": "duplicate_column", "H": "unknown_column"} // H: hidden
	if !maps.Equal(problems, want) {
		t.Errorf("problems %v, want %v", problems, want)
	}
	var ignored, read []string
	for _, c := range h.Ignored {
		ignored = append(ignored, c.Path)
	}
	for _, c := range h.Columns {
		read = append(read, c.Path)
	}
	if !slices.Equal(ignored, []string{"total", "_id", "leadNo"}) || !slices.Equal(read, []string{"subject", "budget", "status"}) {
		t.Errorf("ignored %v, read %v", ignored, read)
	}
	if len(h.Missing) != 0 {
		t.Errorf("missing %v", h.Missing)
	}
	err := h.Err()
	fe, ok := fault.As(err)
	if !ok || fe.Kind != fault.BadRequest || len(fe.Fields) != 3 || fe.Fields["/columns/B"].Code != "unknown_column" {
		t.Errorf("Err() = %v", err)
	}
	if rows[0].Errors != nil || rows[0].Record["budget"] != 1.0 {
		t.Errorf("row 2: %+v", rows[0])
	}
	// A value in the column without a header is an error of its row.
	if got := codes(rows[1].Errors); !maps.Equal(got, map[string]string{"": "unknown_column"}) {
		t.Errorf("row 3 errors %v", got)
	}

	// Labels two fields share are ambiguous unless written "label (key)", as exports do.
	twins, err := form.Compile([]byte(`{"type":"object","properties":{
		"name":{"type":"string","x-formloom":{"type":"text","label":{"zh-CN":"名称","en":"Name"}}},
		"title":{"type":"string","x-formloom":{"type":"text","label":{"zh-CN":"名称","en":"Title"}}}}}`), form.Options{})
	if err != nil {
		t.Fatal(err)
	}
	exported := export(t, twins, tabular.CSV, tabular.ExportOptions{Options: tabular.Options{Language: "zh-CN"}},
		[]map[string]any{{"name": "n", "title": "t"}})
	if !bytes.HasPrefix(exported, []byte("\uFEFF名称 (name),名称 (title)\r\n")) {
		t.Errorf("export header %q", exported)
	}
	th, trows := readRows(t, twins, tabular.CSV, tabular.ImportOptions{}, exported)
	if len(th.Problems) != 0 || len(trows) != 1 || trows[0].Record["title"] != "t" {
		t.Errorf("header %+v rows %+v", th, trows)
	}
	th, _ = readRows(t, twins, tabular.CSV, tabular.ImportOptions{}, csvOf(`名称,Title`))
	if len(th.Problems) != 1 || th.Problems[0].Code != "ambiguous_column" || th.Problems[0].Name != "A" {
		t.Errorf("problems %+v", th.Problems)
	}
	h2, _ := readRows(t, f, tabular.CSV, tabular.ImportOptions{}, csvOf(`Subject,Status`))
	if !slices.Equal(h2.Missing, []string{"budget"}) {
		t.Errorf("missing %v, want [budget]", h2.Missing)
	}
}

// Read-only fields (field permission "read") are recognised and ignored on import.
func TestImportReadOnlyColumns(t *testing.T) {
	f := leadForm(t)
	data := csvOf(`subject,status,budget,score,items`, `Hello,new,1,50,"[{""product"":""x"",""qty"":1}]"`)
	good, rep := importAll(t, f, tabular.CSV, tabular.ImportOptions{ReadOnly: []string{"score"}}, data)
	if len(good) != 1 || len(rep.Header.Ignored) != 1 || rep.Header.Ignored[0].Path != "score" {
		t.Fatalf("good %d, ignored %+v", len(good), rep.Header.Ignored)
	}
	if _, ok := good[0].Record["score"]; ok {
		t.Error("a read-only field was imported")
	}
}

// A value of a unique field repeated within the file makes the later row bad.
func TestImportDuplicateUniqueValues(t *testing.T) {
	f := leadForm(t)
	item := `"[{""product"":""x"",""qty"":1}]"`
	data := csvOf(`subject,status,budget,phone,items`,
		`First,new,1,13800138000,`+item,
		`Second,new,1,13900139000,`+item,
		`Third,new,1,13800138000,`+item,
		`First,new,1,13700137000,`+item,
	)
	good, rep := importAll(t, f, tabular.CSV, tabular.ImportOptions{}, data)
	if len(good) != 2 || len(rep.Bad) != 2 {
		t.Fatalf("good %d, bad %+v", len(good), rep.Bad)
	}
	if rep.Bad[0].Line != 4 || rep.Bad[0].Errors["/phone"].Code != "duplicate" || !strings.Contains(rep.Bad[0].Errors["/phone"].Text.EN, "row 2") {
		t.Errorf("bad %+v", rep.Bad[0])
	}
	if rep.Bad[1].Line != 5 || rep.Bad[1].Errors["/subject"].Code != "duplicate" {
		t.Errorf("bad %+v", rep.Bad[1])
	}
}

// A dry run reads and checks everything and stores nothing.
func TestPrepareDryRun(t *testing.T) {
	f := leadForm(t)
	data := export(t, f, tabular.CSV, tabular.ExportOptions{}, bulk(t, 30))
	r, err := tabular.NewReader(bytes.NewReader(data), tabular.CSV, f, tabular.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rep, err := tabular.PrepareRows(context.Background(), r, f, tabular.PrepareOptions{Env: testEnv()})
	if err != nil || rep.Good != 30 || rep.Rows != 30 {
		t.Fatalf("rep %+v, err %v", rep, err)
	}
}

// A failing Store stops the import with its error.
func TestPrepareStoreError(t *testing.T) {
	f := leadForm(t)
	data := export(t, f, tabular.CSV, tabular.ExportOptions{}, bulk(t, 30))
	r, err := tabular.NewReader(bytes.NewReader(data), tabular.CSV, f, tabular.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	boom := errors.New("disk full")
	_, err = tabular.PrepareRows(context.Background(), r, f, tabular.PrepareOptions{Env: testEnv(), BatchSize: 10,
		Store: func(context.Context, []tabular.Good) error { return boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
}

func TestImportLimitsAndBadFiles(t *testing.T) {
	f := leadForm(t)
	data := export(t, f, tabular.CSV, tabular.ExportOptions{}, bulk(t, 5))
	r, err := tabular.NewReader(bytes.NewReader(data), tabular.CSV, f, tabular.ImportOptions{MaxRows: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for {
		_, err = r.Next()
		if err != nil {
			break
		}
		n++
	}
	if n != 3 || !fault.Is(err, fault.TooLarge) {
		t.Errorf("read %d rows, then %v", n, err)
	}

	cases := map[string]struct {
		format tabular.Format
		data   []byte
		code   string
	}{
		"not a workbook": {tabular.XLSX, []byte("PK\x03\x04 this is not a zip"), "invalid_file"},
		"empty csv":      {tabular.CSV, nil, "empty_file"},
		"broken quotes":  {tabular.CSV, []byte("subject,status\r\n\"a\"b\"c,new\r\n\"unterminated"), "invalid_file"},
	}
	for name, c := range cases {
		r, err := tabular.NewReader(bytes.NewReader(c.data), c.format, f, tabular.ImportOptions{})
		if err == nil {
			for err == nil {
				_, err = r.Next()
			}
			r.Close()
		}
		if errors.Is(err, io.EOF) {
			t.Errorf("%s: read to the end without complaint", name)
			continue
		}
		fe, ok := fault.As(err)
		if !ok || fe.Code != c.code || fe.Kind != fault.BadRequest {
			t.Errorf("%s: err = %v, want %s", name, err, c.code)
		}
	}
	if _, err := tabular.NewReader(bytes.NewReader(nil), "ods", f, tabular.ImportOptions{}); !errors.Is(err, tabular.ErrFormat) {
		t.Errorf("ods: %v", err)
	}
}
