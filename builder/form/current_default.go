package form

import (
	"strconv"

	"github.com/formloom/formloom/fault"
)

// The values of x-formloom "default": who creates the record decides the field's value.
const (
	// CurrentUser is a member field's default: the person creating the record.
	CurrentUser = "currentUser"
	// CurrentDepartment is a department field's default: the department(s) of the person
	// creating the record (the first one when the field holds one).
	CurrentDepartment = "currentDepartment"
)

// Creator is who a record is being created by, for the fields whose default is the
// current user or their department. A zero Creator (an automation, a public link's
// visitor) fills nothing.
type Creator struct {
	User        string
	Departments []string // in the member's order: the first is their main department
}

// compileCurrentDefault reads x-formloom "default": only member fields may start as the
// current user and only department fields as the current user's department(s), at the top
// of the form, and a field has one default at most.
func (fc fieldCompiler) compileCurrentDefault() {
	raw, present := fc.x["default"]
	if !present {
		return
	}
	at := fc.xp + "/default"
	ps := &fc.c.ps
	f := fc.f
	label := fault.Quoted(f.Label.EN, f.Label.ZH)
	v, _ := raw.(string)
	want := typeDefs[f.Type].CurrentDefault
	switch {
	case want == "":
		ps.add(at, fault.Problem("not_allowed.current_user_default").FillText("label", label))
	case v != want:
		ps.add(at, fault.Problem("bad_default.current_user_value").FillText("label", label).Fill("value", strconv.Quote(want)))
	case fc.parent != nil:
		ps.add(at, fault.Problem("not_allowed.sub_form_column_current_user").FillText("label", label))
	case fc.prop["default"] != nil || fc.x["linked"] != nil:
		ps.add(at, fault.Problem("bad_default.one_default_only").FillText("label", label))
	default:
		f.CurrentDefault = v
	}
}

// fillCurrent gives the fields whose default is the current user (or their department) that
// value when the input left them out: a record created through the API or an import
// starts like one made in the browser. Fields hidden by a condition are emptied after.
func (f *Form) fillCurrent(rec map[string]any, who Creator) {
	if who.User == "" {
		return
	}
	for _, s := range f.currents {
		if _, sent := rec[s.key]; sent {
			continue
		}
		var ids []string
		if s.field.CurrentDefault == CurrentUser {
			ids = []string{who.User}
		} else {
			ids = who.Departments
		}
		switch {
		case len(ids) == 0:
		case s.field.Multiple:
			list := make([]any, len(ids))
			for i, id := range ids {
				list[i] = id
			}
			rec[s.key] = list
		default:
			rec[s.key] = ids[0]
		}
	}
}
