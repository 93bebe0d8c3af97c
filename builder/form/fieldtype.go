package form

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/formloom/formloom/fault"
)

// TypeDef is everything one field type means, in one place: the x-formloom keys it takes,
// how its property compiles to checks, how OpenAPI describes it, how a spreadsheet cell
// holds it and what the query language may do with it. Each type lives in its own
// fieldtype_<name>.go file and registers itself there; the rest of the code looks a type
// up with TypeOf instead of branching on its name, so adding a type is one new file here
// (and one folder in frontend/src/fields).
type TypeDef struct {
	Name Type
	// Keys are the x-formloom keys the type accepts beyond "type" and "label".
	Keys []string
	// Computed: the server works its values out (formula, serial, lookup), so nothing a
	// person or a pipeline does may write them.
	Computed bool
	// compile checks the property's JSON Schema against the type and fills the Field.
	compile func(fc fieldCompiler)

	// Words names the type for people (OpenAPI descriptions, docs).
	Words fault.Text
	// Widgets are the RJSF ui:widget names that show the type as Formloom does anyway: a
	// brought-in uiSchema naming one of them loses nothing when it is left out.
	Widgets []string
	// Describe adds what a client needs to know to fill a field of this type (options,
	// phone kind, currency, precision…), each part in both languages. Nil when nothing.
	Describe func(f *Field) []fault.Text

	// Cell is how a spreadsheet cell holds a value of this type.
	Cell Cell
	// SheetFormat is the Excel number format of the type's column ("" for plain text).
	// Nil means "".
	SheetFormat func(f *Field) string
	// SheetWidth is the least width of the type's column in characters (0: no minimum).
	SheetWidth float64

	// Query is how the query language sees the type's values.
	Query Query
	// Refers says what the type's values are IDs of (people, departments, records,
	// files): they are checked against the database and resolved to names. RefNone for
	// types holding values of their own.
	Refers Ref
	// Items names the items of a list-valued field in size messages ("3 files"); nil for
	// plain "items".
	Items func(n string) (en, zh string)

	// Rows: the value is a list of rows of fields of their own (a sub-form), compiled,
	// queried and compared column by column.
	Rows bool
	// Container: the value is nested JSON (sub-form rows, a group's object) rather than one
	// value: it cannot be copied into another field, be matched on, or take a ui:order.
	Container bool
	// Choice is how many of the field's options a value holds.
	Choice Choice
	// Heading is the part a value plays in naming its record.
	Heading Heading
	// Searched: full-text search reads the type's values (what a person reads as text).
	// Members, departments and related records hold IDs; numbers and dates are not text.
	Searched bool
	// BlankText: the value is a string, so a blank one reads as "" in pipeline conditions
	// and automations, as it does in formulas.
	BlankText bool
	// CurrentDefault is the x-formloom "default" that makes a new record start as who
	// creates it (CurrentUser, CurrentDepartment); "" when the type has none.
	CurrentDefault string
	// ComputeKeys are the x-formloom keys that say how the server computes the value:
	// changing one changes how new values are made, never what old ones must be.
	ComputeKeys []string
	// Becomes maps an RJSF widget to the type a field inferred as this type from a
	// brought-in JSON Schema takes when its uiSchema names that widget (a text shown as
	// a textarea is a textarea).
	Becomes map[string]Type
}

// Choice is how many options a value of a choice field holds.
type Choice int

// The kinds of choice.
const (
	ChoiceNone Choice = iota // the type has no options
	ChoiceOne                // one option (select): a kanban column, an indexed filter
	ChoiceMany               // a set of options (multiselect)
)

// Heading is the part a field's value plays in naming its record.
type Heading int

// The parts a value plays in naming a record.
const (
	HeadNone   Heading = iota
	HeadSerial         // the record's number: the first such field's value
	HeadLine           // a single line: without a declared title, the first one titles the record
	HeadLines          // several lines: its first line may head the record's page and search hit
)

// Titles reports whether a value of this heading may stand for a record's title when the
// form declares none (the first line of the first such field with a value).
func (h Heading) Titles() bool { return h == HeadLine || h == HeadLines }

// Cell is how a spreadsheet cell holds a value: the codec runtime/tabular reads and
// writes it with.
type Cell int

// The cell codecs.
const (
	CellText     Cell = iota // the text as it stands; written when it is a string
	CellNumber               // a number, snapped to the field's precision
	CellDate                 // a date in any of the accepted spellings
	CellDatetime             // a date and time
	CellOption               // one option, by label or value
	CellOptions              // options separated by the list separator
	CellBool                 // yes or no in either language
	CellIDs                  // names or IDs of people, departments or records
	CellFiles                // file IDs: a list when read, names when written
	CellRows                 // sub-form rows as JSON
	CellValue                // computed by the server: written by the value's kind
)

// TypedInRows reports whether text typed into a sub-form row (written by hand in a JSON
// cell) is read like a cell of this codec rather than kept as it stands.
func (c Cell) TypedInRows() bool {
	switch c {
	case CellNumber, CellDate, CellDatetime, CellOption, CellBool:
		return true
	}
	return false
}

// Ref is what the IDs a field holds point to.
type Ref string

// The things IDs point to.
const (
	RefNone       Ref = ""
	RefMember     Ref = "member"     // a user who is a member of the workspace
	RefDepartment Ref = "department" // a department of the workspace
	RefRecord     Ref = "record"     // a record of the field's Target form
	RefFile       Ref = "file"       // a file uploaded to the field
)

// QueryHow says how a field type appears to the query language.
type QueryHow int

// The ways a type appears to the query language.
const (
	QueryNone   QueryHow = iota // not queryable
	QueryScalar                 // one value of Query.Kind: filter, sort and group
	QueryList                   // a list of strings: filter only
	QueryIDs                    // one ID, or a list of IDs when the field is multiple
	QueryResult                 // a formula: by the JSON type of its result
	QueryFollow                 // a lookup: as the field it shows, through its relation
)

// Query is how the query language sees one field type.
type Query struct {
	How  QueryHow
	Kind Kind // for QueryScalar
}

// typeDefs is filled by the init functions of the fieldtype_*.go files and never
// changed afterwards.
var typeDefs = map[Type]*TypeDef{}

func register(d *TypeDef) {
	if _, dup := typeDefs[d.Name]; dup {
		panic(fmt.Sprintf("form: field type %q registered twice", d.Name))
	}
	typeDefs[d.Name] = d
}

// TypeOf returns the definition of a field type.
func TypeOf(t Type) (*TypeDef, bool) {
	d, ok := typeDefs[t]
	return d, ok
}

// Def returns the definition of the field's type; a Field only exists for known types.
func (f *Field) Def() *TypeDef {
	if d, ok := typeDefs[f.Type]; ok {
		return d
	}
	return &TypeDef{Name: f.Type}
}

// Types lists the registered field types, sorted.
func Types() []Type {
	out := make([]Type, 0, len(typeDefs))
	for t := range typeDefs {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// precisionWords says how many decimals a number takes, when the field restricts it.
func precisionWords(f *Field) []fault.Text {
	switch {
	case f.Precision < 0:
		return nil
	case f.Precision == 0:
		return []fault.Text{{EN: "Whole numbers", ZH: "整数"}}
	}
	n := strconv.Itoa(f.Precision)
	return []fault.Text{{EN: "At most " + n + " decimal places", ZH: "最多 " + n + " 位小数"}}
}

// numberSheetFormat is the Excel format of a number with f's decimals ("" when free).
func numberSheetFormat(f *Field) string {
	if f.Precision < 0 {
		return ""
	}
	return "0" + sheetDecimals(f.Precision)
}

func sheetDecimals(n int) string {
	if n <= 0 {
		return ""
	}
	s := "."
	for i := 0; i < min(n, 10); i++ {
		s += "0"
	}
	return s
}

func words(en, zh string) fault.Text { return fault.Text{EN: en, ZH: zh} }
