package pipeline

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/formloom/formloom/fault"
)

// CheckAutomation checks an automation against the template: its trigger (event, node
// of the form's pipeline, condition, schedule) and its actions. Pointers are relative
// to the automation. The form's existence is the template's check.
func CheckAutomation(a *Automation, env *Env) []Problem {
	ps := &problems{}
	ff := env.Forms[a.Form]
	if ff == nil {
		return nil
	}
	on := a.On
	pl := env.Pipelines[a.Form]
	switch on.Event {
	case OnNodeEntered, OnNodeLeft, OnDueEvent, OnFinished:
		if pl == nil {
			ps.add("/on/event", fault.Problem("no_pipeline.event").Fill("form", strconv.Quote(a.Form)).Fill("event", strconv.Quote(on.Event)))
		}
	}
	if on.Node != "" {
		switch {
		case on.Event != OnNodeEntered && on.Event != OnNodeLeft && on.Event != OnDueEvent:
			ps.notAllowed("/on/node", "this event")
		case pl != nil && !hasNode(pl, on.Node):
			ps.add("/on/node", fault.Problem("unknown_node.automation").Fill("form", strconv.Quote(a.Form)).Fill("node", strconv.Quote(on.Node)))
		}
	}
	if on.Outcome != "" && on.Event != OnFinished {
		ps.notAllowed("/on/outcome", "this event")
	}
	if on.When != "" {
		if _, err := CompileExpr(on.When, ff.names("record")); err != nil {
			ps.exprProblem("/on/when", a.Form, err)
		}
	}
	if on.Event == OnSchedule {
		if on.Every == nil {
			ps.required("/on/every", "every")
		} else {
			checkDuration(on.Every, "/on/every", ps)
			e := on.Every
			if e.WorkingDays > 0 || e.WorkingHours > 0 || e.Hours+24*e.Days < 1 {
				ps.add("/on/every", fault.Problem("bad_every.schedule"))
			}
		}
		if on.At != "" {
			if _, ok := clockMinutes(on.At); !ok {
				ps.add("/on/at", fault.Problem("bad_time.schedule"))
			}
		}
	} else {
		if on.Every != nil {
			ps.notAllowed("/on/every", "this event")
		}
		if on.At != "" {
			ps.notAllowed("/on/at", "this event")
		}
	}
	if len(a.Actions) == 0 {
		ps.required("/actions", "At least one action")
	}
	for j, act := range a.Actions {
		checkAction(act, at("actions", j), a.Form, env, ps)
	}
	return ps.list
}

func hasNode(p *Pipeline, key string) bool {
	for _, n := range p.Nodes {
		if n.Key == key {
			return true
		}
	}
	return false
}

// checkAction checks one action run on a record of form.
func checkAction(a Action, base, form string, env *Env, ps *problems) {
	ff := env.Forms[form]
	record := ff.names("record")
	allowed := map[string]bool{}
	switch a.Type {
	case ActSetFields:
		allowed["values"] = true
		if len(a.Values) == 0 {
			ps.required(base+"/values", "values")
		}
		writeValues(a.Values, base+"/values", form, ff, record, form, ps)
	case ActCreateRecords:
		allowed["form"], allowed["forEach"], allowed["map"] = true, true, true
		names := record
		if a.ForEach != "" {
			if f, ok := ff.field(a.ForEach); !ok {
				ps.unknownField(base+"/forEach", form, a.ForEach)
			} else if !holdsRows(f.Type) {
				ps.fieldType(base+"/forEach", a.ForEach, f.Type, "subform")
			}
			names = append(names, "item")
		}
		if target := targetForm(a, base, env, ps); target != nil {
			writeValues(a.Map, base+"/map", a.Form, target, names, form, ps)
			if a.Owner != "" {
				allowed["owner"] = true
				if f, ok := target.field(a.Owner); !ok {
					ps.unknownField(base+"/owner", a.Form, a.Owner)
				} else if !holdsPeople(f.Type) {
					ps.fieldType(base+"/owner", a.Owner, f.Type, "member")
				}
			}
		}
	case ActUpdateRecords:
		allowed["form"], allowed["ids"], allowed["match"], allowed["values"] = true, true, true, true
		checkUpdateRecords(a, base, form, env, ps)
	case ActWebhook:
		allowed["url"], allowed["fields"] = true, true
		for j, k := range a.Fields {
			if _, ok := ff.field(k); !ok {
				ps.unknownField(sub(base, at("fields", j)), form, k)
			}
		}
		u, err := url.Parse(a.URL)
		if a.URL == "" {
			ps.required(base+"/url", "url")
		} else if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			ps.add(base+"/url", fault.Problem("bad_url.webhook"))
		}
	case ActNotify:
		allowed["to"], allowed["message"] = true, true
		if len(a.To) == 0 {
			ps.required(base+"/to", "to")
		}
		for j, to := range a.To {
			checkAssignee(to, sub(base, at("to", j)), form, ff, env, ps)
		}
	}
	what := fmt.Sprintf("a %s action", a.Type)
	for name, set := range map[string]bool{"values": len(a.Values) > 0, "form": a.Form != "", "forEach": a.ForEach != "",
		"map": len(a.Map) > 0, "url": a.URL != "", "to": len(a.To) > 0, "message": len(a.Message) > 0,
		"owner": a.Owner != "", "fields": len(a.Fields) > 0, "ids": a.IDs != "", "match": len(a.Match) > 0} {
		if set && !allowed[name] {
			ps.notAllowed(base+"/"+name, what)
		}
	}
}

// checkUpdateRecords checks an update-records action run on a record of form: its target
// form, how targets are found (ids, match: over the source record only, since they are
// computed before any target is read) and the values written (over the source and the
// target).
func checkUpdateRecords(a Action, base, form string, env *Env, ps *problems) {
	source := env.Forms[form].names("record")
	if a.IDs != "" {
		if _, err := CompileExpr(a.IDs, source); err != nil {
			ps.exprProblem(base+"/ids", form, err)
		}
	}
	if a.IDs == "" && len(a.Match) == 0 {
		// Never "every record of the form": one of the two narrows the targets.
		ps.add(base+"/match", fault.Problem("required.ids_or_match"))
	}
	if len(a.Values) == 0 {
		ps.required(base+"/values", "values")
	}
	target := targetForm(a, base, env, ps)
	for _, key := range sortedKeys(a.Match) {
		pointer := sub(base, at("match", key))
		if target != nil {
			if f, ok := target.field(key); !ok {
				ps.unknownField(pointer, a.Form, key)
			} else if !matchable(f.Type) {
				ps.add(pointer, fault.Problem("field_type.match").Fill("type", f.Type).Fill("key", strconv.Quote(key)))
			}
		}
		if _, err := CompileExpr(a.Match[key], source); err != nil {
			ps.exprProblem(pointer, form, err)
		}
	}
	if target != nil {
		writeValues(a.Values, base+"/values", a.Form, target, append(source, "target"), form, ps)
	}
}

// targetForm is the form an action writes records of (createRecords, updateRecords), nil
// with a problem at its form when it names none or one the app does not have.
func targetForm(a Action, base string, env *Env, ps *problems) *FormFields {
	target := env.Forms[a.Form]
	switch {
	case a.Form == "":
		ps.required(base+"/form", "form")
	case target == nil:
		ps.add(base+"/form", fault.Problem("unknown_form.automation").Fill("form", strconv.Quote(a.Form)))
	}
	return target
}

// writeValues checks field → expression pairs written to target (keys) and computed
// over the source record (names).
func writeValues(m map[string]string, base, targetForm string, target *FormFields, names []string, source string, ps *problems) {
	for _, key := range sortedKeys(m) {
		pointer := sub(base, at(key))
		if f, ok := target.field(key); !ok {
			ps.unknownField(pointer, targetForm, key)
		} else if computed(f.Type) {
			ps.add(pointer, fault.Problem("read_only_field.automation").Fill("type", f.Type).Fill("key", strconv.Quote(key)))
		}
		if _, err := CompileExpr(m[key], names); err != nil {
			ps.exprProblem(pointer, source, err)
		}
	}
}

// clockMinutes reads "HH:MM" (00:00–23:59; "24:00" only where end says so).
func clockMinutes(s string) (int, bool) { return parseClock(s, false) }

func parseClock(s string, allow24 bool) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, false
	}
	hh, mm := 0, 0
	for _, c := range h + m {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	hh = int(h[0]-'0')*10 + int(h[1]-'0')
	mm = int(m[0]-'0')*10 + int(m[1]-'0')
	if mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !allow24)) {
		return 0, false
	}
	return hh*60 + mm, true
}
