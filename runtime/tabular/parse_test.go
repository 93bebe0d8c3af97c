package tabular_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/tabular"
)

// Cells are read as people write them; every spelling here must give the same value.
func TestImportSpellings(t *testing.T) {
	f := leadForm(t)
	cases := []struct {
		column string
		cells  []string
		want   any
	}{
		{"budget", []string{"1234.5", "1,234.50", "¥1,234.5", "￥1234.5", "1234.5元", "１２３４．５", " 1234.50 ", "1.2345e3"}, 1234.5},
		{"budget", []string{"-3", "-3.00", "－3"}, -3.0},
		{"due", []string{"2026-06-01", "2026/6/1", "2026.06.01", "2026年6月1日", "20260601", "2026-06-01 00:00:00", "2026-6-1"}, "2026-06-01"},
		{"meetAt", []string{"2026-05-03 09:30", "2026-05-03 09:30:00", "2026/5/3 9:30", "2026-05-03T09:30:00+08:00",
			"2026-05-03T01:30:00Z", "2026年5月3日 09:30", "2026-05-03T09:30"}, "2026-05-03T01:30:00.000Z"},
		{"meetAt", []string{"2026-05-03"}, "2026-05-02T16:00:00.000Z"},
		{"vip", []string{"是", "TRUE", "true", "Yes", "y", "1", "√", "✓", "对"}, true},
		{"vip", []string{"否", "FALSE", "no", "N", "0", "×", "错"}, false},
		{"status", []string{"following", "跟进中", "Following", "FOLLOWING"}, "following"},
		{"tags", []string{"vip、urgent", "重要客户,紧急", "VIP; Urgent", "重要客户，urgent", "vip\nurgent", "vip、urgent、vip"}, []any{"vip", "urgent"}},
		{"helpers", []string{"u1, u2", "u1、u2", "u1;u2"}, []any{"u1", "u2"}},
	}
	for _, c := range cases {
		lines := []string{c.column}
		for _, cell := range c.cells {
			lines = append(lines, `"`+strings.ReplaceAll(cell, `"`, `""`)+`"`)
		}
		_, rows := readRows(t, f, tabular.CSV, tabular.ImportOptions{Options: tabular.Options{Location: cst}}, csvOf(lines...))
		for i, row := range rows {
			if row.Errors != nil {
				t.Errorf("%s %q: %v", c.column, c.cells[i], codes(row.Errors))
				continue
			}
			if got := row.Record[c.column]; !same(t, c.want, got) {
				t.Errorf("%s %q = %#v, want %#v", c.column, c.cells[i], got, c.want)
			}
		}
	}
}

// Cells that look close but are wrong are refused, not guessed.
func TestImportRefusesNearMisses(t *testing.T) {
	f := leadForm(t)
	cases := map[string][]string{
		"budget": {"12abc", "1,23", "0x10", "Inf", "NaN", "1_000", "--1", "1.2.3"},
		"due":    {"2026-02-30", "06/01/2026", "2026-06-01 10:00", "tomorrow", "46174"}, // a serial is only an XLSX date
		"meetAt": {"2026-05-03 25:00", "9:30", "46145.5"},
		"vip":    {"maybe", "是的", "2"},
		"status": {"won", "跟进"},
	}
	for column, cells := range cases {
		lines := []string{column}
		for _, cell := range cells {
			lines = append(lines, `"`+cell+`"`)
		}
		_, rows := readRows(t, f, tabular.CSV, tabular.ImportOptions{}, csvOf(lines...))
		for i, row := range rows {
			if len(row.Errors) != 1 || row.Errors["/"+column].Code == "" {
				t.Errorf("%s %q: errors %v, record %v", column, cells[i], codes(row.Errors), row.Record)
			}
		}
	}
}

// With Refs, members are read by name; a name nobody has is an error of its cell.
func TestImportNamesThroughRefs(t *testing.T) {
	f := leadForm(t)
	data := csvOf(`owner,helpers,dept`, `张三,"李四、Wang Wu",华东销售部`, `Nobody,u2,华东销售部`)
	_, rows := readRows(t, f, tabular.CSV, tabular.ImportOptions{Options: tabular.Options{Refs: directory}}, data)
	want := map[string]any{"owner": "u1", "helpers": []any{"u2", "u3"}, "dept": "d1"}
	if rows[0].Errors != nil || !same(t, want, rows[0].Record) {
		t.Errorf("row 2: %v %v", rows[0].Record, rows[0].Errors)
	}
	// "u2" is an ID, not a name: with Refs it must be resolvable like any other text.
	if got := codes(rows[1].Errors); !maps.Equal(got, map[string]string{"/owner": "not_found", "/helpers": "not_found"}) {
		t.Errorf("row 3: %v", got)
	}
	if msg := rows[1].Errors["/owner"].Text.EN; !strings.Contains(msg, "Nobody") {
		t.Errorf("message %q", msg)
	}
}
