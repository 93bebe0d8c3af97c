package form

func init() {
	register(&TypeDef{
		Name: Tags,
		compile: func(fc fieldCompiler) {
			fc.f.Kind, fc.f.Elem = KindArray, KindString
			fc.stringArray()
		},
		Words: words("Tags (a list of texts)", "标签（文本列表）"),
		Cell:  CellText,
		Query: Query{How: QueryNone},
	})
}
