// Package apitest runs table-driven HTTP scenarios against an in-process Formloom with a
// fresh embedded database per scenario: method, URL, body, headers, who is signed in, and the
// expected status and JSON fragments.
//
// Every TestApp has a database of its own, so tests built on it run in parallel: Run's
// scenarios do, and the server/api tests call t.Parallel first. OnMongo hands its FerretDB to
// the test by name rather than through the environment, because a test that sets the
// environment may not run in parallel.
package apitest
