package fault

import (
	"errors"
	"time"
)

// Kind classifies an error; the HTTP layer maps each kind to one status.
type Kind int

// The kinds, with the status each maps to.
const (
	BadRequest           Kind = iota + 1 // 400: malformed input
	Unauthenticated                      // 401: who are you?
	Forbidden                            // 403: known, not allowed
	NotFound                             // 404: absent or not visible to the caller
	Conflict                             // 409: duplicate or state conflict
	Precondition                         // 412: stale version (If-Match)
	PreconditionRequired                 // 428: a required If-Match is missing
	TooLarge                             // 413
	Invalid                              // 422: well-formed, fails validation
	TooMany                              // 429: rate limited
	Unavailable                          // 503
)

// Text is a message in both languages of the product.
type Text struct {
	EN string
	ZH string
}

// In returns the message for a language tag ("zh…" → Chinese, anything else → English).
func (t Text) In(lang string) string {
	if len(lang) >= 2 && lang[:2] == "zh" && t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// FieldError is the problem with one field, located by the map key holding it.
type FieldError struct {
	Code string
	Text Text
}

// Error is a client-caused error.
type Error struct {
	Kind       Kind
	Code       string // stable word, e.g. "validation_failed"
	Text       Text
	Fields     map[string]FieldError // JSON pointer → problem
	RetryAfter time.Duration         // for TooMany
	Err        error                 // cause, for logs only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Text.EN + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Text.EN
}

func (e *Error) Unwrap() error { return e.Err }

// New builds an error of a kind with a code and both messages.
func New(k Kind, code, en, zh string) *Error {
	return &Error{Kind: k, Code: code, Text: Text{EN: en, ZH: zh}}
}

// WithField adds one field error and returns e.
func (e *Error) WithField(pointer, code, en, zh string) *Error {
	if e.Fields == nil {
		e.Fields = map[string]FieldError{}
	}
	e.Fields[pointer] = FieldError{Code: code, Text: Text{EN: en, ZH: zh}}
	return e
}

// Wrap records the cause for logs.
func (e *Error) Wrap(err error) *Error {
	e.Err = err
	return e
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var fe *Error
	ok := errors.As(err, &fe)
	return fe, ok
}

// Is reports whether err carries a fault of kind k.
func Is(err error, k Kind) bool {
	fe, ok := As(err)
	return ok && fe.Kind == k
}

// Field builds a 422 validation_failed error with one field problem.
func Field(pointer, code, en, zh string) *Error {
	return Of("validation_failed").WithField(pointer, code, en, zh)
}

// Common errors, built fresh each time so that callers may add fields or causes.

// ErrNotFound is the answer for anything absent or invisible to the caller.
func ErrNotFound() *Error {
	return Of("not_found")
}

// ErrForbidden is the answer for a known caller who may not do this.
func ErrForbidden() *Error {
	return Of("forbidden")
}

// ErrUnauthenticated asks the caller to sign in.
func ErrUnauthenticated() *Error {
	return Of("unauthenticated.session")
}
