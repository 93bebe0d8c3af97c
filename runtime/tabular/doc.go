// Package tabular turns a form's records into spreadsheets (CSV and XLSX) for people, and
// spreadsheets back into records, row by row.
//
// Export (Writer, Export) writes a header row of field labels in the chosen language and
// then one row per record, formatted for reading: option labels instead of values, "是"/"否"
// for checkboxes, dates as YYYY-MM-DD, datetimes in the workspace's timezone, numbers with
// their precision (real number and date cells in XLSX, with number formats), sub-forms as
// JSON text in one cell. XLSX files carry a hidden second row naming each column's field
// key, so that a file exported in one language imports in any. Records are written as
// they come: the XLSX writer streams its sheet (excelize's StreamWriter, which spills to
// a temporary file), so an export of 100,000 records never holds them all. Hidden fields
// never appear.
//
// Import (Reader) reads CSV (UTF-8 with or without BOM, or GB18030 as saved by Chinese
// Excel) or XLSX (the first sheet, streamed), maps columns to fields by key or by label in
// either language, reports unknown, ambiguous and duplicate columns instead of dropping
// them, and converts each cell back to the field's JSON value. Each row comes back with
// its number as the sheet shows it and either the decoded record — ready for
// form.PrepareMap — or its cell errors keyed by JSON pointer, in zh-CN and en.
// PrepareRows then runs every decoded row through the form (validation, formulas) and
// separates good rows, handed over in batches for storing, from bad ones with their field
// errors; values of unique fields repeated within the file are caught there too.
//
// docs/import-export.md describes the file formats for users. Nothing here touches the
// database: member, department and related-record names are resolved through Refs,
// which the runtime supplies.
package tabular
