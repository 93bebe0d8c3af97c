package template

import (
	"strconv"

	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/fault"
)

// checkPipelines reads the pipelines, automations and calendar with package pipeline
// and reports its problems at pointers into the template, plus what only the template
// sees: a form has at most one pipeline.
func checkPipelines(t *Template, all map[string]*Fields, c *collector) {
	env := &pipeline.Env{Forms: map[string]*pipeline.FormFields{}, Roles: map[string]bool{},
		Pipelines: map[string]*pipeline.Pipeline{}}
	for k, fs := range all {
		env.Forms[k] = pipelineFields(fs)
	}
	for _, r := range t.Roles {
		env.Roles[r.Key] = true
	}
	parsed := make([]*pipeline.Pipeline, len(t.Pipelines))
	owner := map[string]int{}
	for i, r := range t.Pipelines {
		base := ptr("", "pipelines", i)
		p, err := pipeline.Parse(r.JSON)
		if err != nil {
			c.add(base, fault.Problem("invalid.pipeline_could_not_read").Fill("reason", err.Error()))
			continue
		}
		parsed[i] = p
		if j, dup := owner[p.Form]; dup {
			c.add(ptr(base, "form"), fault.Problem("duplicate_pipeline.form").Fill("index", j).Fill("form", strconv.Quote(p.Form)))
			continue
		}
		owner[p.Form] = i
		env.Pipelines[p.Form] = p
	}
	for i, p := range parsed {
		if p != nil {
			addPipelineProblems(c, ptr("", "pipelines", i), pipeline.Check(p, env))
		}
	}
	for i, r := range t.Automations {
		base := ptr("", "automations", i)
		a, err := pipeline.ParseAutomation(r.JSON)
		if err != nil {
			c.add(base, fault.Problem("invalid.automation_could_not_read").Fill("reason", err.Error()))
			continue
		}
		addPipelineProblems(c, base, pipeline.CheckAutomation(a, env))
	}
	if len(t.Calendar) > 0 && string(t.Calendar) != "null" {
		cal, err := pipeline.ParseCalendar(t.Calendar)
		if err != nil {
			c.add("/calendar", fault.Problem("invalid.calendar_could_not_read").Fill("reason", err.Error()))
			return
		}
		addPipelineProblems(c, "/calendar", pipeline.CheckCalendar(cal))
	}
}

func addPipelineProblems(c *collector, base string, list []pipeline.Problem) {
	for _, p := range list {
		c.add(base+p.Pointer, fault.FieldError{Code: p.Code, Text: fault.Text{EN: p.EN, ZH: p.ZH}})
	}
}

// pipelineFields is what package pipeline needs of a form's fields.
func pipelineFields(fs *Fields) *pipeline.FormFields {
	out := &pipeline.FormFields{Fields: map[string]pipeline.Field{}, Columns: map[string]map[string]pipeline.Field{}}
	conv := func(f *Field) pipeline.Field {
		pf := pipeline.Field{Type: f.Type}
		for _, o := range f.Options {
			pf.Options = append(pf.Options, o.Value)
		}
		return pf
	}
	for _, f := range fs.List {
		out.Fields[f.Key] = conv(f)
		if len(f.Columns) > 0 {
			cols := map[string]pipeline.Field{}
			for _, col := range f.Columns {
				cols[col.Key] = conv(col)
			}
			out.Columns[f.Key] = cols
		}
	}
	return out
}
