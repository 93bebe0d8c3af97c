package api

import (
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/records"
)

// Limits of anonymous submissions, per client address and per link.
const (
	publicPerIP       = 10
	publicPerLink     = 300
	publicStatusPerIP = 60
	// Uploads come before a submission, several per form; an address gets three times the
	// submissions' budget, a link twice as many as its submissions.
	publicUploadsPerIP   = 30
	publicUploadsPerLink = 600
	publicWindow         = time.Minute
	publicMaxWindow      = 10000 // tracked keys before expired ones are dropped
)

// publicRoutes registers the anonymous form links under /api/v1/public (no sign-in) and
// their management under each form (owners and admins). v1 is the /api/v1 group.
func (s *server) publicRoutes(v1 fiber.Router) {
	lim := newWindowLimiter(publicWindow, publicMaxWindow)
	p := v1.Group("/public/forms")
	p.Get("/:token", s.publicForm)
	p.Post("/:token", func(c *fiber.Ctx) error { return s.submitPublic(c, lim) })
	p.Post("/:token/fields/:field/files", func(c *fiber.Ctx) error { return s.uploadPublicFile(c, lim) })
	v1.Get("/public/status/:token", func(c *fiber.Ctx) error { return s.publicStatus(c, lim) })

	m := v1.Group("/workspaces/:ws/apps/:app/forms/:form/public-links", requireAuth)
	m.Get("", s.listPublicLinks)
	m.Post("", s.createPublicLink)
	m.Patch("/:id", s.updatePublicLink)
	m.Delete("/:id", s.revokePublicLink)
}

type publicLinkInput struct {
	Owner  string   `json:"owner"`
	Fields []string `json:"fields"` // absent: the start node's editable fields
	Show   []string `json:"show"`   // fields the submitter's status page shows
}

func publicURL(token string) string { return "/api/v1/public/forms/" + token }

func (s *server) createPublicLink(c *fiber.Ctx) error {
	var in publicLinkInput
	if err := bind(c, &in); err != nil {
		return err
	}
	l, err := s.records.CreatePublicLink(c.UserContext(), recordRef(c), records.LinkInput{Owner: in.Owner, Fields: in.Fields, Show: in.Show})
	if err != nil {
		return err
	}
	return created(c, fiber.Map{"id": l.ID, "token": l.Token, "url": publicURL(l.Token), "owner": l.Owner, "form": l.Form, "created": l.Created,
		"fields": l.Fields, "show": l.Show})
}

func (s *server) listPublicLinks(c *fiber.Ctx) error {
	ls, err := s.records.PublicLinks(c.UserContext(), recordRef(c))
	if err != nil {
		return err
	}
	out := make([]fiber.Map, len(ls))
	for i, l := range ls {
		out[i] = fiber.Map{"id": l.ID, "token": l.Token, "url": publicURL(l.Token), "owner": l.Owner, "form": l.Form,
			"createdBy": l.CreatedBy, "created": l.Created, "revoked": l.Revoked, "revokedAt": l.RevokedAt,
			"fields": l.Fields, "show": l.Show}
	}
	return c.JSON(listOf(out))
}

// publicLinkChange: an absent list keeps what the link has; "fields": [] goes back to the
// default (the start node's editable fields).
type publicLinkChange struct {
	Fields *[]string `json:"fields"`
	Show   *[]string `json:"show"`
}

func (s *server) updatePublicLink(c *fiber.Ctx) error {
	var in publicLinkChange
	if err := bind(c, &in); err != nil {
		return err
	}
	l, err := s.records.UpdatePublicLink(c.UserContext(), recordRef(c), c.Params("id"), records.LinkChange{Fields: in.Fields, Show: in.Show})
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"id": l.ID, "token": l.Token, "url": publicURL(l.Token), "owner": l.Owner, "form": l.Form, "created": l.Created,
		"fields": l.Fields, "show": l.Show})
}

func (s *server) revokePublicLink(c *fiber.Ctx) error {
	if err := s.records.RevokePublicLink(c.UserContext(), recordRef(c), c.Params("id")); err != nil {
		return err
	}
	return noContent(c)
}

func (s *server) publicForm(c *fiber.Ctx) error {
	f, err := s.records.PublicFormOf(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

// limitPublic counts one anonymous request of a kind ("" for submissions) against its limits
// per client address and per link. It is counted before the token is looked up, so that
// guessing tokens is limited too.
func limitPublic(c *fiber.Ctx, lim *windowLimiter, kind string, perIP, perLink int) error {
	now := time.Now()
	if wait, ok := lim.allow(kind+"ip:"+c.IP(), perIP, now); !ok {
		return tooMany(wait)
	}
	if wait, ok := lim.allow(kind+"link:"+c.Params("token"), perLink, now); !ok {
		return tooMany(wait)
	}
	return nil
}

func (s *server) submitPublic(c *fiber.Ctx, lim *windowLimiter) error {
	if err := limitPublic(c, lim, "", publicPerIP, publicPerLink); err != nil {
		return err
	}
	token := c.Params("token")
	var start records.Starter
	if s.flow != nil {
		start = s.flow.Start // the same start as a member's submission
	}
	r, err := s.records.SubmitPublic(c.UserContext(), token, c.Body(), start)
	if err != nil {
		return err
	}
	return created(c, r)
}

// publicStatus answers a submitter's status token, limited per address like submissions
// so that tokens cannot be guessed at speed.
func (s *server) publicStatus(c *fiber.Ctx, lim *windowLimiter) error {
	if wait, ok := lim.allow("status:"+c.IP(), publicStatusPerIP, time.Now()); !ok {
		return tooMany(wait)
	}
	st, err := s.records.StatusOf(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	return c.JSON(st)
}

func tooMany(wait time.Duration) error {
	e := fault.Of("rate_limited").Fill("seconds", int(wait.Seconds())+1)
	e.RetryAfter = wait
	return e
}

// windowLimiter counts requests per key in fixed windows, in this process only: several
// instances each allow the limit.
type windowLimiter struct {
	window time.Duration
	max    int
	mu     sync.Mutex
	seen   map[string]*hits
}

type hits struct {
	start time.Time
	n     int
}

func newWindowLimiter(window time.Duration, maxKeys int) *windowLimiter {
	return &windowLimiter{window: window, max: maxKeys, seen: map[string]*hits{}}
}

// allow counts one request of key and says whether it is within limit, or how long until
// the key's window ends.
func (l *windowLimiter) allow(key string, limit int, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ok := l.seen[key]
	if !ok || now.Sub(h.start) >= l.window {
		if !ok && len(l.seen) >= l.max {
			l.prune(now)
		}
		h = &hits{start: now}
		l.seen[key] = h
	}
	if h.n >= limit {
		return h.start.Add(l.window).Sub(now), false
	}
	h.n++
	return 0, true
}

// prune drops keys whose window has ended; if every key is live it starts over, which
// only forgives some clients early.
func (l *windowLimiter) prune(now time.Time) {
	for k, h := range l.seen {
		if now.Sub(h.start) >= l.window {
			delete(l.seen, k)
		}
	}
	if len(l.seen) >= l.max {
		l.seen = map[string]*hits{}
	}
}
