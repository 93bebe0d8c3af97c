package form

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/formloom/formloom/fault"
)

// Options tune Compile.
type Options struct {
	// Forms lists the keys of the app's forms. Relation fields must name one of them.
	// When nil, relation targets are not checked here (the template checker does it).
	Forms []string
	// MaxFormulaNodes bounds the size of one formula (expr's AST nodes); default 256.
	MaxFormulaNodes uint
	// MemoryBudget bounds what one formula evaluation may allocate, in expr's units;
	// default 100,000.
	MemoryBudget uint
	// Visible holds the visibleWhen conditions of top-level fields (field key → JSON
	// Schema): a field whose condition the record does not match is not stored.
	Visible map[string]json.RawMessage
}

// Form is one compiled form version: its fields, its compiled JSON Schema and its formulas.
// A Form is immutable and safe for concurrent use.
type Form struct {
	fields []Field
	top    map[string]*spec
	order  []*spec
	title  string

	schema *jsonschema.Schema
	fast   *fastNode       // a yes/no walk of schema; nil when the schema uses keywords it does not cover
	doc    any             // the normalised schema, numbers as json.Number: error messages read limits from it
	raw    json.RawMessage // the normalised schema as JSON

	formulas []*formula // in evaluation order
	rules    []rule     // cross-field rules, checked after formulas
	columns  []column   // sub-form columns read by form-level formulas
	varCount int        // distinct names formulas read: sizes their environment

	evaluations sync.Pool // of *evaluation: a VM and an environment, reused across records
	lookups     []*spec   // top-level lookups, then row lookups
	serials     []*spec
	currents    []*spec // top-level fields whose default is the current user or their department
	budget      uint
	visible     []visibility // fields shown only under a condition
}

// spec is the per-field information the write path needs, precomputed.
type spec struct {
	field     *Field
	key       string
	typ       Type
	server    bool
	precision int    // decimals allowed in client input; -1: unrestricted
	phone     string // phone kind, "" when not a phone
	url       bool
	datetime  bool
	number    bool
	formula   *formula
	children  map[string]*spec // subform rows
	rows      []*spec
	parent    *spec // the subform holding a row field
}

// schemaURL names the in-memory schema for the JSON Schema compiler.
const schemaURL = "formloom:///form.json"

// Compile compiles one form's schema. Problems are returned together as a *CompileError
// with pointers relative to the schema's root.
func Compile(schema json.RawMessage, opts Options) (*Form, error) {
	if opts.MaxFormulaNodes == 0 {
		opts.MaxFormulaNodes = 256
	}
	if opts.MemoryBudget == 0 {
		opts.MemoryBudget = 100_000
	}
	c := &compiler{opts: opts, form: &Form{top: map[string]*spec{}, budget: opts.MemoryBudget}}
	if opts.Forms != nil {
		c.forms = map[string]bool{}
		for _, k := range opts.Forms {
			c.forms[k] = true
		}
	}
	c.compile(schema)
	if err := c.ps.err(); err != nil {
		return nil, err
	}
	return c.form, nil
}

type compiler struct {
	columnNames []string
	opts        Options
	forms       map[string]bool
	form        *Form
	ps          problems
}

func (c *compiler) compile(raw json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		c.ps.add("", fault.Problem("bad_json.schema_not_valid_json").Fill("reason", err.Error()))
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		c.ps.add("", fault.Problem("bad_json.unexpected_data_after_schema"))
		return
	}
	root, ok := doc.(map[string]any)
	if !ok {
		c.ps.add("", fault.Problem("type_mismatch.form_schema_json_object"))
		return
	}
	if t, _ := hasOnlyType(root, "object"); t != "object" {
		c.ps.add("/type", fault.Problem("type_mismatch.form_schema_have_type"))
	}
	props, ok := getObj(root, "properties")
	if !ok {
		c.ps.add("/properties", fault.Problem("required.form_schema_needs_properties"))
		return
	}
	keys, raws := orderedMembers(memberRaw(raw, "properties"))
	c.form.fields = make([]Field, len(keys))
	seen := map[string]bool{}
	for i, key := range keys {
		p := ptr("/properties", key)
		if c.duplicate(seen, key, p) {
			continue
		}
		prop, ok := props[key].(map[string]any)
		if !ok {
			c.ps.add(p, fault.Problem("type_mismatch.field_schema_object"))
			continue
		}
		c.field(&c.form.fields[i], p, key, key, prop, raws[key], nil)
	}
	for i := range c.form.fields {
		f := &c.form.fields[i]
		if f.Type == "" {
			continue // already reported
		}
		s := c.form.top[f.Key]
		c.form.order = append(c.form.order, s)
		if s.typ == Serial {
			c.form.serials = append(c.form.serials, s)
		}
		if f.CurrentDefault != "" {
			c.form.currents = append(c.form.currents, s)
		}
	}
	c.checkRequired(root, "", c.form.top)
	c.checkLookups(c.form.order)
	c.checkLinked()
	c.formLevel(root)
	c.compileFormulas()
	c.compileRules(root)
	c.compileSchema(doc)
	c.compileVisibility()
}

// duplicate reports a property named twice: JSON decoding would keep only the last one.
func (c *compiler) duplicate(seen map[string]bool, key, p string) bool {
	if seen[key] {
		c.ps.add(p, fault.Problem("duplicate_member.field_declared_twice").Fill("key", strconv.Quote(key)))
		return true
	}
	seen[key] = true
	return false
}

// formLevel checks the form-level x-formloom keyword.
func (c *compiler) formLevel(root map[string]any) {
	x, present := root["x-formloom"]
	if !present {
		return
	}
	m, ok := x.(map[string]any)
	if !ok {
		c.ps.add("/x-formloom", fault.Problem("type_mismatch.x_formloom_object"))
		return
	}
	if t, present := m["title"]; present {
		key, _ := t.(string)
		s := c.form.top[key]
		switch {
		case s == nil:
			c.ps.add("/x-formloom/title", fault.Problem("unknown_field.title_field_not_field").Fill("key", strconv.Quote(key)))
		case s.field.Kind != KindString && s.field.Kind != KindNumber && s.field.Kind != KindDate:
			c.ps.add("/x-formloom/title", fault.Problem("type_mismatch.title_field_hold_text"))
		default:
			c.form.title = key
		}
	}
}

// checkRequired checks an object's required list: known fields, none server-owned.
func (c *compiler) checkRequired(obj map[string]any, base string, fields map[string]*spec) {
	req, present := obj["required"]
	if !present {
		return
	}
	list, ok := req.([]any)
	if !ok {
		return // the JSON Schema meta-schema reports it
	}
	declared, _ := getObj(obj, "properties")
	for i, r := range list {
		key, _ := r.(string)
		p := ptr(base+"/required", fmt.Sprint(i))
		s := fields[key]
		switch {
		case s == nil && declared[key] != nil:
			// The field itself is broken and already reported.
		case s == nil:
			c.ps.add(p, fault.Problem("unknown_field.not_field_form").Fill("key", strconv.Quote(key)))
		case s.server:
			c.ps.add(p, fault.Problem("server_owned.filled_server_cannot_required").Fill("key", strconv.Quote(key)))
		default:
			s.field.Required = true
		}
	}
}

// compileSchema compiles the normalised schema once with the JSON Schema validator.
func (c *compiler) compileSchema(doc any) {
	emptyEnums(doc)
	raw, err := json.Marshal(doc)
	if err != nil {
		c.ps.add("", fault.Problem("bad_schema.schema_cannot_encoded"))
		return
	}
	jc := jsonschema.NewCompiler()
	jc.Draft = jsonschema.Draft2020
	jc.AssertFormat = true
	for name, check := range formatChecks {
		jc.Formats[name] = check
	}
	// A form is self-contained: no $ref may reach files or the network.
	jc.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("form: %s: external references are not allowed", s)
	}
	if err := jc.AddResource(schemaURL, bytes.NewReader(raw)); err != nil {
		c.ps.add("", fault.Problem("bad_schema.schema_not_valid_json"))
		return
	}
	sch, err := jc.Compile(schemaURL)
	if err != nil {
		c.schemaProblems(err)
		return
	}
	c.form.schema = sch
	if fast, ok := buildFast(sch, map[*jsonschema.Schema]*fastNode{}); ok {
		c.form.fast = fast
	}
	c.form.doc = doc
	c.form.raw = raw
}

// schemaProblems turns a JSON Schema compile error into problems with pointers.
func (c *compiler) schemaProblems(err error) {
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		n := len(c.ps.list)
		leaves(ve, func(l *jsonschema.ValidationError) {
			c.ps.add(l.InstanceLocation, fault.Problem("bad_schema.not_valid_json_schema").Fill("reason", l.Message))
		})
		if len(c.ps.list) > n {
			return
		}
	}
	msg := err.Error()
	at := ""
	if i := strings.Index(msg, "#"); i >= 0 {
		// "compilation failed: … formloom:///form.json#/properties/x/pattern …"
		rest := msg[i+1:]
		if j := strings.IndexAny(rest, " :'\""); j >= 0 {
			rest = rest[:j]
		}
		if u, uerr := url.PathUnescape(rest); uerr == nil {
			at = u
		}
	}
	msg = strings.TrimPrefix(msg, "jsonschema "+schemaURL+" compilation failed: ")
	c.ps.add(at, fault.Problem("bad_schema.not_valid_json_schema").Fill("reason", msg))
}

// leaves calls fn for each innermost error of a validation error tree.
func leaves(ve *jsonschema.ValidationError, fn func(*jsonschema.ValidationError)) {
	if len(ve.Causes) == 0 {
		fn(ve)
		return
	}
	for _, c := range ve.Causes {
		leaves(c, fn)
	}
}

// Fields lists the form's fields in schema order; sub-form fields carry their rows' fields
// in Children. The slice is shared: do not modify it.
func (f *Form) Fields() []Field { return f.fields }

// Field returns the field at a dotted path ("qty", "items.qty").
func (f *Form) Field(path string) (*Field, bool) {
	key, sub, nested := strings.Cut(path, ".")
	s := f.top[key]
	if s == nil {
		return nil, false
	}
	if !nested {
		return s.field, true
	}
	cs := s.children[sub]
	if cs == nil {
		return nil, false
	}
	return cs.field, true
}

// Title is the key of the field that titles a record ("" when the form does not say).
func (f *Form) Title() string { return f.title }

// Schema is the normalised JSON Schema the server validates with: the form's schema with
// its defaults filled in (maxLength of text fields, minItems/maxItems from sub-form rows and
// attachment counts). The browser may render it as is.
func (f *Form) Schema() json.RawMessage { return f.raw }
