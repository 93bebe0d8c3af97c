package template

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/formloom/formloom/builder/form"
)

// Field types (x-formloom "type"), as docs/template-format.md lists them. They build
// values; what a type means is asked of its definition (Field.Def), never of its name.
const (
	TypeText        = "text"
	TypeTextarea    = "textarea"
	TypeNumber      = "number"
	TypeMoney       = "money"
	TypeDate        = "date"
	TypeDatetime    = "datetime"
	TypeSelect      = "select"
	TypeMultiselect = "multiselect"
	TypeCheckbox    = "checkbox"
	TypePhone       = "phone"
	TypeEmail       = "email"
	TypeURL         = "url"
	TypeMember      = "member"
	TypeDepartment  = "department"
	TypeSerial      = "serial"
	TypeAttachment  = "attachment"
	TypeRelation    = "relation"
	TypeLookup      = "lookup"
	TypeSubform     = "subform"
	TypeFormula     = "formula"
	TypeTags        = "tags"
	TypeGroup       = "group"
)

// Field is what this package reads of one field of a form: enough to resolve
// references to it, to describe it to the query language and to compare versions.
// Package form owns the full meaning of a field; this is a read-only summary.
type Field struct {
	Key      string // the property name
	Path     string // Key, or "subform.column" for a column of a sub-form
	Pointer  string // where the property is, relative to the template's root
	Type     string // x-formloom type
	Label    Text
	Required bool     // listed in the required list of its object (form or sub-form row)
	Multiple bool     // member, department, relation: an array of IDs
	Form     string   // relation: the related form's key
	Relation string   // lookup: the relation field it follows
	Target   string   // lookup: the field shown from the related record
	Result   string   // formula: the JSON type of the result (number, string, boolean)
	Options  []Option // select, multiselect
	Columns  []*Field // subform: the row's fields
	Linked   *Linked  // a default taken from a record of a form of the app
	Schema   map[string]any
}

// Def returns the definition of the field's type; an unknown type has an empty one (the
// meta-schema reports it).
func (f *Field) Def() *form.TypeDef {
	if d, ok := form.TypeOf(form.Type(f.Type)); ok {
		return d
	}
	return &form.TypeDef{Name: form.Type(f.Type)}
}

// relatesRecords reports whether the field holds IDs of records of the form it names (a
// relation), which lookups follow.
func (f *Field) relatesRecords() bool { return f.Def().Refers == form.RefRecord }

// Option is one choice of a select or multiselect field.
type Option struct {
	Value string
	Label Text
}

// Fields lists a form's fields in key order, with sub-form columns under their field.
type Fields struct {
	List   []*Field
	byPath map[string]*Field
}

// Get returns the field at a path ("status", "items.qty"), or nil.
func (fs *Fields) Get(path string) *Field {
	if fs == nil {
		return nil
	}
	return fs.byPath[path]
}

// FormFields reads the fields of form i of the template from its schema. Properties
// without an x-formloom object are skipped: the meta-schema refuses them anyway.
func (t *Template) FormFields(i int) *Fields {
	if i < 0 || i >= len(t.Forms) {
		return &Fields{byPath: map[string]*Field{}}
	}
	return readFields(t.Forms[i].Schema, ptr("", "forms", i, "schema"))
}

func readFields(schema json.RawMessage, base string) *Fields {
	fs := &Fields{byPath: map[string]*Field{}}
	doc, err := decodeJSON(schema)
	if err != nil {
		return fs
	}
	root, _ := doc.(map[string]any)
	props, _ := root["properties"].(map[string]any)
	required := stringSet(root["required"])
	for _, key := range sortedKeys(props) {
		f := readField(key, key, props[key], ptr(base, "properties", key))
		if f == nil {
			continue
		}
		f.Required = required[key]
		fs.List = append(fs.List, f)
		fs.byPath[f.Path] = f
		if !f.Def().Rows {
			continue
		}
		items, _ := f.Schema["items"].(map[string]any)
		cols, _ := items["properties"].(map[string]any)
		rowRequired := stringSet(items["required"])
		for _, ck := range sortedKeys(cols) {
			c := readField(ck, key+"."+ck, cols[ck], ptr(f.Pointer, "items", "properties", ck))
			if c == nil {
				continue
			}
			c.Required = rowRequired[ck]
			f.Columns = append(f.Columns, c)
			fs.byPath[c.Path] = c
		}
	}
	return fs
}

func readField(key, path string, v any, pointer string) *Field {
	prop, _ := v.(map[string]any)
	x, ok := prop["x-formloom"].(map[string]any)
	if !ok {
		return nil
	}
	f := &Field{Key: key, Path: path, Pointer: pointer, Schema: prop}
	f.Type, _ = x["type"].(string)
	f.Label = readText(x["label"])
	f.Multiple, _ = x["multiple"].(bool)
	f.Form, _ = x["form"].(string)
	f.Relation, _ = x["relation"].(string)
	f.Target, _ = x["field"].(string)
	f.Linked = readLinked(x)
	if f.Def().Query.How == form.QueryResult { // queried by the JSON type of its result
		f.Result = jsonType(prop)
	}
	if opts, ok := x["options"].([]any); ok {
		for _, o := range opts {
			om, _ := o.(map[string]any)
			val, _ := om["value"].(string)
			f.Options = append(f.Options, Option{Value: val, Label: readText(om["label"])})
		}
	}
	return f
}

// jsonType is the schema's "type" when it names one type, else "".
func jsonType(prop map[string]any) string {
	switch t := prop["type"].(type) {
	case string:
		return t
	case []any:
		var only string
		for _, x := range t {
			if s, _ := x.(string); s != "" && s != "null" {
				if only != "" {
					return ""
				}
				only = s
			}
		}
		return only
	}
	return ""
}

func readText(v any) Text {
	m, _ := v.(map[string]any)
	zh, _ := m["zh-CN"].(string)
	en, _ := m["en"].(string)
	return Text{ZH: zh, EN: en}
}

func stringSet(v any) map[string]bool {
	list, _ := v.([]any)
	set := make(map[string]bool, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			set[s] = true
		}
	}
	return set
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sibling is the path of the field named key next to the field at path: at the top
// level for a top-level field, in the same sub-form row for a column.
func sibling(path, key string) string {
	if sub, _, ok := strings.Cut(path, "."); ok {
		return sub + "." + key
	}
	return key
}
