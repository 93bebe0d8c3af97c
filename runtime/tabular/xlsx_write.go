package tabular

import (
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSX layout: row 1 holds the labels, row 2 (hidden) the field keys, data starts on row 3.
const (
	xlsxHeaderRow = 1
	xlsxKeyRow    = 2
	xlsxFirstData = 3
)

type xlsxSink struct {
	out     io.Writer
	file    *excelize.File
	sw      *excelize.StreamWriter
	styles  []int // number format style of each column, 0 for none
	msStyle int   // datetimes with milliseconds
	vals    []any
	line    int // the last row written
}

func newXLSXSink(out io.Writer, sheet string, opts *Options) (*xlsxSink, error) {
	f := excelize.NewFile()
	name := sheetName(sheet)
	if name != "Sheet1" {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			_ = f.Close()
			return nil, err
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return &xlsxSink{out: out, file: f, sw: sw}, nil
}

// sheetName makes a valid sheet name: no []:*?/\, at most 31 characters.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	if s == "" {
		return "Sheet1"
	}
	return s
}

// numberFormat is the Excel number format of a column, "" for text.
func numberFormat(c *column) string {
	if c.field == nil {
		if c.path == MetaCreated || c.path == MetaUpdated {
			return "yyyy-mm-dd hh:mm:ss"
		}
		return ""
	}
	if format := c.field.Def().SheetFormat; format != nil {
		return format(c.field)
	}
	return ""
}

// width guesses a column's width in characters from its header and type.
func width(c *column) float64 {
	w := 0.0
	for _, r := range c.header {
		if r > 0x2E80 { // CJK and full-width: two columns wide
			w += 2
		} else {
			w++
		}
	}
	w += 2
	if c.field != nil {
		w = max(w, c.field.Def().SheetWidth)
	}
	if c.path == MetaCreated || c.path == MetaUpdated {
		w = max(w, 20)
	}
	return min(max(w, 10), 60)
}

func (s *xlsxSink) header(cols []column) error {
	headStyle, err := s.file.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF7"}},
	})
	if err != nil {
		return err
	}
	byFormat := map[string]int{}
	s.styles = make([]int, len(cols))
	for i := range cols {
		nf := numberFormat(&cols[i])
		if nf == "" {
			continue
		}
		id, ok := byFormat[nf]
		if !ok {
			if id, err = s.file.NewStyle(&excelize.Style{CustomNumFmt: &nf}); err != nil {
				return err
			}
			byFormat[nf] = id
		}
		s.styles[i] = id
	}
	msFormat := "yyyy-mm-dd hh:mm:ss.000"
	if s.msStyle, err = s.file.NewStyle(&excelize.Style{CustomNumFmt: &msFormat}); err != nil {
		return err
	}
	for i := range cols {
		if err := s.sw.SetColWidth(i+1, i+1, width(&cols[i])); err != nil {
			return err
		}
	}
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: xlsxKeyRow, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	keys := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: headStyle, Value: c.header}
		keys[i] = c.path
	}
	if err := s.sw.SetRow("A1", head); err != nil {
		return err
	}
	if err := s.sw.SetRow("A2", keys, excelize.RowOpts{Hidden: true}); err != nil {
		return err
	}
	s.line = xlsxKeyRow
	s.vals = make([]any, len(cols))
	return nil
}

func (s *xlsxSink) row(cells []cell) error {
	for i, c := range cells {
		switch c.kind {
		case cellEmpty:
			s.vals[i] = nil
		case cellText:
			s.vals[i] = c.text
		default:
			style := s.styles[i]
			if c.ms {
				style = s.msStyle
			}
			s.vals[i] = excelize.Cell{StyleID: style, Value: c.num}
		}
	}
	s.line++
	ref, err := excelize.CoordinatesToCellName(1, s.line)
	if err != nil {
		return err
	}
	return s.sw.SetRow(ref, s.vals)
}

func (s *xlsxSink) abort() error {
	if s.file == nil {
		return nil
	}
	err := s.file.Close() // removes the stream's temporary file
	s.file = nil
	return err
}

func (s *xlsxSink) close() error {
	if s.file == nil {
		return nil
	}
	err := s.sw.Flush()
	if err == nil {
		err = s.file.Write(s.out)
	}
	err = errors.Join(err, s.file.Close())
	s.file = nil
	return err
}
