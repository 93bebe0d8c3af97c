package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/flow"
	"github.com/formloom/formloom/runtime/org"
)

// actionRoutes are the actions on a record's run, under a form ("/:app/forms/:form").
func (s *server) actionRoutes(form fiber.Router) {
	if s.flow != nil {
		form.Post("/records/:id/actions/:action", s.recordAction)
	}
}

// webhookSecretRoutes are under an app ("/workspaces/:ws/apps").
func (s *server) webhookSecretRoutes(r fiber.Router) {
	if s.secrets != nil {
		r.Get("/:app/webhook-secret", s.webhookSecret)
	}
}

// webhookSecret gives owners and admins the key receivers check signatures with.
func (s *server) webhookSecret(c *fiber.Ctx) error {
	ctx := c.UserContext()
	m, err := s.org.Membership(ctx, c.Params("ws"), actor(c))
	if err != nil {
		return err
	}
	if m.Role != org.RoleOwner && m.Role != org.RoleAdmin {
		return fault.ErrForbidden()
	}
	if _, err := s.apps.Get(ctx, actor(c), c.Params("ws"), c.Params("app")); err != nil {
		return err
	}
	secret, err := s.secrets.ForAppText(ctx, c.Params("app"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"secret": secret})
}

// inboxRoutes are each member's inbox and notifications, under "/workspaces".
func (s *server) inboxRoutes(workspaces fiber.Router) {
	if s.flow == nil {
		return
	}
	workspaces.Get("/:ws/inbox", s.inbox)
	workspaces.Get("/:ws/inbox/counts", s.inboxCounts)
	workspaces.Get("/:ws/inbox/apps", s.inboxApps)
	workspaces.Post("/:ws/inbox/actions", s.bulkAction)
	workspaces.Get("/:ws/notifications", s.notifications)
	workspaces.Post("/:ws/notifications/read", s.markNotificationsRead)
}

func (s *server) recordAction(c *fiber.Ctx) error {
	var in flow.ActionInput
	if len(c.Body()) > 0 {
		if err := bind(c, &in); err != nil {
			return err
		}
	}
	r, err := s.flow.Act(c.UserContext(), recordRef(c), c.Params("id"), c.Params("action"), in, c.Get("Idempotency-Key"))
	if err != nil {
		return err
	}
	return sendRecord(c, fiber.StatusOK, r)
}

func (s *server) inbox(c *fiber.Ctx) error {
	q := flow.InboxQuery{Box: c.Query("box"), App: c.Query("app"), Limit: c.Query("limit"), Cursor: c.Query("cursor")}
	p, err := s.flow.Inbox(c.UserContext(), actor(c), c.Params("ws"), q)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (s *server) inboxApps(c *fiber.Ctx) error {
	items, err := s.flow.InboxApps(c.UserContext(), actor(c), c.Params("ws"), c.Query("box"), c.Query("app"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": items})
}

func (s *server) inboxCounts(c *fiber.Ctx) error {
	n, err := s.flow.InboxCounts(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(n)
}

func (s *server) notifications(c *fiber.Ctx) error {
	unread, err := boolParam(c, "unread")
	if err != nil {
		return err
	}
	p, err := s.flow.Notifications(c.UserContext(), actor(c), c.Params("ws"), unread, c.Query("limit"), c.Query("cursor"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

type markReadInput struct {
	IDs []string `json:"ids"`
}

func (s *server) markNotificationsRead(c *fiber.Ctx) error {
	var in markReadInput
	if len(c.Body()) > 0 {
		if err := bind(c, &in); err != nil {
			return err
		}
	}
	n, err := s.flow.MarkRead(c.UserContext(), actor(c), c.Params("ws"), in.IDs)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"marked": n})
}

// armSchedules arms the scheduled automations of an app just created or published. The
// app change stands whatever happens here; a failure is logged, and the next publish arms
// them again.
func (s *server) armSchedules(c *fiber.Ctx, appID string) {
	if s.flow == nil {
		return
	}
	if err := s.flow.Published(c.UserContext(), actor(c), c.Params("ws"), appID); err != nil {
		s.log.WarnContext(c.UserContext(), "scheduled automations not armed", "app", appID, "err", err)
	}
}

type bulkResult struct {
	Record string       `json:"record"`
	Status int          `json:"status"`
	Error  *errorDetail `json:"error,omitempty"`
}

// bulkAction applies one action to several records of the inbox (批量审批): 200 with one
// result per item, each with the status and error shape a single action would answer.
func (s *server) bulkAction(c *fiber.Ctx) error {
	var in flow.BulkInput
	if err := bind(c, &in); err != nil {
		return err
	}
	res, err := s.flow.Bulk(c.UserContext(), actor(c), c.Params("ws"), in)
	if err != nil {
		return err
	}
	lang := language(c.Get(fiber.HeaderAcceptLanguage))
	out := make([]bulkResult, len(res))
	for i, r := range res {
		out[i] = bulkResult{Record: r.Record, Status: fiber.StatusOK}
		if r.Err != nil {
			d := detailOf(r.Err, lang)
			out[i].Status, out[i].Error = d.Status, &d
		}
	}
	return c.JSON(fiber.Map{"results": out})
}
