// Package app is Formloom's composition root: it opens the configured store, runs
// migrations, ensures collections, builds the domain services and the HTTP app. The binary
// and the tests build the server the same way, through Open.
package app
