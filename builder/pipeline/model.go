package pipeline

// Text is a label in several languages: {"zh-CN": "…", "en": "…"}.
type Text map[string]string

// Node types.
const (
	NodeStart      = "start"      // the submitter fills the form and submits; returns come back here
	NodeTask       = "task"       // a person fills or handles a section of the form, then completes it
	NodeApproval   = "approval"   // people approve, reject or return
	NodeCondition  = "condition"  // takes the first outgoing edge whose "when" holds, else the "else" edge
	NodeParallel   = "parallel"   // takes every outgoing edge at once
	NodeJoin       = "join"       // waits for every incoming edge, then goes on
	NodeAutomation = "automation" // runs actions (set fields, create or update records, webhook, notify) and goes on
	NodeCC         = "cc"         // sends a copy to people's CC box and goes on
	NodeEnd        = "end"        // ends the run with an outcome
)

// Approval modes.
const (
	ModeSingle     = "single"     // one approver (the first one resolved)
	ModeAny        = "any"        // 或签: any one of the approvers decides
	ModeAll        = "all"        // 会签: every approver must approve; one rejection rejects
	ModePercent    = "percent"    // approved once Percent % of the approvers approve
	ModeSequential = "sequential" // 依次审批: the approvers in order, each must approve
)

// Where a returned record goes when its submitter submits it again.
const (
	ResubmitReturner = "returner" // straight back to the node(s) that were active when it was returned
	ResubmitRestart  = "restart"  // through the pipeline again from the start (the default)
)

// Assignee rule types. Several rules of one node combine as a union.
const (
	AssignMember         = "member"         // Member: a user ID
	AssignRole           = "role"           // Role: everyone holding the app role
	AssignSubmitter      = "submitter"      // the run's initiator
	AssignDepartmentHead = "departmentHead" // head of the submitter's department, or of the department in Field
	AssignManager        = "manager"        // the submitter's manager chain: heads of their department and up, Levels of them
	AssignField          = "field"          // the member(s) held in Field (a member field)
)

// Field rules of a node, on top of the role's field rules.
const (
	FieldHidden   = "hidden"
	FieldRead     = "read"
	FieldEdit     = "edit"
	FieldRequired = "required" // editable, and must hold a value to complete the node
)

// What happens when a node's deadline passes.
const (
	DueRemind   = "remind"   // notify the assignees again
	DueEscalate = "escalate" // notify EscalateTo (and add them as assignees)
	DueApprove  = "approve"  // approve (or complete) on the assignees' behalf
	DueReturn   = "return"   // return to ReturnTo (default: the start node)
)

// End outcomes.
const (
	OutcomeApproved = "approved"
	OutcomeRejected = "rejected"
	OutcomeDone     = "done"
)

// Pipeline is one flow over a form's records. A form has at most one pipeline.
type Pipeline struct {
	Key      string `json:"key"`
	Form     string `json:"form"`
	Name     Text   `json:"name,omitempty"`
	Resubmit string `json:"resubmit,omitempty"` // ResubmitRestart (default) or ResubmitReturner
	// AutoStart starts the pipeline (submits the start node) when a record is created,
	// unless the request asks for a draft. Default true.
	AutoStart *bool  `json:"autoStart,omitempty"`
	Nodes     []Node `json:"nodes"`
	Edges     []Edge `json:"edges"`
}

// Node is one step of a pipeline.
type Node struct {
	Key       string     `json:"key"`
	Type      string     `json:"type"`
	Name      Text       `json:"name,omitempty"`
	Assignees []Assignee `json:"assignees,omitempty"` // task, approval, cc
	Mode      string     `json:"mode,omitempty"`      // approval: ModeSingle (default) …
	Percent   int        `json:"percent,omitempty"`   // approval with ModePercent: 1–100
	// Fields are the node's field rules (top-level field key → FieldHidden, FieldRead,
	// FieldEdit or FieldRequired). The people working on the node may write exactly the
	// fields marked edit or required; fields not listed follow the role's rules, read only.
	Fields   map[string]string `json:"fields,omitempty"`
	Deadline *Deadline         `json:"deadline,omitempty"`
	Actions  []Action          `json:"actions,omitempty"` // automation
	// Allow switches off actions a task or approval node offers its people (absent: all
	// offered, as before the switches existed).
	Allow   *Allow `json:"allow,omitempty"`
	Outcome string `json:"outcome,omitempty"` // end: OutcomeApproved (default) …
	// Stage is a label the record shows while it is at this node (for views and
	// dashboards: 收集, 审核, …). Default: the node's name (StageLabel).
	Stage string `json:"stage,omitempty"`
}

// Edge leads from one node to another. Out of a condition node, the edges are tried in
// order: the first whose When holds is taken, else the one with Else.
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	When string `json:"when,omitempty"` // an expression over the record's fields (expr language, as formulas)
	Else bool   `json:"else,omitempty"`
}

// Assignee is one rule resolving to people.
type Assignee struct {
	Type   string `json:"type"`
	Member string `json:"member,omitempty"` // AssignMember
	Role   string `json:"role,omitempty"`   // AssignRole
	Field  string `json:"field,omitempty"`  // AssignField (member field), AssignDepartmentHead (department field)
	Levels int    `json:"levels,omitempty"` // AssignManager: how many levels up, 1 (default) to 10
}

// Duration is a length of time: exactly one member is set.
type Duration struct {
	WorkingDays  float64 `json:"workingDays,omitempty"`  // on the business calendar
	WorkingHours float64 `json:"workingHours,omitempty"` // on the business calendar
	Hours        float64 `json:"hours,omitempty"`        // wall-clock
	Days         float64 `json:"days,omitempty"`         // wall-clock
}

// Deadline is when a node's work is due: After the node is entered, or the date in Field,
// or by a rule table on a select field (Rules: option value → duration, Default for the
// rest). Exactly one of After, Field and By is set.
type Deadline struct {
	After        *Duration `json:"after,omitempty"`
	Field        string    `json:"field,omitempty"` // a date or datetime field
	Plus         *Duration `json:"plus,omitempty"`  // with Field: this long after the field's time (24 hours after the meeting)
	By           *RuleBy   `json:"by,omitempty"`
	RemindBefore *Duration `json:"remindBefore,omitempty"`
	OnDue        *OnDue    `json:"onDue,omitempty"` // default: remind
}

// RuleBy picks a duration by the value of a select field: urgent 1 working day, important 3,
// general 5 — the numbers are the template's.
type RuleBy struct {
	Field   string              `json:"field"`
	Rules   map[string]Duration `json:"rules"`
	Default *Duration           `json:"default,omitempty"`
}

// OnDue is what happens when a node is overdue.
type OnDue struct {
	Action     string     `json:"action"`               // DueRemind, DueEscalate, DueApprove, DueReturn
	EscalateTo []Assignee `json:"escalateTo,omitempty"` // DueEscalate
	ReturnTo   string     `json:"returnTo,omitempty"`   // DueReturn: a node key; default the start node
}

// Action types of automations and automation nodes.
const (
	ActSetFields     = "setFields"     // Values: field key → expression over the record
	ActCreateRecords = "createRecords" // Form, ForEach (a sub-form field, optional), Map: target field → expression
	ActWebhook       = "webhook"       // URL; the body is the event; signed with the app's webhook secret
	ActNotify        = "notify"        // To (assignee rules), Message
	// ActUpdateRecords writes records of Form (any form of the app, the automation's own
	// too): those whose ID IDs gives and whose fields equal Match's values, each field of
	// Values computed over the source record and the target as "target".
	ActUpdateRecords = "updateRecords"
)

// Action is one thing an automation does. Expressions see the record's fields by key,
// "record" (id, createdBy, owner, …), inside ForEach the row as "item", and in the Values
// of updateRecords the record being written as "target".
type Action struct {
	Type    string            `json:"type"`
	Values  map[string]string `json:"values,omitempty"`
	Form    string            `json:"form,omitempty"`
	ForEach string            `json:"forEach,omitempty"`
	Map     map[string]string `json:"map,omitempty"`
	URL     string            `json:"url,omitempty"`
	To      []Assignee        `json:"to,omitempty"`
	Message Text              `json:"message,omitempty"`
	// Owner (createRecords) names the target's member field whose member owns the new
	// record; default the source record's owner.
	Owner string `json:"owner,omitempty"`
	// Fields (webhook) are the fields sent; default every field no permission hides.
	Fields []string `json:"fields,omitempty"`
	// IDs (updateRecords) is an expression over the source record giving a record ID or a
	// list of them, typically a relation field pointing at Form.
	IDs string `json:"ids,omitempty"`
	// Match (updateRecords) is target field key → expression over the source record: a
	// target matches when its field equals the value (contains it, for a field holding a
	// list). Entries, and IDs when given, must all hold.
	Match map[string]string `json:"match,omitempty"`
}

// Trigger events of automations.
const (
	OnCreated     = "created"
	OnUpdated     = "updated"
	OnNodeEntered = "nodeEntered"
	OnNodeLeft    = "nodeLeft"
	OnSchedule    = "schedule"
	OnDueEvent    = "due"      // a node of the form's pipeline went overdue
	OnFinished    = "finished" // the pipeline ended (any outcome)
)

// Automation runs actions when something happens to a form's records.
type Automation struct {
	Key     string   `json:"key"`
	Form    string   `json:"form"`
	Name    Text     `json:"name,omitempty"`
	On      Trigger  `json:"on"`
	Actions []Action `json:"actions"`
	// Disabled keeps the automation in the template without running it.
	Disabled bool `json:"disabled,omitempty"`
}

// Trigger is when an automation runs.
type Trigger struct {
	Event string `json:"event"`
	Node  string `json:"node,omitempty"` // nodeEntered, nodeLeft, due: the node key (empty: any)
	// When is an expression over the record that must hold (optional).
	When string `json:"when,omitempty"`
	// Schedule: every Every (a wall-clock duration, at least an hour) starting from At
	// ("HH:MM" in the calendar's timezone), over the form's records that match When.
	Every *Duration `json:"every,omitempty"`
	At    string    `json:"at,omitempty"`
	// Outcome (finished): only a run that ended so, one of the end nodes' outcomes
	// (OutcomeApproved, OutcomeRejected, OutcomeDone); empty: however it ended.
	Outcome string `json:"outcome,omitempty"`
}

// Calendar is the business calendar of a template (the workspace may override it):
// which days are working days and which hours of them count.
type Calendar struct {
	Timezone string `json:"timezone,omitempty"` // IANA name; default the workspace's
	// Weekdays that are working days, 1 = Monday … 7 = Sunday; default 1–5.
	Workdays []int `json:"workdays,omitempty"`
	// Hours are the working periods of a working day ("09:00"–"12:00", "13:00"–"18:00");
	// default 09:00–18:00.
	Hours []Period `json:"hours,omitempty"`
	// Holidays are dates ("2026-10-01") that are not working days; ExtraWorkdays the make-up
	// working days (调休) that are, whatever their weekday.
	Holidays      []string `json:"holidays,omitempty"`
	ExtraWorkdays []string `json:"extraWorkdays,omitempty"`
}

// Period is a span of a day, "HH:MM" to "HH:MM".
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// StageLabel is the stage a record shows while at n: its stage, else its name (Chinese
// first, as stages are one text in the starter templates), else its key. A node's key
// (approval_1) is what the designer made up, not a word a member reads.
func (n *Node) StageLabel() string {
	switch {
	case n.Stage != "":
		return n.Stage
	case n.Name["zh-CN"] != "":
		return n.Name["zh-CN"]
	case n.Name["en"] != "":
		return n.Name["en"]
	}
	return n.Key
}
