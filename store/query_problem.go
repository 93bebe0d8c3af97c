package store

import "github.com/formloom/formloom/fault"

// NewQueryError is the query error at pointer at whose words are problem p (a field
// catalogue entry, filled): p gives the code and both languages, its English text the
// Message, so that a client asking in Chinese reads Chinese.
func NewQueryError(at string, p fault.FieldError) *QueryError {
	return &QueryError{Path: at, Code: p.Code, Message: p.Text.EN, Problem: p}
}

// At is the same problem located at another pointer: the URL parameter a cursor came
// in, or a filter read inside a larger one.
func (e *QueryError) At(path string) *QueryError {
	c := *e
	c.Path = path
	return &c
}

// Words is the problem in both languages, with the error's code. A query error built
// without a problem keeps its English message and takes the Chinese words its code has
// in general, so that no Chinese message carries an English reason.
func (e *QueryError) Words() fault.FieldError {
	p := e.Problem
	if p.Text.EN == "" {
		p = generalWords(e.Code).Fill("reason", e.Message)
	}
	p.Code = e.Code
	return p
}

// generalWords is the catalogue's general problem for a query error code, its English
// text left as {reason}.
func generalWords(code string) fault.FieldError {
	switch code {
	case "unknown_field":
		return fault.Problem("unknown_field.query")
	case "not_filterable":
		return fault.Problem("not_filterable.query")
	case "not_sortable":
		return fault.Problem("not_sortable.query")
	case "not_groupable":
		return fault.Problem("not_groupable.query")
	case "unknown_operator":
		return fault.Problem("unknown_operator.query")
	case "bad_operator":
		return fault.Problem("bad_operator.query")
	case "bad_value":
		return fault.Problem("bad_value.query")
	case "unknown_key":
		return fault.Problem("unknown_key.query")
	case "unknown_param":
		return fault.Problem("unknown_param.query")
	case "duplicate_key":
		return fault.Problem("duplicate_key.query")
	case "missing_key":
		return fault.Problem("missing_key.query")
	case "empty_node":
		return fault.Problem("empty_node.query")
	case "empty_list":
		return fault.Problem("empty_list.query")
	case "bad_node":
		return fault.Problem("bad_node.query")
	case "bad_field":
		return fault.Problem("bad_field.query")
	}
	return fault.Problem("invalid.query_code")
}
