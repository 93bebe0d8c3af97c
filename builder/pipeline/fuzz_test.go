package pipeline_test

import (
	"encoding/json"
	"testing"

	"github.com/formloom/formloom/builder/pipeline"
)

// FuzzParseCheck: whatever the input, reading, checking and compiling a pipeline,
// automation or calendar returns; it never panics.
func FuzzParseCheck(f *testing.F) {
	f.Add([]byte(contractJSON))
	f.Add([]byte(leadJSON))
	f.Add([]byte(`{"key":"a","form":"lead","nodes":[{"key":"p","type":"parallel"},{"key":"p","type":"join"}],"edges":[{"from":"p","to":"p"}]}`))
	f.Add([]byte(`{"key":"a","form":"lead","on":{"event":"schedule","every":{"hours":1},"at":"9"},"actions":[{"type":"createRecords","form":"lead","forEach":"x","map":{"a":"item.b"}}]}`))
	f.Add([]byte(`{"timezone":"Asia/Shanghai","hours":[{"start":"09:00","end":"24:00"}],"holidays":["2026-02-30"]}`))
	fields := map[string]string{"status": "select", "score": "number", "owner": "member", "items": "subform"}
	env := &pipeline.Env{
		Forms: map[string]*pipeline.FormFields{"lead": {Fields: map[string]pipeline.Field{
			"status": {Type: "select", Options: []string{"new", "lost"}}, "score": {Type: "number"},
			"owner": {Type: "member"}, "items": {Type: "subform"}, "due": {Type: "date"}}}},
		Roles: map[string]bool{"sales": true},
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if p, err := pipeline.Parse(json.RawMessage(b)); err == nil {
			pipeline.Check(p, env)
			if g, err := pipeline.Compile(p, fields); err == nil {
				for _, n := range p.Nodes {
					if n.Type == pipeline.NodeCondition {
						_, _ = g.Choose(n.Key, map[string]any{"status": "new", "score": 1.0})
					}
					g.Before(g.Start().Key, n.Key)
					g.JoinOf(n.Key)
				}
			}
		}
		if a, err := pipeline.ParseAutomation(json.RawMessage(b)); err == nil {
			env.Pipelines = map[string]*pipeline.Pipeline{}
			pipeline.CheckAutomation(a, env)
		}
		if c, err := pipeline.ParseCalendar(json.RawMessage(b)); err == nil {
			pipeline.CheckCalendar(c)
		}
	})
}
