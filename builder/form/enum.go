package form

// emptyEnums makes an empty "enum" assert what JSON Schema says it means: no value is
// allowed. The validator library skips an enum without values, as if it were absent,
// so each one gets a "not": {} beside it (inside an allOf when "not" is taken). The
// normalised schema, which the browser validates with too, says the same thing twice.
func emptyEnums(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			switch k {
			case "const", "default", "examples", "enum", "x-formloom":
				continue // values, not schemas
			}
			emptyEnums(sub)
		}
		if list, ok := x["enum"].([]any); ok && len(list) == 0 {
			if _, taken := x["not"]; !taken {
				x["not"] = map[string]any{}
				return
			}
			all, _ := x["allOf"].([]any)
			x["allOf"] = append(all, map[string]any{"not": map[string]any{}})
		}
	case []any:
		for _, sub := range x {
			emptyEnums(sub)
		}
	}
}
