package template_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/formloom/formloom/builder/template"
)

type jsonDoc = map[string]any

// nav walks a decoded document by member names and indexes.
func nav(t *testing.T, d any, path ...any) jsonDoc {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			d = d.(jsonDoc)[k]
		case int:
			d = d.([]any)[k]
		}
	}
	m, ok := d.(jsonDoc)
	if !ok {
		t.Fatalf("%v is not an object", path)
	}
	return m
}

func appendTo(d jsonDoc, key string, v any) { d[key] = append(d[key].([]any), v) }

func contractDoc(t *testing.T) jsonDoc {
	t.Helper()
	var d jsonDoc
	if err := json.Unmarshal(readFile(t, "testdata/valid/contract-approval.json"), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// In the fixture, pipeline 0 (contract) has nodes start 0, supervisor 1, split 2, legal 3,
// finance 4, join 5, director 6, archive 7, copy 8, done 9, and edges start→supervisor 0,
// supervisor→split 1, split→legal 2, split→finance 3, legal→join 4, finance→join 5,
// join→director 6, director→archive 7, archive→copy 8, copy→done 9. Pipeline 1 (lead) has
// nodes start 0, follow 1, check 2, convert 3, won 4, lost 5 and edges start→follow 0,
// follow→check 1, check→convert 2 (when), check→lost 3 (when), check→follow 4 (else),
// convert→won 5.
func TestPipelineProblems(t *testing.T) {
	pl := func(t *testing.T, d jsonDoc, i int) jsonDoc { return nav(t, d, "pipelines", i) }
	node := func(t *testing.T, d jsonDoc, p, n int) jsonDoc { return nav(t, d, "pipelines", p, "nodes", n) }
	edge := func(t *testing.T, d jsonDoc, p, e int) jsonDoc { return nav(t, d, "pipelines", p, "edges", e) }
	auto := func(t *testing.T, d jsonDoc, i int) jsonDoc { return nav(t, d, "automations", i) }
	submitter := []any{jsonDoc{"type": "submitter"}}
	cases := []checkCase{
		{"no start", func(t *testing.T, d jsonDoc) {
			n := node(t, d, 0, 0)
			n["type"], n["assignees"] = "task", submitter
		}, "/pipelines/0/nodes no_start"},
		{"two starts", func(t *testing.T, d jsonDoc) {
			n := node(t, d, 1, 1)
			n["type"] = "start"
			delete(n, "assignees")
			delete(n, "deadline")
		}, "/pipelines/1/nodes/1/type extra_start"},
		{"no end", func(t *testing.T, d jsonDoc) {
			n := node(t, d, 0, 9)
			n["type"], n["assignees"] = "task", submitter
			delete(n, "outcome")
		}, "/pipelines/0/nodes no_end"},
		{"edge to unknown node", func(t *testing.T, d jsonDoc) { edge(t, d, 0, 9)["to"] = "nowhere" }, "/pipelines/0/edges/9/to unknown_node"},
		{"edge from unknown node", func(t *testing.T, d jsonDoc) { edge(t, d, 0, 9)["from"] = "nowhere" }, "/pipelines/0/edges/9/from unknown_node"},
		{"edge into start", func(t *testing.T, d jsonDoc) { edge(t, d, 1, 4)["to"] = "start" }, "/pipelines/1/edges/4/to edge_into_start"},
		{"edge out of end", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 1), "edges", jsonDoc{"from": "lost", "to": "follow"})
		}, "/pipelines/1/edges/6/from edge_out_of_end"},
		{"duplicate edge", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "copy", "to": "done"})
		}, "/pipelines/0/edges/10 duplicate_edge"},
		{"duplicate node", func(t *testing.T, d jsonDoc) { node(t, d, 0, 8)["key"] = "archive" }, "/pipelines/0/nodes/8/key duplicate_key"},
		{"unreachable node", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 0), "nodes", jsonDoc{"key": "orphan", "type": "cc", "assignees": submitter})
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "orphan", "to": "done"})
		}, "/pipelines/0/nodes/10 unreachable"},
		{"no way to an end", func(t *testing.T, d jsonDoc) {
			p := pl(t, d, 1)
			p["edges"] = p["edges"].([]any)[:5]
		}, "/pipelines/1/nodes/3 no_way_to_end"},
		{"condition with one edge", func(t *testing.T, d jsonDoc) {
			p := pl(t, d, 1)
			es := p["edges"].([]any)
			p["edges"] = []any{es[0], es[1], es[2], es[5]}
		}, "/pipelines/1/nodes/2 condition_edges"},
		{"condition without else", func(t *testing.T, d jsonDoc) {
			e := edge(t, d, 1, 4)
			delete(e, "else")
			e["when"] = "score < 10"
		}, "/pipelines/1/nodes/2 else_count"},
		{"condition edge without when", func(t *testing.T, d jsonDoc) { delete(edge(t, d, 1, 3), "when") }, "/pipelines/1/edges/3/when missing_when"},
		{"when and else", func(t *testing.T, d jsonDoc) { edge(t, d, 1, 4)["when"] = "score < 1" }, "/pipelines/1/edges/4/else when_and_else"},
		{"when does not compile", func(t *testing.T, d jsonDoc) { edge(t, d, 1, 2)["when"] = "status ==" }, "/pipelines/1/edges/2/when bad_expr"},
		{"when names a field the form lacks", func(t *testing.T, d jsonDoc) { edge(t, d, 1, 2)["when"] = "budget > 5" }, "/pipelines/1/edges/2/when unknown_field"},
		{"when outside a condition", func(t *testing.T, d jsonDoc) { edge(t, d, 0, 0)["when"] = "amount > 1" }, "/pipelines/0/edges/0/when not_allowed"},
		{"too many edges out of a task", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "supervisor", "to": "director"})
		}, "/pipelines/0/nodes/1 too_many_edges"},
		{"parallel with one branch", func(t *testing.T, d jsonDoc) {
			p := pl(t, d, 0)
			es := p["edges"].([]any)
			p["edges"] = append(append([]any{}, es[:3]...), es[4:]...)
		}, "/pipelines/0/nodes/2 parallel_edges"},
		{"branch ends before the join", func(t *testing.T, d jsonDoc) { edge(t, d, 0, 4)["to"] = "done" }, "/pipelines/0/nodes/2 unjoined_branch"},
		{"branches end at different joins", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 0), "nodes", jsonDoc{"key": "join2", "type": "join"})
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "join2", "to": "director"})
			edge(t, d, 0, 4)["to"] = "join2"
		}, "/pipelines/0/nodes/2 mismatched_join"},
		{"join without split", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 0), "nodes", jsonDoc{"key": "join2", "type": "join"})
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "join2", "to": "copy"})
			edge(t, d, 0, 8)["to"] = "join2"
		}, "/pipelines/0/nodes/10 join_without_split"},
		{"join entered from outside its split", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 0), "nodes", jsonDoc{"key": "side", "type": "cc", "assignees": submitter})
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "side", "to": "join"})
		}, "/pipelines/0/edges/10/from join_foreign_edge"},
		{"join waits for more edges than branches", func(t *testing.T, d jsonDoc) {
			n := node(t, d, 0, 3)
			n["type"] = "condition"
			delete(n, "assignees")
			delete(n, "mode")
			delete(n, "fields")
			edge(t, d, 0, 4)["when"] = "amount > 100"
			appendTo(pl(t, d, 0), "nodes", jsonDoc{"key": "legal2", "type": "approval", "assignees": []any{jsonDoc{"type": "role", "role": "legal"}}})
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "legal", "to": "legal2", "else": true})
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "legal2", "to": "join"})
		}, "/pipelines/0/nodes/5 join_edges"},
		{"branches merge before the join", func(t *testing.T, d jsonDoc) {
			edge(t, d, 0, 4)["to"] = "finance"
		}, "/pipelines/0/nodes/2 branches_merge"},
		{"loop through a join", func(t *testing.T, d jsonDoc) {
			appendTo(pl(t, d, 0), "nodes", jsonDoc{"key": "recheck", "type": "condition"})
			edge(t, d, 0, 7)["to"] = "recheck"
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "recheck", "to": "split", "when": "amount > 1000"})
			appendTo(pl(t, d, 0), "edges", jsonDoc{"from": "recheck", "to": "archive", "else": true})
		}, "/pipelines/0/nodes/5 cycle_through_join"},
		{"loop without a condition", func(t *testing.T, d jsonDoc) { edge(t, d, 0, 4)["to"] = "supervisor" }, "/pipelines/0/nodes/1 cycle_without_condition"},
		{"approval without assignees", func(t *testing.T, d jsonDoc) { delete(node(t, d, 0, 3), "assignees") }, "/pipelines/0/nodes/3/assignees no_assignee"},
		{"assignees on a parallel node", func(t *testing.T, d jsonDoc) { node(t, d, 0, 2)["assignees"] = submitter }, "/pipelines/0/nodes/2/assignees not_allowed"},
		{"unknown role", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 3, "assignees", 0)["role"] = "lawyer"
		}, "/pipelines/0/nodes/3/assignees/0/role unknown_role"},
		{"role rule without role", func(t *testing.T, d jsonDoc) { delete(nav(t, d, "pipelines", 0, "nodes", 3, "assignees", 0), "role") }, "/pipelines/0/nodes/3/assignees/0/role required"},
		{"field rule on a text field", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 8, "assignees", 0)["field"] = "title"
		}, "/pipelines/0/nodes/8/assignees/0/field field_type"},
		{"field rule on an unknown field", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 8, "assignees", 0)["field"] = "nobody"
		}, "/pipelines/0/nodes/8/assignees/0/field unknown_field"},
		{"department head of a member field", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 1, "assignees", 0)["field"] = "owner"
		}, "/pipelines/0/nodes/1/assignees/0/field field_type"},
		{"role on a submitter rule", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 8, "assignees", 1)["role"] = "legal" }, "/pipelines/0/nodes/8/assignees/1/role not_allowed"},
		{"manager levels over 10", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 6, "assignees", 0)["levels"] = 11 }, "/pipelines/0/nodes/6/assignees/0/levels maximum"},
		{"unknown assignee type", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 6, "assignees", 0)["type"] = "boss" }, "/pipelines/0/nodes/6/assignees/0/type enum"},
		{"percent without percent mode", func(t *testing.T, d jsonDoc) { node(t, d, 0, 4)["mode"] = "all" }, "/pipelines/0/nodes/4/percent bad_percent"},
		{"percent mode without percent", func(t *testing.T, d jsonDoc) { delete(node(t, d, 0, 4), "percent") }, "/pipelines/0/nodes/4/percent bad_percent"},
		{"mode on a task", func(t *testing.T, d jsonDoc) { node(t, d, 1, 1)["mode"] = "all" }, "/pipelines/1/nodes/1/mode not_allowed"},
		{"field rule on an unknown field", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 3, "fields")["budget"] = "read" }, "/pipelines/0/nodes/3/fields/budget unknown_field"},
		{"field rule with a bad value", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 3, "fields")["amount"] = "write" }, "/pipelines/0/nodes/3/fields/amount enum"},
		{"field rule editing a formula", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 0, "fields")["total"] = "edit" }, "/pipelines/0/nodes/0/fields/total read_only_field"},
		{"deadline on a text field", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 6, "deadline")["field"] = "title" }, "/pipelines/0/nodes/6/deadline/field field_type"},
		{"deadline rules by a number field", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 1, "deadline", "by")["field"] = "amount"
		}, "/pipelines/0/nodes/1/deadline/by/field field_type"},
		{"deadline rule for an unknown option", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 1, "deadline", "by", "rules")["critical"] = jsonDoc{"hours": 2}
		}, "/pipelines/0/nodes/1/deadline/by/rules/critical unknown_option"},
		{"deadline with two kinds", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 4, "deadline")["field"] = "signDate" }, "/pipelines/0/nodes/4/deadline deadline_kind"},
		{"deadline of no kind", func(t *testing.T, d jsonDoc) { delete(nav(t, d, "pipelines", 0, "nodes", 4, "deadline"), "after") }, "/pipelines/0/nodes/4/deadline deadline_kind"},
		{"duration with two members", func(t *testing.T, d jsonDoc) { nav(t, d, "pipelines", 0, "nodes", 4, "deadline", "after")["hours"] = 3 }, "/pipelines/0/nodes/4/deadline/after maxProperties"},
		{"deadline on a cc node", func(t *testing.T, d jsonDoc) { node(t, d, 0, 8)["deadline"] = jsonDoc{"after": jsonDoc{"days": 1}} }, "/pipelines/0/nodes/8/deadline not_allowed"},
		{"return to a later node", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 4, "deadline", "onDue")["returnTo"] = "director"
		}, "/pipelines/0/nodes/4/deadline/onDue/returnTo bad_return"},
		{"return to an unknown node", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 4, "deadline", "onDue")["returnTo"] = "nowhere"
		}, "/pipelines/0/nodes/4/deadline/onDue/returnTo unknown_node"},
		{"escalate to nobody", func(t *testing.T, d jsonDoc) {
			delete(nav(t, d, "pipelines", 0, "nodes", 6, "deadline", "onDue"), "escalateTo")
		}, "/pipelines/0/nodes/6/deadline/onDue/escalateTo required"},
		{"two pipelines on one form", func(t *testing.T, d jsonDoc) { pl(t, d, 1)["form"] = "contract" }, "/pipelines/1/form duplicate_pipeline"},
		{"pipeline on an unknown form", func(t *testing.T, d jsonDoc) { pl(t, d, 1)["form"] = "order" }, "/pipelines/1/form unknown_form"},
		{"unknown node type", func(t *testing.T, d jsonDoc) { node(t, d, 0, 8)["type"] = "email" }, "/pipelines/0/nodes/8/type enum"},
		{"unknown node member", func(t *testing.T, d jsonDoc) { node(t, d, 0, 8)["label"] = "x" }, "/pipelines/0/nodes/8/label unknown_key"},
		{"automation node without actions", func(t *testing.T, d jsonDoc) { node(t, d, 0, 7)["actions"] = []any{} }, "/pipelines/0/nodes/7/actions minItems"},
		{"automation node writing a formula", func(t *testing.T, d jsonDoc) {
			nav(t, d, "pipelines", 0, "nodes", 7, "actions", 0, "values")["total"] = "1"
		}, "/pipelines/0/nodes/7/actions/0/values/total read_only_field"},

		{"trigger on an unknown node", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 0, "on")["node"] = "ceo" }, "/automations/0/on/node unknown_node"},
		{"trigger node on a created event", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 1, "on")["node"] = "follow" }, "/automations/1/on/node not_allowed"},
		{"unknown trigger event", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 0, "on")["event"] = "deleted" }, "/automations/0/on/event enum"},
		{"node event on a form without pipeline", func(t *testing.T, d jsonDoc) {
			a := auto(t, d, 0)
			a["form"] = "followup"
			a["on"] = jsonDoc{"event": "finished"}
		}, "/automations/0/on/event no_pipeline"},
		{"automation on an unknown form", func(t *testing.T, d jsonDoc) { auto(t, d, 1)["form"] = "order" }, "/automations/1/form unknown_form"},
		{"trigger condition naming an unknown field", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 1, "on")["when"] = "budget > 1" }, "/automations/1/on/when unknown_field"},
		{"set an unknown field", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 1, "actions", 0, "values")["budget"] = "1" }, "/automations/1/actions/0/values/budget unknown_field"},
		{"set a value that does not compile", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 1, "actions", 0, "values")["score"] = "1 +" }, "/automations/1/actions/0/values/score bad_expr"},
		{"create records in an unknown form", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 3, "actions", 0)["form"] = "invoice" }, "/automations/3/actions/0/form unknown_form"},
		{"map to a field the target lacks", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 3, "actions", 0, "map")["budget"] = "1" }, "/automations/3/actions/0/map/budget unknown_field"},
		{"for each of a text field", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 3, "actions", 0)["forEach"] = "title" }, "/automations/3/actions/0/forEach field_type"},
		{"item without forEach", func(t *testing.T, d jsonDoc) { delete(nav(t, d, "automations", 3, "actions", 0), "forEach") }, "/automations/3/actions/0/map/note unknown_field"},
		{"webhook that is not http", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 3, "actions", 1)["url"] = "ftp://example.com/x"
		}, "/automations/3/actions/1/url bad_url"},
		{"url on a notify action", func(t *testing.T, d jsonDoc) {
			nav(t, d, "automations", 0, "actions", 0)["url"] = "https://example.com"
		}, "/automations/0/actions/0/url not_allowed"},
		{"notify nobody", func(t *testing.T, d jsonDoc) { delete(nav(t, d, "automations", 0, "actions", 0), "to") }, "/automations/0/actions/0/to required"},
		{"schedule more often than hourly", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 2, "on")["every"] = jsonDoc{"hours": 0.5} }, "/automations/2/on/every bad_every"},
		{"schedule on working days", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 2, "on")["every"] = jsonDoc{"workingDays": 1} }, "/automations/2/on/every bad_every"},
		{"schedule without every", func(t *testing.T, d jsonDoc) { delete(nav(t, d, "automations", 2, "on"), "every") }, "/automations/2/on/every required"},
		{"schedule at a bad time", func(t *testing.T, d jsonDoc) { nav(t, d, "automations", 2, "on")["at"] = "25:00" }, "/automations/2/on/at pattern"},

		{"calendar with an unknown timezone", func(t *testing.T, d jsonDoc) { d["calendar"].(jsonDoc)["timezone"] = "Mars/Olympus" }, "/calendar/timezone bad_timezone"},
		{"calendar with an impossible date", func(t *testing.T, d jsonDoc) { d["calendar"].(jsonDoc)["holidays"] = []any{"2026-02-30"} }, "/calendar/holidays/0 bad_date"},
		{"calendar with a malformed date", func(t *testing.T, d jsonDoc) { d["calendar"].(jsonDoc)["holidays"] = []any{"2026-1-5"} }, "/calendar/holidays/0 pattern"},
		{"calendar date both holiday and workday", func(t *testing.T, d jsonDoc) { d["calendar"].(jsonDoc)["extraWorkdays"] = []any{"2026-10-01"} }, "/calendar/extraWorkdays/0 duplicate_date"},
		{"calendar periods overlap", func(t *testing.T, d jsonDoc) { nav(t, d, "calendar", "hours", 1)["start"] = "11:00" }, "/calendar/hours/1 bad_period"},
		{"calendar period ends before it starts", func(t *testing.T, d jsonDoc) { nav(t, d, "calendar", "hours", 0)["end"] = "08:00" }, "/calendar/hours/0 bad_period"},
		{"calendar weekday 8", func(t *testing.T, d jsonDoc) { d["calendar"].(jsonDoc)["workdays"] = []any{1, 8} }, "/calendar/workdays/1 maximum"},
		{"calendar unknown member", func(t *testing.T, d jsonDoc) { d["calendar"].(jsonDoc)["weekend"] = []any{6} }, "/calendar/weekend unknown_key"},
	}
	runCheckCases(t, contractDoc, cases, false)
}

// Every problem of a pipeline has both languages.
func TestPipelineProblemsHaveBothLanguages(t *testing.T) {
	d := contractDoc(t)
	nav(t, d, "pipelines", 0, "edges", 4)["to"] = "supervisor"
	nav(t, d, "pipelines", 1, "edges", 2)["when"] = "budget > 1"
	_, err := template.Check(mustMarshal(t, d))
	p := problemsOf(t, err)
	for _, x := range p.List {
		if x.Text.EN == "" || x.Text.ZH == "" {
			t.Errorf("%s %s lacks a language: %+v", x.Pointer, x.Code, x.Text)
		}
	}
}

// checkCase is one edit of a valid template and the problem the checker must answer, as
// "pointer code".
type checkCase struct {
	name string
	edit func(t *testing.T, d jsonDoc)
	want string
}

// runCheckCases checks that base is accepted, then that each case's edit of it is refused
// with its problem; in both languages too when bilingual.
func runCheckCases(t *testing.T, base func(*testing.T) jsonDoc, cases []checkCase, bilingual bool) {
	t.Helper()
	c := newChecker(t)
	if _, err := c.Check(mustMarshal(t, base(t))); err != nil {
		t.Fatalf("the base template is refused: %v", err)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := base(t)
			tc.edit(t, d)
			_, err := c.Check(mustMarshal(t, d))
			if err == nil {
				t.Fatalf("accepted; want %s", tc.want)
			}
			p := problemsOf(t, err)
			ptr, code, _ := strings.Cut(tc.want, " ")
			if !p.Has(ptr, code) {
				t.Fatalf("want %s, got %q", tc.want, list(p))
			}
			if !bilingual {
				return
			}
			for _, x := range p.List {
				if x.Text.EN == "" || x.Text.ZH == "" {
					t.Errorf("%s %s lacks a language: %+v", x.Pointer, x.Code, x.Text)
				}
			}
		})
	}
}
