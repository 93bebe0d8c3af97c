package querylang

import (
	"slices"
	"strconv"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/store"
)

// ParseFilter parses a filter written in the JSON syntax and checks it against the
// allow-list, resolving parameters from params. base is the JSON pointer of the filter in
// the request ("/filter", or "" when the filter is the whole body); every error is a
// *store.QueryError located below it. The top-level {} is the filter that matches every
// document.
//
// The result has passed store.Normalize: its operators are in store.Ops, its fields are
// in fields, and its values are nil, bool, float64, string, time.Time (for _created and
// _updated only) or []any of those.
func ParseFilter(data []byte, fields Fields, params Params, base string) (store.Filter, error) {
	if len(data) > MaxInputBytes {
		return store.Filter{}, qerrOf(base, fault.Problem("too_large.filter").Fill("max", MaxInputBytes))
	}
	if err := checkEscapes(data, base); err != nil {
		return store.Filter{}, err
	}
	p := &parser{r: newReader(data), fields: fields, params: params}
	f, err := p.filter(base)
	if err != nil {
		return store.Filter{}, err
	}
	if err := p.r.end(base); err != nil {
		return store.Filter{}, err
	}
	return f, nil
}

// parser holds the state of one parse: the token stream, the allow-list, the parameters
// and the number of filter nodes seen so far.
type parser struct {
	r      *reader
	fields Fields
	params Params
	nodes  int
}

// filter parses a whole filter at at (the top node, where {} is allowed) and normalises it.
func (p *parser) filter(at string) (store.Filter, error) {
	f, err := p.node(at, 1, true)
	if err != nil {
		return store.Filter{}, err
	}
	n, err := store.NormalizeAliases(f)
	if err != nil {
		// Unreachable by construction; kept so that nothing unnormalised ever escapes.
		var qe *store.QueryError
		if asQueryError(err, &qe) {
			return store.Filter{}, qe.At(at + qe.Path)
		}
		return store.Filter{}, qerr(at, CodeBadValue, err.Error())
	}
	return n, nil
}

// node kinds, by the first key that decided them.
const (
	nodeNone = iota
	nodeAnd
	nodeOr
	nodeNot
	nodeLeaf
)

// leaf collects the members of a comparison while its object is read; they can come in
// any order, so the cross-checks run when the object ends.
type leaf struct {
	field            string
	kind             kind
	op               store.Op
	value            any
	hasField, hasOp  bool
	hasValue         bool
	param            string
	hasParam         bool
	paramAt, valueAt string
}

func (p *parser) node(at string, depth int, top bool) (store.Filter, error) {
	if depth > MaxDepth {
		return store.Filter{}, qerrOf(at, fault.Problem("too_deep.filter").Fill("max", MaxDepth))
	}
	p.nodes++
	if p.nodes > MaxNodes {
		return store.Filter{}, qerrOf(at, fault.Problem("too_many_nodes.filter").Fill("max", MaxNodes))
	}
	ok, _, err := p.r.open(at, '{')
	if err != nil {
		return store.Filter{}, err
	}
	if !ok {
		return store.Filter{}, qerrOf(at, fault.Problem("bad_node.object"))
	}
	var (
		what = nodeNone
		out  store.Filter
		l    leaf
	)
	for p.r.more() {
		key, err := p.r.key(at)
		if err != nil {
			return store.Filter{}, err
		}
		kat := pointer(at, key)
		switch key {
		case "and", "or", "not":
			if what != nodeNone {
				return store.Filter{}, conflict(kat, key, what)
			}
			switch key {
			case "and", "or":
				list, err := p.list(kat, depth)
				if err != nil {
					return store.Filter{}, err
				}
				if key == "and" {
					what, out = nodeAnd, store.Filter{And: list}
				} else {
					what, out = nodeOr, store.Filter{Or: list}
				}
			case "not":
				n, err := p.node(kat, depth+1, false)
				if err != nil {
					return store.Filter{}, err
				}
				what, out = nodeNot, store.Filter{Not: &n}
			}
		case "field", "op", "value", "param":
			if what != nodeNone && what != nodeLeaf {
				return store.Filter{}, conflict(kat, key, what)
			}
			what = nodeLeaf
			if err := p.leafMember(&l, key, kat); err != nil {
				return store.Filter{}, err
			}
		default:
			return store.Filter{}, unknownKey(kat, key, `and, or, not, field, op, value and param`)
		}
	}
	if err := p.r.close(at); err != nil {
		return store.Filter{}, err
	}
	switch what {
	case nodeNone:
		if top {
			return store.Filter{}, nil
		}
		return store.Filter{}, qerrOf(at, fault.Problem("empty_node.nested"))
	case nodeLeaf:
		return p.finishLeaf(&l, at)
	}
	return out, nil
}

func (p *parser) list(at string, depth int) ([]store.Filter, error) {
	ok, _, err := p.r.open(at, '[')
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, qerrOf(at, fault.Problem("bad_node.list"))
	}
	var out []store.Filter
	for i := 0; p.r.more(); i++ {
		n, err := p.node(at+"/"+strconv.Itoa(i), depth+1, false)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	if err := p.r.close(at); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, qerrOf(at, fault.Problem("empty_list.nodes"))
	}
	return out, nil
}

// leafMember reads one member of a comparison and runs the checks that need nothing else.
func (p *parser) leafMember(l *leaf, key, at string) error {
	dup := (key == "field" && l.hasField) || (key == "op" && l.hasOp) ||
		(key == "value" && l.hasValue) || (key == "param" && l.hasParam)
	if dup {
		return qerrOf(at, fault.Problem("duplicate_key.named").FillText("key", named(key)))
	}
	switch key {
	case "field":
		s, err := p.r.str(at, CodeBadField, "field")
		if err != nil {
			return err
		}
		k, err := p.fields.lookup(s, useFilter, at)
		if err != nil {
			return err
		}
		l.field, l.kind, l.hasField = s, k, true
	case "op":
		s, err := p.r.str(at, CodeUnknownOp, "op")
		if err != nil {
			return err
		}
		if !slices.Contains(store.Ops, store.Op(s)) {
			return qerrOf(at, fault.Problem("unknown_operator.query_named").FillText("op", named(s)))
		}
		l.op, l.hasOp = store.Op(s), true
	case "value":
		if l.hasParam {
			return qerrOf(at, fault.Problem("ambiguous_node.value_param"))
		}
		v, err := p.r.value(at)
		if err != nil {
			return err
		}
		l.value, l.hasValue, l.valueAt = v, true, at
	case "param":
		if l.hasValue {
			return qerrOf(at, fault.Problem("ambiguous_node.value_param"))
		}
		s, err := p.r.str(at, CodeUnknownParam, "param")
		if err != nil {
			return err
		}
		raw, ok := p.params[s]
		if !ok {
			return qerrOf(at, fault.Problem("unknown_param.query_named").FillText("param", named(s)))
		}
		v, err := paramValue(raw)
		if err != nil {
			return qerrOf(at, fault.Problem("bad_value.param").FillText("param", named(s)).Fill("reason", err.Error()))
		}
		l.param, l.value, l.hasParam, l.paramAt = s, v, true, at
	}
	return nil
}

// finishLeaf runs the checks that need the field, the operator and the value together.
func (p *parser) finishLeaf(l *leaf, at string) (store.Filter, error) {
	switch {
	case !l.hasField:
		return store.Filter{}, qerrOf(at+"/field", fault.Problem("missing_key.comparison_field"))
	case !l.hasOp:
		return store.Filter{}, qerrOf(at+"/op", fault.Problem("missing_key.comparison_op"))
	case !l.hasValue && !l.hasParam:
		return store.Filter{}, qerrOf(at+"/value", fault.Problem("missing_key.comparison_value"))
	}
	if !opAllowed(l.kind, l.op) {
		return store.Filter{}, qerrOf(at+"/op", fault.Problem("bad_operator.query_named").FillAll(map[string]fault.Text{"op": {EN: string(l.op), ZH: string(l.op)}, "field": fieldName(l.field, l.kind.label), "type": {EN: l.kind.describe()}}))
	}
	vat, items := l.valueAt, true
	if l.hasParam {
		vat, items = l.paramAt, false
	}
	v, err := valueFor(l.kind, l.op, l.value, vat, items)
	if err != nil {
		return store.Filter{}, ofField(err, fieldName(l.field, l.kind.label))
	}
	return store.Filter{Field: l.field, Op: l.op, Value: v}, nil
}

func conflict(at, key string, what int) error {
	if (what == nodeAnd && key == "and") || (what == nodeOr && key == "or") || (what == nodeNot && key == "not") {
		return qerrOf(at, fault.Problem("duplicate_key.named").FillText("key", named(key)))
	}
	return qerrOf(at, fault.Problem("ambiguous_node.join").FillText("key", named(key)))
}

func unknownKey(at, key, allowed string) error {
	p := fault.Problem("unknown_key.query_named")
	if len(key) > 0 && key[0] == '$' {
		p = fault.Problem("unknown_key.database_operator")
	}
	return qerrOf(at, p.FillAll(map[string]fault.Text{"key": named(key), "allowed": {EN: allowed, ZH: allowed}}))
}

// ofField names the compared field in a value's problem: the value's checks know its type,
// not its name, and the Chinese words say whose value it is.
func ofField(err error, field fault.Text) error {
	var qe *store.QueryError
	if !asQueryError(err, &qe) || qe.Problem.Text.EN == "" {
		return err
	}
	c := *qe
	c.Problem = c.Problem.FillText("field", field)
	return &c
}
