package pipeline_test

import (
	"encoding/json"
	"testing"

	"github.com/formloom/formloom/builder/pipeline"
)

// Rules the template's meta-schema also enforces are checked here for callers that build
// definitions in Go and skip the meta-schema.
func TestCheckWithoutMetaSchema(t *testing.T) {
	env := &pipeline.Env{
		Forms: map[string]*pipeline.FormFields{"contract": {Fields: map[string]pipeline.Field{
			"amount": {Type: "money"}, "owner": {Type: "member"}}}},
		Roles: map[string]bool{"legal": true, "finance": true},
	}
	base := func(t *testing.T) *pipeline.Pipeline {
		p, err := pipeline.Parse(json.RawMessage(contractJSON))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if got := pipeline.Check(base(t), env); len(got) != 0 {
		t.Fatalf("valid pipeline: %+v", got)
	}
	cases := []struct {
		name          string
		edit          func(p *pipeline.Pipeline)
		pointer, code string
	}{
		{"levels over 10", func(p *pipeline.Pipeline) { p.Nodes[6].Assignees[0].Levels = 11 }, "/nodes/6/assignees/0/levels", "bad_levels"},
		{"duration with two members", func(p *pipeline.Pipeline) { p.Nodes[1].Deadline.After.Hours = 3 }, "/nodes/1/deadline/after", "bad_duration"},
		{"negative duration", func(p *pipeline.Pipeline) { p.Nodes[1].Deadline.After.WorkingDays = -1 }, "/nodes/1/deadline/after", "bad_duration"},
		{"unknown role", func(p *pipeline.Pipeline) { p.Nodes[3].Assignees[0].Role = "lawyer" }, "/nodes/3/assignees/0/role", "unknown_role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base(t)
			c.edit(p)
			if !hasProblem(pipeline.Check(p, env), c.pointer, c.code) {
				t.Fatalf("want %s %s, got %+v", c.pointer, c.code, pipeline.Check(p, env))
			}
		})
	}
}

func TestCheckCalendarWithoutMetaSchema(t *testing.T) {
	cases := []struct {
		cal           pipeline.Calendar
		pointer, code string
	}{
		{pipeline.Calendar{Workdays: []int{1, 1}}, "/workdays/1", "bad_weekday"},
		{pipeline.Calendar{Workdays: []int{0}}, "/workdays/0", "bad_weekday"},
		{pipeline.Calendar{Hours: []pipeline.Period{{Start: "9:00", End: "12:00"}}}, "/hours/0", "bad_time"},
		{pipeline.Calendar{Hours: []pipeline.Period{{Start: "09:00", End: "24:00"}}}, "", ""},
		{pipeline.Calendar{Timezone: "Local"}, "/timezone", "bad_timezone"},
	}
	for _, c := range cases {
		got := pipeline.CheckCalendar(&c.cal)
		if c.code == "" {
			if len(got) != 0 {
				t.Errorf("%+v: %+v", c.cal, got)
			}
			continue
		}
		if !hasProblem(got, c.pointer, c.code) {
			t.Errorf("%+v: want %s %s, got %+v", c.cal, c.pointer, c.code, got)
		}
	}
}

func TestCheckAutomationSchedule(t *testing.T) {
	env := &pipeline.Env{Forms: map[string]*pipeline.FormFields{"lead": {Fields: map[string]pipeline.Field{"status": {Type: "select"}}}}}
	a, err := pipeline.ParseAutomation(json.RawMessage(`{"key": "daily", "form": "lead",
		"on": {"event": "schedule", "every": {"days": 1}, "at": "9:30"},
		"actions": [{"type": "webhook", "url": "http:///nohost"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := pipeline.CheckAutomation(a, env)
	if !hasProblem(got, "/on/at", "bad_time") || !hasProblem(got, "/actions/0/url", "bad_url") {
		t.Fatalf("got %+v", got)
	}
}

// TestCheckAutomationOutcome: an outcome narrows only the end of a run.
func TestCheckAutomationOutcome(t *testing.T) {
	env := &pipeline.Env{Forms: map[string]*pipeline.FormFields{"lead": {Fields: map[string]pipeline.Field{"status": {Type: "select"}}}},
		Pipelines: map[string]*pipeline.Pipeline{"lead": {Key: "p", Form: "lead"}}}
	for _, c := range []struct {
		on   string
		want bool
	}{
		{`{"event": "finished", "outcome": "rejected"}`, false},
		{`{"event": "updated", "outcome": "approved"}`, true},
	} {
		a, err := pipeline.ParseAutomation(json.RawMessage(`{"key": "a", "form": "lead", "on": ` + c.on + `,
			"actions": [{"type": "webhook", "url": "https://example.com/hook"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := pipeline.CheckAutomation(a, env); hasProblem(got, "/on/outcome", "not_allowed") != c.want {
			t.Errorf("%s: %+v", c.on, got)
		}
	}
}
