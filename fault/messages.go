package fault

import (
	"fmt"
	"sort"
	"strings"
)

// Message is one entry of the catalogue: the kind of error and what it says.
type Message struct {
	Kind Kind
	EN   string
	ZH   string
}

// Of builds the error a catalogue key names. The key is "code" or "code.variant"; the
// error's code is the part before the dot. A key missing from the catalogue is a
// programming error (TestCatalogueKeysUsed finds it before it ships): it answers as an
// internal failure would, with the key kept for the logs.
func Of(key string) *Error {
	m, ok := catalogue[key]
	if !ok {
		return &Error{Kind: Unavailable, Code: "internal", Text: Text{EN: "Something went wrong.", ZH: "出错了。"}, Err: errUnknownKey(key)}
	}
	code, _, _ := strings.Cut(key, ".")
	return &Error{Kind: m.Kind, Code: code, Text: Text{EN: m.EN, ZH: m.ZH}}
}

// Fill puts value (as fmt prints it) in place of {name} in e's message, in both languages,
// and returns e: a catalogue message built from values is a template, so that its wording
// is still reviewed in the catalogue. A language may leave a value out (a Chinese message
// often says less than the English one). Field problems still holding {name} are filled
// too, so that a problem added with WithFieldOf takes its value right after it is added
// (problems filled before keep theirs; one filled with what a person wrote is added with
// WithProblem instead).
func (e *Error) Fill(name string, value any) *Error {
	v := fmt.Sprint(value)
	return e.FillText(name, Text{EN: v, ZH: v})
}

// FillText is Fill with a value that differs by language, such as a field's label.
func (e *Error) FillText(name string, value Text) *Error {
	placeholder := "{" + name + "}"
	e.Text = value.fill(e.Text, placeholder)
	for pointer, f := range e.Fields {
		f.Text = value.fill(f.Text, placeholder)
		e.Fields[pointer] = f
	}
	return e
}

// Fill puts value (as fmt prints it) in place of {name} in t, in both languages: a notice
// catalogue text built from values.
func (t Text) Fill(name string, value any) Text {
	v := fmt.Sprint(value)
	return t.FillText(name, Text{EN: v, ZH: v})
}

// FillText is Fill with a value that differs by language.
func (t Text) FillText(name string, value Text) Text {
	return value.fill(t, "{"+name+"}")
}

// fill puts v's text of each language in place of placeholder in t.
func (v Text) fill(t Text, placeholder string) Text {
	return Text{EN: strings.ReplaceAll(t.EN, placeholder, v.EN), ZH: strings.ReplaceAll(t.ZH, placeholder, v.ZH)}
}

// Lookup returns the message of a catalogue key.
func Lookup(key string) (Message, bool) {
	m, ok := catalogue[key]
	return m, ok
}

// Codes lists the distinct error codes of the catalogue, sorted: what the web UI may map.
func Codes() []string { return codesOf(catalogue) }

// codesOf lists the distinct codes (what comes before a key's first dot) of a catalogue's
// keys, sorted.
func codesOf[V any](entries map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for key := range entries {
		code, _, _ := strings.Cut(key, ".")
		if !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}

type errUnknownKey string

func (e errUnknownKey) Error() string { return "fault: no catalogue entry " + string(e) }

// Keys lists the catalogue's keys, sorted.
func Keys() []string {
	out := make([]string, 0, len(catalogue))
	for key := range catalogue {
		out = append(out, key)
	}
	sort.Strings(out)
	return out
}
