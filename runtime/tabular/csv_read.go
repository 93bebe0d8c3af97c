package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/formloom/formloom/fault"
)

type csvSource struct {
	r       *csv.Reader
	row     int // the spreadsheet row of the last record
	lastEnd int // the input line the last record ended on
}

// sniffSize is how much of a CSV file is looked at to choose its encoding and separator.
const sniffSize = 64 << 10

// newCSVSource reads UTF-8 (a BOM is dropped) or, when the start of the file is not valid
// UTF-8, GB18030 — what Excel writes for "CSV" on Chinese Windows.
func newCSVSource(r io.Reader, comma rune) (*csvSource, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("tabular: read csv: %w", err)
	}
	var in io.Reader = br
	if bytes.HasPrefix(head, []byte(utf8BOM)) {
		if _, err := br.Discard(len(utf8BOM)); err != nil {
			return nil, fmt.Errorf("tabular: read csv: %w", err)
		}
		head = head[len(utf8BOM):]
	} else if !validUTF8Prefix(head, len(head) == sniffSize) {
		in = simplifiedchinese.GB18030.NewDecoder().Reader(br)
	}
	if comma == 0 {
		comma = sniffComma(head)
	}
	cr := csv.NewReader(in)
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // rows may be shorter or longer than the header
	// Quotes are strict: a lenient reader lets one stray quote swallow the rest of the
	// file into a single cell, where a strict one names the line.
	cr.ReuseRecord = true
	return &csvSource{r: cr}, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a character cut at the end when b
// is only the start of the file.
func validUTF8Prefix(b []byte, cut bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !cut {
		return false
	}
	for i := 1; i <= 3 && i < len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return true
		}
	}
	return false
}

// sniffComma picks the separator the header line uses most: ',', ';' or a tab.
func sniffComma(head []byte) rune {
	line := head
	if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
		line = head[:i]
	}
	best, n := ',', bytes.Count(line, []byte{','})
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

func (s *csvSource) next() ([]string, int, error) {
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, fault.Of("invalid_file.csv_line").Fill("line", pe.StartLine).Fill("reason", pe.Err).Wrap(err)
		}
		return nil, 0, fmt.Errorf("tabular: read csv: %w", err)
	}
	// Spreadsheets show a blank line as an empty row (encoding/csv skips it) and a quoted
	// cell that spans lines as one row: count rows from where each record starts.
	start, _ := s.r.FieldPos(0)
	if s.lastEnd == 0 {
		s.row = start
	} else {
		s.row += start - s.lastEnd
	}
	end, _ := s.r.FieldPos(len(rec) - 1)
	s.lastEnd = end + strings.Count(rec[len(rec)-1], "\n")
	for i, c := range rec {
		rec[i] = undefuse(c)
	}
	return rec, s.row, nil
}

func (s *csvSource) close() error { return nil }
