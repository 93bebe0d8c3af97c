package template

import (
	"fmt"

	"github.com/formloom/formloom/builder/pipeline"
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
			c.add(base, "invalid", "The pipeline could not be read: "+err.Error(), "无法读取流程。")
			continue
		}
		parsed[i] = p
		if j, dup := owner[p.Form]; dup {
			c.add(ptr(base, "form"), "duplicate_pipeline",
				fmt.Sprintf("The form %q already has the pipeline /pipelines/%d; a form has at most one.", p.Form, j),
				fmt.Sprintf("表单 %q 已有流程 /pipelines/%d，每个表单最多一个流程。", p.Form, j))
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
			c.add(base, "invalid", "The automation could not be read: "+err.Error(), "无法读取自动化。")
			continue
		}
		addPipelineProblems(c, base, pipeline.CheckAutomation(a, env))
	}
	if len(t.Calendar) > 0 && string(t.Calendar) != "null" {
		cal, err := pipeline.ParseCalendar(t.Calendar)
		if err != nil {
			c.add("/calendar", "invalid", "The calendar could not be read: "+err.Error(), "无法读取工作日历。")
			return
		}
		addPipelineProblems(c, "/calendar", pipeline.CheckCalendar(cal))
	}
}

func addPipelineProblems(c *collector, base string, list []pipeline.Problem) {
	for _, p := range list {
		c.add(base+p.Pointer, p.Code, p.EN, p.ZH)
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
