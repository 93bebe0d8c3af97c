package form

import "github.com/formloom/formloom/fault"

func init() {
	register(&TypeDef{
		Name:     Multi,
		Keys:     []string{"options"},
		compile:  compileMulti,
		Words:    words("Multiple choice", "多选"),
		Widgets:  []string{"checkboxes"},
		Describe: optionWords,
		Cell:     CellOptions,
		Query:    Query{How: QueryList},
		Items: func(n string) (string, string) {
			return plural(n, "choice", "choices"), "项"
		},
		Choice:   ChoiceMany,
		Searched: true,
	})
}

// compileMulti: an array of unique strings, each one of the options.
func compileMulti(fc fieldCompiler) {
	c, f, p := fc.c, fc.f, fc.p
	f.Kind, f.Elem = KindArray, KindString
	if fc.tc.want("array") == "" {
		return
	}
	items, _ := getObj(fc.prop, "items")
	if items == nil {
		c.ps.add(p+"/items", fault.Problem("type_mismatch.multiselect_field_needs_items"))
	} else {
		typeCheck{c: c, p: p + "/items", prop: items, typ: f.Type}.want("string")
		f.Options = fc.options(items, p+"/items")
	}
	if u, _ := getBool(fc.prop, "uniqueItems"); !u {
		c.ps.add(p+"/uniqueItems", fault.Problem("type_mismatch.multiselect_field_needs_uniqueitems"))
	}
}
