// Package template is the model of a Formloom app template and everything about checking
// one: the Go types of the format, its meta-schema (JSON Schema draft 2020-12, served to
// editors and used to validate every template), the semantic checks that the meta-schema
// cannot express (unique keys, references that must resolve, every form's schema compiled
// by package form, view filters and dashboard aggregations checked against the fields of
// their form), and the diff between two versions that says what changed and whether
// existing records might stop validating.
//
// Every problem is located by a JSON pointer into the template, so that an editor can put
// the message next to the offending part. Checking is pure: no I/O, no global mutable
// state; a Checker holds the compiled meta-schema and is safe for concurrent use.
package template
