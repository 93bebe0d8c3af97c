package api

import (
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
)

// appRoutes registers app design routes under /api/v1/workspaces/:ws/apps (r is that group).
func (s *server) appRoutes(r fiber.Router) {
	r.Get("", s.listApps)
	r.Post("", s.createApp)
	r.Get("/:app", s.getApp)
	r.Get("/:app/draft", s.getDraft)
	r.Put("/:app/draft", s.saveDraft)
	r.Post("/:app/preview-form", s.previewForm) // form_preview_handlers.go
	r.Post("/:app/publish", s.publishApp)
	r.Get("/:app/publish-preview", s.previewPublish) // publish_preview_handlers.go
	r.Get("/:app/versions", s.listVersions)
	r.Get("/:app/versions/:n", s.getVersion)
	r.Get("/:app/export", s.exportApp)
	s.upgradeRoutes(r)
	s.recordRoutes(r)
	s.roleRoutes(r)
	r.Get("/:app/explain", s.explainAccess)
	r.Get("/:app/runtime", s.appRuntime)
	s.webhookSecretRoutes(r)
	s.simulateRoutes(r)
	s.automationRunRoutes(r)
}

func (s *server) metaSchema(c *fiber.Ctx) error {
	c.Type("json")
	return c.Send(template.MetaSchema())
}

func (s *server) listApps(c *fiber.Ctx) error {
	as, err := s.apps.List(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	// Members see the apps they hold a grant in.
	if as, err = s.records.VisibleApps(c.UserContext(), actor(c), c.Params("ws"), as); err != nil {
		return err
	}
	return c.JSON(listOf(as))
}

func (s *server) createApp(c *fiber.Ctx) error {
	var in apps.NewApp
	if err := bind(c, &in); err != nil {
		return err
	}
	a, err := s.apps.Create(c.UserContext(), actor(c), c.Params("ws"), in)
	if err != nil {
		return err
	}
	s.prepareVersion(c, a.ID)
	if in.SampleData {
		return created(c, installedApp{App: a, Samples: s.addSamples(c.UserContext(), actor(c), a)})
	}
	return created(c, a)
}

func (s *server) getApp(c *fiber.Ctx) error {
	a, err := s.apps.Get(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"))
	if err != nil {
		return err
	}
	if err := s.records.AppVisible(c.UserContext(), actor(c), c.Params("ws"), a.ID); err != nil {
		return err
	}
	// The app page offers the designer only to those the design endpoints would let in, so
	// an app not yet published (no runtime answer to ask) still says who may design it.
	may, err := s.apps.MayDesign(c.UserContext(), actor(c), c.Params("ws"), a.ID)
	if err != nil {
		return err
	}
	return c.JSON(viewedApp{App: a, CanDesign: may})
}

// viewedApp is an app as its reader sees it: with whether they may design it.
type viewedApp struct {
	apps.App
	CanDesign bool `json:"canDesign"`
}

// appRuntime answers the app as the caller may use it: the published forms they hold a
// grant on, cut to their field rules, with what they may do with each.
func (s *server) appRuntime(c *fiber.Ctx) error {
	rt, err := s.records.Runtime(c.UserContext(), appRef(c))
	if err != nil {
		return err
	}
	// The app's managers design it too: the UI offers them the designer.
	if rt.Designer, err = s.apps.MayDesign(c.UserContext(), actor(c), c.Params("ws"), rt.ID); err != nil {
		return err
	}
	return c.JSON(rt)
}

func (s *server) sendDefinition(c *fiber.Ctx, n int) error {
	def, err := s.apps.Definition(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), n)
	if err != nil {
		return err
	}
	c.Type("json")
	return c.Send(def)
}

func (s *server) getDraft(c *fiber.Ctx) error { return s.sendDefinition(c, 0) }

func (s *server) saveDraft(c *fiber.Ctx) error {
	// The body is the template itself; the checker reports problems at pointers into it.
	a, err := s.apps.SaveDraft(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"), json.RawMessage(c.Body()))
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// prepareVersion readies what an app's version just published needs before its first
// request: its forms' indexes, and its scheduled automations. The app change stands
// whatever happens here; a failure is logged (the first write builds the indexes, the
// next publish arms the schedules).
func (s *server) prepareVersion(c *fiber.Ctx, appID string) {
	if err := s.records.PrepareForms(c.UserContext(), actor(c), c.Params("ws"), appID); err != nil {
		s.log.WarnContext(c.UserContext(), "form indexes not prepared", "app", appID, "err", err)
	}
	s.armSchedules(c, appID)
}

func (s *server) publishApp(c *fiber.Ctx) error {
	v, err := s.apps.Publish(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"))
	if err != nil {
		return err
	}
	s.prepareVersion(c, c.Params("app"))
	return created(c, v)
}

func (s *server) listVersions(c *fiber.Ctx) error {
	vs, err := s.apps.Versions(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(vs))
}

func (s *server) getVersion(c *fiber.Ctx) error {
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 {
		return fault.ErrNotFound()
	}
	return s.sendDefinition(c, n)
}

func (s *server) exportApp(c *fiber.Ctx) error {
	a, err := s.apps.Get(c.UserContext(), actor(c), c.Params("ws"), c.Params("app"))
	if err != nil {
		return err
	}
	c.Attachment(a.Key + ".json")
	return s.sendDefinition(c, a.Published)
}
