package form

import "github.com/formloom/formloom/fault"

func init() {
	register(&TypeDef{
		Name:       Subform,
		Keys:       []string{"minRows", "maxRows"},
		compile:    compileSubform,
		Words:      words("Sub-form rows", "子表单行"),
		Cell:       CellRows,
		SheetWidth: 40,
		Query:      Query{How: QueryNone},
		Items: func(n string) (string, string) {
			return plural(n, "row", "rows"), "行"
		},
		Rows:      true,
		Container: true,
		Searched:  true,
	})
}

// compileSubform: an array of row objects whose fields compile like the form's own; sub-forms
// do not nest.
func compileSubform(fc fieldCompiler) {
	fc.f.Kind, fc.f.Elem = KindArray, KindObject
	if fc.parent != nil {
		fc.c.ps.add(fc.xp+"/type", fault.Problem("not_allowed.sub_forms_cannot_nested"))
		*fc.dropped = true
		return
	}
	fc.subform(fc.raw)
}
