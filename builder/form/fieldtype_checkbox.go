package form

func init() {
	register(&TypeDef{
		Name: Checkbox,
		compile: func(fc fieldCompiler) {
			fc.f.Kind = KindBool
			fc.tc.want("boolean")
		},
		Words:   words("Yes or no", "是否"),
		Widgets: []string{"checkbox"},
		Cell:    CellBool,
		Query:   Query{How: QueryScalar, Kind: KindBool},
	})
}
