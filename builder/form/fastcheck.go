package form

import (
	"math"
	"math/big"
	"regexp"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// fastNode is a compiled JSON Schema node that only answers "valid or not", built from
// the schema jsonschema/v5 compiled. Most submissions are valid, and v5 builds locations,
// scopes and maps for every node it visits whether or not anything fails; a yes/no walk
// without allocations is several times cheaper. When the walk says "not valid", v5 runs
// and its errors are what the client gets, so messages and pointers always come from v5.
// The walk covers the keywords forms use; a schema with any other keyword (a $ref,
// patternProperties, unevaluatedProperties, multipleOf, …) is validated by v5 alone.
// A differential test runs both on many records to keep them in agreement.
type fastProp struct {
	key  string
	node *fastNode
}

type fastNode struct {
	always    int8 // 0: a real schema; 1: true; -1: false
	types     uint8
	enum      []any
	hasConst  bool
	constant  any
	format    func(any) bool
	min, max  float64 // NaN when absent
	exMin     float64
	exMax     float64
	minLen    int
	maxLen    int
	pattern   *regexp.Regexp
	props     map[string]*fastNode
	propList  []fastProp
	required  []string
	noExtra   bool // additionalProperties: false
	depReq    map[string][]string
	minProps  int
	maxProps  int
	items     *fastNode
	minItems  int
	maxItems  int
	unique    bool
	allOf     []*fastNode
	anyOf     []*fastNode
	oneOf     []*fastNode
	not       *fastNode
	ifN       *fastNode
	thenN     *fastNode
	elseN     *fastNode
	hasNumber bool
}

// Type bits.
const (
	tNull uint8 = 1 << iota
	tBool
	tNumber
	tInteger
	tString
	tArray
	tObject
)

var typeBits = map[string]uint8{
	"null": tNull, "boolean": tBool, "number": tNumber, "integer": tInteger,
	"string": tString, "array": tArray, "object": tObject,
}

// buildFast converts a v5 schema; ok is false when it uses a keyword the walk does not cover.
func buildFast(s *jsonschema.Schema, seen map[*jsonschema.Schema]*fastNode) (*fastNode, bool) {
	if n, done := seen[s]; done {
		return n, n != nil
	}
	seen[s] = nil // a cycle back to s (only possible through $ref, refused below) fails
	if usesUnsupportedKeywords(s) {
		return nil, false
	}
	n := &fastNode{
		min: math.NaN(), max: math.NaN(), exMin: math.NaN(), exMax: math.NaN(),
		minLen: s.MinLength, maxLen: s.MaxLength, minItems: s.MinItems, maxItems: s.MaxItems,
		minProps: s.MinProperties, maxProps: s.MaxProperties,
		unique: s.UniqueItems, pattern: s.Pattern, required: s.Required, depReq: s.DependentRequired,
	}
	if s.Always != nil {
		n.always = -1
		if *s.Always {
			n.always = 1
		}
		seen[s] = n
		return n, true
	}
	if !n.takeValueChecks(s) {
		return nil, false
	}
	if ap, isBool := s.AdditionalProperties.(bool); isBool {
		n.noExtra = !ap
	} else if s.AdditionalProperties != nil {
		return nil, false
	}
	if len(s.Properties) > 0 {
		n.props = make(map[string]*fastNode, len(s.Properties))
		for k, p := range s.Properties {
			c, ok := buildFast(p, seen)
			if !ok {
				return nil, false
			}
			n.props[k] = c
			n.propList = append(n.propList, fastProp{k, c})
		}
	}
	var ok bool
	if s.Items2020 != nil {
		if n.items, ok = buildFast(s.Items2020, seen); !ok {
			return nil, false
		}
	}
	for _, list := range []struct {
		in  []*jsonschema.Schema
		out *[]*fastNode
	}{{s.AllOf, &n.allOf}, {s.AnyOf, &n.anyOf}, {s.OneOf, &n.oneOf}} {
		for _, sub := range list.in {
			c, ok := buildFast(sub, seen)
			if !ok {
				return nil, false
			}
			*list.out = append(*list.out, c)
		}
	}
	for _, one := range []struct {
		in  *jsonschema.Schema
		out **fastNode
	}{{s.Not, &n.not}, {s.If, &n.ifN}, {s.Then, &n.thenN}, {s.Else, &n.elseN}} {
		if one.in == nil {
			continue
		}
		if *one.out, ok = buildFast(one.in, seen); !ok {
			return nil, false
		}
	}
	seen[s] = n
	return n, true
}

// usesUnsupportedKeywords reports whether s uses a keyword the fast path does not check;
// such schemas are left to the full validator.
func usesUnsupportedKeywords(s *jsonschema.Schema) bool {
	return s.Ref != nil || s.RecursiveRef != nil || s.DynamicRef != nil || len(s.PatternProperties) > 0 ||
		s.PropertyNames != nil || len(s.Dependencies) > 0 || len(s.DependentSchemas) > 0 ||
		s.UnevaluatedProperties != nil || s.UnevaluatedItems != nil || s.Items != nil ||
		s.AdditionalItems != nil || len(s.PrefixItems) > 0 || s.Contains != nil || s.MultipleOf != nil ||
		s.ContentEncoding != "" || s.ContentMediaType != "" || s.ContentSchema != nil || len(s.Extensions) > 0
}

// takeValueChecks copies s's checks on the value itself (types, enum, const, format,
// numeric limits) into n; false when one of them cannot be checked exactly here.
func (n *fastNode) takeValueChecks(s *jsonschema.Schema) bool {
	for _, t := range s.Types {
		n.types |= typeBits[t]
	}
	for _, e := range s.Enum {
		if !plainValue(e) {
			return false
		}
		n.enum = append(n.enum, plain(e))
	}
	if len(s.Constant) > 0 {
		if !plainValue(s.Constant[0]) {
			return false
		}
		n.hasConst, n.constant = true, plain(s.Constant[0])
	}
	if s.Format != "" {
		n.format = formatFunc(s.Format) // what the compiled schema checks (formats.go)
	}
	for _, lim := range []struct {
		r   *big.Rat
		dst *float64
	}{{s.Minimum, &n.min}, {s.Maximum, &n.max}, {s.ExclusiveMinimum, &n.exMin}, {s.ExclusiveMaximum, &n.exMax}} {
		if lim.r == nil {
			continue
		}
		f, exact := lim.r.Float64()
		if !exact {
			return false // v5 compares exact rationals; a float would round
		}
		*lim.dst = f
		n.hasNumber = true
	}
	return true
}

// plainValue reports whether an enum or const value compares simply: text, booleans, null,
// and numbers a float64 holds exactly.
func plainValue(v any) bool {
	switch x := v.(type) {
	case string, bool, nil:
		return true
	case float64:
		return true
	case interface{ String() string }: // json.Number
		r, ok := new(big.Rat).SetString(x.String())
		if !ok {
			return false
		}
		_, exact := r.Float64()
		return exact
	}
	return false
}

func plain(v any) any {
	if x, ok := v.(interface{ Float64() (float64, error) }); ok {
		f, _ := x.Float64()
		return f
	}
	return v
}

// valid reports whether v satisfies the node, as v5 would.
func (n *fastNode) valid(v any) bool {
	if n.always != 0 {
		return n.always > 0
	}
	if n.types != 0 && !n.typeOK(v) {
		return false
	}
	if n.enum != nil {
		found := false
		for _, e := range n.enum {
			if plainEqual(v, e) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if n.hasConst && !plainEqual(v, n.constant) {
		return false
	}
	if n.format != nil && !n.format(v) {
		return false
	}
	switch x := v.(type) {
	case string:
		if n.minLen >= 0 || n.maxLen >= 0 {
			l := utf8.RuneCountInString(x)
			if n.minLen >= 0 && l < n.minLen || n.maxLen >= 0 && l > n.maxLen {
				return false
			}
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			return false
		}
	case float64:
		if n.hasNumber && !n.numberOK(x) {
			return false
		}
	case map[string]any:
		if !n.objectOK(x) {
			return false
		}
	case []any:
		if !n.arrayOK(x) {
			return false
		}
	case bool, nil:
	default:
		return false // not a decoded JSON value: let v5 say what it thinks
	}
	return n.subschemasOK(v)
}

// subschemasOK applies allOf, anyOf, oneOf, not and if/then/else to v.
func (n *fastNode) subschemasOK(v any) bool {
	for _, c := range n.allOf {
		if !c.valid(v) {
			return false
		}
	}
	if len(n.anyOf) > 0 {
		any := false
		for _, c := range n.anyOf {
			if c.valid(v) {
				any = true
				break
			}
		}
		if !any {
			return false
		}
	}
	if len(n.oneOf) > 0 {
		count := 0
		for _, c := range n.oneOf {
			if c.valid(v) {
				count++
			}
		}
		if count != 1 {
			return false
		}
	}
	if n.not != nil && n.not.valid(v) {
		return false
	}
	if n.ifN != nil {
		if n.ifN.valid(v) {
			if n.thenN != nil && !n.thenN.valid(v) {
				return false
			}
		} else if n.elseN != nil && !n.elseN.valid(v) {
			return false
		}
	}
	return true
}

func (n *fastNode) typeOK(v any) bool {
	switch x := v.(type) {
	case nil:
		return n.types&tNull != 0
	case bool:
		return n.types&tBool != 0
	case float64:
		if n.types&tNumber != 0 {
			return true
		}
		return n.types&tInteger != 0 && x == math.Trunc(x) && !math.IsInf(x, 0)
	case string:
		return n.types&tString != 0
	case []any:
		return n.types&tArray != 0
	case map[string]any:
		return n.types&tObject != 0
	}
	return false
}

func (n *fastNode) numberOK(x float64) bool {
	if !math.IsNaN(n.min) && x < n.min || !math.IsNaN(n.max) && x > n.max {
		return false
	}
	if !math.IsNaN(n.exMin) && x <= n.exMin || !math.IsNaN(n.exMax) && x >= n.exMax {
		return false
	}
	return true
}

func (n *fastNode) objectOK(m map[string]any) bool {
	if n.minProps >= 0 && len(m) < n.minProps || n.maxProps >= 0 && len(m) > n.maxProps {
		return false
	}
	for _, r := range n.required {
		if _, ok := m[r]; !ok {
			return false
		}
	}
	for k, reqs := range n.depReq {
		if _, ok := m[k]; ok {
			for _, r := range reqs {
				if _, ok := m[r]; !ok {
					return false
				}
			}
		}
	}
	if n.noExtra {
		for k := range m {
			if _, ok := n.props[k]; !ok {
				return false
			}
		}
	}
	// Looking up every declared property is cheaper than iterating the map, unless the
	// record holds far fewer values than the form has fields.
	if len(n.propList) <= 2*len(m)+4 {
		for _, p := range n.propList {
			if v, ok := m[p.key]; ok && !p.node.valid(v) {
				return false
			}
		}
		return true
	}
	for k, v := range m {
		if p := n.props[k]; p != nil && !p.valid(v) {
			return false
		}
	}
	return true
}

func (n *fastNode) arrayOK(list []any) bool {
	if n.minItems >= 0 && len(list) < n.minItems || n.maxItems >= 0 && len(list) > n.maxItems {
		return false
	}
	if n.unique && !uniquePlain(list) {
		return false
	}
	if n.items != nil {
		for _, item := range list {
			if !n.items.valid(item) {
				return false
			}
		}
	}
	return true
}

// plainEqual compares a value with a plain (enum, const, list item) value.
func plainEqual(v, e any) bool {
	switch x := e.(type) {
	case string:
		s, ok := v.(string)
		return ok && s == x
	case float64:
		f, ok := v.(float64)
		return ok && f == x
	case bool:
		b, ok := v.(bool)
		return ok && b == x
	case nil:
		return v == nil
	}
	return false
}

// uniquePlain reports whether a list of plain values has no repeats; lists holding objects
// or lists answer false and are left to v5.
func uniquePlain(list []any) bool {
	for _, item := range list {
		if !plainValue(item) {
			return false
		}
	}
	if len(list) <= 16 {
		for i := 1; i < len(list); i++ {
			for j := 0; j < i; j++ {
				if plainEqual(list[i], list[j]) {
					return false
				}
			}
		}
		return true
	}
	seen := make(map[any]struct{}, len(list))
	for _, item := range list {
		if _, dup := seen[item]; dup {
			return false
		}
		seen[item] = struct{}{}
	}
	return true
}
