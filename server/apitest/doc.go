// Package apitest runs table-driven HTTP scenarios against an in-process Formloom with a
// fresh embedded database per scenario: method, URL, body, headers, who is signed in, and the
// expected status and JSON fragments.
package apitest
