package form

import "github.com/santhosh-tekuri/jsonschema/v5"

// formatChecks are the format checks the form's schema is compiled with: the validator
// library's, except where it lets through what a browser's validator refuses and the
// field would then store something else than was typed. A date-time offset such as
// "+10:60" is one: the library accepts it, and the datetime field stored it shifted.
var formatChecks = map[string]func(any) bool{
	"date-time": isStrictDateTime,
}

// formatFunc is the check of a format: formatChecks first, then the library's.
func formatFunc(name string) func(any) bool {
	if f, ok := formatChecks[name]; ok {
		return f
	}
	return jsonschema.Formats[name]
}

// isStrictDateTime is RFC 3339 date-time with an offset of at most 23:59.
func isStrictDateTime(v any) bool {
	s, ok := v.(string)
	if !ok {
		return true
	}
	if !jsonschema.Formats["date-time"](s) {
		return false
	}
	n := len(s)
	if last := s[n-1]; last == 'Z' || last == 'z' {
		return true
	}
	if n < 6 || s[n-3] != ':' {
		return false
	}
	h := int(s[n-5]-'0')*10 + int(s[n-4]-'0')
	m := int(s[n-2]-'0')*10 + int(s[n-1]-'0')
	return h <= 23 && m <= 59
}
