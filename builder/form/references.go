package form

// Reference is one ID in a prepared record that only the database can check: a member, a
// department, a related record or an uploaded file. The runtime checks each and reports a
// bad one at Pointer.
type Reference struct {
	Pointer string // "/owner", "/tags/1", "/items/2/product"
	Field   *Field
	Type    Type   // Member, Department, Relation or Attachment
	Ref     Ref    // what ID points to
	Form    string // Relation: the related form
	ID      string
}

// References lists the IDs in a record prepared by Prepare, in schema order.
func (f *Form) References(rec map[string]any) []Reference {
	var out []Reference
	for _, s := range f.order {
		if s.children == nil {
			out = s.references(rec[s.key], "/"+s.key, out)
			continue
		}
		rows, _ := rec[s.key].([]any)
		for i, r := range rows {
			row, _ := r.(map[string]any)
			for _, c := range s.rows {
				out = c.references(row[c.key], "/"+s.key+"/"+itoa(i)+"/"+c.key, out)
			}
		}
	}
	return out
}

func (s *spec) references(v any, at string, out []Reference) []Reference {
	d, ok := typeDefs[s.typ]
	if !ok || d.Refers == RefNone {
		return out
	}
	ref := Reference{Field: s.field, Type: s.typ, Ref: d.Refers, Form: s.field.Target}
	switch x := v.(type) {
	case string:
		ref.Pointer, ref.ID = at, x
		out = append(out, ref)
	case []any:
		for i, item := range x {
			if id, ok := item.(string); ok {
				ref.Pointer, ref.ID = at+"/"+itoa(i), id
				out = append(out, ref)
			}
		}
	}
	return out
}
