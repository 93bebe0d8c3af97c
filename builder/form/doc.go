// Package form compiles one form — a JSON Schema (draft 2020-12) whose properties carry
// Formloom's x-formloom field semantics — into an executable form, and runs submissions
// through it.
//
// Compile checks that every property's JSON Schema agrees with its x-formloom type, fills
// in defaults (the maxLength of text fields, minItems/maxItems from sub-form rows and
// attachment counts), compiles the schema once with santhosh-tekuri/jsonschema/v5 and every
// formula once with expr-lang/expr, and orders formulas by what they read (cycles are
// refused). Problems come back together as a *CompileError with JSON pointers relative to
// the schema's root.
//
// Form.Prepare is the write path of a record: decode, refuse unknown and server-owned
// fields (400), normalise (nulls dropped, datetimes in canonical UTC), compute formulas
// (row formulas, then form-level ones over sub-form columns), validate with the compiled
// schema and the x-formloom rules (phone numbers, decimals, URL schemes), and return the
// record to store or a 422 naming every bad field by a JSON pointer into the data, with
// zh-CN and en messages.
//
// Nothing here reaches the database. What only the database can check — members,
// departments, related records, files (References), unique values and serial numbers
// (Fields) — is exposed for the runtime to do. The clock and the timezone come from Env.
package form
