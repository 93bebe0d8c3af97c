package template

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/formloom/formloom/fault"
)

// Checker checks templates. It holds the compiled meta-schema, is immutable once built
// and safe for concurrent use; build one per process and keep it.
type Checker struct {
	meta func() (*metaSchema, error)
}

// metaSchemaOnce compiles the embedded meta-schema once per process (it never changes):
// every Checker shares it. Compiling takes a few hundred milliseconds on a loaded
// machine, and a server builds two checkers before it answers.
var metaSchemaOnce = sync.OnceValues(compileMetaSchema)

// NewChecker starts compiling the meta-schema in the background and returns at once; the
// first Check waits for it. The compile fails only if the embedded meta-schema is broken,
// which the package's tests rule out (Check then answers that error).
func NewChecker() (*Checker, error) {
	go func() { _, _ = metaSchemaOnce() }()
	return &Checker{meta: metaSchemaOnce}, nil
}

// defaultChecker is built on first use; it holds nothing that changes afterwards.
var defaultChecker = sync.OnceValues(NewChecker)

// Check checks a template with a Checker built once per process. See Checker.Check.
func Check(raw json.RawMessage) (*Template, error) {
	c, err := defaultChecker()
	if err != nil {
		return nil, err
	}
	return c.Check(raw)
}

// Check reads and checks a template. It returns the template when it is valid, and
// otherwise a *Problems listing everything found, each at a JSON pointer into raw.
//
// The checks run in stages, each only on what passed the one before: the JSON itself
// (well formed, no member twice, not too large or deep); the meta-schema (shapes, key
// patterns, unknown members); then the meaning — unique keys, references that resolve,
// every form's schema compiled by package form, and the filters, sorts and aggregations
// of views, dashboards and permission scopes checked against their form's fields.
func (ch *Checker) Check(raw json.RawMessage) (*Template, error) {
	c := &collector{}
	if !scan(raw, c) || !c.empty() {
		return nil, c.err()
	}
	doc, err := decodeJSON(raw)
	if err != nil {
		c.add("", fault.Problem("bad_json.json_could_not_read").Fill("reason", err.Error()))
		return nil, c.err()
	}
	meta, err := ch.meta()
	if err != nil {
		return nil, err
	}
	meta.validate(doc, c)
	if !c.empty() {
		return nil, c.err()
	}
	t, err := decodeStrict(raw)
	if err != nil {
		// The meta-schema is stricter than the Go types; reaching this is a gap between
		// the two, reported rather than hidden.
		c.add("", fault.Problem("invalid.template_could_not_read").Fill("reason", err.Error()))
		return nil, c.err()
	}
	checkMeaning(t, c)
	if !c.empty() {
		return nil, c.err()
	}
	return t, nil
}

// decodeStrict decodes into the Go types, refusing members they do not have.
func decodeStrict(raw json.RawMessage) (*Template, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	var t Template
	if err := d.Decode(&t); err != nil {
		return nil, err
	}
	return &t, nil
}
