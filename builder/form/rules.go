package form

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/formloom/formloom/fault"
)

// rule is one cross-field rule of the form-level x-formloom "rules": a boolean formula
// over the record ("end >= start", "SUM(items.share) == 100") that must hold, the field
// that carries the error when it does not, and the message to show there.
type rule struct {
	formula *formula
	field   string // top-level field key: the error is at /field
	message fault.Text
}

// maxRules bounds the rules of one form.
const maxRules = 50

// compileRules reads and compiles the rules once the fields and formulas are known.
// Each rule is {"expr": "…", "field": "key", "message": {"zh-CN": "…", "en": "…"}}.
func (c *compiler) compileRules(root map[string]any) {
	x, _ := getObj(root, "x-formloom")
	raw, present := x["rules"]
	if !present {
		return
	}
	list, ok := raw.([]any)
	if !ok || len(list) > maxRules {
		c.ps.add("/x-formloom/rules", fault.Problem("type_mismatch.rules").Fill("max", maxRules))
		return
	}
	for i, item := range list {
		p := ptr("/x-formloom/rules", fmt.Sprint(i))
		m, ok := item.(map[string]any)
		if !ok {
			c.ps.add(p, fault.Problem("type_mismatch.rule_object_with_expr"))
			continue
		}
		bad := false
		for k := range m {
			if k != "expr" && k != "field" && k != "message" {
				c.ps.add(ptr(p, k), fault.Problem("unknown_keyword.rule").Fill("keyword", strconv.Quote(k)))
				bad = true
			}
		}
		key, _ := m["field"].(string)
		target := c.form.top[key]
		switch {
		case key == "":
			c.ps.add(p+"/field", fault.Problem("required.rule_name_field_that"))
			bad = true
		case target == nil:
			c.ps.add(p+"/field", fault.Problem("unknown_field.not_field_form").Fill("key", strconv.Quote(key)))
			bad = true
		}
		zh, en, ok := textOf(m["message"])
		if !ok || strings.TrimSpace(zh) == "" {
			c.ps.add(p+"/message", fault.Problem("required.rule_needs_message_least"))
			bad = true
		}
		src, _ := m["expr"].(string)
		if strings.TrimSpace(src) == "" {
			c.ps.add(p+"/expr", fault.Problem("required.rule_needs_condition_that"))
			continue
		}
		s := &spec{field: &Field{Key: "", Type: Formula, Kind: KindBool, Expr: src, Precision: -1}, typ: Formula}
		fo := c.compileExprAt(s, nil, p+"/expr")
		if bad || fo == nil || fo.program == nil {
			continue
		}
		if en == "" {
			en = zh
		}
		c.form.rules = append(c.form.rules, rule{formula: fo, field: key, message: fault.Text{ZH: zh, EN: en}})
	}
}

// checkRules runs the rules over a record whose formulas are computed. A rule fails only
// when its condition is false: one that cannot be decided (a value missing, a division by
// zero) does not fail, so that empty optional fields are left to "required". A field that
// already has an error keeps it.
func (f *Form) checkRules(rec map[string]any, env *Env, errs *fieldErrors) {
	if len(f.rules) == 0 {
		return
	}
	ev, _ := f.evaluations.Get().(*evaluation)
	if ev == nil {
		ev = &evaluation{form: f, vars: make(map[string]any, f.varCount)}
		ev.machine.MemoryBudget = f.budget
	}
	ev.rec, ev.env = rec, env
	defer f.release(ev)
	for _, r := range f.rules {
		out, err := ev.value(r.formula, rec, nil)
		if held, isBool := out.(bool); err != nil || !isBool || held {
			continue
		}
		p := "/" + escapeToken(r.field)
		if errs.has(p) {
			continue
		}
		errs.add(p, "rule", r.message)
	}
}

// Rule is a cross-field rule as the designer and the browser see it.
type Rule struct {
	Expr    string
	Field   string
	Message fault.Text
}

// Rules lists the form's cross-field rules in their order.
func (f *Form) Rules() []Rule {
	out := make([]Rule, len(f.rules))
	for i, r := range f.rules {
		out[i] = Rule{Expr: r.formula.spec.field.Expr, Field: r.field, Message: r.message}
	}
	return out
}

// Compute fills the formulas of rec (a sample record, decoded JSON) and returns it, without
// validating it: what the designer previews a formula with. rec is changed in place.
func (f *Form) Compute(rec map[string]any, env Env) map[string]any {
	if rec == nil {
		rec = map[string]any{}
	}
	if env.Location == nil {
		env.Location = time.UTC
	}
	// A preview over its budget shows no value for that formula; the write would be refused.
	f.compute(rec, &env, &fieldErrors{})
	return rec
}
