package flow_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/formloom/formloom/runtime/flow"
)

// Pipelines of the table: every node type, every approval mode.
var (
	// modeOf: one approval node held by the three approvers in MODE, then the end.
	modeOf = func(mode string) string {
		return pipelineOf("", `{"key": "start", "type": "start"},
		  {"key": "check", "type": "approval", "assignees": [{"type": "role", "role": "approvers"}], `+mode+`},
		  {"key": "end", "type": "end"}`,
			`{"from": "start", "to": "check"}, {"from": "check", "to": "end"}`)
	}
	// twoStep: first review (p1), then second review (p2).
	twoStep = func(extra string) string {
		return pipelineOf(extra, `{"key": "start", "type": "start"},
		  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]},
		  {"key": "second", "type": "approval", "assignees": [{"type": "role", "role": "second"}]},
		  {"key": "end", "type": "end"}`,
			`{"from": "start", "to": "first"}, {"from": "first", "to": "second"}, {"from": "second", "to": "end"}`)
	}
	taskPipeline = pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "handle", "type": "task", "assignees": [{"type": "role", "role": "first"}]},
	  {"key": "end", "type": "end", "outcome": "done"}`,
		`{"from": "start", "to": "handle"}, {"from": "handle", "to": "end"}`)
	// conditionPipeline: large amounts go to the director, the rest end rejected.
	conditionPipeline = pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "route", "type": "condition"},
	  {"key": "director", "type": "approval", "assignees": [{"type": "role", "role": "director"}]},
	  {"key": "ok", "type": "end"},
	  {"key": "refused", "type": "end", "outcome": "rejected"}`,
		`{"from": "start", "to": "route"}, {"from": "route", "to": "director", "when": "amount > 1000"},
	  {"from": "route", "to": "refused", "else": true}, {"from": "director", "to": "ok"}`)
	// parallelPipeline: first and second review at once, joined before the end.
	parallelPipeline = pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "split", "type": "parallel"},
	  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]},
	  {"key": "second", "type": "approval", "assignees": [{"type": "role", "role": "second"}]},
	  {"key": "join", "type": "join"},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "split"}, {"from": "split", "to": "first"}, {"from": "split", "to": "second"},
	  {"from": "first", "to": "join"}, {"from": "second", "to": "join"}, {"from": "join", "to": "end"}`)
	// automationPipeline: an automation node sets the note on the way to the review.
	automationPipeline = pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "auto", "type": "automation", "actions": [{"type": "setFields", "values": {"note": "\"自动填写\""}}]},
	  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "auto"}, {"from": "auto", "to": "first"}, {"from": "first", "to": "end"}`)
	// ccPipeline: the watchers get a copy on the way to the review.
	ccPipeline = pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "tell", "type": "cc", "assignees": [{"type": "role", "role": "watchers"}]},
	  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "tell"}, {"from": "tell", "to": "first"}, {"from": "first", "to": "end"}`)
	// nobodyPipeline: the approval's only assignee is no member: the app's managers stand in.
	nobodyPipeline = pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "check", "type": "approval", "assignees": [{"type": "member", "member": "no-such-user"}]},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "check"}, {"from": "check", "to": "end"}`)
)

// move is one action of a case and the error code it must give ("" for none).
type move struct {
	who, action string
	in          flow.ActionInput
	err         string
}

func do(who, action string) move { return move{who: who, action: action} }

func doWith(who, action string, in flow.ActionInput) move {
	return move{who: who, action: action, in: in}
}

func (m move) fails(code string) move { m.err = code; return m }

// flowCase is one row: a pipeline, a record submitted by sam, actions, and the run
// after them.
type flowCase struct {
	name     string
	pipeline string
	data     string // default {"title":"请示"}
	moves    []move
	want     string            // where(): "status@active,nodes"
	tasks    map[string]string // node → its tasks as "name:status …"
	cc       string            // the CC list by name
}

// runTable runs the rows in parallel, each on a record of its own. Rows with the same
// pipeline share one fresh database: a row's run lives in its own record, so rows do not
// see each other, and installing the app once per pipeline keeps the table fast.
func runTable(t *testing.T, cases []flowCase) {
	engines := map[string]*engine{}
	for _, c := range cases {
		if engines[c.pipeline] == nil {
			engines[c.pipeline] = newEngine(t, c.pipeline)
		}
	}
	for _, c := range cases {
		shared := engines[c.pipeline]
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := *shared
			e.t = t
			c.run(t, &e)
		})
	}
}

func (c flowCase) run(t *testing.T, e *engine) {
	data := c.data
	if data == "" {
		data = `{"title":"请示"}`
	}
	id := e.submitted(data)
	for i, m := range c.moves {
		in := m.in
		in.Members = slices.Clone(in.Members)
		names := []*string{&in.To, &in.Member}
		for i := range in.Members {
			names = append(names, &in.Members[i])
		}
		for _, name := range names {
			if uid, ok := e.ids[*name]; ok {
				*name = uid
			}
		}
		if got := code(e.act(m.who, id, m.action, in)); got != m.err {
			t.Fatalf("move %d (%s %s): error %q, want %q", i, m.who, m.action, got, m.err)
		}
	}
	st := e.state(id)
	if got := where(st); got != c.want {
		t.Fatalf("run is %s, want %s", got, c.want)
	}
	for node, want := range c.tasks {
		if got := e.tasks(st, node); got != want {
			t.Errorf("tasks of %s: %q, want %q", node, got, want)
		}
	}
	if got := e.ccNames(st); got != c.cc {
		t.Errorf("cc %q, want %q", got, c.cc)
	}
}

// TestNodeTypes: a submitted record moves through each node type as its rules say.
func TestNodeTypes(t *testing.T) {
	t.Parallel()
	runTable(t, []flowCase{
		{name: "start then approval opens the approver's task", pipeline: modeOf(`"mode": "single"`),
			want: "running@check", tasks: map[string]string{"check": "p1:open"}},
		{name: "task node completes to a done end", pipeline: taskPipeline,
			moves: []move{do("p1", flow.ActComplete)}, want: "done@"},
		{name: "task node cannot be rejected", pipeline: taskPipeline,
			moves: []move{do("p1", flow.ActReject).fails("cannot_reject")},
			want:  "running@handle", tasks: map[string]string{"handle": "p1:open"}},
		{name: "condition takes the branch whose rule holds", pipeline: conditionPipeline, data: `{"title":"大额","amount":5000}`,
			want: "running@director", tasks: map[string]string{"director": "dan:open"}},
		{name: "condition takes else to a rejected end", pipeline: conditionPipeline, data: `{"title":"小额","amount":10}`,
			want: "rejected@"},
		{name: "condition branch then approval reaches the approved end", pipeline: conditionPipeline, data: `{"title":"大额","amount":5000}`,
			moves: []move{do("dan", flow.ActApprove)}, want: "approved@"},
		{name: "parallel split opens both branches", pipeline: parallelPipeline,
			want: "running@first,second", tasks: map[string]string{"first": "p1:open", "second": "p2:open"}},
		{name: "join waits for the other branch", pipeline: parallelPipeline,
			moves: []move{do("p1", flow.ActApprove)}, want: "running@second"},
		{name: "join goes on once every branch arrived", pipeline: parallelPipeline,
			moves: []move{do("p2", flow.ActApprove), do("p1", flow.ActApprove)}, want: "approved@"},
		{name: "a rejection on one branch ends the run", pipeline: parallelPipeline,
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActReject)}, want: "rejected@"},
		{name: "cc node copies its people and goes on", pipeline: ccPipeline,
			want: "running@first", tasks: map[string]string{"first": "p1:open"}, cc: "fay gus"},
		{name: "automation node passes straight on", pipeline: automationPipeline,
			want: "running@first", tasks: map[string]string{"first": "p1:open"}},
		{name: "nobody resolved: the app's managers stand in", pipeline: nobodyPipeline,
			want: "running@check", tasks: map[string]string{"check": "ann:open"}},
		{name: "end node ends the run approved", pipeline: modeOf(`"mode": "single"`),
			moves: []move{do("p1", flow.ActApprove)}, want: "approved@"},
	})
}

// TestApprovalModes: single, any, all, percent and sequential decide when an approval
// node is approved or rejected.
func TestApprovalModes(t *testing.T) {
	t.Parallel()
	single, anyOf, all := modeOf(`"mode": "single"`), modeOf(`"mode": "any"`), modeOf(`"mode": "all"`)
	percent, sequential := modeOf(`"mode": "percent", "percent": 60`), modeOf(`"mode": "sequential"`)
	runTable(t, []flowCase{
		{name: "single: only the first approver gets a task", pipeline: single,
			moves: []move{do("p2", flow.ActApprove).fails("not_your_turn")},
			want:  "running@check", tasks: map[string]string{"check": "p1:open"}},
		{name: "single: a rejection rejects", pipeline: single,
			moves: []move{do("p1", flow.ActReject)}, want: "rejected@"},
		{name: "any: everyone gets a task", pipeline: anyOf,
			want: "running@check", tasks: map[string]string{"check": "p1:open p2:open p3:open"}},
		{name: "any: one approval decides", pipeline: anyOf,
			moves: []move{do("p3", flow.ActApprove)}, want: "approved@"},
		{name: "any: one rejection decides", pipeline: anyOf,
			moves: []move{do("p2", flow.ActReject)}, want: "rejected@"},
		{name: "all: one approval is not enough", pipeline: all,
			moves: []move{do("p1", flow.ActApprove)},
			want:  "running@check", tasks: map[string]string{"check": "p1:approved p2:open p3:open"}},
		{name: "all: every approval approves", pipeline: all,
			moves: []move{do("p1", flow.ActApprove), do("p3", flow.ActApprove), do("p2", flow.ActApprove)}, want: "approved@"},
		{name: "all: one rejection rejects", pipeline: all,
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActReject)}, want: "rejected@"},
		{name: "all: an approver acts once", pipeline: all,
			moves: []move{do("p1", flow.ActApprove), do("p1", flow.ActApprove).fails("not_your_turn")},
			want:  "running@check"},
		{name: "percent: 1 of 3 is under 60%", pipeline: percent,
			moves: []move{do("p1", flow.ActApprove)}, want: "running@check"},
		{name: "percent: 2 of 3 reach 60%", pipeline: percent,
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActApprove)}, want: "approved@"},
		{name: "percent: one rejection still leaves 60% possible", pipeline: percent,
			moves: []move{do("p1", flow.ActReject)},
			want:  "running@check", tasks: map[string]string{"check": "p1:rejected p2:open p3:open"}},
		{name: "percent: rejection then two approvals approve", pipeline: percent,
			moves: []move{do("p1", flow.ActReject), do("p2", flow.ActApprove), do("p3", flow.ActApprove)}, want: "approved@"},
		{name: "percent: two rejections make 60% impossible", pipeline: percent,
			moves: []move{do("p1", flow.ActReject), do("p3", flow.ActReject)}, want: "rejected@"},
		{name: "sequential: only the first in order may act", pipeline: sequential,
			moves: []move{do("p2", flow.ActApprove).fails("not_your_turn")},
			want:  "running@check", tasks: map[string]string{"check": "p1:open p2:waiting p3:waiting"}},
		{name: "sequential: each approval opens the next", pipeline: sequential,
			moves: []move{do("p1", flow.ActApprove)},
			want:  "running@check", tasks: map[string]string{"check": "p1:approved p2:open p3:waiting"}},
		{name: "sequential: the last approval approves", pipeline: sequential,
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActApprove), do("p3", flow.ActApprove)}, want: "approved@"},
		{name: "sequential: a rejection rejects", pipeline: sequential,
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActReject)}, want: "rejected@"},
	})
}

// TestActions: return, transfer, add an approver, withdraw, and the refusals of each.
func TestActions(t *testing.T) {
	t.Parallel()
	single, sequential := modeOf(`"mode": "single"`), modeOf(`"mode": "sequential"`)
	runTable(t, []flowCase{
		{name: "return to the start: the submitter's task opens", pipeline: twoStep(""),
			moves: []move{do("p1", flow.ActReturn)},
			want:  "returned@start", tasks: map[string]string{"start": "sam:open"}},
		{name: "resubmit after a return restarts from the first node", pipeline: twoStep(""),
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActReturn), do("sam", flow.ActSubmit)},
			want:  "running@first", tasks: map[string]string{"first": "p1:open"}},
		{name: "resubmit goes straight back to the returner", pipeline: twoStep(`, "resubmit": "returner"`),
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActReturn), do("sam", flow.ActSubmit)},
			want:  "running@second", tasks: map[string]string{"second": "p2:open"}},
		{name: "return to an earlier approval", pipeline: twoStep(""),
			moves: []move{do("p1", flow.ActApprove), doWith("p2", flow.ActReturn, flow.ActionInput{To: "first"})},
			want:  "running@first", tasks: map[string]string{"first": "p1:open"}},
		{name: "return to a later node is refused", pipeline: twoStep(""),
			moves: []move{doWith("p1", flow.ActReturn, flow.ActionInput{To: "second"}).fails("validation_failed /to")},
			want:  "running@first"},
		{name: "only the assignee returns", pipeline: twoStep(""),
			moves: []move{do("p2", flow.ActReturn).fails("not_your_turn")}, want: "running@first"},
		{name: "transfer hands the task on", pipeline: single,
			moves: []move{doWith("p1", flow.ActTransfer, flow.ActionInput{To: "dan"})},
			want:  "running@check", tasks: map[string]string{"check": "p1:transferred dan:open"}},
		{name: "the new assignee decides after a transfer", pipeline: single,
			moves: []move{doWith("p1", flow.ActTransfer, flow.ActionInput{To: "dan"}), do("p1", flow.ActApprove).fails("not_your_turn"), do("dan", flow.ActApprove)},
			want:  "approved@"},
		{name: "transfer to oneself is refused", pipeline: single,
			moves: []move{doWith("p1", flow.ActTransfer, flow.ActionInput{To: "p1"}).fails("validation_failed /to")}, want: "running@check"},
		{name: "transfer to no member is refused", pipeline: single,
			moves: []move{doWith("p1", flow.ActTransfer, flow.ActionInput{To: "nobody"}).fails("validation_failed /to")}, want: "running@check"},
		{name: "transfer to someone on the node is refused", pipeline: sequential,
			moves: []move{doWith("p1", flow.ActTransfer, flow.ActionInput{To: "p3"}).fails("validation_failed /to")}, want: "running@check"},
		{name: "transfer keeps the sequence: the next waits for the new assignee", pipeline: sequential,
			moves: []move{doWith("p1", flow.ActTransfer, flow.ActionInput{To: "dan"}), do("dan", flow.ActApprove)},
			want:  "running@check", tasks: map[string]string{"check": "p1:transferred p2:open p3:waiting dan:approved"}},
		{name: "add an approver before: they act first", pipeline: single,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "dan", Position: "before"})},
			want:  "running@check", tasks: map[string]string{"check": "p1:waiting dan:open"}},
		{name: "an approver added before does not decide the node", pipeline: single,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "dan", Position: "before"}), do("dan", flow.ActApprove)},
			want:  "running@check", tasks: map[string]string{"check": "p1:open dan:approved"}},
		{name: "after the approver added before, the original approver decides", pipeline: single,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "dan", Position: "before"}), do("dan", flow.ActApprove), do("p1", flow.ActApprove)},
			want:  "approved@"},
		{name: "add an approver after: they act next", pipeline: single,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "dan"}), do("dan", flow.ActApprove).fails("not_your_turn"), do("p1", flow.ActApprove)},
			want:  "running@check", tasks: map[string]string{"check": "p1:approved dan:open"}},
		{name: "the approver added after decides", pipeline: single,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "dan", Position: "after"}), do("p1", flow.ActApprove), do("dan", flow.ActApprove)},
			want:  "approved@"},
		{name: "add an approver in an unknown position is refused", pipeline: single,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "dan", Position: "beside"}).fails("validation_failed /position")},
			want:  "running@check", tasks: map[string]string{"check": "p1:open"}},
		{name: "add oneself as approver is refused", pipeline: single,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "p1"}).fails("validation_failed /member")}, want: "running@check"},
		{name: "add an approver on a task node is refused", pipeline: taskPipeline,
			moves: []move{doWith("p1", flow.ActAddApprover, flow.ActionInput{Member: "dan"}).fails("cannot_add_approver")}, want: "running@handle"},
		{name: "withdraw before anyone acted: back to a draft", pipeline: twoStep(""),
			moves: []move{do("sam", flow.ActWithdraw)},
			want:  "draft@start", tasks: map[string]string{"start": "sam:open"}},
		{name: "a withdrawn record is submitted again", pipeline: twoStep(""),
			moves: []move{do("sam", flow.ActWithdraw), do("sam", flow.ActSubmit)},
			want:  "running@first", tasks: map[string]string{"first": "p1:open"}},
		{name: "withdraw after someone acted is refused", pipeline: twoStep(""),
			moves: []move{do("p1", flow.ActApprove), do("sam", flow.ActWithdraw).fails("cannot_withdraw")}, want: "running@second"},
		{name: "only the submitter withdraws", pipeline: twoStep(""),
			moves: []move{do("p1", flow.ActWithdraw).fails("cannot_withdraw")}, want: "running@first"},
		{name: "someone without a task cannot approve", pipeline: single,
			moves: []move{do("out", flow.ActApprove).fails("not_your_turn")}, want: "running@check"},
		{name: "the submitter cannot approve the start node", pipeline: single,
			moves: []move{do("sam", flow.ActApprove).fails("not_your_turn")}, want: "running@check"},
		{name: "an ended run takes no more actions", pipeline: single,
			moves: []move{do("p1", flow.ActApprove), do("p1", flow.ActApprove).fails("pipeline_ended"), do("sam", flow.ActWithdraw).fails("pipeline_ended")},
			want:  "approved@"},
		{name: "a comment changes nothing", pipeline: single,
			moves: []move{doWith("out", flow.ActComment, flow.ActionInput{Comment: "看过了"})},
			want:  "running@check", tasks: map[string]string{"check": "p1:open"}},
		{name: "cc copies members and refuses people outside the run", pipeline: single,
			moves: []move{doWith("out", flow.ActCC, flow.ActionInput{Members: []string{"fay"}}).fails("forbidden"),
				doWith("p1", flow.ActCC, flow.ActionInput{Members: []string{"no-such-user"}}).fails("validation_failed /members/0")},
			want: "running@check"},
		{name: "cc by someone on the run copies members", pipeline: single,
			moves: []move{doWith("p1", flow.ActCC, flow.ActionInput{Members: []string{"fay", "gus"}}), doWith("sam", flow.ActCC, flow.ActionInput{Members: []string{"fay"}})},
			want:  "running@check", cc: "fay gus"},
		{name: "the submitter urges once an hour", pipeline: single,
			moves: []move{do("sam", flow.ActUrge), do("sam", flow.ActUrge).fails("urged_recently")}, want: "running@check"},
		{name: "only the submitter or an admin urges", pipeline: single,
			moves: []move{do("p1", flow.ActUrge).fails("cannot_urge"), do("ann", flow.ActUrge)}, want: "running@check"},
		{name: "resubmit to the returner keeps the branch already joined", pipeline: strings.Replace(parallelPipeline, `"form": "req"`, `"form": "req", "resubmit": "returner"`, 1),
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActReturn), do("sam", flow.ActSubmit)},
			want:  "running@second", tasks: map[string]string{"second": "p2:open"}},
		{name: "after such a resubmit one approval ends the join", pipeline: strings.Replace(parallelPipeline, `"form": "req"`, `"form": "req", "resubmit": "returner"`, 1),
			moves: []move{do("p1", flow.ActApprove), do("p2", flow.ActReturn), do("sam", flow.ActSubmit), do("p2", flow.ActApprove)},
			want:  "approved@"},
		{name: "an unknown action is refused", pipeline: single,
			moves: []move{do("p1", "escalate").fails("unknown_action")}, want: "running@check"},
	})
}

// TestNotSubmitted: before the first submit only submit, save and comment apply.
func TestNotSubmitted(t *testing.T) {
	t.Parallel()
	e := newEngine(t, modeOf(`"mode": "single"`))
	id := e.create("sam", `{"title":"草稿"}`)
	for _, action := range []string{flow.ActApprove, flow.ActReject, flow.ActWithdraw, flow.ActReturn} {
		if got := code(e.act("sam", id, action, flow.ActionInput{})); got != "not_submitted" {
			t.Errorf("%s before submit: %q, want not_submitted", action, got)
		}
	}
	// Someone who neither owns nor created the record cannot start its run.
	if got := code(e.act("out", id, flow.ActSubmit, flow.ActionInput{})); got != "forbidden" {
		t.Fatalf("submit by another member: %q, want forbidden", got)
	}
	e.must("sam", id, flow.ActSave, flow.ActionInput{Data: map[string]any{"note": "先存着"}})
	if got := where(e.state(id)); got != "draft@" {
		t.Fatalf("after save: %s, want draft@", got)
	}
	if got := e.fields(id)["note"]; got != "先存着" {
		t.Fatalf("saved note %v", got)
	}
	// Nor once its creator saved a draft of it: saving starts no run.
	for _, action := range []string{flow.ActSubmit, flow.ActSave} {
		if got := code(e.act("out", id, action, flow.ActionInput{})); got != "forbidden" {
			t.Fatalf("%s of a saved draft by another member: %q, want forbidden", action, got)
		}
	}
	e.must("sam", id, flow.ActSubmit, flow.ActionInput{})
	if got := where(e.state(id)); got != "running@check" {
		t.Fatalf("after submit: %s", got)
	}
}

// TestAutomationNodeRunsItsActions: the automation node queues its actions, which set the
// field when the job runs.
func TestAutomationNodeRunsItsActions(t *testing.T) {
	t.Parallel()
	e := newEngine(t, automationPipeline)
	id := e.submitted(`{"title":"请示"}`)
	jobs := e.jobs.take(flow.KindAutomation)
	if len(jobs) != 1 {
		t.Fatalf("%d automation jobs, want 1", len(jobs))
	}
	if _, ok := e.fields(id)["note"]; ok {
		t.Fatal("note set before the job ran")
	}
	if err := e.flow.HandleAutomation(e.ctx, jobs[0]); err != nil {
		t.Fatal(err)
	}
	if got := e.fields(id)["note"]; got != "自动填写" {
		t.Fatalf("note %v, want 自动填写", got)
	}
	if got := where(e.state(id)); got != "running@first" {
		t.Fatalf("run %s", got)
	}
}

// TestIdempotentAction: the same idempotency key applies an action once, and refuses
// another action under it.
func TestIdempotentAction(t *testing.T) {
	t.Parallel()
	e := newEngine(t, modeOf(`"mode": "all"`))
	id := e.submitted(`{"title":"请示"}`)
	for range 2 {
		if _, err := e.flow.Act(e.ctx, e.ref("p1"), id, flow.ActApprove, flow.ActionInput{}, "k1"); err != nil {
			t.Fatal(err)
		}
	}
	st := e.state(id)
	if got := e.tasks(st, "check"); got != "p1:approved p2:open p3:open" {
		t.Fatalf("tasks %q", got)
	}
	_, err := e.flow.Act(e.ctx, e.ref("p1"), id, flow.ActComment, flow.ActionInput{}, "k1")
	if got := code(err); !strings.HasPrefix(got, "idempotency_key_reused") {
		t.Fatalf("another action under the key: %q", got)
	}
}

// dueOf: a single approval by p1 with a deadline an hour after it is entered, and
// ONDUE when it passes; the director is the one escalated to.
func dueOf(onDue string) string {
	return pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "check", "type": "approval", "assignees": [{"type": "role", "role": "first"}],
	   "deadline": {"after": {"hours": 1}, "remindBefore": {"hours": 0.5}`+onDue+`}},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "check"}, {"from": "check", "to": "end"}`)
}

// TestDeadlines: when a node's deadline passes, its onDue action applies; a node left in
// time has nothing due any more.
func TestDeadlines(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, onDue, want, tasks string
		overdue                  bool
	}{
		{"remind by default", "", "running@check", "p1:open", true},
		{"escalate adds the people escalated to", `, "onDue": {"action": "escalate", "escalateTo": [{"type": "role", "role": "director"}]}`, "running@check", "p1:open dan:open", true},
		{"approve on the assignees' behalf", `, "onDue": {"action": "approve"}`, "approved@", "", false},
		{"return to the start", `, "onDue": {"action": "return"}`, "returned@start", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t, dueOf(c.onDue))
			id := e.submitted(`{"title":"限时"}`)
			if n := len(e.jobs.take(flow.KindRemind)); n != 1 {
				t.Fatalf("%d reminders queued, want 1", n)
			}
			due := e.jobs.take(flow.KindDue)
			if len(due) != 1 {
				t.Fatalf("%d deadlines queued, want 1", len(due))
			}
			if err := e.flow.HandleDue(e.ctx, due[0]); err != nil {
				t.Fatal(err)
			}
			st := e.state(id)
			if got := where(st); got != c.want {
				t.Fatalf("run %s, want %s", got, c.want)
			}
			if got := e.tasks(st, "check"); got != c.tasks {
				t.Fatalf("tasks %q, want %q", got, c.tasks)
			}
			if c.overdue && !st.Active[0].Overdue {
				t.Fatal("the node is not marked overdue")
			}
			// Once the platform acted, the submitter can no longer withdraw.
			if c.want == "running@check" {
				if got := code(e.act("sam", id, flow.ActWithdraw, flow.ActionInput{})); got != "cannot_withdraw" {
					t.Fatalf("withdraw after the deadline: %q", got)
				}
				// The deadline acts once.
				if err := e.flow.HandleDue(e.ctx, due[0]); err != nil {
					t.Fatal(err)
				}
				if got := e.tasks(e.state(id), "check"); got != c.tasks {
					t.Fatalf("tasks after a second run %q", got)
				}
			}
		})
	}
}

// TestDeadlineOfNodeLeft: leaving a node in time cancels its deadline, and a deadline job
// that still comes for it changes nothing.
func TestDeadlineOfNodeLeft(t *testing.T) {
	t.Parallel()
	e := newEngine(t, dueOf(`, "onDue": {"action": "return"}`))
	id := e.submitted(`{"title":"限时"}`)
	due := e.jobs.peek(flow.KindDue)
	if len(due) != 1 || len(e.jobs.peek(flow.KindRemind)) != 1 {
		t.Fatalf("%d deadlines queued", len(due))
	}
	e.must("p1", id, flow.ActApprove, flow.ActionInput{})
	if n := len(e.jobs.peek(flow.KindDue)) + len(e.jobs.peek(flow.KindRemind)); n != 0 {
		t.Fatalf("%d deadline jobs still queued after the node was left", n)
	}
	if err := e.flow.HandleDue(e.ctx, due[0]); err != nil {
		t.Fatal(err)
	}
	if got := where(e.state(id)); got != "approved@" {
		t.Fatalf("run %s after a late deadline", got)
	}
}

// TestSharedDeadlineJobs: two reviews a split opens with the same deadline share one due
// job and one reminder job, which act on both; the first review left keeps them for the
// other, and the last one left cancels them.
func TestSharedDeadlineJobs(t *testing.T) {
	t.Parallel()
	deadline := `, "deadline": {"after": {"hours": 1}, "remindBefore": {"hours": 0.5}}`
	e := newEngine(t, pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "split", "type": "parallel"},
	  {"key": "first", "type": "approval", "assignees": [{"type": "role", "role": "first"}]`+deadline+`},
	  {"key": "second", "type": "approval", "assignees": [{"type": "role", "role": "second"}]`+deadline+`},
	  {"key": "join", "type": "join"},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "split"}, {"from": "split", "to": "first"}, {"from": "split", "to": "second"},
	  {"from": "first", "to": "join"}, {"from": "second", "to": "join"}, {"from": "join", "to": "end"}`))
	id := e.submitted(`{"title":"会签"}`)
	due, remind := e.jobs.peek(flow.KindDue), e.jobs.peek(flow.KindRemind)
	if len(due) != 1 || len(remind) != 1 {
		t.Fatalf("%d due and %d reminder jobs for two reviews due at once, want one each", len(due), len(remind))
	}
	if err := e.flow.HandleRemind(e.ctx, remind[0]); err != nil {
		t.Fatal(err)
	}
	for _, a := range e.state(id).Active {
		if !a.Reminded {
			t.Fatalf("%s not reminded by the shared job", a.Node)
		}
	}
	e.must("p1", id, flow.ActApprove, flow.ActionInput{})
	if len(e.jobs.peek(flow.KindDue)) != 1 || len(e.jobs.peek(flow.KindRemind)) != 1 {
		t.Fatal("the first review left cancelled the jobs the second still needs")
	}
	if err := e.flow.HandleDue(e.ctx, due[0]); err != nil {
		t.Fatal(err)
	}
	st := e.state(id)
	if got := where(st); got != "running@second" || !st.Active[0].Overdue {
		t.Fatalf("after the shared deadline: %s, overdue %v", got, st.Active[0].Overdue)
	}
	e.must("p2", id, flow.ActApprove, flow.ActionInput{})
	if n := len(e.jobs.peek(flow.KindDue)) + len(e.jobs.peek(flow.KindRemind)); n != 0 {
		t.Fatalf("%d deadline jobs still queued after both reviews were left", n)
	}
	if got := where(e.state(id)); got != "approved@" {
		t.Fatalf("run %s", got)
	}
}

// TestDeadlineJobOfOneActivity: a due job armed before jobs were shared names its one
// activity in "activity", and still acts on it.
func TestDeadlineJobOfOneActivity(t *testing.T) {
	t.Parallel()
	e := newEngine(t, dueOf(""))
	id := e.submitted(`{"title":"限时"}`)
	due := e.jobs.take(flow.KindDue)
	var p map[string]any
	if err := json.Unmarshal(due[0], &p); err != nil || len(due) != 1 {
		t.Fatalf("due jobs %s: %v", due, err)
	}
	acts, _ := p["activities"].([]any)
	if len(acts) != 1 {
		t.Fatalf("due job %s", due[0])
	}
	p["activity"] = acts[0]
	delete(p, "activities")
	old, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.flow.HandleDue(e.ctx, old); err != nil {
		t.Fatal(err)
	}
	if st := e.state(id); !st.Active[0].Overdue {
		t.Fatalf("the one-activity job did not act: %s", old)
	}
}

// TestNodeFieldRules: the people of a node write exactly the fields it marks edit or
// required, and cannot complete it while a required one is empty.
func TestNodeFieldRules(t *testing.T) {
	t.Parallel()
	p := pipelineOf("", `{"key": "start", "type": "start", "fields": {"note": "read"}},
	  {"key": "check", "type": "approval", "assignees": [{"type": "role", "role": "first"}], "fields": {"note": "required", "amount": "edit", "title": "read"}},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "check"}, {"from": "check", "to": "end"}`)
	e := newEngine(t, p)
	id := e.submitted(`{"title":"请示","amount":10}`)
	for _, c := range []struct {
		name string
		data map[string]any
		want string
	}{
		{"a required field left empty", map[string]any{"amount": 20}, "validation_failed /note"},
		{"a field the node keeps read-only", map[string]any{"note": "同意", "title": "改标题"}, "readonly_field /title"},
	} {
		if got := code(e.act("p1", id, flow.ActApprove, flow.ActionInput{Data: c.data})); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := where(e.state(id)); got != "running@check" {
		t.Fatalf("refused approvals moved the run: %s", got)
	}
	e.must("p1", id, flow.ActApprove, flow.ActionInput{Data: map[string]any{"note": "同意", "amount": 20}})
	f := e.fields(id)
	if got := where(e.state(id)); got != "approved@" || f["note"] != "同意" || f["amount"] != 20.0 || f["title"] != "请示" {
		t.Fatalf("run %s, fields %v", got, f)
	}
}

// TestRunningRecordIsChangedThroughItsStep: while a run goes on, members change the
// record through their step only; owners and admins still may.
func TestRunningRecordIsChangedThroughItsStep(t *testing.T) {
	t.Parallel()
	e := newEngine(t, modeOf(`"mode": "single"`))
	id := e.submitted(`{"title":"请示"}`)
	for _, c := range []struct{ who, want string }{{"sam", "in_pipeline"}, {"p1", "in_pipeline"}, {"ann", ""}} {
		_, err := e.recs.Update(e.ctx, e.ref(c.who), id, 0, map[string]any{"note": "由 " + c.who})
		if got := code(err); got != c.want {
			t.Errorf("%s updates: %q, want %q", c.who, got, c.want)
		}
	}
	e.must("p1", id, flow.ActApprove, flow.ActionInput{})
	if _, err := e.recs.Update(e.ctx, e.ref("sam"), id, 0, map[string]any{"note": "结束后"}); err != nil {
		t.Fatalf("update after the run ended: %v", err)
	}
}

// TestInboxFollowsTheRun: each step's tasks land in their people's boxes in the same
// write: to do while open, done once acted on, gone from to-do when the node moves on
// without them, copies in CC, the run in its submitter's "mine".
func TestInboxFollowsTheRun(t *testing.T) {
	t.Parallel()
	p := pipelineOf("", `{"key": "start", "type": "start"},
	  {"key": "tell", "type": "cc", "assignees": [{"type": "role", "role": "watchers"}]},
	  {"key": "check", "type": "approval", "assignees": [{"type": "role", "role": "approvers"}], "mode": "any"},
	  {"key": "end", "type": "end"}`,
		`{"from": "start", "to": "tell"}, {"from": "tell", "to": "check"}, {"from": "check", "to": "end"}`)
	e := newEngine(t, p)
	counts := func(who string) string {
		t.Helper()
		c, err := e.flow.InboxCounts(e.ctx, e.ids[who], e.ws)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("todo %d done %d cc %d mine %d", c.Todo, c.Done, c.CC, c.Mine)
	}
	e.submitted(`{"title":"一"}`)
	id := e.submitted(`{"title":"二"}`)
	for who, want := range map[string]string{
		"p1": "todo 2 done 0 cc 0 mine 0", "p3": "todo 2 done 0 cc 0 mine 0",
		"fay": "todo 0 done 0 cc 2 mine 0", "sam": "todo 0 done 0 cc 0 mine 2", "dan": "todo 0 done 0 cc 0 mine 0",
	} {
		if got := counts(who); got != want {
			t.Errorf("%s after submit: %s, want %s", who, got, want)
		}
	}
	e.must("p2", id, flow.ActApprove, flow.ActionInput{})
	for who, want := range map[string]string{
		"p1": "todo 1 done 0 cc 0 mine 0", "p2": "todo 1 done 1 cc 0 mine 0", "sam": "todo 0 done 0 cc 0 mine 2",
	} {
		if got := counts(who); got != want {
			t.Errorf("%s after p2 approved: %s, want %s", who, got, want)
		}
	}
	page, err := e.flow.Inbox(e.ctx, e.ids["sam"], e.ws, flow.InboxQuery{Box: flow.BoxMine})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, it := range page.Items {
		states[it.Record] = it.State
	}
	if states[id] != flow.StatusApproved || len(states) != 2 {
		t.Fatalf("sam's runs %v", states)
	}
}

// TestBulkApproval: one action on several records, each applied or refused on its own.
func TestBulkApproval(t *testing.T) {
	t.Parallel()
	e := newEngine(t, modeOf(`"mode": "single"`))
	a, b := e.submitted(`{"title":"一"}`), e.submitted(`{"title":"二"}`)
	e.must("p1", b, flow.ActApprove, flow.ActionInput{})
	item := func(id string) flow.BulkItem { return flow.BulkItem{App: e.app, Form: "req", Record: id} }
	res, err := e.flow.Bulk(e.ctx, e.ids["p1"], e.ws, flow.BulkInput{Action: flow.ActApprove, Items: []flow.BulkItem{item(a), item(b)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Err != nil || res[1].Err == nil || res[1].Err.Code != "pipeline_ended" {
		t.Fatalf("results %+v", res)
	}
	if got := where(e.state(a)); got != "approved@" {
		t.Fatalf("first record %s", got)
	}
	for _, in := range []flow.BulkInput{
		{Action: flow.ActReturn, Items: []flow.BulkItem{item(a)}},
		{Action: flow.ActApprove},
		{Action: flow.ActApprove, Items: []flow.BulkItem{{App: e.app, Record: a}}},
	} {
		if _, err := e.flow.Bulk(e.ctx, e.ids["p1"], e.ws, in); !strings.HasPrefix(code(err), "validation_failed") {
			t.Errorf("bulk %+v: %v", in, err)
		}
	}
}
