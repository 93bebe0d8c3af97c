package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
)

// requestDeadline gives every request's context a deadline (FORMLOOM_REQUEST_TIMEOUT),
// which the services pass down to every database operation: a slow query ends, and frees
// its connection, even when the client has long gone (fasthttp does not cancel a
// request's context when the client disconnects). Zero means no deadline. Streams that
// outlive the handler (exports) detach from it on purpose.
func requestDeadline(d time.Duration) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if d <= 0 {
			return c.Next()
		}
		ctx, cancel := context.WithTimeout(c.UserContext(), d)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	}
}

// deadlineFault is the answer to a request whose work outlived its deadline.
func deadlineFault() *fault.Error {
	return fault.Of("deadline_exceeded")
}
