package template

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Change kinds. Those marked breaking always set Change.Breaking: a record valid under
// the old version might not be valid under the new one.
const (
	ChangeTemplate = "template_changed" // key, version or description of the template

	ChangeFormAdded    = "form_added"
	ChangeFormRemoved  = "form_removed"  // breaking: the form's records lose their form
	ChangeNameChanged  = "name_changed"  // the name of a form, role, view or dashboard, or the template's
	ChangeFormRules    = "rules_changed" // breaking: if/then/else, dependentRequired or other form-level keywords
	ChangeFormSettings = "form_settings_changed"
	ChangeUI           = "ui_changed"

	ChangeFieldAdded          = "field_added"
	ChangeFieldRemoved        = "field_removed" // breaking
	ChangeLabel               = "label_changed"
	ChangeType                = "type_changed"   // breaking: type, multiple or related form
	ChangeRequiredAdded       = "required_added" // breaking
	ChangeRequiredRemoved     = "required_removed"
	ChangeOptionAdded         = "option_added"
	ChangeOptionRemoved       = "option_removed" // breaking
	ChangeOptionLabel         = "option_label_changed"
	ChangeConstraintTightened = "constraint_tightened" // breaking
	ChangeConstraintRelaxed   = "constraint_relaxed"
	ChangeConstraint          = "constraint_changed" // breaking: a keyword whose effect cannot be told
	ChangeComputed            = "computed_changed"   // formula, lookup or serial pattern: recomputed, not validated
	ChangeFieldSettings       = "field_settings_changed"

	ChangeRoleAdded         = "role_added"
	ChangeRoleRemoved       = "role_removed"
	ChangePermissionAdded   = "permission_added"
	ChangePermissionRemoved = "permission_removed"
	ChangePermission        = "permission_changed"
	ChangeViewAdded         = "view_added"
	ChangeViewRemoved       = "view_removed"
	ChangeView              = "view_changed"
	ChangeDashboardAdded    = "dashboard_added"
	ChangeDashboardRemoved  = "dashboard_removed"
	ChangeDashboard         = "dashboard_changed"
	ChangePipelineAdded     = "pipeline_added"
	ChangePipelineRemoved   = "pipeline_removed"
	ChangePipeline          = "pipeline_changed"
	ChangeAutomationAdded   = "automation_added"
	ChangeAutomationRemoved = "automation_removed"
	ChangeAutomation        = "automation_changed"
	ChangeCalendar          = "calendar_changed"
)

// Change is one difference between two versions of a template.
type Change struct {
	// Pointer locates the change in the new version, or in the old one for what was
	// removed (the kinds ending in _removed, and required_removed).
	Pointer string `json:"pointer"`
	Kind    string `json:"kind"`
	// Breaking is true when records valid under the old version might fail the new one.
	Breaking bool   `json:"breaking"`
	Form     string `json:"form,omitempty"`  // the form concerned, if any
	Field    string `json:"field,omitempty"` // its field path ("items.qty"), if any
	// From and To are the old and new values where a value changed (a label, a limit, an
	// option), as JSON.
	From json.RawMessage `json:"from,omitempty"`
	To   json.RawMessage `json:"to,omitempty"`
}

// Diff lists what changed from old to new: forms and fields added, removed or changed
// (with the breaking ones marked), then roles, permissions, views, dashboards,
// pipelines, automations and the calendar. Both templates should have passed Check; on
// others the result is best effort. Items are matched by key (permissions by role and
// form), so a renamed key is a removal and an addition.
func Diff(old, new *Template) []Change {
	d := &differ{}
	if old == nil || new == nil {
		return nil
	}
	if old.Key != new.Key || old.Version != new.Version || !equalText(old.Description, new.Description) {
		d.add(Change{Pointer: "", Kind: ChangeTemplate,
			From: mustJSON(map[string]any{"key": old.Key, "version": old.Version}),
			To:   mustJSON(map[string]any{"key": new.Key, "version": new.Version})})
	}
	d.name("", "", old.Name, new.Name)
	d.forms(old, new)
	d.keyed("roles", ChangeRoleAdded, ChangeRoleRemoved, "", keyedRoles(old), keyedRoles(new))
	d.permissions(old, new)
	d.keyed("views", ChangeViewAdded, ChangeViewRemoved, ChangeView, keyedViews(old), keyedViews(new))
	d.keyed("dashboards", ChangeDashboardAdded, ChangeDashboardRemoved, ChangeDashboard, keyedDashboards(old), keyedDashboards(new))
	d.keyed("pipelines", ChangePipelineAdded, ChangePipelineRemoved, ChangePipeline, keyedRaw(old.Pipelines), keyedRaw(new.Pipelines))
	d.keyed("automations", ChangeAutomationAdded, ChangeAutomationRemoved, ChangeAutomation, keyedRaw(old.Automations), keyedRaw(new.Automations))
	if !equalJSON(emptyObject(old.Calendar), emptyObject(new.Calendar)) {
		d.add(Change{Pointer: "/calendar", Kind: ChangeCalendar})
	}
	return d.list
}

// Breaking reports whether any change is breaking.
func Breaking(changes []Change) bool {
	for _, c := range changes {
		if c.Breaking {
			return true
		}
	}
	return false
}

type differ struct {
	list []Change
}

var breakingKinds = map[string]bool{
	ChangeFormRemoved: true, ChangeFormRules: true, ChangeFieldRemoved: true, ChangeType: true,
	ChangeRequiredAdded: true, ChangeOptionRemoved: true, ChangeConstraintTightened: true, ChangeConstraint: true,
}

func (d *differ) add(c Change) {
	c.Breaking = breakingKinds[c.Kind]
	d.list = append(d.list, c)
}

// name reports a changed name of the item at base.
func (d *differ) name(base, form string, old, new Text) {
	if old != new {
		d.add(Change{Pointer: base + "/name", Kind: ChangeNameChanged, Form: form, From: mustJSON(old), To: mustJSON(new)})
	}
}

func (d *differ) forms(old, new *Template) {
	oldIdx := map[string]int{}
	for i, f := range old.Forms {
		oldIdx[f.Key] = i
	}
	newKeys := map[string]bool{}
	for ni, nf := range new.Forms {
		newKeys[nf.Key] = true
		base := ptr("", "forms", ni)
		oi, ok := oldIdx[nf.Key]
		if !ok {
			d.add(Change{Pointer: base, Kind: ChangeFormAdded, Form: nf.Key})
			continue
		}
		of := old.Forms[oi]
		d.name(base, nf.Key, of.Name, nf.Name)
		d.formSchema(nf.Key, base, of.Schema, nf.Schema)
		if !equalJSON(mustJSON(of.UI), mustJSON(nf.UI)) {
			d.add(Change{Pointer: base + "/ui", Kind: ChangeUI, Form: nf.Key})
		}
		d.fields(nf.Key, old.FormFields(oi).List, new.FormFields(ni).List)
	}
	for oi, of := range old.Forms {
		if !newKeys[of.Key] {
			d.add(Change{Pointer: ptr("", "forms", oi), Kind: ChangeFormRemoved, Form: of.Key})
		}
	}
}

// formSchema compares what a form's schema says beside its fields.
func (d *differ) formSchema(form, base string, old, new json.RawMessage) {
	o, _ := decodeJSON(old)
	n, _ := decodeJSON(new)
	om, _ := o.(map[string]any)
	nm, _ := n.(map[string]any)
	if !equalValue(om["x-formloom"], nm["x-formloom"]) {
		d.add(Change{Pointer: base + "/schema/x-formloom", Kind: ChangeFormSettings, Form: form})
	}
	skip := map[string]bool{"properties": true, "required": true, "x-formloom": true,
		"title": true, "description": true, "$comment": true}
	for _, k := range unionKeys(om, nm) {
		if skip[k] || equalValue(om[k], nm[k]) {
			continue
		}
		d.add(Change{Pointer: ptr(base+"/schema", k), Kind: ChangeFormRules, Form: form,
			From: mustJSON(om[k]), To: mustJSON(nm[k])})
	}
}

// fields compares two lists of fields (a form's, or a sub-form row's).
func (d *differ) fields(form string, old, new []*Field) {
	oldBy := map[string]*Field{}
	for _, f := range old {
		oldBy[f.Key] = f
	}
	newBy := map[string]*Field{}
	for _, nf := range new {
		newBy[nf.Key] = nf
		of, ok := oldBy[nf.Key]
		if !ok {
			d.add(Change{Pointer: nf.Pointer, Kind: ChangeFieldAdded, Form: form, Field: nf.Path})
			if nf.Required {
				d.add(Change{Pointer: nf.Pointer, Kind: ChangeRequiredAdded, Form: form, Field: nf.Path})
			}
			continue
		}
		d.field(form, of, nf)
	}
	for _, of := range old {
		if _, ok := newBy[of.Key]; !ok {
			d.add(Change{Pointer: of.Pointer, Kind: ChangeFieldRemoved, Form: form, Field: of.Path})
		}
	}
}

func (d *differ) field(form string, of, nf *Field) {
	c := func(kind, pointer string, from, to any) {
		ch := Change{Pointer: pointer, Kind: kind, Form: form, Field: nf.Path}
		if from != nil {
			ch.From = mustJSON(from)
		}
		if to != nil {
			ch.To = mustJSON(to)
		}
		d.add(ch)
	}
	x := nf.Pointer + "/x-formloom"
	if of.Label != nf.Label {
		c(ChangeLabel, x+"/label", of.Label, nf.Label)
	}
	switch {
	case of.Required && !nf.Required:
		c(ChangeRequiredRemoved, of.Pointer, nil, nil)
	case !of.Required && nf.Required:
		c(ChangeRequiredAdded, nf.Pointer, nil, nil)
	}
	oldType, newType := of.Schema["type"], nf.Schema["type"]
	switch {
	case of.Type != nf.Type:
		c(ChangeType, x+"/type", of.Type, nf.Type)
		return // the rest compares like with like
	case of.Multiple != nf.Multiple:
		c(ChangeType, x+"/multiple", of.Multiple, nf.Multiple)
		return
	case of.relatesRecords() && of.Form != nf.Form:
		c(ChangeType, x+"/form", of.Form, nf.Form)
		return
	case !equalValue(oldType, newType):
		if widened(oldType, newType) {
			c(ChangeConstraintRelaxed, nf.Pointer+"/type", oldType, newType)
		} else {
			c(ChangeType, nf.Pointer+"/type", oldType, newType)
			return
		}
	}
	d.options(form, of, nf)
	d.constraints(form, of, nf, c)
	if of.Def().Rows {
		d.fields(form, of.Columns, nf.Columns)
	}
}

// widened: integer → number accepts every value it accepted before.
func widened(old, new any) bool {
	return old == "integer" && new == "number"
}

// options compares the allowed values (enum, or items.enum for a multiselect) and the
// labels of the options.
func (d *differ) options(form string, of, nf *Field) {
	oldVals, oldAt := enumOf(of)
	newVals, newAt := enumOf(nf)
	if oldVals == nil && newVals == nil {
		return
	}
	newSet := map[string]bool{}
	for _, v := range newVals {
		newSet[v] = true
	}
	oldSet := map[string]bool{}
	for _, v := range oldVals {
		oldSet[v] = true
		if !newSet[v] {
			d.add(Change{Pointer: oldAt, Kind: ChangeOptionRemoved, Form: form, Field: nf.Path, From: mustJSON(v)})
		}
	}
	if oldVals == nil {
		// An enum where there was none restricts the values: only the listed ones pass.
		d.add(Change{Pointer: newAt, Kind: ChangeConstraintTightened, Form: form, Field: nf.Path, To: mustJSON(newVals)})
	} else {
		for _, v := range newVals {
			if !oldSet[v] {
				d.add(Change{Pointer: newAt, Kind: ChangeOptionAdded, Form: form, Field: nf.Path, To: mustJSON(v)})
			}
		}
	}
	oldLabels := map[string]Text{}
	for _, o := range of.Options {
		oldLabels[o.Value] = o.Label
	}
	for j, o := range nf.Options {
		if l, ok := oldLabels[o.Value]; ok && l != o.Label {
			d.add(Change{Pointer: ptr(nf.Pointer+"/x-formloom/options", j, "label"), Kind: ChangeOptionLabel,
				Form: form, Field: nf.Path, From: mustJSON(l), To: mustJSON(o.Label)})
		}
	}
}

// enumOf returns the allowed values of a choice field and where they are written.
func enumOf(f *Field) ([]string, string) {
	at := f.Pointer + "/enum"
	list, ok := f.Schema["enum"].([]any)
	if !ok {
		if items, _ := f.Schema["items"].(map[string]any); items != nil {
			list, ok = items["enum"].([]any)
			at = f.Pointer + "/items/enum"
		}
	}
	if !ok {
		if f.Options == nil {
			return nil, at
		}
		vals := make([]string, len(f.Options))
		for i, o := range f.Options {
			vals[i] = o.Value
		}
		return vals, f.Pointer + "/x-formloom/options"
	}
	vals := make([]string, 0, len(list))
	for _, v := range list {
		vals = append(vals, string(mustJSON(v)))
	}
	// Values are compared as JSON texts, so that enums of numbers work as well.
	for i, v := range vals {
		var s string
		if json.Unmarshal([]byte(v), &s) == nil {
			vals[i] = s
		}
	}
	return vals, at
}

// bound is a numeric limit: lower limits tighten when raised, upper limits when lowered.
type bound struct {
	path  string // relative to the property; "x-formloom/…" for Formloom's own limits
	upper bool
}

var bounds = []bound{
	{"minimum", false}, {"exclusiveMinimum", false}, {"maximum", true}, {"exclusiveMaximum", true},
	{"minLength", false}, {"maxLength", true}, {"minItems", false}, {"maxItems", true},
	{"x-formloom/precision", true}, {"x-formloom/maxCount", true}, {"x-formloom/maxSize", true},
	{"x-formloom/minRows", false}, {"x-formloom/maxRows", true},
}

// Keywords compared one by one below, or not about validation; any other keyword of a
// property that changes is reported as constraint_changed.
var handled = map[string]bool{
	"type": true, "enum": true, "items": true, "x-formloom": true, "title": true, "description": true,
	"$comment": true, "default": true, "examples": true, "readOnly": true, "writeOnly": true,
	"deprecated": true, "pattern": true, "format": true, "uniqueItems": true, "multipleOf": true,
	"minimum": true, "exclusiveMinimum": true, "maximum": true, "exclusiveMaximum": true,
	"minLength": true, "maxLength": true, "minItems": true, "maxItems": true,
}

func (d *differ) constraints(form string, of, nf *Field, c func(kind, pointer string, from, to any)) {
	for _, b := range bounds {
		ov, oOK := number(lookup(of.Schema, "/"+b.path))
		nv, nOK := number(lookup(nf.Schema, "/"+b.path))
		at := nf.Pointer + "/" + b.path
		switch {
		case !oOK && !nOK, oOK && nOK && ov == nv:
		case !nOK:
			c(ChangeConstraintRelaxed, at, ov, nil)
		case !oOK:
			c(ChangeConstraintTightened, at, nil, nv)
		case (nv < ov) == b.upper:
			c(ChangeConstraintTightened, at, ov, nv)
		default:
			c(ChangeConstraintRelaxed, at, ov, nv)
		}
	}
	// Keywords where any new or different value may refuse old values, and removing one
	// only relaxes.
	for _, k := range []string{"pattern", "format", "multipleOf", "uniqueItems",
		"x-formloom/unique", "x-formloom/accept", "x-formloom/kind"} {
		ov := lookup(of.Schema, "/"+k)
		nv := lookup(nf.Schema, "/"+k)
		at := nf.Pointer + "/" + k
		switch {
		case equalValue(ov, nv), nv == false && ov == nil, ov == false && nv == nil:
		case nv == nil || nv == false:
			c(ChangeConstraintRelaxed, at, ov, nil)
		case k == "x-formloom/kind" && nv == "any":
			c(ChangeConstraintRelaxed, at, ov, nv)
		case k == "x-formloom/accept" && subset(ov, nv):
			c(ChangeConstraintRelaxed, at, ov, nv)
		default:
			c(ChangeConstraintTightened, at, ov, nv)
		}
	}
	// Server-computed values change how new values are made, never what old ones must be.
	for _, k := range nf.Def().ComputeKeys {
		ov := lookup(of.Schema, "/x-formloom/"+k)
		nv := lookup(nf.Schema, "/x-formloom/"+k)
		if !equalValue(ov, nv) {
			c(ChangeComputed, nf.Pointer+"/x-formloom/"+k, ov, nv)
		}
	}
	// Anything else in x-formloom is presentation or settings (currency, placeholder…).
	ox, _ := of.Schema["x-formloom"].(map[string]any)
	nx, _ := nf.Schema["x-formloom"].(map[string]any)
	xHandled := map[string]bool{"type": true, "label": true, "options": true, "multiple": true, "form": true,
		"precision": true, "maxCount": true, "maxSize": true, "minRows": true, "maxRows": true,
		"unique": true, "accept": true, "kind": true, "expr": true, "relation": true, "field": true, "pattern": true}
	for _, k := range unionKeys(ox, nx) {
		if !xHandled[k] && !equalValue(ox[k], nx[k]) {
			c(ChangeFieldSettings, nf.Pointer+"/x-formloom/"+escapeToken(k), ox[k], nx[k])
		}
	}
	// Keywords this diff does not model: any change may refuse old values.
	for _, k := range unionKeys(of.Schema, nf.Schema) {
		if !handled[k] && !equalValue(of.Schema[k], nf.Schema[k]) {
			c(ChangeConstraint, nf.Pointer+"/"+escapeToken(k), of.Schema[k], nf.Schema[k])
		}
	}
	oi, _ := of.Schema["items"].(map[string]any)
	ni, _ := nf.Schema["items"].(map[string]any)
	itemsHandled := map[string]bool{"enum": true, "minItems": true, "maxItems": true, "uniqueItems": true,
		"properties": true, "required": true, "type": true}
	for _, k := range unionKeys(oi, ni) {
		if !itemsHandled[k] && !equalValue(oi[k], ni[k]) {
			c(ChangeConstraint, nf.Pointer+"/items/"+escapeToken(k), oi[k], ni[k])
		}
	}
	if !equalValue(oi["type"], ni["type"]) {
		c(ChangeType, nf.Pointer+"/items/type", oi["type"], ni["type"])
	}
}

// subset reports whether every item of the list a is in the list b.
func subset(a, b any) bool {
	al, _ := a.([]any)
	bl, ok := b.([]any)
	if !ok {
		return false
	}
	for _, x := range al {
		found := false
		for _, y := range bl {
			if equalValue(x, y) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	}
	return 0, false
}

// keyedItem is a list item compared as a whole.
type keyedItem struct {
	key  string
	name *Text
	json json.RawMessage
}

// keyed compares two lists of keyed items.
func (d *differ) keyed(list, added, removed, changed string, old, new []keyedItem) {
	oldBy := map[string]keyedItem{}
	for _, it := range old {
		oldBy[it.key] = it
	}
	newKeys := map[string]bool{}
	for i, it := range new {
		newKeys[it.key] = true
		base := ptr("", list, i)
		o, ok := oldBy[it.key]
		switch {
		case !ok:
			d.add(Change{Pointer: base, Kind: added})
			continue
		case o.name != nil && it.name != nil:
			d.name(base, "", *o.name, *it.name)
		}
		if changed != "" && !equalJSON(o.json, it.json) {
			d.add(Change{Pointer: base, Kind: changed})
		}
	}
	for i, it := range old {
		if !newKeys[it.key] {
			d.add(Change{Pointer: ptr("", list, i), Kind: removed})
		}
	}
}

// withoutName is the JSON of an item with its name left out: a changed name is
// reported on its own.
func withoutName(v any) json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(mustJSON(v), &m) != nil {
		return mustJSON(v)
	}
	delete(m, "name")
	return mustJSON(m)
}

func keyedRoles(t *Template) []keyedItem {
	out := make([]keyedItem, len(t.Roles))
	for i := range t.Roles {
		out[i] = keyedItem{key: t.Roles[i].Key, name: &t.Roles[i].Name}
	}
	return out
}

func keyedViews(t *Template) []keyedItem {
	out := make([]keyedItem, len(t.Views))
	for i := range t.Views {
		out[i] = keyedItem{key: t.Views[i].Key, name: &t.Views[i].Name, json: withoutName(t.Views[i])}
	}
	return out
}

func keyedDashboards(t *Template) []keyedItem {
	out := make([]keyedItem, len(t.Dashboards))
	for i := range t.Dashboards {
		out[i] = keyedItem{key: t.Dashboards[i].Key, name: &t.Dashboards[i].Name, json: withoutName(t.Dashboards[i])}
	}
	return out
}

func keyedRaw(list []Raw) []keyedItem {
	out := make([]keyedItem, len(list))
	for i, r := range list {
		out[i] = keyedItem{key: r.Key, json: r.JSON}
	}
	return out
}

// permissions compares permissions by role and form.
func (d *differ) permissions(old, new *Template) {
	type pk struct{ role, form string }
	oldBy := map[pk]Permission{}
	for _, p := range old.Permissions {
		if _, dup := oldBy[pk{p.Role, p.Form}]; !dup {
			oldBy[pk{p.Role, p.Form}] = p
		}
	}
	newKeys := map[pk]bool{}
	for i, p := range new.Permissions {
		k := pk{p.Role, p.Form}
		newKeys[k] = true
		base := ptr("", "permissions", i)
		o, ok := oldBy[k]
		switch {
		case !ok:
			d.add(Change{Pointer: base, Kind: ChangePermissionAdded, Form: p.Form})
		case !equalJSON(mustJSON(normPermission(o)), mustJSON(normPermission(p))):
			d.add(Change{Pointer: base, Kind: ChangePermission, Form: p.Form,
				From: mustJSON(o), To: mustJSON(p)})
		}
	}
	for i, p := range old.Permissions {
		if !newKeys[pk{p.Role, p.Form}] {
			d.add(Change{Pointer: ptr("", "permissions", i), Kind: ChangePermissionRemoved, Form: p.Form})
		}
	}
}

// normPermission makes equal grants compare equal: action order does not matter, and
// no scope means all.
func normPermission(p Permission) Permission {
	p.Actions = append([]string(nil), p.Actions...)
	sort.Strings(p.Actions)
	if p.ScopeKind() == ScopeAll {
		p.Scope = nil
	}
	return p
}

func equalText(a, b *Text) bool {
	if a == nil || b == nil {
		return a == b || (a == nil && *b == Text{}) || (b == nil && *a == Text{})
	}
	return *a == *b
}

func equalValue(a, b any) bool {
	return equalJSON(mustJSON(a), mustJSON(b))
}

func emptyObject(b json.RawMessage) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("{}")
	}
	return b
}

func unionKeys(a, b map[string]any) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mustJSON encodes values that always encode (decoded JSON, the package's types).
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(fmt.Sprintf("%q", fmt.Sprint(v)))
	}
	return b
}
