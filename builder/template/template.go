package template

import "encoding/json"

// Template is one app: its forms and everything built on them. The JSON names are the
// format's; the meta-schema (MetaSchema) is the authority on what each may hold.
type Template struct {
	SchemaURL   string          `json:"$schema,omitempty"` // for editors; ignored
	Key         string          `json:"key"`
	Name        Text            `json:"name"`
	Description *Text           `json:"description,omitempty"`
	Version     string          `json:"version,omitempty"`
	Forms       []Form          `json:"forms"`
	Roles       []Role          `json:"roles,omitempty"`
	Permissions []Permission    `json:"permissions,omitempty"`
	Views       []View          `json:"views,omitempty"`
	Dashboards  []Dashboard     `json:"dashboards,omitempty"`
	Pipelines   []Raw           `json:"pipelines,omitempty"`
	Automations []Raw           `json:"automations,omitempty"`
	Calendar    json.RawMessage `json:"calendar,omitempty"`
}

// Form is one form of the app. Schema is a JSON Schema (draft 2020-12) object whose
// properties are the form's fields, each carrying its Formloom semantics in "x-formloom";
// package form compiles it. It is kept as raw JSON so that it survives a round trip
// byte for byte in meaning, whatever keywords it uses.
type Form struct {
	Key         string          `json:"key"`
	Name        Text            `json:"name"`
	Description *Text           `json:"description,omitempty"`
	Schema      json.RawMessage `json:"schema"`
	UI          *UI             `json:"ui,omitempty"`
}

// UI is how a form is laid out: the order of its fields and per-field presentation.
// Nothing in it changes what a record may hold.
type UI struct {
	Order  []string           `json:"order,omitempty"`
	Fields map[string]FieldUI `json:"fields,omitempty"`
	// Sections group top-level fields under a title ("分组"); a field is in at most one.
	Sections []Section `json:"sections,omitempty"`
}

// Section is a titled group of a form's top-level fields, shown where its first field
// falls in the display order, optionally collapsible (and then collapsed when Collapsed).
type Section struct {
	Title       Text     `json:"title"`
	Fields      []string `json:"fields"`
	Collapsible bool     `json:"collapsible,omitempty"`
	Collapsed   bool     `json:"collapsed,omitempty"`
}

// FieldUI is the presentation of one field. VisibleWhen is a JSON Schema condition on
// the record; the field is shown when the record matches it.
type FieldUI struct {
	Placeholder *Text           `json:"placeholder,omitempty"`
	Help        *Text           `json:"help,omitempty"`
	Width       string          `json:"width,omitempty"` // full, half, third
	VisibleWhen json.RawMessage `json:"visibleWhen,omitempty"`
	// Disabled shows the field without letting the form change it (RJSF ui:disabled).
	Disabled bool `json:"disabled,omitempty"`
}

// Role is an app role that permissions grant to and members are assigned to.
type Role struct {
	Key         string `json:"key"`
	Name        Text   `json:"name"`
	Description *Text  `json:"description,omitempty"`
}

// The actions a permission may grant.
const (
	ActionCreate = "create"
	ActionRead   = "read"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionExport = "export"
	ActionImport = "import"
	ActionManage = "manage" // manage the app: only in a permission without a form
)

// The field rules of a permission.
const (
	FieldHidden = "hidden"
	FieldRead   = "read"
	FieldEdit   = "edit"
)

// Permission grants a role actions on a form's records, limited to a data scope, with
// per-field rules. A permission without a form grants app-level actions (manage).
// Several permissions of the members' roles combine as a union.
type Permission struct {
	Role    string            `json:"role"`
	Form    string            `json:"form,omitempty"`
	Actions []string          `json:"actions"`
	Scope   *Scope            `json:"scope,omitempty"`
	Fields  map[string]string `json:"fields,omitempty"` // field path → hidden, read or edit
}

// View kinds.
const (
	ViewTable    = "table"
	ViewKanban   = "kanban"
	ViewCalendar = "calendar"
)

// View is a saved list of a form's records: which columns, which records (a filter in
// the query language, kept as its JSON), in what order, for a kanban board which field
// makes the columns and for a calendar which date places each record on a day.
type View struct {
	Key     string          `json:"key"`
	Form    string          `json:"form"`
	Name    Text            `json:"name"`
	Type    string          `json:"type,omitempty"` // table (default), kanban or calendar
	Columns []string        `json:"columns,omitempty"`
	Filter  json.RawMessage `json:"filter,omitempty"`
	Sort    []string        `json:"sort,omitempty"` // "field" or "-field"
	GroupBy string          `json:"groupBy,omitempty"`
	// Date places a calendar view's records on its days: a date or datetime field.
	Date     string `json:"date,omitempty"`
	PageSize int    `json:"pageSize,omitempty"`
	// Roles limits the view to the holders of these roles (owners and admins see every
	// view); empty: everyone who may read the form.
	Roles []string `json:"roles,omitempty"`
}

// Dashboard is a page of charts.
type Dashboard struct {
	Key         string   `json:"key"`
	Name        Text     `json:"name"`
	Description *Text    `json:"description,omitempty"`
	Widgets     []Widget `json:"widgets"`
}

// Chart kinds of a widget.
const (
	ChartNumber = "number"
	ChartBar    = "bar"
	ChartLine   = "line"
	ChartPie    = "pie"
	ChartFunnel = "funnel"
	ChartTable  = "table"
)

// Widget is one chart: an aggregation in the query language over one form's records.
type Widget struct {
	Key         string          `json:"key"`
	Name        Text            `json:"name"`
	Form        string          `json:"form"`
	Chart       string          `json:"chart"`
	Aggregation json.RawMessage `json:"aggregation"`
	Width       string          `json:"width,omitempty"` // full, half, third
	Layout      *WidgetLayout   `json:"layout,omitempty"`
}

// WidgetLayout is a widget's place on its dashboard's 12-column grid.
type WidgetLayout struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// FormByKey returns the form with the key, or nil.
func (t *Template) FormByKey(key string) *Form {
	for i := range t.Forms {
		if t.Forms[i].Key == key {
			return &t.Forms[i]
		}
	}
	return nil
}

// RoleByKey returns the role with the key, or nil.
func (t *Template) RoleByKey(key string) *Role {
	for i := range t.Roles {
		if t.Roles[i].Key == key {
			return &t.Roles[i]
		}
	}
	return nil
}

// ScopeKind returns the data scope of the permission, ScopeAll when none is given.
func (p *Permission) ScopeKind() string {
	if p.Scope == nil || (p.Scope.Kind == "" && p.Scope.Filter == nil) {
		return ScopeAll
	}
	if p.Scope.Filter != nil {
		return ScopeFilter
	}
	return p.Scope.Kind
}

// ViewType returns the view's kind, ViewTable when none is given.
func (v *View) ViewType() string {
	if v.Type == "" {
		return ViewTable
	}
	return v.Type
}
