package tabular

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/formloom/formloom/fault"
)

// Codes of cell and column errors. Cell errors use the codes of validation errors where
// one fits (type, enum, format), so that clients show them the same way.
const (
	CodeType           = "type"             // not a number, not yes/no, not sub-form JSON
	CodeEnum           = "enum"             // not one of the options
	CodeFormat         = "format"           // not a date or datetime
	CodeNotFound       = "not_found"        // Refs knows no member, department or record by that name
	CodeUnknownField   = "unknown_field"    // a sub-form row names a field it does not have
	CodeDuplicate      = "duplicate"        // a unique field's value repeats an earlier row of the file
	CodeUnknownColumn  = "unknown_column"   // a header that names no field (or a value under no header)
	CodeAmbiguous      = "ambiguous_column" // a label that several fields share
	CodeAmbiguousName  = "ambiguous"        // a cell naming a member, department or record several share
	CodeDuplicateCol   = "duplicate_column" // a second column for one field
	CodeInvalidFile    = "invalid_file"     // not a readable CSV or XLSX file
	CodeEmptyFile      = "empty_file"       // no header row
	CodeTooManyRows    = "too_many_rows"    // more data rows than allowed
	CodeMissingColumns = "missing_columns"  // required fields without a column (Header.Err)
)

// quote shows a cell's text in a message, shortened.
func quote(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return s
}

// cellProblem is problem p about a cell holding s, its value filled last so that what a
// cell says is never read as a placeholder: the English message quotes the value, the
// Chinese one puts it in “”.
func cellProblem(p fault.FieldError, s string) *fault.FieldError {
	p = p.FillText("value", fault.Text{EN: strconv.Quote(quote(s)), ZH: quote(s)})
	return &p
}

func errNumber(s string) *fault.FieldError {
	return cellProblem(fault.Problem("type.number"), s)
}

func errBool(s string) *fault.FieldError {
	return cellProblem(fault.Problem("type.yes_no"), s)
}

func errDate(s string) *fault.FieldError {
	return cellProblem(fault.Problem("format.date_cell"), s)
}

func errDatetime(s string) *fault.FieldError {
	return cellProblem(fault.Problem("format.datetime_cell"), s)
}

func errOption(s string, labels fault.Text) *fault.FieldError {
	return cellProblem(fault.Problem("enum.option_cell").FillText("options", labels), s)
}

func errAmbiguousName(s string) *fault.FieldError {
	return cellProblem(fault.Problem("ambiguous.name_cell"), s)
}

func errNotFound(s string) *fault.FieldError {
	return cellProblem(fault.Problem("not_found.name_cell"), s)
}

func errRowsJSON(detail string) *fault.FieldError {
	p := fault.Problem("type.rows_json").Fill("detail", detail)
	return &p
}

func errUnknownRowField() *fault.FieldError {
	p := fault.Problem("unknown_field.row_field")
	return &p
}

func errDuplicateValue(line int) *fault.FieldError {
	p := fault.Problem("duplicate.earlier_row").Fill("line", line)
	return &p
}

func errValueWithoutHeader(name string) *fault.FieldError {
	p := fault.Problem("unknown_column.no_header").Fill("name", name)
	return &p
}

// optionList lists a field's option labels for a message (the first ten).
func optionList(labels []fault.Text) fault.Text {
	var en, zh []string
	for i, l := range labels {
		if i == 10 {
			en, zh = append(en, "…"), append(zh, "…")
			break
		}
		en, zh = append(en, l.EN), append(zh, l.ZH)
	}
	return fault.Text{EN: strings.Join(en, ", "), ZH: strings.Join(zh, "、")}
}
