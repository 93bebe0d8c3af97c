package tabular

import (
	"fmt"
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

func fieldError(code, en, zh string) *fault.FieldError {
	return &fault.FieldError{Code: code, Text: fault.Text{EN: en, ZH: zh}}
}

func errNumber(s string) *fault.FieldError {
	return fieldError(CodeType, fmt.Sprintf("%q is not a number.", quote(s)), fmt.Sprintf("“%s”不是有效的数字。", quote(s)))
}

func errBool(s string) *fault.FieldError {
	return fieldError(CodeType, fmt.Sprintf("%q is not yes or no (是/否, true/false).", quote(s)),
		fmt.Sprintf("“%s”不是“是”或“否”。", quote(s)))
}

func errDate(s string) *fault.FieldError {
	return fieldError(CodeFormat, fmt.Sprintf("%q is not a date such as 2026-05-01.", quote(s)),
		fmt.Sprintf("“%s”不是有效的日期，应如 2026-05-01。", quote(s)))
}

func errDatetime(s string) *fault.FieldError {
	return fieldError(CodeFormat, fmt.Sprintf("%q is not a date and time such as 2026-05-01 09:30.", quote(s)),
		fmt.Sprintf("“%s”不是有效的日期时间，应如 2026-05-01 09:30。", quote(s)))
}

func errOption(s string, labels fault.Text) *fault.FieldError {
	return fieldError(CodeEnum, fmt.Sprintf("%q is not one of the options (%s).", quote(s), labels.EN),
		fmt.Sprintf("“%s”不是可选项（可选：%s）。", quote(s), labels.ZH))
}

func errAmbiguousName(s string) *fault.FieldError {
	return fieldError(CodeAmbiguousName, fmt.Sprintf("Several match %q: use an e-mail, a path or a serial number.", quote(s)),
		fmt.Sprintf("“%s”对应多个对象，请使用邮箱、路径或编号。", quote(s)))
}

func errNotFound(s string) *fault.FieldError {
	return fieldError(CodeNotFound, fmt.Sprintf("Nothing is named %q.", quote(s)), fmt.Sprintf("找不到“%s”。", quote(s)))
}

func errRowsJSON(detail string) *fault.FieldError {
	return fieldError(CodeType, `Sub-form rows must be JSON such as [{"qty": 1}]: `+detail,
		`子表单行必须是 JSON，如 [{"qty": 1}]：`+detail)
}

func errUnknownRowField() *fault.FieldError {
	return fieldError(CodeUnknownField, "The sub-form has no such field.", "子表单中没有该字段。")
}

func errDuplicateValue(line int) *fault.FieldError {
	return fieldError(CodeDuplicate, fmt.Sprintf("The same value as row %d; it must be unique.", line),
		fmt.Sprintf("与第 %d 行的值重复；该字段必须唯一。", line))
}

func errValueWithoutHeader(name string) *fault.FieldError {
	return fieldError(CodeUnknownColumn, fmt.Sprintf("Column %s has a value but no header.", name),
		fmt.Sprintf("第 %s 列有内容但没有表头。", name))
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
