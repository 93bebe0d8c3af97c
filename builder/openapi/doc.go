// Package openapi describes one published version of an app as an OpenAPI 3.1 document:
// every form is an API, and this is its contract.
//
// For each form the document holds the schema of its record data — the form's own JSON
// Schema (draft 2020-12, which OpenAPI 3.1 uses as is) with its x-formloom keywords kept as
// extension keywords, server-owned fields (serial numbers, lookups, formulas) marked
// readOnly and every field titled with its label — the record envelope around it, a merge
// patch schema, and the paths of the records API: list (filter, sort, limit, cursor,
// total), create, get, update with If-Match, soft delete, restore and history. Paths are
// relative to a server URL given by the caller (the app's prefix). Bearer tokens and
// session cookies (with the CSRF header on unsafe methods) are the security schemes, and
// the product's one error shape is a shared response.
//
// Generation is pure and deterministic: the same template, forms and options give the same
// bytes (object keys sorted, lists in template order), so the document can be cached per
// app version and diffed between versions.
package openapi
