package form

func init() {
	register(&TypeDef{
		Name:       Textarea,
		compile:    func(fc fieldCompiler) { fc.text(defaultTextareaMax) },
		Words:      words("Multi-line text", "多行文本"),
		Widgets:    []string{"textarea"},
		Cell:       CellText,
		SheetWidth: 40,
		Query:      Query{How: QueryScalar, Kind: KindString},
		Heading:    HeadLines,
		Searched:   true,
		BlankText:  true,
	})
}
