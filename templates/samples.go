package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
)

//go:embed starter/*.samples.json
var sampleFiles embed.FS

// Placeholders a samples file may hold as string values: member fields a form requires
// stand for the installing member, and a relation a form requires names an earlier sample
// record by form and position, since neither ID exists before the install.
const SampleMember = "$me"

// sampleRef matches "$customer[0]": the first sample record of the form customer.
var sampleRef = regexp.MustCompile(`^\$([a-zA-Z][a-zA-Z0-9_]*)\[([0-9]+)\]$`)

// Samples returns the sample records of a starter template, by form key: what installing
// it with sample data creates. A workspace template or a starter without samples has none.
func (g *Gallery) Samples(key string) (map[string][]json.RawMessage, error) {
	key = normalKey(key)
	if _, ok := g.Starter(key); !ok {
		return map[string][]json.RawMessage{}, nil
	}
	raw, err := fs.ReadFile(sampleFiles, "starter/"+key+".samples.json")
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]json.RawMessage{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("templates: read samples of %s: %w", key, err)
	}
	out := map[string][]json.RawMessage{}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("templates: decode samples of %s: %w", key, err)
	}
	return out, nil
}

// SampleOrder lists the forms of samples so that a form comes after the forms its records
// refer to ("$customer[0]"), else by key.
func SampleOrder(samples map[string][]json.RawMessage) []string {
	deps := map[string][]string{}
	for form, recs := range samples {
		for _, r := range recs {
			var m map[string]any
			if json.Unmarshal(r, &m) != nil {
				continue
			}
			walkStrings(m, func(s string) {
				if sm := sampleRef.FindStringSubmatch(s); sm != nil && sm[1] != form {
					deps[form] = append(deps[form], sm[1])
				}
			})
		}
	}
	pending := make([]string, 0, len(samples))
	for form := range samples {
		pending = append(pending, form)
	}
	slices.Sort(pending)
	var out []string
	done := map[string]bool{}
	for len(pending) > 0 {
		next := pending[:0:0]
		for _, form := range pending {
			ready := true
			for _, d := range deps[form] {
				if _, known := samples[d]; known && !done[d] {
					ready = false
				}
			}
			if ready {
				out, done[form] = append(out, form), true
			} else {
				next = append(next, form)
			}
		}
		if len(next) == len(pending) { // a cycle: keep key order, references will fail
			return append(out, next...)
		}
		pending = next
	}
	return out
}

// ResolveSample replaces the placeholders of a sample record: SampleMember by member, and
// "$form[i]" by created[form][i], the ID of that sample record once created. A reference
// to a record not created is an error.
func ResolveSample(rec json.RawMessage, member string, created map[string][]string) (json.RawMessage, error) {
	// Numbers stay as written (json.Number), not rounded through float64.
	dec := json.NewDecoder(bytes.NewReader(rec))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("templates: decode sample: %w", err)
	}
	var missing error
	v := mapStrings(m, func(s string) string {
		if s == SampleMember {
			return member
		}
		sm := sampleRef.FindStringSubmatch(s)
		if sm == nil {
			return s
		}
		i, _ := strconv.Atoi(sm[2])
		if ids := created[sm[1]]; i < len(ids) {
			return ids[i]
		}
		missing = fmt.Errorf("templates: sample refers to %s, which was not created", s)
		return s
	})
	if missing != nil {
		return nil, missing
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("templates: encode sample: %w", err)
	}
	return out, nil
}

func walkStrings(v any, fn func(string)) {
	mapStrings(v, func(s string) string { fn(s); return s })
}

// mapStrings returns v with every string value (not keys) passed through fn.
func mapStrings(v any, fn func(string) string) any {
	switch x := v.(type) {
	case string:
		return fn(x)
	case map[string]any:
		for k, e := range x {
			x[k] = mapStrings(e, fn)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = mapStrings(e, fn)
		}
		return x
	default:
		return v
	}
}

// SampleFlowKey is the key of a sample record that lists the pipeline actions taken on it
// once created ("$flow": [{"action": "submit"}, {"action": "approve", "node": "legal",
// "data": {…}}]), so that installed samples stand at every stage of the flow, some
// finished and some drafts, with their history and inbox as if people had acted.
const SampleFlowKey = "$flow"

// SampleStep is one pipeline action taken on a sample record, by the installing member
// (who, with nobody yet holding the app's roles, is asked at every step as a manager).
type SampleStep struct {
	Action  string         `json:"action"`
	Node    string         `json:"node,omitempty"`
	Comment string         `json:"comment,omitempty"`
	Data    map[string]any `json:"data,omitempty"`
}

// SplitSample separates a resolved sample record from the pipeline actions it lists.
func SplitSample(rec json.RawMessage) (json.RawMessage, []SampleStep, error) {
	dec := json.NewDecoder(bytes.NewReader(rec))
	dec.UseNumber()
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil {
		return nil, nil, fmt.Errorf("templates: decode sample: %w", err)
	}
	raw, ok := m[SampleFlowKey]
	if !ok {
		return rec, nil, nil
	}
	var steps []SampleStep
	if err := json.Unmarshal(raw, &steps); err != nil {
		return nil, nil, fmt.Errorf("templates: decode sample %s: %w", SampleFlowKey, err)
	}
	delete(m, SampleFlowKey)
	out, err := json.Marshal(m)
	if err != nil {
		return nil, nil, fmt.Errorf("templates: encode sample: %w", err)
	}
	return out, steps, nil
}
