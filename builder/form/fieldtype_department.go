package form

func init() {
	register(&TypeDef{
		Name:           Department,
		Keys:           []string{"multiple"},
		compile:        func(fc fieldCompiler) { fc.ids() },
		Words:          words("Department (department ID)", "部门（部门 ID）"),
		Cell:           CellIDs,
		Query:          Query{How: QueryIDs},
		Refers:         RefDepartment,
		BlankText:      true,
		CurrentDefault: CurrentDepartment,
	})
}
