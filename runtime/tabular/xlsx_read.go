package tabular

import (
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/formloom/formloom/fault"
)

// xlsxSource streams the rows of a workbook's first sheet. Cells are read raw (no number
// format applied): numbers as they are stored, dates as Excel serials, so that what was
// typed is read exactly and not as the sheet happens to display it.
type xlsxSource struct {
	file *excelize.File
	rows *excelize.Rows
	line int
}

// xlsxXMLInMemory is the sheet size past which excelize unpacks a sheet to a temporary
// file instead of memory.
const xlsxXMLInMemory = 16 << 20

func newXLSXSource(r io.Reader, maxBytes int64) (*xlsxSource, error) {
	f, err := excelize.OpenReader(r, excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    maxBytes,
		UnzipXMLSizeLimit: min(maxBytes, xlsxXMLInMemory),
	})
	if err != nil {
		return nil, invalidXLSX(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		_ = f.Close()
		return nil, fault.Of("empty_file.sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		_ = f.Close()
		return nil, invalidXLSX(err)
	}
	return &xlsxSource{file: f, rows: rows}, nil
}

func invalidXLSX(err error) error {
	return fault.Of("invalid_file.xlsx").Wrap(err)
}

// next returns the next row; Rows.Next visits every row number, the empty ones too, so
// the count is the row's number in the sheet.
func (s *xlsxSource) next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, 0, invalidXLSX(err)
		}
		return nil, 0, io.EOF
	}
	s.line++
	cells, err := s.rows.Columns()
	if err != nil {
		return nil, 0, invalidXLSX(fmt.Errorf("row %d: %w", s.line, err))
	}
	return cells, s.line, nil
}

func (s *xlsxSource) close() error {
	if s.file == nil {
		return nil
	}
	err := errors.Join(s.rows.Close(), s.file.Close())
	s.file = nil
	return err
}
