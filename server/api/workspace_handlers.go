package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/formloom/formloom/runtime/org"
)

// workspaceRoutes registers everything under /api/v1/workspaces (r is that group).
func (s *server) workspaceRoutes(r fiber.Router) {
	r.Get("", s.listWorkspaces)
	r.Post("", s.createWorkspace)
	r.Get("/:ws", s.getWorkspace)
	r.Patch("/:ws", s.renameWorkspace)

	r.Get("/:ws/members", s.listMembers)
	r.Post("/:ws/members", s.inviteMember)
	r.Get("/:ws/members/:user/roles", s.memberRoles)
	r.Patch("/:ws/members/:user", s.updateMember)
	r.Delete("/:ws/members/:user", s.removeMember)
	r.Post("/:ws/members/:user/setup-link", s.reissueLink)

	r.Get("/:ws/departments", s.listDepartments)
	r.Post("/:ws/departments", s.createDepartment)
	r.Patch("/:ws/departments/:id", s.updateDepartment)
	r.Delete("/:ws/departments/:id", s.deleteDepartment)

	r.Get("/:ws/audit", s.listAudit)

	s.calendarRoutes(r)
	s.inboxRoutes(r)
	s.searchRoutes(r)
	s.notifyRoutes(r)
	s.appRoutes(r.Group("/:ws/apps"))
}

func (s *server) listWorkspaces(c *fiber.Ctx) error {
	ws, err := s.org.ListWorkspaces(c.UserContext(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(listOf(ws))
}

type workspaceInput struct {
	Name string `json:"name"`
}

func (s *server) createWorkspace(c *fiber.Ctx) error {
	var in workspaceInput
	if err := bind(c, &in); err != nil {
		return err
	}
	w, err := s.org.CreateWorkspace(c.UserContext(), actor(c), in.Name)
	if err != nil {
		return err
	}
	return created(c, w)
}

func (s *server) getWorkspace(c *fiber.Ctx) error {
	w, err := s.org.GetWorkspace(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(w)
}

func (s *server) renameWorkspace(c *fiber.Ctx) error {
	var in workspaceInput
	if err := bind(c, &in); err != nil {
		return err
	}
	w, err := s.org.RenameWorkspace(c.UserContext(), actor(c), c.Params("ws"), in.Name)
	if err != nil {
		return err
	}
	return c.JSON(w)
}

func (s *server) listMembers(c *fiber.Ctx) error {
	ms, err := s.org.ListMembers(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(ms))
}

type setupLink struct {
	Token string `json:"token"`
	URL   string `json:"url"`
}

func (s *server) inviteMember(c *fiber.Ctx) error {
	var in org.Invite
	if err := bind(c, &in); err != nil {
		return err
	}
	inv, err := s.org.InviteMember(c.UserContext(), actor(c), c.Params("ws"), in)
	if err != nil {
		return err
	}
	out := fiber.Map{"member": inv.Member}
	if inv.SetupSecret != "" {
		out["setup"] = s.setupLink(inv.SetupSecret)
	}
	return created(c, out)
}

// reissueLink answers a new setup link for a member: the invitation again for someone
// who has not set a password, a password reset for someone who has.
func (s *server) reissueLink(c *fiber.Ctx) error {
	r, err := s.org.ReissueLink(c.UserContext(), actor(c), c.Params("ws"), c.Params("user"))
	if err != nil {
		return err
	}
	return created(c, fiber.Map{"setup": s.setupLink(r.SetupSecret), "reset": r.Reset})
}

func (s *server) setupLink(secret string) setupLink {
	return setupLink{Token: secret, URL: strings.TrimRight(s.cfg.PublicURL, "/") + "/setup/" + secret}
}

func (s *server) updateMember(c *fiber.Ctx) error {
	var in org.MemberChange
	if err := bind(c, &in); err != nil {
		return err
	}
	m, err := s.org.UpdateMember(c.UserContext(), actor(c), c.Params("ws"), c.Params("user"), in)
	if err != nil {
		return err
	}
	return c.JSON(m)
}

func (s *server) removeMember(c *fiber.Ctx) error {
	if err := s.org.RemoveMember(c.UserContext(), actor(c), c.Params("ws"), c.Params("user")); err != nil {
		return err
	}
	return noContent(c)
}

func (s *server) listDepartments(c *fiber.Ctx) error {
	ds, err := s.org.ListDepartments(c.UserContext(), actor(c), c.Params("ws"))
	if err != nil {
		return err
	}
	return c.JSON(listOf(ds))
}

func (s *server) createDepartment(c *fiber.Ctx) error {
	var in org.DepartmentInput
	if err := bind(c, &in); err != nil {
		return err
	}
	d, err := s.org.CreateDepartment(c.UserContext(), actor(c), c.Params("ws"), in)
	if err != nil {
		return err
	}
	return created(c, d)
}

func (s *server) updateDepartment(c *fiber.Ctx) error {
	var in org.DepartmentInput
	if err := bind(c, &in); err != nil {
		return err
	}
	d, err := s.org.UpdateDepartment(c.UserContext(), actor(c), c.Params("ws"), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (s *server) deleteDepartment(c *fiber.Ctx) error {
	if err := s.org.DeleteDepartment(c.UserContext(), actor(c), c.Params("ws"), c.Params("id")); err != nil {
		return err
	}
	return noContent(c)
}
