package store

import (
	"fmt"
	"slices"
)

// MaxNameLen bounds collection and index names.
const MaxNameLen = 63

// CheckName accepts collection and index names: 1 to 63 of [a-z0-9_], which every engine
// can use as a table, collection or index name without quoting surprises.
func CheckName(kind, name string) error {
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("store: %s name must have 1 to %d characters", kind, MaxNameLen)
	}
	for _, r := range name {
		if !(r == '_' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')) {
			return fmt.Errorf("store: %s name %q may use only a-z, 0-9 and _", kind, name)
		}
	}
	return nil
}

// CheckSpec validates a collection declaration — names, index keys, partial filters — and
// returns a copy that shares no slices with the caller's, so engines agree on what a
// declaration may say.
func CheckSpec(spec CollectionSpec) (CollectionSpec, error) {
	if err := CheckName("collection", spec.Name); err != nil {
		return spec, err
	}
	out := CollectionSpec{Name: spec.Name}
	seen := map[string]bool{}
	for _, ix := range spec.Indexes {
		if err := CheckName("index", ix.Name); err != nil {
			return spec, err
		}
		if seen[ix.Name] {
			return spec, fmt.Errorf("store: index %q declared twice in %s", ix.Name, spec.Name)
		}
		seen[ix.Name] = true
		if len(ix.Keys) == 0 {
			return spec, fmt.Errorf("store: index %q of %s has no keys", ix.Name, spec.Name)
		}
		fields := map[string]bool{}
		for _, k := range ix.Keys {
			if err := CheckPath(k.Field); err != nil {
				return spec, fmt.Errorf("store: index %q of %s: %w", ix.Name, spec.Name, err)
			}
			if fields[k.Field] {
				return spec, fmt.Errorf("store: index %q of %s names %s twice", ix.Name, spec.Name, k.Field)
			}
			fields[k.Field] = true
		}
		p, err := CheckPartial(ix.Partial)
		if err != nil {
			return spec, fmt.Errorf("store: index %q of %s: %w", ix.Name, spec.Name, err)
		}
		ix.Partial = p
		ix.Keys = slices.Clone(ix.Keys)
		out.Indexes = append(out.Indexes, ix)
	}
	for _, name := range spec.Retire {
		if err := CheckName("index", name); err != nil {
			return spec, err
		}
		if seen[name] {
			return spec, fmt.Errorf("store: index %q of %s both declared and retired", name, spec.Name)
		}
	}
	out.Retire = slices.Clone(spec.Retire)
	return out, nil
}
