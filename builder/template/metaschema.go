package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	_ "embed"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/formloom/formloom/fault"
)

//go:embed metaschema.json
var metaSchemaJSON []byte

// MetaSchemaID is the $id of the meta-schema.
const MetaSchemaID = "urn:formloom:schema:template"

// MetaSchema returns the meta-schema of the template format: a JSON Schema (draft
// 2020-12) document that editors can use for completion and that every template is
// validated against. The caller owns the returned copy.
func MetaSchema() []byte {
	return bytes.Clone(metaSchemaJSON)
}

// metaSchema is the compiled meta-schema with the parsed document beside it, which the
// error mapping reads to name missing and unknown members and allowed values.
type metaSchema struct {
	schema *jsonschema.Schema
	doc    any
}

func compileMetaSchema() (*metaSchema, error) {
	doc, err := decodeJSON(metaSchemaJSON)
	if err != nil {
		return nil, fmt.Errorf("template: meta-schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = noRemote
	if err := c.AddResource(MetaSchemaID, bytes.NewReader(metaSchemaJSON)); err != nil {
		return nil, fmt.Errorf("template: meta-schema: %w", err)
	}
	s, err := c.Compile(MetaSchemaID)
	if err != nil {
		return nil, fmt.Errorf("template: meta-schema: %w", err)
	}
	return &metaSchema{schema: s, doc: doc}, nil
}

// decodeJSON decodes one JSON value keeping numbers exact, as the validator expects.
func decodeJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// validate checks the decoded template against the meta-schema and reports every
// failing leaf as a problem.
func (m *metaSchema) validate(doc any, c *collector) {
	err := m.schema.Validate(doc)
	if err == nil {
		return
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		c.add("", fault.Problem("invalid.template_could_not_validated").Fill("reason", err.Error()))
		return
	}
	m.leaves(ve, doc, c)
}

func (m *metaSchema) leaves(ve *jsonschema.ValidationError, doc any, c *collector) {
	if len(ve.Causes) > 0 {
		for _, cause := range ve.Causes {
			m.leaves(cause, doc, c)
		}
		return
	}
	m.problem(ve, doc, c)
}

// problem turns one failing keyword into problems. Missing and unknown members get
// one problem each, at the member's own pointer.
func (m *metaSchema) problem(ve *jsonschema.ValidationError, doc any, c *collector) {
	at := plainPointer(ve.InstanceLocation)
	kwPath := fragment(ve.AbsoluteKeywordLocation)
	tokens := strings.Split(kwPath, "/")
	keyword := tokens[len(tokens)-1]
	schemaHere := lookup(m.doc, kwPath)
	parent := lookup(m.doc, strings.TrimSuffix(kwPath, "/"+keyword))

	if strings.Contains(ve.KeywordLocation, "/propertyNames/") || strings.HasSuffix(ve.KeywordLocation, "/propertyNames") {
		name := lastToken(at)
		desc := description(m.doc, kwPath)
		c.add(at, fault.Problem("bad_name.value").Fill("desc", desc).Fill("name", strconv.Quote(name)))
		return
	}

	switch keyword {
	case "required":
		obj, _ := lookup(doc, at).(map[string]any)
		names, _ := schemaHere.([]any)
		for _, n := range names {
			name, _ := n.(string)
			if _, ok := obj[name]; ok {
				continue
			}
			c.add(at+"/"+escapeToken(name), fault.Problem("required.template_member").Fill("name", strconv.Quote(name)))
		}
	case "additionalProperties":
		obj, _ := lookup(doc, at).(map[string]any)
		props, _ := lookup(parent, "/properties").(map[string]any)
		allowed := make([]string, 0, len(props))
		for k := range props {
			allowed = append(allowed, k)
		}
		sort.Strings(allowed)
		for name := range obj {
			if _, ok := props[name]; ok {
				continue
			}
			c.add(at+"/"+escapeToken(name), fault.Problem("unknown_key.value").Fill("allowed", strings.Join(allowed, ", ")).Fill("name", strconv.Quote(name)))
		}
	case "enum":
		vals := listValues(schemaHere)
		c.add(at, fault.Problem("enum.template").Fill("values", vals))
	case "const":
		v := listValues([]any{schemaHere})
		c.add(at, fault.Problem("const.template").Fill("value", v))
	case "type":
		c.add(at, fault.Problem("type.template").Fill("types", listValues(schemaHere)).Fill("reason", capitalize(ve.Message)))
	case "pattern":
		problem := fault.Problem("pattern.template")
		if desc := description(m.doc, kwPath); desc != "" {
			problem = fault.Problem("pattern.described").Fill("description", desc)
		}
		c.add(at, problem.Fill("pattern", schemaHere))
	case "":
		c.add(at, fault.Problem("not_allowed.not_allowed_here"))
	default:
		c.add(at, keywordProblem(keyword).Fill("limit", numberText(schemaHere)).Fill("reason", capitalize(ve.Message)))
	}
}

// plainPointer undoes the URL escaping the validator applies to each token of an
// instance location ("Full%20name"), leaving a plain JSON pointer.
func plainPointer(loc string) string {
	if !strings.Contains(loc, "%") {
		return loc
	}
	tokens := strings.Split(loc, "/")
	for i, t := range tokens {
		if u, err := url.PathUnescape(t); err == nil {
			tokens[i] = u
		}
	}
	return strings.Join(tokens, "/")
}

// fragment returns the JSON pointer part of an absolute keyword location.
func fragment(loc string) string {
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		return loc[i+1:]
	}
	return ""
}

// lookup resolves a JSON pointer in a decoded document; nil when it does not resolve.
func lookup(doc any, pointer string) any {
	if pointer == "" {
		return doc
	}
	if pointer[0] != '/' {
		return nil
	}
	cur := doc
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = unescapeToken(tok)
		switch v := cur.(type) {
		case map[string]any:
			cur = v[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	return cur
}

// description finds the nearest description for the failing keyword: on the schema
// holding the keyword, or on the $defs entry it came from.
func description(meta any, kwPath string) string {
	p := kwPath
	for p != "" {
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[:i]
		if obj, ok := lookup(meta, p).(map[string]any); ok {
			if d, ok := obj["description"].(string); ok {
				return d
			}
		}
	}
	return ""
}

func lastToken(pointer string) string {
	i := strings.LastIndexByte(pointer, '/')
	return unescapeToken(pointer[i+1:])
}

func unescapeToken(tok string) string {
	if !strings.Contains(tok, "~") {
		return tok
	}
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}

// listValues renders a list of allowed values.
func listValues(v any) string {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	parts := make([]string, 0, len(list))
	for _, x := range list {
		b, err := json.Marshal(x)
		if err != nil {
			continue
		}
		parts = append(parts, string(b))
	}
	return strings.Join(parts, ", ")
}

func numberText(v any) string {
	if n, ok := v.(json.Number); ok {
		return n.String()
	}
	return fmt.Sprint(v)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// noRemote refuses every remote reference: the meta-schema is self-contained and a
// check must never reach the network.
func noRemote(url string) (io.ReadCloser, error) {
	return nil, fmt.Errorf("template: no remote schema loading (%s)", url)
}

// keywordProblem is the problem of a meta-schema keyword a template breaks, the keyword
// kept as its code: the English message is the validator's own (it states the limit), the
// Chinese one the catalogue's.
func keywordProblem(keyword string) fault.FieldError {
	var p fault.FieldError
	switch keyword {
	case "minItems":
		p = fault.Problem("minItems.template")
	case "maxItems":
		p = fault.Problem("maxItems.template")
	case "minLength":
		p = fault.Problem("minLength.template")
	case "maxLength":
		p = fault.Problem("maxLength.template")
	case "minProperties":
		p = fault.Problem("minProperties.template")
	case "maxProperties":
		p = fault.Problem("maxProperties.template")
	case "minimum":
		p = fault.Problem("minimum.template")
	case "maximum":
		p = fault.Problem("maximum.template")
	case "uniqueItems":
		p = fault.Problem("uniqueItems.template")
	default:
		p = fault.Problem("invalid.template_keyword")
	}
	p.Code = keyword
	return p
}
