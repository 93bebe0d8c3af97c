package tabular

import (
	"encoding/csv"
	"io"
)

// utf8BOM starts every CSV file: without it Excel reads UTF-8 as the local code page.
const utf8BOM = "\uFEFF"

type csvSink struct {
	w      io.Writer
	cw     *csv.Writer
	record []string
}

func newCSVSink(w io.Writer) *csvSink {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, and what Excel writes
	return &csvSink{w: w, cw: cw}
}

func (s *csvSink) header(cols []column) error {
	if _, err := io.WriteString(s.w, utf8BOM); err != nil {
		return err
	}
	s.record = make([]string, len(cols))
	for i, c := range cols {
		s.record[i] = c.header
	}
	return s.cw.Write(s.record)
}

func (s *csvSink) row(cells []cell) error {
	for i, c := range cells {
		if c.kind == cellText {
			s.record[i] = defuse(c.text)
		} else {
			s.record[i] = c.text
		}
	}
	return s.cw.Write(s.record)
}

func (s *csvSink) close() error {
	s.cw.Flush()
	return s.cw.Error()
}

// abort stops writing; what was already flushed stays in the output, and the caller must
// treat the file as failed.
func (s *csvSink) abort() error { return nil }

// defuse keeps a spreadsheet from running text as a formula (CSV injection): text that
// starts with = + - @, a tab or a carriage return gets a leading apostrophe, which
// spreadsheets show as "text follows" and import removes again. Text that already starts
// with an apostrophe gets one more, so that the removal gives it back unchanged.
func defuse(s string) string {
	if s != "" && dangerous(s[0]) {
		return "'" + s
	}
	return s
}

func dangerous(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}

// undefuse removes the apostrophe that defuse adds.
func undefuse(s string) string {
	if len(s) >= 2 && s[0] == '\'' && dangerous(s[1]) {
		return s[1:]
	}
	return s
}
