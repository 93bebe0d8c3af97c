package apps

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
)

// FormPreview asks how a form being designed behaves: its schema compiled as the server
// would, and its formulas computed over sample values.
type FormPreview struct {
	Schema json.RawMessage `json:"schema"`
	Sample map[string]any  `json:"sample"`
}

// FormPreviewResult holds the compile problems (pointers into the schema, messages in both
// languages) or, when there are none, the sample with its formulas computed.
type FormPreviewResult struct {
	Problems []template.Problem `json:"problems"`
	Values   map[string]any     `json:"values,omitempty"`
}

// PreviewForm compiles a draft form's schema and computes its formulas over sample values,
// for the designer's formula editor: the same messages a save would give, underlined as the
// formula is typed, and its result on sample values. Nothing is stored. Designers only.
func (s *Service) PreviewForm(ctx context.Context, actor, ws, appID string, in FormPreview, env form.Env) (FormPreviewResult, error) {
	if err := s.appDesigner(ctx, ws, actor, appID); err != nil {
		return FormPreviewResult{}, err
	}
	if _, _, err := s.load(ctx, ws, appID); err != nil {
		return FormPreviewResult{}, err
	}
	if len(in.Schema) == 0 {
		return FormPreviewResult{}, fault.FieldOf("/schema", "required.schema")
	}
	f, err := form.Compile(in.Schema, form.Options{})
	if err != nil {
		var ce *form.CompileError
		if !errors.As(err, &ce) {
			return FormPreviewResult{}, wrap("preview form", err)
		}
		out := FormPreviewResult{Problems: make([]template.Problem, len(ce.Problems))}
		for i, p := range ce.Problems {
			out.Problems[i] = template.Problem{Pointer: p.Pointer, Code: p.Code, Text: p.Text}
		}
		return out, nil
	}
	return FormPreviewResult{Problems: []template.Problem{}, Values: f.Compute(in.Sample, env)}, nil
}
