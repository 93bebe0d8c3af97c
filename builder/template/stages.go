package template

import "github.com/formloom/formloom/builder/pipeline"

// StageOptions lists the stages a record of the form can be at, in the order of its
// pipeline's nodes: the stage labels of its start, task, approval and end nodes (a node
// without one by its name, pipeline.Node.StageLabel), each once. Nodes that a record only passes through
// (conditions, splits, joins, automations, CC) have no stage of their own. Empty when the
// form has no pipeline. They are the columns of a kanban board grouped by _stage.
func (t *Template) StageOptions(form string) []Option {
	var out []Option
	seen := map[string]bool{}
	for _, raw := range t.Pipelines {
		p, err := pipeline.Parse(raw.JSON)
		if err != nil || p.Form != form {
			continue
		}
		for _, n := range p.Nodes {
			switch n.Type {
			case pipeline.NodeStart, pipeline.NodeTask, pipeline.NodeApproval, pipeline.NodeEnd:
			default:
				continue
			}
			stage := n.StageLabel()
			if seen[stage] {
				continue
			}
			seen[stage] = true
			label := Text{ZH: stage}
			if n.Stage == "" && n.Name["zh-CN"] != "" && n.Name["en"] != "" {
				label.EN = n.Name["en"]
			}
			out = append(out, Option{Value: stage, Label: label})
		}
	}
	return out
}
