package form

import (
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/formloom/formloom/fault"
)

// fieldErrors collects one error per pointer, keeping the most telling one when a value
// breaks several rules (a missing value before a wrong type before a wrong length…).
type fieldErrors struct {
	fields map[string]fault.FieldError
	rank   map[string]int
}

// codeRank orders codes: lower wins at one pointer.
var codeRank = map[string]int{
	"required": 1, "type": 2, "enum": 3, "const": 4, "format": 5, "phone": 6, "url_scheme": 7,
	"precision": 8, "minimum": 9, "maximum": 9, "exclusiveMinimum": 9, "exclusiveMaximum": 9,
	"multipleOf": 10, "minLength": 11, "maxLength": 11, "pattern": 12, "minItems": 13,
	"maxItems": 13, "uniqueItems": 14,
}

func (fe *fieldErrors) add(pointer, code string, t fault.Text) {
	if fe.fields == nil {
		fe.fields = map[string]fault.FieldError{}
		fe.rank = map[string]int{}
	}
	r, known := codeRank[code]
	if !known {
		r = 50
	}
	if old, ok := fe.rank[pointer]; ok && old <= r {
		return
	}
	fe.rank[pointer] = r
	fe.fields[pointer] = fault.FieldError{Code: code, Text: t}
}

func (fe *fieldErrors) hasAny() bool { return len(fe.fields) > 0 }

func (fe *fieldErrors) has(pointer string) bool {
	_, ok := fe.fields[pointer]
	return ok
}

// validate runs the compiled JSON Schema and maps its errors to pointers into the data.
func (f *Form) validate(rec map[string]any, errs *fieldErrors) {
	if f.fast != nil && f.fast.valid(rec) {
		return
	}
	err := f.schema.Validate(rec)
	if err == nil {
		return
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		errs.add("", "invalid", fault.Problem("invalid.record_unvalidated").Text)
		return
	}
	f.mapError(ve, rec, errs)
}

func (f *Form) mapError(ve *jsonschema.ValidationError, rec map[string]any, errs *fieldErrors) {
	loc := schemaTokens(ve.AbsoluteKeywordLocation)
	last := ""
	if len(loc) > 0 {
		last = loc[len(loc)-1]
	}
	// anyOf and oneOf: the alternatives' own errors would mislead; say it fits none.
	if len(ve.Causes) > 0 && last != "anyOf" && last != "oneOf" {
		for _, c := range ve.Causes {
			f.mapError(c, rec, errs)
		}
		return
	}
	at := ve.InstanceLocation
	switch {
	case last == "required":
		names, _ := resolvePointer(f.doc, loc)
		obj, _ := resolveInstance(rec, at)
		list, _ := names.([]any)
		for _, n := range list {
			name, _ := n.(string)
			if _, present := obj[name]; !present {
				errs.add(at+"/"+escapeToken(name), "required", msgRequired())
			}
		}
		return
	case len(loc) >= 3 && (loc[len(loc)-3] == "dependentRequired" || loc[len(loc)-3] == "dependencies"):
		name, _ := resolvePointer(f.doc, loc)
		s, _ := name.(string)
		errs.add(at+"/"+escapeToken(s), "required", msgRequired())
		return
	}
	code := last
	if _, known := keywordMessages[code]; !known {
		code = "not_allowed"
	}
	limit, _ := resolvePointer(f.doc, loc)
	errs.add(at, code, f.message(code, limit, at))
}

// schemaTokens splits the fragment of an absolute keyword location into unescaped tokens.
func schemaTokens(abs string) []string {
	i := strings.IndexByte(abs, '#')
	if i < 0 {
		return nil
	}
	frag := strings.TrimPrefix(abs[i+1:], "/")
	if frag == "" {
		return nil
	}
	parts := strings.Split(frag, "/")
	for j, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		parts[j] = unescapeToken(p)
	}
	return parts
}

func unescapeToken(t string) string {
	if !strings.Contains(t, "~") {
		return t
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(t)
}

// resolveInstance finds the object at an instance location.
func resolveInstance(rec map[string]any, at string) (map[string]any, bool) {
	if at == "" {
		return rec, true
	}
	tokens := strings.Split(strings.TrimPrefix(at, "/"), "/")
	for i, t := range tokens {
		tokens[i] = unescapeToken(t)
	}
	v, ok := resolvePointer(rec, tokens)
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	return m, ok
}

// specAt finds the field a data pointer falls in: /key, /key/3 (an item), /sub/2/key.
func (f *Form) specAt(at string) *spec {
	tokens := strings.Split(strings.TrimPrefix(at, "/"), "/")
	if len(tokens) == 0 {
		return nil
	}
	s := f.top[tokens[0]]
	if s == nil || s.children == nil || len(tokens) < 3 {
		return s
	}
	if _, err := strconv.Atoi(tokens[1]); err != nil {
		return s
	}
	if c := s.children[tokens[2]]; c != nil {
		return c
	}
	return s
}

// limitText renders a schema value (a limit, a type) for a message.
func limitText(v any) string {
	switch x := v.(type) {
	case json.Number:
		return string(x)
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = limitText(p)
		}
		return strings.Join(parts, ", ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}
