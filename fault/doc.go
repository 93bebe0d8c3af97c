// Package fault is the error vocabulary shared by the domain packages (builder, runtime)
// and the HTTP layer: a kind that decides the status, a stable code, a message in zh-CN and
// en, and per-field errors keyed by JSON pointer. Domain code returns *fault.Error for
// anything a client caused; everything else is an internal error and is never shown.
package fault
