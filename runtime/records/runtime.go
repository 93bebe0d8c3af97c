package records

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
	"github.com/formloom/formloom/runtime/org"
)

// FormActions says which record actions a member may take on a form. They come from the
// same Authorize every records route uses, so the UI offers nothing the API refuses.
type FormActions struct {
	Create bool `json:"create"`
	Read   bool `json:"read"`
	Update bool `json:"update"`
	Delete bool `json:"delete"`
	Export bool `json:"export"`
	Import bool `json:"import"`
}

func (a FormActions) any() bool {
	return a.Create || a.Read || a.Update || a.Delete || a.Export || a.Import
}

// RuntimeForm is a published form as one member sees it: fields hidden from them are
// absent from its schema, required list and layout; ReadOnly names the fields they see
// but may not write.
type RuntimeForm struct {
	Key         string          `json:"key"`
	Name        template.Text   `json:"name"`
	Description *template.Text  `json:"description,omitempty"`
	Schema      json.RawMessage `json:"schema"`
	UI          *template.UI    `json:"ui,omitempty"`
	ReadOnly    []string        `json:"readOnly"`
	Actions     FormActions     `json:"actions"`
}

// AppRuntime is what a member works with in an app: the latest published version's forms
// they hold a grant on, cut to their field rules, the pipelines of those forms, and the
// views and dashboards over forms they may read.
type AppRuntime struct {
	ID         string               `json:"id"`
	Key        string               `json:"key"`
	Name       template.Text        `json:"name"`
	Version    int                  `json:"version"`
	Designer   bool                 `json:"designer"` // owner or admin of the workspace (the API adds the app's managers)
	Forms      []RuntimeForm        `json:"forms"`
	Pipelines  []json.RawMessage    `json:"pipelines"`
	Views      []template.View      `json:"views"`
	Dashboards []template.Dashboard `json:"dashboards"`
}

var runtimeActions = []Action{ActionCreate, ActionRead, ActionUpdate, ActionDelete, ActionExport, ActionImport}

// Runtime returns the app as the actor may use it. A member holding no grant on any of
// its forms gets not_found, as for an app of another workspace.
func (s *Service) Runtime(ctx context.Context, ref AppRef) (AppRuntime, error) {
	a, latest, err := s.apps.Latest(ctx, ref.Actor, ref.Workspace, ref.App)
	if err != nil {
		return AppRuntime{}, err
	}
	m, err := s.org.Membership(ctx, ref.Workspace, ref.Actor)
	if err != nil {
		return AppRuntime{}, err
	}
	out := AppRuntime{ID: a.ID, Key: a.Key, Name: a.Name, Version: latest.Version,
		Designer: m.Role == org.RoleOwner || m.Role == org.RoleAdmin,
		Forms:    []RuntimeForm{}, Pipelines: []json.RawMessage{}, Views: []template.View{}, Dashboards: []template.Dashboard{}}
	hiddenOf := map[string]map[string]bool{}
	readable := map[string]bool{}
	readGrant := map[string]Grant{} // what the member reads of each form: views and widgets follow it
	for _, f := range latest.Template.Forms {
		acts, grants, err := s.formGrants(ctx, AccessRequest{Member: m, Workspace: ref.Workspace, App: latest, Form: f.Key})
		if err != nil {
			return AppRuntime{}, err
		}
		if !acts.any() {
			continue
		}
		// What they read is what they see; what they may write is what update (or else
		// create) lets them.
		hidden, readOnly := grantFor(grants, ActionRead, ActionCreate, ActionUpdate).Hidden, grantFor(grants, ActionUpdate, ActionCreate).ReadOnly
		rf, err := runtimeForm(f, hidden, readOnly)
		if err != nil {
			return AppRuntime{}, wrap("cut form "+f.Key, err)
		}
		rf.Actions = acts
		out.Forms = append(out.Forms, rf)
		hiddenOf[f.Key] = hidden
		readable[f.Key] = acts.Read
		readGrant[f.Key] = grants[ActionRead]
	}
	if len(out.Forms) == 0 {
		return AppRuntime{}, fault.ErrNotFound()
	}
	for _, raw := range latest.Template.Pipelines {
		p, ok, err := cutPipeline(raw, hiddenOf)
		if err != nil {
			return AppRuntime{}, wrap("cut pipeline", err)
		}
		if ok {
			out.Pipelines = append(out.Pipelines, p)
		}
	}
	for _, v := range latest.Template.Views {
		if !readable[v.Form] {
			continue
		}
		h := hiddenOf[v.Form]
		v.Columns = slices.DeleteFunc(slices.Clone(v.Columns), func(c string) bool { return h[c] })
		if viewUsesHidden(&v, readGrant[v.Form].Hidden) || !readGrant[v.Form].SeesRoles(v.Roles) {
			continue // not offered to this member, as in Views
		}
		v.Filter = nil // the saved filter is the designer's; the server applies it
		out.Views = append(out.Views, v)
	}
	for _, d := range latest.Template.Dashboards {
		ws := make([]template.Widget, 0, len(d.Widgets))
		for _, w := range d.Widgets {
			if readable[w.Form] && !widgetUsesHidden(&w, readGrant[w.Form].Hidden) {
				ws = append(ws, w)
			}
		}
		if len(ws) > 0 {
			d.Widgets = ws
			out.Dashboards = append(out.Dashboards, d)
		}
	}
	return out, nil
}

// grantFor is the grant of the first allowed action of acts (zero when none is).
func grantFor(grants map[Action]Grant, acts ...Action) Grant {
	for _, a := range acts {
		if g, ok := grants[a]; ok {
			return g
		}
	}
	return Grant{}
}

// VisibleApps keeps the apps the actor holds a grant in (every app for owners and admins;
// an app without a published version only for them).
func (s *Service) VisibleApps(ctx context.Context, actor, ws string, all []apps.App) ([]apps.App, error) {
	m, err := s.org.Membership(ctx, ws, actor)
	if err != nil {
		return nil, err
	}
	if m.Role == org.RoleOwner || m.Role == org.RoleAdmin {
		return all, nil
	}
	out := make([]apps.App, 0, len(all))
	for _, a := range all {
		if ok, err := s.holdsGrant(ctx, m, ws, a.ID); err != nil {
			return nil, err
		} else if ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// AppVisible answers not_found unless the actor holds a grant in the app.
func (s *Service) AppVisible(ctx context.Context, actor, ws, app string) error {
	m, err := s.org.Membership(ctx, ws, actor)
	if err != nil {
		return err
	}
	if m.Role == org.RoleOwner || m.Role == org.RoleAdmin {
		return nil
	}
	ok, err := s.holdsGrant(ctx, m, ws, app)
	if err != nil {
		return err
	}
	if !ok {
		return fault.ErrNotFound()
	}
	return nil
}

// holdsGrant tells whether m may take some records action on a form of the app's latest
// version.
func (s *Service) holdsGrant(ctx context.Context, m org.Member, ws, app string) (bool, error) {
	_, latest, err := s.apps.Latest(ctx, m.UserID, ws, app)
	if fault.Is(err, fault.Conflict) {
		return false, nil // not published: nothing to use yet
	}
	if err != nil {
		return false, err
	}
	for _, f := range latest.Template.Forms {
		for _, act := range runtimeActions {
			_, err := s.access.Authorize(ctx, AccessRequest{Member: m, Workspace: ws, App: latest, Form: f.Key, Action: act})
			if err == nil {
				return true, nil
			}
			if !fault.Is(err, fault.Forbidden) && !fault.Is(err, fault.NotFound) {
				return false, err
			}
		}
	}
	return false, nil
}

// runtimeForm is a form as one member sees it: hidden fields cut out of its schema, layout
// and every form-level keyword that names them (the same cut public links use, so no name of
// a hidden field shows), and read-only fields marked.
func runtimeForm(f template.Form, hidden, readOnly map[string]bool) (RuntimeForm, error) {
	rf := RuntimeForm{Key: f.Key, Name: f.Name, Description: f.Description, Schema: f.Schema, UI: f.UI, ReadOnly: []string{}}
	if len(hidden) > 0 {
		var doc struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(f.Schema, &doc); err != nil {
			return rf, err
		}
		keep := make([]string, 0, len(doc.Properties))
		for k := range doc.Properties {
			if !hidden[k] {
				keep = append(keep, k)
			}
		}
		cut, ui, err := cutForm(&f, keep)
		if err != nil {
			return rf, err
		}
		rf.Schema, rf.UI = cut, ui
	}
	if len(readOnly) == 0 {
		return rf, nil
	}
	marked, err := markReadOnly(rf.Schema, readOnly)
	if err != nil {
		return rf, err
	}
	for k := range readOnly {
		if _, ok := marked[k]; ok {
			rf.ReadOnly = append(rf.ReadOnly, k)
		}
	}
	slices.Sort(rf.ReadOnly)
	if len(rf.ReadOnly) == 0 {
		return rf, nil
	}
	// Rewriting the schema forgets the order of its properties: it goes along in ui.order,
	// on a copy, since f.UI is the published template's.
	order := (&template.Form{Schema: rf.Schema, UI: rf.UI}).FieldOrder()
	if rf.Schema, err = withProperties(rf.Schema, marked); err != nil {
		return rf, err
	}
	ui := template.UI{}
	if rf.UI != nil {
		ui = *rf.UI
	}
	ui.Order = order
	rf.UI = &ui
	return rf, nil
}

// markReadOnly answers the schema's properties with "readOnly": true set on those named
// in readOnly. Each property is rewritten alone and the others are kept as written, so a
// sub-form's columns keep their order.
func markReadOnly(schema json.RawMessage, readOnly map[string]bool) (map[string]json.RawMessage, error) {
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(schema, &doc); err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(doc.Properties))
	for k, raw := range doc.Properties {
		if !readOnly[k] {
			out[k] = raw
			continue
		}
		var p map[string]json.RawMessage
		if err := json.Unmarshal(raw, &p); err != nil || p == nil {
			out[k] = raw
			continue
		}
		p["readOnly"] = json.RawMessage("true")
		b, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		out[k] = b
	}
	return out, nil
}

// withProperties is schema with its "properties" replaced.
func withProperties(schema json.RawMessage, props map[string]json.RawMessage) (json.RawMessage, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(schema, &top); err != nil {
		return nil, err
	}
	b, err := json.Marshal(props)
	if err != nil {
		return nil, err
	}
	top["properties"] = b
	return json.Marshal(top)
}

// cutPipeline keeps a pipeline whose form is in hiddenOf, with node field rules on fields
// hidden from the member removed; ok is false for pipelines of other forms.
func cutPipeline(raw template.Raw, hiddenOf map[string]map[string]bool) (json.RawMessage, bool, error) {
	var p map[string]any
	if err := json.Unmarshal(raw.JSON, &p); err != nil {
		return nil, false, err
	}
	formKey, _ := p["form"].(string)
	hidden, ok := hiddenOf[formKey]
	if !ok {
		return nil, false, nil
	}
	delete(p, "automations")
	if nodes, ok := p["nodes"].([]any); ok {
		for _, n := range nodes {
			node, _ := n.(map[string]any)
			if fields, ok := node["fields"].(map[string]any); ok {
				for k := range fields {
					if hidden[k] {
						delete(fields, k)
					}
				}
			}
		}
	}
	b, err := json.Marshal(p)
	return b, true, err
}

// formGrants asks access, for each action the runtime offers, what req's member may do on
// req's form: the actions allowed and the grant of each.
func (s *Service) formGrants(ctx context.Context, req AccessRequest) (FormActions, map[Action]Grant, error) {
	var acts FormActions
	grants := map[Action]Grant{}
	for _, act := range runtimeActions {
		req.Action = act
		g, err := s.access.Authorize(ctx, req)
		if err != nil {
			if fault.Is(err, fault.Forbidden) || fault.Is(err, fault.NotFound) {
				continue
			}
			return FormActions{}, nil, err
		}
		grants[act] = g
		switch act {
		case ActionCreate:
			acts.Create = true
		case ActionRead:
			acts.Read = true
		case ActionUpdate:
			acts.Update = true
		case ActionDelete:
			acts.Delete = true
		case ActionExport:
			acts.Export = true
		case ActionImport:
			acts.Import = true
		}
	}
	return acts, grants, nil
}
