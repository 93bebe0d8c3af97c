// Package requestmemo remembers, for one request, documents that several services read
// again and again while serving it (the caller's membership, an app's latest version). Each
// service keeps its own memo in the request's context under its own key; what a memo holds
// is never refreshed, so it is dropped when the request writes what it remembers and ignored
// once older than Life (work a request leaves running in the background reads afresh).
package requestmemo
