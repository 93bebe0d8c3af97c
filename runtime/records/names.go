package records

import (
	"context"
	"strings"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/runtime/org"
	"github.com/formloom/formloom/store"
)

// names shows member, department and relation values by name in spreadsheets and finds
// them again on import (tabular.Refs): members by name, e-mail or ID; departments by name
// or path ("销售部/华东销售组") or ID; related records by serial number, title or ID. A
// name several things share is ambiguous, a row error of its cell, never a guess.
//
// It is built for one import or export and caches what it reads. Errors reading the
// store end the lookups: rel.err-style, kept in err for the caller.
type names struct {
	s   *Service
	ctx context.Context
	t   *target

	members []org.Member
	depts   []org.Department
	path    map[string]string // department id → its path from the root
	forms   map[string]*relForm
	err     error
}

// relForm is what relations need of a target form: where its title and serial live.
type relForm struct {
	storedForm, title, serial string            // the form as records name it; its title and serial fields
	byID                      map[string]string // id → display name, filled as records are met
}

func (s *Service) newNames(ctx context.Context, t *target) (*names, error) {
	ms, err := s.org.ListMembers(ctx, t.Actor, t.Workspace)
	if err != nil {
		return nil, err
	}
	ds, err := s.org.ListDepartments(ctx, t.Actor, t.Workspace)
	if err != nil {
		return nil, err
	}
	n := &names{s: s, ctx: ctx, t: t, members: ms, depts: ds, path: map[string]string{}, forms: map[string]*relForm{}}
	byID := map[string]org.Department{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	for _, d := range ds {
		parts := []string{d.Name}
		seen := map[string]bool{d.ID: true}
		for p := d.Parent; p != "" && !seen[p]; p = byID[p].Parent {
			seen[p] = true
			parts = append([]string{byID[p].Name}, parts...)
		}
		n.path[d.ID] = strings.Join(parts, "/")
	}
	return n, nil
}

// Name implements tabular.Refs: a member's name (their e-mail when another member has the
// same name), a department's name (its path when the name repeats), a record's serial
// number or else its title.
func (n *names) Name(f *form.Field, id string) string {
	switch f.Def().Refers {
	case form.RefMember:
		for _, m := range n.members {
			if m.UserID == id {
				if n.countMembers(m.Name) == 1 && m.Name != "" {
					return m.Name
				}
				return m.Email
			}
		}
	case form.RefDepartment:
		for _, d := range n.depts {
			if d.ID == id {
				if n.countDepts(d.Name) == 1 {
					return d.Name
				}
				return n.path[d.ID]
			}
		}
	case form.RefRecord:
		rf := n.relation(f.Target)
		if rf == nil {
			return ""
		}
		if v, ok := rf.byID[id]; ok {
			return v
		}
		doc, err := n.s.records.Get(n.ctx, id)
		if err != nil {
			return ""
		}
		l, err := decodeStored(doc)
		if err != nil || l.rec.Form != rf.storedForm {
			return ""
		}
		fields, err := l.fields()
		if err != nil {
			return ""
		}
		name := ""
		if v, ok := fields[rf.serial].(string); ok && rf.serial != "" {
			name = v
		} else if v, ok := fields[rf.title].(string); ok && rf.title != "" {
			name = v
		}
		rf.byID[id] = name
		return name
	}
	return ""
}

// Resolve implements tabular.Refs.
func (n *names) Resolve(f *form.Field, text string) (string, bool) {
	ids := n.candidates(f, strings.TrimSpace(text))
	if len(ids) == 1 {
		return ids[0], true
	}
	return "", false
}

// Ambiguous implements tabular.AmbiguousRefs: text names more than one thing.
func (n *names) Ambiguous(f *form.Field, text string) bool {
	return len(n.candidates(f, strings.TrimSpace(text))) > 1
}

func (n *names) countMembers(name string) int {
	c := 0
	for _, m := range n.members {
		if m.Name == name {
			c++
		}
	}
	return c
}

func (n *names) countDepts(name string) int {
	c := 0
	for _, d := range n.depts {
		if d.Name == name {
			c++
		}
	}
	return c
}

// candidates are the IDs text may mean: an exact ID, e-mail, path or serial number wins
// alone; otherwise every thing with that name.
func (n *names) candidates(f *form.Field, text string) []string {
	if text == "" {
		return nil
	}
	switch f.Def().Refers {
	case form.RefMember:
		var byName []string
		for _, m := range n.members {
			if m.UserID == text || strings.EqualFold(m.Email, text) {
				return []string{m.UserID}
			}
			if m.Name == text {
				byName = append(byName, m.UserID)
			}
		}
		return byName
	case form.RefDepartment:
		var byName []string
		for _, d := range n.depts {
			if d.ID == text || strings.Contains(text, "/") && n.path[d.ID] == strings.Trim(text, "/") {
				return []string{d.ID}
			}
			if d.Name == text {
				byName = append(byName, d.ID)
			}
		}
		return byName
	case form.RefRecord:
		return n.records(f.Target, text)
	}
	return []string{text}
}

// relation describes a target form by key in the app's latest version.
func (n *names) relation(target string) *relForm {
	if rf, ok := n.forms[target]; ok {
		return rf
	}
	f, _, ok := n.t.latest.Form(target)
	if !ok || f == nil {
		n.forms[target] = nil
		return nil
	}
	rf := &relForm{storedForm: formID(n.t.App, target), title: f.Title(), byID: map[string]string{}}
	for _, fd := range f.Fields() {
		head := fd.Def().Heading
		if head == form.HeadSerial && rf.serial == "" {
			rf.serial = fd.Key
		}
		// Records are picked by one line of text: several lines do not name a record.
		if rf.title == "" && head == form.HeadLine {
			rf.title = fd.Key // no declared title: the first text field names a record
		}
	}
	n.forms[target] = rf
	return rf
}

// records finds live records of the target form whose ID, serial number or title is text.
func (n *names) records(target, text string) []string {
	rf := n.relation(target)
	if rf == nil {
		return nil
	}
	base := store.And(store.Eq("form", rf.storedForm), store.Eq("deleted", false))
	if doc, err := n.s.records.Get(n.ctx, text); err == nil {
		if l, err := decodeStored(doc); err == nil && l.rec.Form == rf.storedForm && !l.rec.Deleted {
			return []string{doc.ID}
		}
	}
	for _, key := range []string{rf.serial, rf.title} {
		if key == "" {
			continue
		}
		page, err := n.s.records.Find(n.ctx, store.Query{Filter: store.And(base, store.Eq("f."+key, text)), Limit: 2})
		if err != nil {
			n.err = err
			return nil
		}
		if len(page.Docs) > 0 {
			ids := make([]string, len(page.Docs))
			for i, d := range page.Docs {
				ids[i] = d.ID
			}
			return ids
		}
	}
	return nil
}
