package form

func init() {
	register(&TypeDef{
		Name: URL,
		compile: func(fc fieldCompiler) {
			fc.f.Kind = KindString
			fc.s.url = true
			fc.tc.want("string")
			fc.tc.format("uri")
		},
		Words:     words("Web address (http or https)", "网址（http 或 https）"),
		Widgets:   []string{"uri"},
		Cell:      CellText,
		Query:     Query{How: QueryScalar, Kind: KindString},
		Searched:  true,
		BlankText: true,
	})
}
