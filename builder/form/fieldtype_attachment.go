package form

func init() {
	register(&TypeDef{
		Name: Attachment,
		Keys: []string{"maxCount", "maxSize", "accept"},
		compile: func(fc fieldCompiler) {
			fc.f.Kind, fc.f.Elem = KindArray, KindString
			fc.stringArray()
			fc.attachment()
		},
		Words:  words("Attachments (file IDs)", "附件（文件 ID）"),
		Cell:   CellFiles,
		Query:  Query{How: QueryList},
		Refers: RefFile,
		Items: func(n string) (string, string) {
			return plural(n, "file", "files"), "个文件"
		},
	})
}
