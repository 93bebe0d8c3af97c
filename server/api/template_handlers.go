package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/templates"
)

// templateRoutes registers the gallery under /api/v1 (r): starter templates, a workspace's
// saved templates, import, export, delete, and cloning an app into a template. Installing
// is POST …/apps {"template": key}. Nothing is registered without a gallery.
func (s *server) templateRoutes(r fiber.Router) {
	if s.templates == nil {
		return
	}
	r.Get("/templates", requireAuth, s.listStarterTemplates)
	r.Get("/templates/:key", requireAuth, s.getStarterTemplate)
	r.Get("/workspaces/:ws/templates", requireAuth, s.listWorkspaceTemplates)
	r.Post("/workspaces/:ws/templates", requireAuth, s.importTemplate)
	r.Get("/workspaces/:ws/templates/:key/export", requireAuth, s.exportTemplate)
	r.Delete("/workspaces/:ws/templates/:key", requireAuth, s.deleteTemplate)
	r.Post("/workspaces/:ws/apps/:app/clone", requireAuth, s.cloneApp)
}

// lang is the language of the gallery's titles: ?lang, else Accept-Language, else Chinese.
func lang(c *fiber.Ctx) string {
	if l := c.Query("lang"); l != "" {
		return l
	}
	if l := c.Get(fiber.HeaderAcceptLanguage); l != "" {
		return l
	}
	return "zh-CN"
}

func (s *server) listStarterTemplates(c *fiber.Ctx) error {
	return c.JSON(listOf(templates.Localize(s.templates.Starters(), lang(c))))
}

func (s *server) getStarterTemplate(c *fiber.Ctx) error {
	raw, ok := s.templates.Starter(c.Params("key"))
	if !ok {
		return fault.ErrNotFound()
	}
	c.Type("json")
	return c.Send(raw)
}

func (s *server) listWorkspaceTemplates(c *fiber.Ctx) error {
	es, err := s.templates.List(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(templates.Localize(es, lang(c))))
}

func (s *server) importTemplate(c *fiber.Ctx) error {
	// The body is the template file; problems are reported at pointers into it.
	e, err := s.templates.Save(c.UserContext(), actor(c), c.Params("ws"), json.RawMessage(c.Body()))
	if err != nil {
		return err
	}
	return created(c, e)
}

func (s *server) exportTemplate(c *fiber.Ctx) error {
	key := c.Params("key")
	raw, err := s.templates.Export(c.UserContext(), actor(c), c.Params("ws"), key)
	if err != nil {
		return err
	}
	c.Attachment(key + ".json")
	c.Type("json")
	return c.Send(raw)
}

func (s *server) deleteTemplate(c *fiber.Ctx) error {
	if err := s.templates.Delete(c.UserContext(), actor(c), c.Params("ws"), c.Params("key")); err != nil {
		return err
	}
	return noContent(c)
}

// cloneInput names the template a clone becomes.
type cloneInput struct {
	Key  string         `json:"key"`
	Name *template.Text `json:"name"`
}

// cloneApp saves the app's current definition (its draft) as a new template of the
// workspace, under the key and name of the body.
func (s *server) cloneApp(c *fiber.Ctx) error {
	var in cloneInput
	if err := bind(c, &in); err != nil {
		return err
	}
	ctx, ws := c.UserContext(), c.Params("ws")
	def, err := s.apps.Definition(ctx, actor(c), ws, c.Params("app"), 0)
	if err != nil {
		return err
	}
	renamed, err := templates.Rename(def, in.Key, in.Name)
	if err != nil {
		return err
	}
	e, err := s.templates.Save(ctx, actor(c), ws, renamed)
	if err != nil {
		return err
	}
	return created(c, e)
}
