// Package jsonstring reads the string literals of JSON text: the one unescaper behind the
// engine's hand-written JSON readers (submitted records in builder/form, documents written
// straight to BSON in store/mongo). Those readers differ in what they tolerate — a record
// refuses NUL characters and lone surrogates, a stored document keeps what encoding/json
// would — so the difference is a Mode, not a second copy of the escape rules.
package jsonstring
