package store

import (
	"encoding/json"
	"fmt"
)

// DecodeSpec reads a declaration an engine stored as JSON. JSON turns the numbers of
// partial filters into float64 already; Normalize restores the rest of their types, so that
// a declaration read back compares equal to the one declared.
func DecodeSpec(data []byte) (CollectionSpec, error) {
	var spec CollectionSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return spec, fmt.Errorf("decode: %w", err)
	}
	for i, ix := range spec.Indexes {
		p, err := Normalize(ix.Partial)
		if err != nil {
			return spec, fmt.Errorf("index %s: %w", ix.Name, err)
		}
		spec.Indexes[i].Partial = p
	}
	return spec, nil
}

// KeepingIndexesOf is spec with the indexes of old, an earlier declaration, that spec
// neither declares again nor retires: they still exist in the engine, so the declaration
// kept for other instances must still name them.
func (spec CollectionSpec) KeepingIndexesOf(old CollectionSpec) CollectionSpec {
	declared := map[string]bool{}
	for _, ix := range spec.Indexes {
		declared[ix.Name] = true
	}
	out := spec
	out.Indexes = append([]Index(nil), spec.Indexes...)
	for _, ix := range old.Indexes {
		if !declared[ix.Name] && !spec.Retires(ix.Name) {
			out.Indexes = append(out.Indexes, ix)
		}
	}
	return out
}
