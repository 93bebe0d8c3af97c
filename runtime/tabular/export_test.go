package tabular_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/formloom/formloom/runtime/tabular"
)

// readCSV parses an exported CSV file (after its BOM).
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Fatal("no BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// column returns the cells of the column with the header h.
func column(t *testing.T, rows [][]string, h string) []string {
	t.Helper()
	i := slices.Index(rows[0], h)
	if i < 0 {
		t.Fatalf("no column %q in %v", h, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[i])
	}
	return out
}

// Values are written for people: labels, yes/no, local times, precision.
func TestExportFormatsForPeople(t *testing.T) {
	f := leadForm(t)
	rec := prepare(t, f, sampleInputs[0])
	rec2 := prepare(t, f, sampleInputs[1])
	for _, c := range []struct {
		lang string
		want map[string]string
	}{
		{"zh-CN", map[string]string{"状态": "跟进中", "标签": "重要客户、紧急", "重点": "是", "预算": "123456.50",
			"评分": "7.5", "截止日期": "2026-06-01", "会面时间": "2026-05-03 09:30:00.250", "协作人": "u2、u3",
			"合计": "180.54", "超预算": "否", "折扣（%）": "10"}},
		{"en", map[string]string{"Status": "Following", "Tags": "VIP, Urgent", "Key account": "Yes", "Budget": "123456.50",
			"Meeting": "2026-05-03 09:30:00.250", "Helpers": "u2, u3", "Over budget": "No"}},
	} {
		rows := readCSV(t, export(t, f, tabular.CSV, tabular.ExportOptions{Options: tabular.Options{Language: c.lang, Location: cst}},
			[]map[string]any{rec, rec2}))
		for h, want := range c.want {
			if got := column(t, rows, h)[0]; got != want {
				t.Errorf("%s %s = %q, want %q", c.lang, h, got, want)
			}
		}
	}
	rows := readCSV(t, export(t, f, tabular.CSV, tabular.ExportOptions{Options: tabular.Options{Language: "en", Location: cst}},
		[]map[string]any{rec, rec2}))
	items := column(t, rows, "Items")[0]
	if items != `[{"product":"甲","qty":2,"price":100.25,"unit":"box","amount":180.45},{"product":"乙","qty":1,"price":0.1,"amount":0.09}]` {
		t.Errorf("items = %s", items)
	}
	// CSV injection: text that a spreadsheet would run is defused, numbers are not.
	if got := column(t, rows, "Subject")[1]; got != `'=HYPERLINK("http://evil")` {
		t.Errorf("subject = %q", got)
	}
	if got := column(t, rows, "Notes")[1]; got != `'-5 and +3 and @x` {
		t.Errorf("notes = %q", got)
	}
	if got := column(t, rows, "Days left")[1]; got != "-1" {
		t.Errorf("days left = %q", got)
	}
}

// XLSX: labels on row 1, field keys on a hidden row 2, numbers and dates as real cells
// with number formats, text as text.
func TestExportXLSXCells(t *testing.T) {
	f := leadForm(t)
	data := export(t, f, tabular.XLSX, tabular.ExportOptions{
		Options: tabular.Options{Language: "zh-CN", Location: cst}, SheetName: "线索/导出: 2026",
		Columns: []string{"subject", "budget", "due", "meetAt", "status", "_id", "_created"},
	}, []map[string]any{prepare(t, f, sampleInputs[0])})
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetList()[0]
	if sheet != "线索_导出_ 2026" {
		t.Errorf("sheet %q", sheet)
	}
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], []string{"主题", "预算", "截止日期", "会面时间", "状态", "记录ID", "创建时间"}) ||
		!slices.Equal(rows[1], []string{"subject", "budget", "due", "meetAt", "status", "_id", "_created"}) {
		t.Errorf("header rows %v / %v", rows[0], rows[1])
	}
	if visible, _ := x.GetRowVisible(sheet, 2); visible {
		t.Error("the key row is visible")
	}
	want := map[string]struct{ shown, raw string }{
		"A3": {"大客户采购", "大客户采购"},
		"B3": {"123,456.50", "123456.5"},
		"C3": {"2026-06-01", "46174"},
		"D3": {"2026-05-03 09:30:00", ""}, // the .250 is in the value (checked below); excelize does not render it
		"E3": {"跟进中", "跟进中"},
		"F3": {"r0", "r0"},
	}
	for cell, w := range want {
		shown, _ := x.GetCellValue(sheet, cell)
		raw, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if !strings.HasPrefix(shown, w.shown) || w.raw != "" && raw != w.raw {
			t.Errorf("%s: shown %q raw %q, want %q %q", cell, shown, raw, w.shown, w.raw)
		}
	}
	raw, _ := x.GetCellValue(sheet, "D3", excelize.Options{RawCellValue: true})
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatal(err)
	}
	wall := time.Date(2026, 5, 3, 9, 30, 0, 250e6, time.UTC) // the workspace's wall clock
	if got := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(serial * 86400 * float64(time.Second))); got.Sub(wall).Abs() > time.Millisecond {
		t.Errorf("D3 holds %v, want %v", got, wall)
	}
	if typ, _ := x.GetCellType(sheet, "B3"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Error("the budget is text, not a number")
	}
	if v, _ := x.GetCellValue(sheet, "G3"); v != "" {
		t.Errorf("a zero created time shows %q", v)
	}
}

// Hidden fields never appear: not in the header, the key row, the cells, or sub-form JSON.
func TestExportHiddenFields(t *testing.T) {
	f := leadForm(t)
	rec := prepare(t, f, sampleInputs[0])
	opts := tabular.Options{Hidden: []string{"budget", "phone", "items.price"}, Location: cst}
	for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		data := export(t, f, format, tabular.ExportOptions{Options: opts, Columns: []string{"subject", "budget", "phone", "items"}},
			[]map[string]any{rec})
		text := string(data)
		if format == tabular.XLSX {
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := x.GetRows(x.GetSheetList()[0])
			x.Close()
			var all []string
			for _, r := range rows {
				all = append(all, strings.Join(r, "|"))
			}
			text = strings.Join(all, "\n")
		}
		for _, leak := range []string{"budget", "Budget", "123456", "phone", "Mobile", "13800138000", "price", "100.25"} {
			if strings.Contains(text, leak) {
				t.Errorf("%s: %q appears:\n%s", format, leak, text)
			}
		}
		if !strings.Contains(text, "qty") {
			t.Errorf("%s: the sub-form lost its visible fields:\n%s", format, text)
		}
	}
}

// Export consumes records one at a time and stops at the first error or cancellation.
func TestExportStreams(t *testing.T) {
	f := leadForm(t)
	base := prepare(t, f, sampleInputs[3])
	produced := 0
	var out *bytes.Buffer
	streamed := false // CSV output had begun before the records ran out
	records := func(n int, fail error) iter.Seq2[tabular.Record, error] {
		return func(yield func(tabular.Record, error) bool) {
			for i := 0; i < n; i++ {
				produced++
				if i == n-1 && out != nil && out.Len() > 0 {
					streamed = true
				}
				if !yield(tabular.Record{ID: "r", Created: time.Now(), Data: base}, nil) {
					return
				}
			}
			if fail != nil {
				yield(tabular.Record{}, fail)
			}
		}
	}
	for _, format := range []tabular.Format{tabular.CSV, tabular.XLSX} {
		var buf bytes.Buffer
		out, streamed = &buf, false
		n, err := tabular.Export(context.Background(), &buf, format, f, tabular.ExportOptions{}, records(2500, nil))
		if err != nil || n != 2500 {
			t.Fatalf("%s: %d, %v", format, n, err)
		}
		out = nil
		if format == tabular.CSV && !streamed {
			t.Error("the CSV export held every record before writing")
		}
		_, rows := readRows(t, f, format, tabular.ImportOptions{}, buf.Bytes())
		if len(rows) != 2500 {
			t.Errorf("%s: %d rows read back", format, len(rows))
		}
		boom := errors.New("cursor lost")
		var failed bytes.Buffer
		if _, err := tabular.Export(context.Background(), &failed, format, f, tabular.ExportOptions{}, records(10, boom)); !errors.Is(err, boom) {
			t.Errorf("%s: err = %v", format, err)
		}
		if format == tabular.XLSX && failed.Len() > 0 {
			t.Errorf("a failed XLSX export still wrote %d bytes", failed.Len())
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		produced = 0
		if _, err := tabular.Export(ctx, &bytes.Buffer{}, format, f, tabular.ExportOptions{}, records(1000, nil)); !errors.Is(err, context.Canceled) || produced != 1 {
			t.Errorf("%s: cancelled export: %v after %d records", format, err, produced)
		}
	}
	if _, err := tabular.NewWriter(&bytes.Buffer{}, tabular.CSV, f, tabular.ExportOptions{Columns: []string{"items.qty"}}); err == nil {
		t.Error("a sub-form column is accepted on its own")
	}
	if _, err := tabular.NewWriter(&bytes.Buffer{}, "pdf", f, tabular.ExportOptions{}); !errors.Is(err, tabular.ErrFormat) {
		t.Errorf("pdf: %v", err)
	}
}
