package form

import "github.com/formloom/formloom/fault"

// Type is a field type: the value of "type" in a property's x-formloom keyword.
type Type string

// The field types of FORMAT.md.
const (
	Text       Type = "text"
	Textarea   Type = "textarea"
	Number     Type = "number"
	Money      Type = "money"
	Date       Type = "date"
	Datetime   Type = "datetime"
	Select     Type = "select"
	Multi      Type = "multiselect"
	Checkbox   Type = "checkbox"
	Phone      Type = "phone"
	Email      Type = "email"
	URL        Type = "url"
	Member     Type = "member"
	Department Type = "department"
	Serial     Type = "serial"
	Attachment Type = "attachment"
	// Signature is a handwritten signature (手写签名): one PNG drawn on the screen, kept as
	// an uploaded file like an attachment's.
	Signature Type = "signature"
	Relation  Type = "relation"
	Lookup    Type = "lookup"
	Subform   Type = "subform"
	Formula   Type = "formula"
	// Tags is a list of free texts: what an array of plain strings in a brought-in JSON
	// Schema becomes.
	Tags Type = "tags"
	// Group is a nested object of a brought-in JSON Schema, kept as one value: its inner
	// keywords are JSON Schema's, validated as they stand.
	Group Type = "group"
)

// Kind is how a value is stored, as the query language sees it. The names are those of
// store/querylang's field types, so that an allow-list can be built from Fields directly.
type Kind string

// The value kinds.
const (
	KindString   Kind = "string"
	KindNumber   Kind = "number"
	KindBool     Kind = "bool"
	KindDate     Kind = "date"     // "YYYY-MM-DD"
	KindDatetime Kind = "datetime" // canonical UTC text, see DatetimeLayout
	KindArray    Kind = "array"
	KindObject   Kind = "object"
	KindUnknown  Kind = "" // a lookup whose schema does not say: the related field decides
)

// Phone kinds accepted by phone fields.
const (
	PhoneMobile   = "mobile"   // mainland mobile: 1[3-9] and 9 more digits
	PhoneLandline = "landline" // 0, 2–3 digits of area code, an optional "-", 7–8 digits
	PhoneAny      = "any"      // either
)

// Option is one choice of a select or multiselect field.
type Option struct {
	Value string
	Label fault.Text
	Color string
}

// LookupSource says where a lookup field copies its value from: the record named by the
// relation field Relation (a sibling of the lookup), field Field of the related form.
type LookupSource struct {
	Relation string
	Field    string
}

// Field is everything later code needs to know about one field: to build indexes and query
// allow-lists, pickers, OpenAPI documents, and to run the checks that need the database.
type Field struct {
	Key     string // property name
	Path    string // dotted path in the record: "qty" at the top, "items.qty" in a sub-form row
	Pointer string // JSON pointer to the property in the schema: "/properties/items/items/properties/qty"
	Type    Type
	Label   fault.Text

	Kind Kind // the stored value's kind
	Elem Kind // for KindArray: the items' kind (KindObject for sub-form rows)

	Required    bool // listed in the (unconditional) required list of its object
	Unique      bool // one value per form: a unique index; duplicates are 409 at this pointer
	Multiple    bool // member, department, relation: a list of IDs
	ServerOwned bool // serial, lookup, formula: computed or allocated by the server, refused from clients

	// CurrentDefault is CurrentUser (member) or CurrentDepartment (department) when a new
	// record starts with who creates it; "" otherwise.
	CurrentDefault string

	Options   []Option       // select, multiselect
	Target    string         // relation: key of the related form
	Lookup    *LookupSource  // lookup
	Linked    *LinkedDefault // a default taken from a record of a form of the app; nil when none
	Serial    *SerialPattern
	Expr      string // formula: the expression
	Precision int    // number, money, formula (number): decimals; -1 when unrestricted
	Currency  string // money
	PhoneKind string // phone
	MaxLength int    // text, textarea: the effective maxLength (after defaults); 0 when none

	MaxCount int      // attachment: most files; 0 when unrestricted
	MaxSize  int64    // attachment: most bytes per file; 0 when unrestricted
	Accept   []string // attachment: accepted media types ("image/*", "application/pdf")

	MinRows  int     // subform
	MaxRows  int     // subform: 0 when unrestricted
	Children []Field // subform: the row's fields, in schema order
}

// IsList reports whether the field holds a JSON array.
func (f *Field) IsList() bool { return f.Kind == KindArray }
