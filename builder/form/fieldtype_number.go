package form

import "github.com/formloom/formloom/fault"

func init() {
	register(&TypeDef{
		Name:        Number,
		Keys:        []string{"precision", "unique"},
		compile:     func(fc fieldCompiler) { fc.number(-1, nil) },
		Words:       words("Number", "数字"),
		Widgets:     []string{"updown"},
		Describe:    precisionWords,
		Cell:        CellNumber,
		SheetFormat: numberSheetFormat,
		Query:       Query{How: QueryScalar, Kind: KindNumber},
	})
}

// number compiles a number or integer with def decimals unless x-formloom says; more
// checks the type's own keys between the two.
func (fc fieldCompiler) number(def int, more func()) {
	f := fc.f
	f.Kind = KindNumber
	fc.s.number = true
	t := fc.tc.want("number", "integer")
	if more != nil {
		more()
	}
	f.Precision = fc.precision(def)
	if t == "integer" {
		if f.Precision > 0 {
			fc.c.ps.add(fc.xp+"/precision", fault.Problem("type_mismatch.integer_field_cannot_have"))
		}
		f.Precision = 0
	}
	fc.s.precision = f.Precision
}
