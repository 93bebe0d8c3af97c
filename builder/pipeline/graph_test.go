package pipeline_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/formloom/formloom/builder/pipeline"
)

const contractJSON = `{"key": "contract_approval", "form": "contract", "nodes": [
  {"key": "start", "type": "start"},
  {"key": "supervisor", "type": "approval", "assignees": [{"type": "departmentHead"}],
   "deadline": {"after": {"workingDays": 2}, "onDue": {"action": "return", "returnTo": "start"}}},
  {"key": "split", "type": "parallel"},
  {"key": "legal", "type": "approval", "assignees": [{"type": "role", "role": "legal"}]},
  {"key": "finance", "type": "approval", "assignees": [{"type": "role", "role": "finance"}], "mode": "all"},
  {"key": "join", "type": "join"},
  {"key": "director", "type": "approval", "assignees": [{"type": "manager", "levels": 2}]},
  {"key": "done", "type": "end"}],
 "edges": [{"from": "start", "to": "supervisor"}, {"from": "supervisor", "to": "split"},
  {"from": "split", "to": "legal"}, {"from": "split", "to": "finance"},
  {"from": "legal", "to": "join"}, {"from": "finance", "to": "join"},
  {"from": "join", "to": "director"}, {"from": "director", "to": "done"}]}`

const leadJSON = `{"key": "lead_handling", "form": "lead", "nodes": [
  {"key": "start", "type": "start"},
  {"key": "follow", "type": "task", "assignees": [{"type": "role", "role": "sales"}]},
  {"key": "check", "type": "condition"},
  {"key": "won", "type": "end", "outcome": "done"},
  {"key": "lost", "type": "end", "outcome": "rejected"}],
 "edges": [{"from": "start", "to": "follow"}, {"from": "follow", "to": "check"},
  {"from": "check", "to": "won", "when": "status == \"qualified\" && score >= 60"},
  {"from": "check", "to": "lost", "when": "status == \"lost\""},
  {"from": "check", "to": "follow", "else": true}]}`

func mustGraph(t *testing.T, src string, fields map[string]string) *pipeline.Graph {
	t.Helper()
	p, err := pipeline.Parse(json.RawMessage(src))
	if err != nil {
		t.Fatal(err)
	}
	g, err := pipeline.Compile(p, fields)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestContractGraph(t *testing.T) {
	g := mustGraph(t, contractJSON, map[string]string{"amount": "money"})
	if g.Start() == nil || g.Start().Key != "start" {
		t.Fatalf("start = %v", g.Start())
	}
	if got := g.JoinOf("split"); got != "join" {
		t.Fatalf("JoinOf(split) = %q", got)
	}
	if g.InCount("join") != 2 || len(g.Out("split")) != 2 || g.Out("split")[1].To != "finance" {
		t.Fatalf("in %d, out %v", g.InCount("join"), g.Out("split"))
	}
	if n := g.Node("finance"); n == nil || n.Mode != pipeline.ModeAll {
		t.Fatalf("Node(finance) = %+v", n)
	}
	if g.Node("nowhere") != nil || g.JoinOf("legal") != "" {
		t.Fatal("unknown keys must give nothing")
	}
	for _, c := range []struct {
		a, b string
		want bool
	}{{"start", "director", true}, {"supervisor", "legal", true}, {"legal", "finance", false}, {"director", "supervisor", false}, {"join", "join", false}} {
		if got := g.Before(c.a, c.b); got != c.want {
			t.Errorf("Before(%s, %s) = %v", c.a, c.b, got)
		}
	}
	if _, err := g.Choose("split", nil); !errors.Is(err, pipeline.ErrChoose) {
		t.Fatalf("Choose on a parallel node: %v", err)
	}
}

func TestLeadLoopAndChoose(t *testing.T) {
	g := mustGraph(t, leadJSON, map[string]string{"status": "select", "score": "number"})
	if !g.Before("check", "follow") || !g.Before("follow", "follow") {
		t.Fatal("the rework loop is a path")
	}
	cases := []struct {
		fields map[string]any
		to     string
	}{
		{map[string]any{"status": "qualified", "score": 80.0}, "won"},
		{map[string]any{"status": "qualified", "score": 10.0}, "follow"},
		{map[string]any{"status": "lost"}, "lost"},
		{map[string]any{"status": "new", "score": 99.0}, "follow"},
	}
	for _, c := range cases {
		e, err := g.Choose("check", c.fields)
		if err != nil || e.To != c.to {
			t.Errorf("Choose(%v) = %v, %v; want %s", c.fields, e, err, c.to)
		}
	}
	// A missing number compared with >= is an evaluation error, returned, not raised.
	if _, err := g.Choose("check", map[string]any{"status": "qualified"}); err == nil {
		t.Error("comparing a missing score must fail")
	}
}

func TestCompileRefusesBrokenGraphs(t *testing.T) {
	p, err := pipeline.Parse(json.RawMessage(leadJSON))
	if err != nil {
		t.Fatal(err)
	}
	p.Edges[4].Else = false // no else edge left
	_, err = pipeline.Compile(p, map[string]string{"status": "select", "score": "number"})
	var ce *pipeline.CheckError
	if !errors.As(err, &ce) || !hasProblem(ce.Problems, "/nodes/2", "else_count") {
		t.Fatalf("got %v", err)
	}
	p, _ = pipeline.Parse(json.RawMessage(leadJSON))
	if _, err := pipeline.Compile(p, map[string]string{"status": "select"}); !errors.As(err, &ce) || ce.Problems[0].Code != "unknown_field" {
		t.Fatalf("a condition on a missing field: %v", err)
	}
}

func TestParseIsStrict(t *testing.T) {
	for _, src := range []string{
		`{"key": "a", "form": "f", "nodes": [], "edges": [], "colour": "red"}`,
		`{"key": "a", "form": "f", "nodes": [{"key": "s", "type": "start", "label": "x"}], "edges": []}`,
		`{"key": "a"} {}`,
		`[]`,
	} {
		if _, err := pipeline.Parse(json.RawMessage(src)); !errors.Is(err, pipeline.ErrParse) {
			t.Errorf("Parse(%s) = %v", src, err)
		}
	}
	if _, err := pipeline.ParseAutomation(json.RawMessage(`{"key": "a", "form": "f", "on": {"event": "created", "cron": "*"}, "actions": []}`)); err == nil {
		t.Error("unknown trigger member accepted")
	}
	if _, err := pipeline.ParseCalendar(json.RawMessage(`{"timezone": "Asia/Shanghai", "weekend": [6, 7]}`)); err == nil {
		t.Error("unknown calendar member accepted")
	}
	c, err := pipeline.ParseCalendar(json.RawMessage(`{"timezone": "Asia/Shanghai", "hours": [{"start": "09:00", "end": "12:00"}]}`))
	if err != nil || c.Hours[0].End != "12:00" || len(pipeline.CheckCalendar(c)) != 0 {
		t.Fatalf("calendar: %+v, %v", c, err)
	}
}

func TestExpressions(t *testing.T) {
	now := time.Date(2026, 1, 30, 20, 0, 0, 0, time.UTC) // already 31 January in Shanghai
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	x, err := pipeline.CompileExpr(`DATEADD(TODAY(), 3, "day")`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := x.RunAt(nil, now, shanghai); err != nil || got != "2026-02-03" {
		t.Fatalf("got %v, %v", got, err)
	}
	x, err = pipeline.CompileExpr(`CONCAT(record.id, ":", item.product, " x", item.qty)`, []string{"record", "item"})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]any{"record": map[string]any{"id": "r1"}, "item": map[string]any{"product": "pen", "qty": 2.0}}
	if got, err := x.Run(env); err != nil || got != "r1:pen x2" {
		t.Fatalf("got %v, %v", got, err)
	}
	if got, err := pipeline.Eval(`amount * 2 > 10`, map[string]any{"amount": 6.0}); err != nil || got != true {
		t.Fatalf("Eval: %v, %v", got, err)
	}
	if v, err := pipeline.Eval(`NOW() != ""`, nil); err != nil || v != true {
		t.Fatalf("NOW: %v, %v", v, err)
	}
	for src, code := range map[string]string{
		`budget > 1`:                  "unknown_field",
		`1 +`:                         "bad_expr",
		`DATEADD(TODAY(), 1, "week")`: "bad_expr",
		`len("abc")`:                  "bad_expr", // built-ins are off; only formula functions
		``:                            "bad_expr",
	} {
		_, err := pipeline.CompileExpr(src, []string{"amount"})
		var ee *pipeline.ExprError
		if !errors.As(err, &ee) || ee.Code != code || !errors.Is(err, pipeline.ErrExpr) {
			t.Errorf("CompileExpr(%q) = %v; want %s", src, err, code)
		}
	}
	long := "1"
	for len(long) < pipeline.MaxExprLen {
		long += " + 1"
	}
	if _, err := pipeline.CompileExpr(long, nil); err == nil {
		t.Error("an expression over the limit compiled")
	}
	big := "1"
	for i := 0; i < pipeline.MaxExprNodes; i++ {
		big += "+1"
	}
	if _, err := pipeline.CompileExpr(big, nil); err == nil {
		t.Error("an expression over the node limit compiled")
	}
	// Run-time errors are returned.
	x, _ = pipeline.CompileExpr(`amount > 1`, []string{"amount"})
	if _, err := x.Run(map[string]any{"amount": "text"}); err == nil {
		t.Error("comparing text with a number must fail")
	}
}

func hasProblem(list []pipeline.Problem, pointer, code string) bool {
	for _, p := range list {
		if p.Pointer == pointer && p.Code == code {
			return true
		}
	}
	return false
}
