package form

import "github.com/formloom/formloom/fault"

func init() {
	register(&TypeDef{
		Name:     Lookup,
		Computed: true,
		Keys:     []string{"relation", "field"},
		compile:  compileLookup,
		Words:    words("Shown from the related record, filled by the server", "引用关联记录的字段，由系统填写"),
		Describe: func(f *Field) []fault.Text {
			if f.Lookup == nil {
				return nil
			}
			s := f.Lookup.Relation + " → " + f.Lookup.Field
			return []fault.Text{{EN: s, ZH: s}}
		},
		Cell:        CellValue,
		SheetFormat: kindSheetFormat(false),
		Query:       Query{How: QueryFollow},
		Searched:    true,
		ComputeKeys: []string{"relation", "field"},
	})
}

// compileLookup: a read-only copy of a field of the record a sibling relation names; its
// kind is what its schema says.
func compileLookup(fc fieldCompiler) {
	f := fc.f
	f.ServerOwned = true
	fc.tc.readOnly()
	f.Kind, f.Elem = kindOfSchema(fc.prop)
	f.Lookup = &LookupSource{}
	f.Lookup.Relation, _ = fc.x["relation"].(string)
	f.Lookup.Field, _ = fc.x["field"].(string)
	if f.Lookup.Field == "" {
		fc.c.ps.add(fc.xp+"/field", fault.Problem("required.lookup_field_name_field"))
	}
}

// kindSheetFormat formats a computed column by the kind of its values: dates and times
// always, numbers only when numbers is set.
func kindSheetFormat(numbers bool) func(f *Field) string {
	return func(f *Field) string {
		switch f.Kind {
		case KindDate:
			return sheetDateFormat
		case KindDatetime:
			return sheetDatetimeFormat
		case KindNumber:
			if numbers {
				return numberSheetFormat(f)
			}
		}
		return ""
	}
}
