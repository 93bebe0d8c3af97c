package pipeline_test

import (
	"testing"

	"github.com/formloom/formloom/builder/pipeline"
)

// TestStageLabel: a record at a node shows its stage, else the node's name, never the key
// the designer made up unless the node has nothing else.
func TestStageLabel(t *testing.T) {
	for _, c := range []struct {
		node pipeline.Node
		want string
	}{
		{pipeline.Node{Key: "approval_1", Stage: "审核", Name: pipeline.Text{"zh-CN": "部门经理审批"}}, "审核"},
		{pipeline.Node{Key: "approval_1", Name: pipeline.Text{"zh-CN": "部门经理审批", "en": "Manager"}}, "部门经理审批"},
		{pipeline.Node{Key: "approval_1", Name: pipeline.Text{"en": "Manager"}}, "Manager"},
		{pipeline.Node{Key: "approval_1"}, "approval_1"},
	} {
		if got := c.node.StageLabel(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.node, got, c.want)
		}
	}
}
