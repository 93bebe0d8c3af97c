package form

func init() {
	register(&TypeDef{
		Name: Group,
		compile: func(fc fieldCompiler) {
			fc.f.Kind = KindObject
			fc.tc.want("object")
		},
		Words:     words("Group of values (an object)", "字段组（对象）"),
		Cell:      CellText,
		Query:     Query{How: QueryNone},
		Container: true,
	})
}
