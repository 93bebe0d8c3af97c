package flow

import (
	"slices"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/org"
)

// maxManagerLevels bounds the manager chain (the template allows at most 10).
const maxManagerLevels = 10

// resolve turns assignee rules into people, in rule order without repeats. When nobody
// results, the app's managers stand in (fallback true) and it is logged: a node is never
// left without anyone to act.
func (m *machine) resolve(rules []pipeline.Assignee) ([]string, bool, error) {
	var out []string
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	for _, r := range rules {
		ids, err := m.resolveOne(r)
		if err != nil {
			return nil, false, err
		}
		add(ids...)
	}
	if len(out) > 0 {
		return out, false, nil
	}
	managers, err := m.svc.roles.AppManagers(m.ctx, m.ws, m.app)
	if err != nil {
		return nil, false, wrap("resolve app managers", err)
	}
	m.svc.log.WarnContext(m.ctx, "pipeline node has nobody to act; the app's managers stand in",
		"workspace", m.ws, "app", m.app, "record", m.rec.ID, "managers", len(managers))
	add(managers...)
	if len(out) == 0 {
		return nil, false, fault.Of("no_assignee")
	}
	return out, true, nil
}

func (m *machine) resolveOne(r pipeline.Assignee) ([]string, error) {
	switch r.Type {
	case pipeline.AssignMember:
		if m.isMember(r.Member) {
			return []string{r.Member}, nil
		}
		return nil, nil
	case pipeline.AssignRole:
		ids, err := m.svc.roles.RoleMembers(m.ctx, m.ws, m.app, r.Role)
		if err != nil {
			return nil, wrap("resolve role", err)
		}
		return ids, nil
	case pipeline.AssignSubmitter:
		return []string{m.st.Initiator}, nil
	case pipeline.AssignField:
		return m.members(idsIn(m.fields[r.Field])), nil
	case pipeline.AssignDepartmentHead:
		depts, err := m.departments()
		if err != nil {
			return nil, err
		}
		var from []string
		if r.Field != "" {
			from = idsIn(m.fields[r.Field])
		} else {
			mem, err := m.svc.org.Membership(m.ctx, m.ws, m.st.Initiator)
			if err != nil && !fault.Is(err, fault.NotFound) {
				return nil, err
			}
			from = mem.Departments
		}
		var out []string
		for _, d := range from {
			if h := headAbove(depts, d, m.st.Initiator, r.Field != ""); h != "" {
				out = append(out, h)
			}
		}
		return m.members(out), nil
	case pipeline.AssignManager:
		levels := r.Levels
		if levels <= 0 {
			levels = 1
		}
		levels = min(levels, maxManagerLevels)
		depts, err := m.departments()
		if err != nil {
			return nil, err
		}
		mem, err := m.svc.org.Membership(m.ctx, m.ws, m.st.Initiator)
		if err != nil && !fault.Is(err, fault.NotFound) {
			return nil, err
		}
		if len(mem.Departments) == 0 {
			return nil, nil
		}
		var out []string
		d := mem.Departments[0]
		for steps := 0; d != "" && len(out) < levels && steps < 64; steps++ {
			dep, ok := depts[d]
			if !ok {
				break
			}
			if dep.Head != "" && dep.Head != m.st.Initiator && !slices.Contains(out, dep.Head) {
				out = append(out, dep.Head)
			}
			d = dep.Parent
		}
		return m.members(out), nil
	}
	return nil, nil
}

// headAbove is the head of department d; when that is the submitter themself (and the
// department is theirs, not one named in a field), the head of the nearest department
// above with another head.
func headAbove(depts map[string]org.Department, d, submitter string, named bool) string {
	for steps := 0; d != "" && steps < 64; steps++ {
		dep, ok := depts[d]
		if !ok {
			return ""
		}
		if dep.Head != "" && (named || dep.Head != submitter) {
			return dep.Head
		}
		d = dep.Parent
	}
	return ""
}

func (m *machine) departments() (map[string]org.Department, error) {
	list, err := m.svc.org.ListDepartments(m.ctx, m.st.Initiator, m.ws)
	if err != nil {
		return nil, wrap("list departments", err)
	}
	out := make(map[string]org.Department, len(list))
	for _, d := range list {
		out[d.ID] = d
	}
	return out, nil
}

func (m *machine) isMember(id string) bool {
	if id == "" {
		return false
	}
	_, err := m.svc.org.Membership(m.ctx, m.ws, id)
	return err == nil
}

// members keeps the IDs that are members of the workspace.
func (m *machine) members(ids []string) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if m.isMember(id) {
			out = append(out, id)
		}
	}
	return out
}

// idsIn reads the IDs a member or department field holds: one string or a list.
func idsIn(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return x
	}
	return nil
}
