package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
)

// Request-head limits. The read buffer is the hard ceiling (fasthttp refuses a head that does
// not fit with 431 before any handler runs); below it, the URL and the headers each have a
// documented limit so that a client learns which part was too long.
const (
	readBufferSize = 32 << 10 // bytes for the request line and all headers together
	maxURILength   = 8 << 10  // bytes of the request target (path and query)
	maxHeaderBytes = 8 << 10  // bytes of all header names and values
)

// Codes whose status is not the one of their kind.
var codeStatus = map[string]int{
	"method_not_allowed": fiber.StatusMethodNotAllowed,
	"uri_too_long":       fiber.StatusRequestURITooLong,
	"headers_too_large":  fiber.StatusRequestHeaderFieldsTooLarge,
}

func uriTooLong() *fault.Error {
	return fault.Of("uri_too_long")
}

func headersTooLarge() *fault.Error {
	return fault.Of("headers_too_large")
}

// limitRequestHead refuses a URL or header set over its limit with 414 or 431.
func limitRequestHead(c *fiber.Ctx) error {
	if len(c.Request().RequestURI()) > maxURILength {
		return uriTooLong()
	}
	n := 0
	c.Request().Header.VisitAll(func(k, v []byte) { n += len(k) + len(v) + 4 })
	if n > maxHeaderBytes {
		return headersTooLarge()
	}
	return c.Next()
}
