package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
)

// list is the envelope of every collection response.
type list[T any] struct {
	Items []T `json:"items"`
}

func listOf[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items}
}

func created(c *fiber.Ctx, v any) error { return c.Status(fiber.StatusCreated).JSON(v) }

func noContent(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNoContent) }

func unavailable() error {
	return fault.Of("unavailable")
}

// actor is the signed-in user's ID; requireAuth guarantees there is one.
func actor(c *fiber.Ctx) string {
	p, _ := principal(c)
	return p.User.ID
}
