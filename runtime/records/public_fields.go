package records

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/formloom/formloom/builder/form"
	"github.com/formloom/formloom/builder/pipeline"
	"github.com/formloom/formloom/builder/template"
	"github.com/formloom/formloom/fault"
	"github.com/formloom/formloom/runtime/apps"
)

// exposedFields are the fields a public link lets anonymous visitors see and fill: the
// link's own list (what of it the current version still has, and clients may write), or by
// default the fields the pipeline's start node lets a submitter edit, or, for a form
// without such a node, every field a client may write.
func exposedFields(c *apps.Compiled, formKey string, f *form.Form, listed []string) []string {
	writable := func(key string) bool {
		fd, ok := f.Field(key)
		return ok && !fd.ServerOwned && fd.Path == key
	}
	var out []string
	if listed != nil {
		for _, k := range listed {
			if writable(k) {
				out = append(out, k)
			}
		}
		return out
	}
	if start := startNode(c.Template, formKey); start != nil {
		for _, fd := range f.Fields() {
			if rule := start.Fields[fd.Key]; (rule == template.FieldEdit || rule == "required") && writable(fd.Key) {
				out = append(out, fd.Key)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	for _, fd := range f.Fields() {
		if writable(fd.Key) {
			out = append(out, fd.Key)
		}
	}
	return out
}

// startNode is the start node of the form's pipeline; nil without a pipeline.
func startNode(t *template.Template, formKey string) *pipeline.Node {
	for _, raw := range t.Pipelines {
		p, err := pipeline.Parse(raw.JSON)
		if err != nil || p.Form != formKey {
			continue
		}
		for i := range p.Nodes {
			if p.Nodes[i].Type == pipeline.NodeStart {
				return &p.Nodes[i]
			}
		}
	}
	return nil
}

// checkLinkFields refuses keys that are not client-writable fields of the form.
func checkLinkFields(f *form.Form, keys []string, base string, writable bool) error {
	var bad *fault.Error
	for i, k := range keys {
		fd, ok := f.Field(k)
		if ok && fd.Path == k && (!writable || !fd.ServerOwned) {
			continue
		}
		if bad == nil {
			bad = fault.Of("validation_failed.public_link")
		}
		bad = bad.WithProblem(base+"/"+strconv.Itoa(i), fault.Problem("unknown_field.visitor").Fill("key", k))
	}
	if bad != nil {
		return bad
	}
	return nil
}

// refuseUnexposed refuses every submitted key outside keys, naming each: nothing is stored.
func refuseUnexposed(fields map[string]json.RawMessage, keys []string) error {
	var bad *fault.Error
	for k := range fields {
		if slices.Contains(keys, k) {
			continue
		}
		if bad == nil {
			bad = fault.Of("unknown_field.public")
		}
		bad = bad.WithFieldOf("/"+escapePointer(k), "unknown_field.public")
	}
	if bad != nil {
		return bad
	}
	return nil
}

func escapePointer(k string) string {
	b := []byte{}
	for i := 0; i < len(k); i++ {
		switch k[i] {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, k[i])
		}
	}
	return string(b)
}

// cutForm is the form as visitors (or a member with hidden fields) may see it: only the
// fields in keep, in the schema, its required list and its UI; conditions and form-level
// keywords that name a field not kept are left out, so that no name of it shows.
func cutForm(tf *template.Form, keep []string) (json.RawMessage, *template.UI, error) {
	var schema map[string]json.RawMessage
	if err := json.Unmarshal(tf.Schema, &schema); err != nil {
		return nil, nil, wrap("cut form schema", err)
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(schema["properties"], &props); err != nil {
		return nil, nil, wrap("cut form properties", err)
	}
	var dropped []string
	for k := range props {
		if !slices.Contains(keep, k) {
			delete(props, k)
			dropped = append(dropped, k)
		}
	}
	names := func(raw []byte) bool {
		for _, k := range dropped {
			if bytes.Contains(raw, []byte(strconv.Quote(k))) {
				return true
			}
		}
		return false
	}
	out := map[string]any{"properties": props}
	for k, v := range schema {
		switch k {
		case "properties":
		case "required":
			var req []string
			_ = json.Unmarshal(v, &req)
			kept := []string{}
			for _, r := range req {
				if slices.Contains(keep, r) {
					kept = append(kept, r)
				}
			}
			out["required"] = kept
		default:
			if !names(v) {
				out[k] = v
			}
		}
	}
	cut, err := json.Marshal(out)
	if err != nil {
		return nil, nil, wrap("cut form schema", err)
	}
	// The cut schema's properties come out of a map, in key order; the display order goes
	// along in ui.order.
	ui := &template.UI{Fields: map[string]template.FieldUI{}}
	for _, k := range tf.FieldOrder() {
		if slices.Contains(keep, k) {
			ui.Order = append(ui.Order, k)
		}
	}
	if tf.UI == nil {
		return cut, ui, nil
	}
	for _, sec := range tf.UI.Sections {
		sec.Fields = slices.DeleteFunc(slices.Clone(sec.Fields), func(k string) bool { return !slices.Contains(keep, k) })
		if len(sec.Fields) > 0 {
			ui.Sections = append(ui.Sections, sec)
		}
	}
	for k, fu := range tf.UI.Fields {
		if !slices.Contains(keep, k) {
			continue
		}
		if len(fu.VisibleWhen) > 0 && names(fu.VisibleWhen) {
			fu.VisibleWhen = nil
		}
		ui.Fields[k] = fu
	}
	return cut, ui, nil
}
