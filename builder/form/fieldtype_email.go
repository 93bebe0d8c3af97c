package form

func init() {
	register(&TypeDef{
		Name: Email,
		Keys: []string{"unique"},
		compile: func(fc fieldCompiler) {
			fc.f.Kind = KindString
			fc.tc.want("string")
			fc.tc.format("email")
		},
		Words:     words("Email address", "邮箱地址"),
		Widgets:   []string{"email"},
		Cell:      CellText,
		Query:     Query{How: QueryScalar, Kind: KindString},
		Searched:  true,
		BlankText: true,
	})
}
