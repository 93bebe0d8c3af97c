package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
)

// Version is the OpenAPI version the documents follow.
const Version = "3.1.0"

// Options tune Generate.
type Options struct {
	// ServerURL is where the app's API lives, the prefix of every path in the document,
	// e.g. "/api/v1/workspaces/ws1/apps/app1" or an absolute URL. Default "/".
	ServerURL string
	// Language chooses the language of titles and descriptions: "zh…" for Chinese,
	// anything else for English.
	Language string
	// Version is the app version described (info.version); default the template's own
	// version, else "0".
	Version string
	// Hidden lists, per form key, the top-level fields hidden from the reader: the
	// document does not name them anywhere.
	Hidden map[string]map[string]bool
}

// ErrMissingForm is returned when a form of the template has no compiled form.
var ErrMissingForm = errors.New("openapi: form not compiled")

// obj is a JSON object under construction; encoding/json writes its keys sorted.
type obj = map[string]any

// Generate writes the OpenAPI 3.1 document of one app version: t is the version's
// template, forms its compiled forms by key. The output is indented JSON, the same bytes
// for the same input.
func Generate(t *template.Template, forms map[string]*form.Form, opts Options) ([]byte, error) {
	if t == nil {
		return nil, errors.New("openapi: no template")
	}
	if opts.ServerURL == "" {
		opts.ServerURL = "/"
	}
	if opts.Version == "" {
		opts.Version = t.Version
	}
	if opts.Version == "" {
		opts.Version = "0"
	}
	g := &generator{t: t, lang: opts.Language, schemas: obj{}, paths: obj{}, hidden: opts.Hidden}
	g.shared()
	tags := make([]any, 0, len(t.Forms))
	for i := range t.Forms {
		tf := &t.Forms[i]
		f := forms[tf.Key]
		if f == nil {
			return nil, fmt.Errorf("%w: %q", ErrMissingForm, tf.Key)
		}
		if err := g.form(i, tf, f); err != nil {
			return nil, fmt.Errorf("openapi: form %q: %w", tf.Key, err)
		}
		tag := obj{"name": tf.Key, "x-displayName": text(tf.Name, g.lang)}
		if tf.Description != nil {
			tag["description"] = text(*tf.Description, g.lang)
		}
		tags = append(tags, tag)
	}
	info := obj{"title": text(t.Name, g.lang), "version": opts.Version, "x-formloom-app": t.Key}
	if t.Description != nil {
		info["description"] = text(*t.Description, g.lang)
	}
	doc := obj{
		"openapi": Version,
		"info":    info,
		"servers": []any{obj{"url": opts.ServerURL}},
		"tags":    tags,
		"paths":   g.paths,
		"components": obj{
			"schemas":         g.schemas,
			"parameters":      sharedParameters(g.lang),
			"responses":       sharedResponses(g.lang),
			"securitySchemes": securitySchemes(g.lang),
		},
		"security": safeSecurity(),
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("openapi: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// generator holds the document's growing parts.
type generator struct {
	t       *template.Template
	lang    string
	schemas obj
	paths   obj
	hidden  map[string]map[string]bool // form key → fields hidden from the reader
}

// text picks a template label in the document's language.
func text(t template.Text, lang string) string { return t.In(lang) }

// ref is a JSON Schema or OpenAPI reference to a component.
func ref(kind, name string) obj { return obj{"$ref": "#/components/" + kind + "/" + name} }
